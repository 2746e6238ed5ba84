"""The Pemda tree: visi → misi → RPJMD tujuan → RPJMD sasaran → tujuan PD (with their sasaran as rows)
of every OPD that supports them, crosscutting between OPDs, and RPJMD sasaran no OPD supports.

A tujuan PD carries its sasaran as rows so the tree grows in height with the number of OPDs and
stays as wide as the RPJMD, which keeps it printable for a Pemda with dozens of OPDs.
"""
from __future__ import annotations

from dataclasses import replace

from cascade.documents.pohon.graph import XC_EDGE, rpjmd_name, stack
from cascade.documents.pohon.label import (
    THEMES,
    WARN,
    context_label,
    crosscutting_label,
    node_label,
    text,
)
from cascade.formats.dot.run import Graph, at_port
from cascade.model.types import Node, Opd, Repo

UNSUPPORTED = "belum didukung OPD"


def opd_name(key: str, node_id: str) -> str:
    return f"{key}:{node_id}"


def _anchors(opd: Opd) -> dict[str, str]:
    """Where each node of an OPD is drawn: its tujuan box, at the row of its sasaran when it has one."""
    where = {}
    for t in opd.tujuan:
        where[t.id] = opd_name(opd.key, t.id)
        for s in t.children:
            for n in s.walk():
                where[n.id] = at_port(opd_name(opd.key, t.id), s.id)
    return where


def _links(repo: Repo) -> list[tuple[str, str, str, str, str]]:
    """Every crosscutting link once (pemberi OPD, node, penerima OPD, node, keterangan), from either side."""
    seen: dict[tuple[str, str, str, str], str] = {}
    for key in sorted(repo.opds):
        for n in repo.opds[key].nodes():
            for c in n.crosscutting:
                seen[(key, n.id, c.opd, c.node)] = c.keterangan or seen.get((key, n.id, c.opd, c.node), "")
            for c in n.crosscutting_diterima:
                seen.setdefault((c.opd, c.node, key, n.id), c.keterangan or "")
    return [k + (v,) for k, v in sorted(seen.items())]


def pemda_tree(repo: Repo, tahun: int | None) -> Graph:
    pemda = repo.pemda
    settings = pemda.settings
    theme = THEMES.get(settings.tema_pohon, THEMES["madiun"])
    shown = None if settings.pohon_target == "akhir" else tahun
    years = pemda.years
    g = Graph("pohon-pemda")
    g.node("visi", context_label(theme, "visi", f"Visi {pemda.nama}", pemda.visi))
    supporters: dict[str, list[tuple[Opd, Node]]] = {}
    for key in sorted(repo.opds):
        for t in repo.opds[key].tujuan:
            for sid in t.mendukung:
                supporters.setdefault(sid, []).append((repo.opds[key], t))
    for m in pemda.misi:
        g.node(f"misi:{m.nomor}", context_label(theme, "misi", f"Misi {m.nomor}", m.uraian))
        g.edge("visi", f"misi:{m.nomor}")
        for rt in m.tujuan:
            g.node(rpjmd_name(rt.id), context_label(theme, "rpjmd_tujuan", f"Tujuan RPJMD {rt.id}", rt.uraian,
                                                    rt.indikator, shown, years))
            g.edge(f"misi:{m.nomor}", rpjmd_name(rt.id))
            for rs in rt.sasaran:
                _rpjmd_sasaran(g, theme, rs, supporters.get(rs.id, []), shown, years)
                g.edge(rpjmd_name(rt.id), rpjmd_name(rs.id))
    g.same_rank([f"misi:{m.nomor}" for m in pemda.misi])
    g.same_rank([rpjmd_name(rt.id) for rt in pemda.rpjmd_tujuan()])
    g.same_rank([rpjmd_name(rs.id) for rs in pemda.rpjmd_sasaran()])
    _crosscutting(g, repo, theme)
    return g


def _rpjmd_sasaran(g: Graph, theme, rs, supporters, shown, years) -> None:
    name = rpjmd_name(rs.id)
    title = f"Sasaran RPJMD {rs.id}"
    if not supporters:
        g.node(name, context_label(theme, "rpjmd_sasaran", title, rs.uraian, rs.indikator, shown, years,
                                   note=UNSUPPORTED),
               shape="box", style="dashed,bold", color=WARN, margin="0.04", penwidth="2")
        return
    g.node(name, context_label(theme, "rpjmd_sasaran", title, rs.uraian, rs.indikator, shown, years))
    # The same tujuan PD may support two RPJMD sasaran; it is drawn once, under the first.
    first = [(opd, t) for opd, t in supporters if rs.id == t.mendukung[0]]
    by_name = {opd_name(opd.key, t.id): (opd, t) for opd, t in first}

    def label(t: Node) -> str:
        opd, orig = by_name[t.id]
        return node_label(theme, orig, opd.jabatan_by_id(), shown, years, with_children=True, owner=opd.nama)

    stack(g, name, [_renamed(opd, t) for opd, t in first], label)
    for opd, t in supporters:
        if rs.id != t.mendukung[0]:
            g.edge(name, opd_name(opd.key, t.id), style="dotted")


def _renamed(opd: Opd, t: Node) -> Node:
    """The tujuan under its Pemda-wide name (ids repeat across OPDs); only `stack` sees the new id."""
    return replace(t, id=opd_name(opd.key, t.id))


def _crosscutting(g: Graph, repo: Repo, theme) -> None:
    where = {key: _anchors(opd) for key, opd in repo.opds.items()}
    for giver, g_node, taker, t_node, note in _links(repo):
        tail = where.get(giver, {}).get(g_node)
        head = where.get(taker, {}).get(t_node)
        if tail is None or head is None:
            # the other side is not an OPD of this repository (e.g. BPS): name it in its own box
            known, other, other_node = (tail, taker, t_node) if tail else (head, giver, g_node)
            if known is None:
                continue
            box = f"XC:{other}:{other_node}"
            g.node(box, crosscutting_label(theme, "Crosscutting lintas lembaga", other, other_node, "", note))
            tail, head = (known, box) if tail else (box, known)
        # the keterangan stays in the OPD trees; here it would pile up on the long cross-tree edges
        caption = f"lintas OPD: {g_node} → {t_node}"
        g.edge(tail, head, label=f'<<FONT COLOR="#7C3AED">{text(caption, 30)}</FONT>>',
               constraint="false", **XC_EDGE)
