"""The Pemda tree: visi → misi → RPJMD tujuan → RPJMD sasaran → tujuan PD (with their sasaran as rows)
of every OPD that supports them, crosscutting between OPDs, and RPJMD sasaran no OPD supports.

A tujuan PD carries its sasaran as rows so the tree grows in height with the number of OPDs and
stays as wide as the RPJMD, which keeps it printable for a Pemda with dozens of OPDs.
"""
from __future__ import annotations

from dataclasses import replace

from cascade.documents.pohon.graph import XC_EDGE, other_side, rpjmd_name, rpjmd_numbers, stack
from cascade.documents.pohon.label import (
    WARN,
    XC_COLOR,
    Theme,
    context_label,
    crosscutting_label,
    legend_table,
    node_label,
    port_name,
    target_caption,
    text,
    theme_for,
    title_block,
)
from cascade.fmt import judul_draf
from cascade.formats.dot.run import Graph, at_port
from cascade.model.types import Crosscutting, Node, Opd, Repo, is_draf

UNSUPPORTED = "belum didukung OPD"


def opd_name(key: str, node_id: str) -> str:
    return f"{key}:{node_id}"


def _holders(opd: Opd) -> dict[str, tuple[str, str]]:
    """Where each node of an OPD is drawn: (its tujuan box, the tujuan or sasaran whose rows stand for
    it); program, kegiatan and sub kegiatan are not drawn here, so their sasaran speaks for them."""
    where = {}
    for t in opd.tujuan:
        where[t.id] = (opd_name(opd.key, t.id), t.id)
        for s in t.children:
            for n in s.walk():
                where[n.id] = (opd_name(opd.key, t.id), s.id)
    return where


def _rows_of_links(repo: Repo, links) -> dict[tuple[str, str], list[tuple[str, str, bool]]]:
    """(OPD, tujuan or sasaran id) → the links its box shows as crosscutting rows: (other OPD, other
    node, given), each once, whichever side declared the link."""
    holders = {key: _holders(opd) for key, opd in repo.opds.items()}
    rows: dict[tuple[str, str], list[tuple[str, str, bool]]] = {}
    for giver, g_node, taker, t_node, _ in links:
        for key, node_id, other, other_node, given in ((giver, g_node, taker, t_node, True),
                                                       (taker, t_node, giver, g_node, False)):
            held = holders.get(key, {}).get(node_id)
            if held is not None:
                row = (other, other_node, given)
                if row not in rows.setdefault((key, held[1]), []):
                    rows[(key, held[1])].append(row)
    return rows


def _with_rows(t: Node, key: str, rows) -> Node:
    """The tujuan and its sasaran carrying the crosscutting rows of the Pemda tree (their own links and
    those of the nodes below them)."""
    def links(node: Node, given: bool) -> tuple[Crosscutting, ...]:
        return tuple(Crosscutting(node.loc, opd=o, node=n) for o, n, g in rows.get((key, node.id), []) if g == given)

    children = tuple(replace(s, crosscutting=links(s, True), crosscutting_diterima=links(s, False))
                     for s in t.children)
    return replace(t, children=children, crosscutting=links(t, True), crosscutting_diterima=links(t, False))


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
    theme = theme_for(settings)
    shown = None if settings.pohon_target == "akhir" else tahun
    years = pemda.years
    numbers = rpjmd_numbers(pemda)
    g = Graph("pohon-pemda")
    periode = f"RPJMD {years[0]}–{years[-1]}" if years else "RPJMD"
    g.label = title_block(
        [judul_draf(f"Pohon Kinerja {pemda.nama}", is_draf(pemda)), f"{periode}: visi, misi, tujuan dan sasaran RPJMD, tujuan dan sasaran "
         "strategis perangkat daerah yang mendukungnya", target_caption(shown, years)],
        legend_table(theme, ["rpjmd_sasaran", "tujuan", "sasaran"],
                     note="Kotak bergaris merah putus-putus: sasaran RPJMD yang belum didukung perangkat daerah; "
                          "garis titik-titik: tujuan yang juga mendukung sasaran RPJMD lain; IK: indikator "
                          "kinerja dan targetnya; PJ: penanggung jawab"))
    g.node("visi", context_label(theme, "visi", f"Visi {pemda.nama}", pemda.visi))
    links = _links(repo)
    rows = _rows_of_links(repo, links)
    supporters: dict[str, list[tuple[Opd, Node]]] = {}
    for key in sorted(repo.opds):
        for t in repo.opds[key].tujuan:
            for sid in t.mendukung:
                supporters.setdefault(sid, []).append((repo.opds[key], _with_rows(t, key, rows)))
    for m in pemda.misi:
        g.node(f"misi:{m.nomor}", context_label(theme, "misi", f"Misi {m.nomor}", m.uraian))
        g.edge("visi", f"misi:{m.nomor}")
        for rt in m.tujuan:
            g.node(rpjmd_name(rt.id), context_label(theme, "rpjmd_tujuan", f"Tujuan RPJMD {numbers[rt.id]}", rt.uraian,
                                                    rt.indikator, shown, years))
            g.edge(f"misi:{m.nomor}", rpjmd_name(rt.id))
            for rs in rt.sasaran:
                _rpjmd_sasaran(g, theme, rs, numbers[rs.id], supporters.get(rs.id, []), shown, years, repo)
                g.edge(rpjmd_name(rt.id), rpjmd_name(rs.id))
    g.same_rank([f"misi:{m.nomor}" for m in pemda.misi])
    g.same_rank([rpjmd_name(rt.id) for rt in pemda.rpjmd_tujuan()])
    g.same_rank([rpjmd_name(rs.id) for rs in pemda.rpjmd_sasaran()])
    _crosscutting(g, repo, theme, links)
    return g


