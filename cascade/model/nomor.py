"""Printed numbers of tujuan and sasaran: documents name them "Tujuan 2" / "Sasaran 2.1" by their
place in the RPJMD or the Renstra, never by the ids the data gives them (ids are the data's own keys,
not words a reader of the document knows)."""
from __future__ import annotations

from cascade.model.types import LEVEL_LABEL, Node, Opd, Pemda


def rpjmd_nomor(pemda: Pemda) -> dict[str, str]:
    """RPJMD tujuan id → "1", "2" … numbered through the misi; sasaran id → "<tujuan>.<n>"."""
    out: dict[str, str] = {}
    for t_no, t in enumerate(pemda.rpjmd_tujuan(), 1):
        out[t.id] = str(t_no)
        for s_no, s in enumerate(t.sasaran, 1):
            out[s.id] = f"{t_no}.{s_no}"
    return out


def opd_nomor(opd: Opd) -> dict[str, str]:
    """An OPD's tujuan id → "1", "2" … in Renstra order; its sasaran id → "<tujuan>.<n>"."""
    out: dict[str, str] = {}
    for t_no, t in enumerate(opd.tujuan, 1):
        out[t.id] = str(t_no)
        sasaran = [c for c in t.children if c.level == "sasaran"]
        for s_no, s in enumerate(sasaran, 1):
            out[s.id] = f"{t_no}.{s_no}"
    return out


def node_name(node: Node, nomor: dict[str, str]) -> str:
    """How a document names a node: "Sasaran 1.2: <uraian>", or "<kode> <nama>" below sasaran."""
    if node.level in ("tujuan", "sasaran"):
        return f"{LEVEL_LABEL[node.level]} {nomor.get(node.id, '')}: {node.uraian}".replace(" :", ":")
    return f"{node.kode} {node.judul}" if node.kode else node.judul
