"""Semantic differences between two validated models of the same Pemda, keyed by stable ids.

Because every node and indicator has an id, a changed statement is a rename, a changed parent a move,
and a target or pagu change is reported per year with its old and new value.
"""
from __future__ import annotations

from dataclasses import dataclass

from cascade.model.types import LEVEL_LABEL, Indikator, Node, Opd, Pemda

Value = object


@dataclass(frozen=True)
class NodeChange:
    kind: str  # ditambah | dihapus | dipindah | diubah
    level: str
    id: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class TargetChange:
    indikator: str
    nama: str
    node: str
    tahun: int | str
    before: Value
    after: Value
    satuan: str
    arah: str  # naik | turun | berubah
    memburuk: bool  # against the indicator's polarity: a lowered target on a higher-is-better one


@dataclass(frozen=True)
class PaguChange:
    node: str
    level: str
    judul: str
    tahun: int
    before: int
    after: int


@dataclass(frozen=True)
class OpdDiff:
    key: str
    nama: str
    status: str  # baru | dihapus | berubah | sama
    nodes: tuple[NodeChange, ...] = ()
    indikator: tuple[NodeChange, ...] = ()
    targets: tuple[TargetChange, ...] = ()
    pagu: tuple[PaguChange, ...] = ()
    totals: tuple[tuple[int, int, int], ...] = ()  # (tahun, before, after) for years whose total changed
    jabatan: tuple[NodeChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.nodes or self.indikator or self.targets or self.pagu or self.jabatan) and self.status == "sama"


def _index(opd: Opd) -> dict[str, tuple[Node, str]]:
    out: dict[str, tuple[Node, str]] = {}

    def visit(node: Node, parent: str) -> None:
        out[node.id] = (node, parent)
        for child in node.children:
            visit(child, node.id)

    for t in opd.tujuan:
        visit(t, "")
    return out


def _indicators(opd: Opd) -> dict[str, tuple[Indikator, str]]:
    return {i.id: (i, n.id) for n in opd.nodes() for i in n.indikator}


def _describe(node: Node) -> str:
    return f"{node.kode} {node.judul}" if node.kode else node.judul


def _direction(ind: Indikator, before, after, scales) -> tuple[str, bool]:
    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
        arah = "naik" if after > before else "turun"
    elif ind.skala and ind.skala in scales and before in scales[ind.skala].urutan and after in scales[ind.skala].urutan:
        order = scales[ind.skala].urutan
        arah = "naik" if order.index(after) > order.index(before) else "turun"
    else:
        return "berubah", False
    worse = (arah == "turun") if ind.polaritas == "positif" else (arah == "naik")
    return arah, worse


def _node_changes(old: dict, new: dict) -> list[NodeChange]:
    out = []
    for node_id in sorted(set(old) | set(new), key=lambda i: (i not in new, i)):
        if node_id not in old:
            n, parent = new[node_id]
            out.append(NodeChange("ditambah", n.level, node_id, "", f"{_describe(n)} (di bawah `{parent}`)" if parent else _describe(n)))
        elif node_id not in new:
            n, parent = old[node_id]
            out.append(NodeChange("dihapus", n.level, node_id, _describe(n), ""))
        else:
            (a, pa), (b, pb) = old[node_id], new[node_id]
            if pa != pb:
                out.append(NodeChange("dipindah", b.level, node_id, f"di bawah `{pa}`", f"di bawah `{pb}`"))
            if _describe(a) != _describe(b):
                out.append(NodeChange("diubah", b.level, node_id, _describe(a), _describe(b)))
            if a.penanggung_jawab != b.penanggung_jawab:
                out.append(NodeChange("diubah", b.level, node_id, f"penanggung jawab `{a.penanggung_jawab}`",
                                      f"penanggung jawab `{b.penanggung_jawab}`"))
    return out