def _rpjmd_sasaran(g: Graph, theme, rs, number: str, supporters, shown, years, repo: Repo) -> None:
    name = rpjmd_name(rs.id)
    title = f"Sasaran RPJMD {number}"
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
        return node_label(theme, orig, opd.jabatan_by_id(), shown, years, with_children=True, owner=opd.nama,
                          other=lambda link: other_side(repo, link))

    stack(g, name, [_renamed(opd, t) for opd, t in first], label)
    for opd, t in supporters:
        if rs.id != t.mendukung[0]:
            g.edge(name, opd_name(opd.key, t.id), style="dotted")


def _renamed(opd: Opd, t: Node) -> Node:
    """The tujuan under its Pemda-wide name (ids repeat across OPDs); only `stack` sees the new id."""
    return replace(t, id=opd_name(opd.key, t.id))


def _judul(repo: Repo, key: str, node_id: str) -> str:
    opd = repo.opds.get(key)
    node = opd.node(node_id) if opd else None
    return node.judul if node else ""


def link_label(theme: Theme, giver: str, giver_node: str, taker: str, taker_node: str) -> str:
    """The label box in the middle of one crosscutting edge: who gives what to whom, by names and
    statements; one box per link, so labels never share a place."""
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{XC_COLOR}"><B>Crosscutting</B></FONT></TD></TR>']
    for word, opd_name, statement in (("dari", giver, giver_node), ("kepada", taker, taker_node)):
        line = f"{word} {opd_name}" + (f": {statement}" if statement else "")
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">{text(line, 40)}</FONT></TD></TR>')
    return (f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="{XC_COLOR}" '
            f'STYLE="DASHED" BGCOLOR="#FFFFFF">' + "".join(rows) + "</TABLE>>")


def _crosscutting(g: Graph, repo: Repo, theme, links) -> None:
    """Each link: from the row naming it in the giving box (east side) to a label box of its own, and
    from there to the row naming it in the receiving box; the label box ranks below the giver, so
    each link has its own path and its own label."""
    holders = {key: _holders(opd) for key, opd in repo.opds.items()}
    for giver, g_node, taker, t_node, note in links:
        ends = []
        for key, node_id, other, other_node, given in ((giver, g_node, taker, t_node, True),
                                                       (taker, t_node, giver, g_node, False)):
            held = holders.get(key, {}).get(node_id)
            ends.append(None if held is None else
                        at_port(held[0], port_name(held[1], given, other, other_node), "e"))
        tail, head = ends
        if tail is None and head is None:
            continue
        names = {key: repo.opds[key].nama if key in repo.opds else key for key in (giver, taker)}
        if tail is None or head is None:
            # the other side is not an OPD of this repository (e.g. BPS): name it in its own box
            other, other_node = (taker, t_node) if tail else (giver, g_node)
            box = f"XC:{other}:{other_node}"
            g.node(box, crosscutting_label(theme, "Crosscutting lintas lembaga", names[other], "", note))
            tail, head = (tail, box) if tail else (box, head)
        middle = f"XCL:{giver}:{g_node}:{taker}:{t_node}"
        g.node(middle, link_label(theme, names[giver], _judul(repo, giver, g_node), names[taker],
                                  _judul(repo, taker, t_node)))
        g.edge(tail, middle, **{**XC_EDGE, "arrowhead": "none"})
        g.edge(middle, head, constraint="false", **XC_EDGE)