def _indicator_changes(old: dict, new: dict, years, scales) -> tuple[list[NodeChange], list[TargetChange]]:
    changes, targets = [], []
    for ind_id in sorted(set(old) | set(new)):
        if ind_id not in old:
            ind, node = new[ind_id]
            changes.append(NodeChange("ditambah", "indikator", ind_id, "", f"{ind.nama} ({ind.satuan}) pada `{node}`"))
            continue
        if ind_id not in new:
            ind, node = old[ind_id]
            changes.append(NodeChange("dihapus", "indikator", ind_id, f"{ind.nama} ({ind.satuan}) pada `{node}`", ""))
            continue
        (a, na), (b, nb) = old[ind_id], new[ind_id]
        for attr, label in (("nama", "nama"), ("satuan", "satuan"), ("polaritas", "polaritas"), ("pola_ukur", "pola ukur")):
            if getattr(a, attr) != getattr(b, attr):
                changes.append(NodeChange("diubah", "indikator", ind_id, f"{label}: {getattr(a, attr)}", f"{label}: {getattr(b, attr)}"))
        if na != nb:
            changes.append(NodeChange("dipindah", "indikator", ind_id, f"pada `{na}`", f"pada `{nb}`"))
        if (a.baseline_tahun, a.baseline) != (b.baseline_tahun, b.baseline):
            targets.append(TargetChange(ind_id, b.nama, nb, f"baseline {b.baseline_tahun}", a.baseline, b.baseline, b.satuan,
                                        *_direction(b, a.baseline, b.baseline, scales)))
        for year in sorted(set(a.target) | set(b.target)):
            before, after = a.target.get(year), b.target.get(year)
            if before != after:
                targets.append(TargetChange(ind_id, b.nama, nb, year, before, after, b.satuan,
                                            *_direction(b, before, after, scales)))
    return changes, targets


def _pagu_changes(old: dict, new: dict, years) -> list[PaguChange]:
    out = []
    for node_id in sorted(set(old) | set(new)):
        a = old.get(node_id, (None, ""))[0]
        b = new.get(node_id, (None, ""))[0]
        ref = b or a
        if ref.level != "subkegiatan" and not (ref.pagu_tertulis and not ref.children):
            continue  # parents' pagu are sums; their change shows in the totals
        for year in years:
            before = a.pagu.get(year, 0) if a else 0
            after = b.pagu.get(year, 0) if b else 0
            if before != after:
                out.append(PaguChange(node_id, ref.level, _describe(ref), year, before, after))
    return out


def _jabatan_changes(a: Opd, b: Opd) -> list[NodeChange]:
    out = []
    old, new = a.jabatan_by_id(), b.jabatan_by_id()
    for jid in sorted(set(old) | set(new)):
        if jid not in old:
            out.append(NodeChange("ditambah", "jabatan", jid, "", new[jid].nama))
        elif jid not in new:
            out.append(NodeChange("dihapus", "jabatan", jid, old[jid].nama, ""))
        else:
            def fmt(j):
                return "; ".join(f"{p.mulai.isoformat()} {p.awalan}{p.nama}" for p in j.pejabat)
            if (old[jid].nama, old[jid].atasan) != (new[jid].nama, new[jid].atasan):
                out.append(NodeChange("diubah", "jabatan", jid, f"{old[jid].nama}, atasan `{old[jid].atasan}`",
                                      f"{new[jid].nama}, atasan `{new[jid].atasan}`"))
            if fmt(old[jid]) != fmt(new[jid]):
                out.append(NodeChange("diubah", "jabatan", jid, fmt(old[jid]), fmt(new[jid])))
    return out


def diff_opd(key: str, before: Opd | None, after: Opd | None, pemda: Pemda) -> OpdDiff:
    years = pemda.years
    if before is None and after is None:
        return OpdDiff(key, key, "sama")
    if before is None or after is None:
        present = after or before
        status = "baru" if before is None else "dihapus"
        empty = Opd(loc=present.loc, key=key)
        a, b = (empty, after) if before is None else (before, empty)
    else:
        a, b, status = before, after, "berubah"
    old_nodes, new_nodes = _index(a), _index(b)
    nodes = _node_changes(old_nodes, new_nodes)
    ind_changes, targets = _indicator_changes(_indicators(a), _indicators(b), years, pemda.skala)
    pagu = _pagu_changes(old_nodes, new_nodes, years)
    totals = []
    for year in years:
        t0 = sum(t.pagu.get(year, 0) for t in a.tujuan)
        t1 = sum(t.pagu.get(year, 0) for t in b.tujuan)
        if t0 != t1:
            totals.append((year, t0, t1))
    jabatan = _jabatan_changes(a, b)
    if status == "berubah" and not (nodes or ind_changes or targets or pagu or jabatan):
        status = "sama"
    return OpdDiff(key, (after or before).nama, status, tuple(nodes), tuple(ind_changes), tuple(targets),
                   tuple(pagu), tuple(totals), tuple(jabatan))


LEVEL_NAMES = {**LEVEL_LABEL, "indikator": "Indikator", "jabatan": "Jabatan"}
