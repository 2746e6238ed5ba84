"""The Pemda tree: visi → misi → RPJMD tujuan → RPJMD sasaran → tujuan PD (with their sasaran as rows)
of every OPD that supports them, crosscutting between OPDs, and RPJMD sasaran no OPD supports.

A tujuan PD carries its sasaran as rows so the tree grows in height with the number of OPDs and
stays as wide as the RPJMD, which keeps it printable for a Pemda with dozens of OPDs.
"""
from __future__ import annotations

from dataclasses import replace

from cascade.documents.pohon.graph import (
    XC_EDGE,
    XC_SEPIHAK_EDGE,
    link_status,
    other_side,
    rpjmd_name,
    rpjmd_numbers,
    stack,
)
from cascade.documents.pohon.label import (
    SEPIHAK_COLOR,
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
    node, given), each once; a one-sided link only in the box of the side that wrote it, as that
    OPD's own tree shows it."""
    holders = {key: _holders(opd) for key, opd in repo.opds.items()}
    rows: dict[tuple[str, str], list[tuple[str, str, bool]]] = {}
    for giver, g_node, taker, t_node, _ in links:
        for key, node_id, other, other_node, given in ((giver, g_node, taker, t_node, True),
                                                       (taker, t_node, giver, g_node, False)):
            held = holders.get(key, {}).get(node_id)
            if held is not None and _writes(repo, key, node_id, other, other_node, given):
                row = (other, other_node, given)
                if row not in rows.setdefault((key, held[1]), []):
                    rows[(key, held[1])].append(row)
    return rows


def _writes(repo: Repo, key: str, node_id: str, other: str, other_node: str, given: bool) -> bool:
    """Whether OPD `key`'s node lists this link itself (as given or as received)."""
    node = repo.opds[key].node(node_id) if key in repo.opds else None
    listed = (node.crosscutting if given else node.crosscutting_diterima) if node else ()
    return any(c.opd == other and c.node == other_node for c in listed)


def _sepihak(repo: Repo, giver: str, g_node: str, taker: str, t_node: str) -> str:
    """keselarasan's words for a link only one side wrote, "" for one both wrote (or with a body
    outside this repository)."""
    if _writes(repo, giver, g_node, taker, t_node, True):
        return link_status(repo, giver, g_node, Crosscutting(None, opd=taker, node=t_node), True)
    return link_status(repo, taker, t_node, Crosscutting(None, opd=giver, node=g_node), False)


def _sepihak_rows(repo: Repo, links) -> dict[tuple[str, str, str, str, bool], str]:
    """(OPD, tujuan or sasaran id, other OPD, other node, given) → keselarasan's words, for the row of
    every one-sided link (in the box of the side that wrote it); the key of the link itself under
    None as the OPD."""
    holders = {key: _holders(opd) for key, opd in repo.opds.items()}
    found = {}
    for giver, g_node, taker, t_node, _ in links:
        words = _sepihak(repo, giver, g_node, taker, t_node)
        if not words:
            continue
        found[(None, giver, g_node, taker, t_node)] = words
        for key, node_id, other, other_node, given in ((giver, g_node, taker, t_node, True),
                                                       (taker, t_node, giver, g_node, False)):
            held = holders.get(key, {}).get(node_id)
            if held is not None:
                found[(key, held[1], other, other_node, given)] = words
    return found


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
    links = _links(repo)
    why = _sepihak_rows(repo, links)
    periode = f"RPJMD {years[0]}–{years[-1]}" if years else "RPJMD"
    g.label = title_block(
        [judul_draf(f"Pohon Kinerja {pemda.nama}", is_draf(pemda)), f"{periode}: visi, misi, tujuan dan sasaran RPJMD, tujuan dan sasaran "
         "strategis perangkat daerah yang mendukungnya", target_caption(shown, years)],
        legend_table(theme, ["rpjmd_sasaran", "tujuan", "sasaran"],
                     note="Kotak bergaris merah putus-putus: sasaran RPJMD yang belum didukung perangkat daerah; "
                          "garis titik-titik: tujuan yang juga mendukung sasaran RPJMD lain; IK: indikator "
                          "kinerja dan targetnya; PJ: penanggung jawab", sepihak=bool(why)))
    g.node("visi", context_label(theme, "visi", f"Visi {pemda.nama}", pemda.visi))
    rows = _rows_of_links(repo, links)
    supporters: dict[str, list[tuple[Opd, Node]]] = {}
    for key in sorted(repo.opds):
        for t in repo.opds[key].tujuan:
            for sid in t.mendukung:
                supporters.setdefault(sid, []).append((repo.opds[key], _with_rows(t, key, rows)))
    stacks: list[list[tuple[str, str]]] = []
    for m in pemda.misi:
        g.node(f"misi:{m.nomor}", context_label(theme, "misi", f"Misi {m.nomor}", m.uraian))
        g.edge("visi", f"misi:{m.nomor}")
        for rt in m.tujuan:
            g.node(rpjmd_name(rt.id), context_label(theme, "rpjmd_tujuan", f"Tujuan RPJMD {numbers[rt.id]}", rt.uraian,
                                                    rt.indikator, shown, years))
            g.edge(f"misi:{m.nomor}", rpjmd_name(rt.id))
            for rs in rt.sasaran:
                stacks.append(_rpjmd_sasaran(g, theme, rs, numbers[rs.id], supporters.get(rs.id, []), shown,
                                             years, repo, why))
                g.edge(rpjmd_name(rt.id), rpjmd_name(rs.id))
    g.same_rank([f"misi:{m.nomor}" for m in pemda.misi])
    g.same_rank([rpjmd_name(rt.id) for rt in pemda.rpjmd_tujuan()])
    g.same_rank([rpjmd_name(rs.id) for rs in pemda.rpjmd_sasaran()])
    _side_by_side(g, stacks)
    _crosscutting(g, repo, theme, links, why)
    return g


def _side_by_side(g: Graph, stacks: list[list[tuple[str, str]]]) -> None:
    """Keep each RPJMD sasaran's tujuan between its own bus and the next sasaran's bus, row by row:
    left to dot, a tujuan may stand beyond a neighbour's bus, and its line then runs through that
    neighbour's junction and reads as supporting the wrong sasaran."""
    for r in range(max((len(s) for s in stacks), default=0)):
        row = [s[r] for s in stacks if r < len(s)]
        for (_, left_box), (right_joint, _) in zip(row, row[1:]):
            g.same_rank([left_box, right_joint])
            g.edge(left_box, right_joint, style="invis")


def _rpjmd_sasaran(g: Graph, theme, rs, number: str, supporters, shown, years, repo: Repo,
                  why: dict) -> list[tuple[str, str]]:
    """Draw the RPJMD sasaran and the tujuan PD under it; return (junction, tujuan box) per row of its stack."""
    name = rpjmd_name(rs.id)
    title = f"Sasaran RPJMD {number}"
    if not supporters:
        g.node(name, context_label(theme, "rpjmd_sasaran", title, rs.uraian, rs.indikator, shown, years,
                                   note=UNSUPPORTED),
               shape="box", style="dashed,bold", color=WARN, margin="0.04", penwidth="2")
        return []
    g.node(name, context_label(theme, "rpjmd_sasaran", title, rs.uraian, rs.indikator, shown, years))
    # The same tujuan PD may support two RPJMD sasaran; it is drawn once, under the first.
    first = [(opd, t) for opd, t in supporters if rs.id == t.mendukung[0]]
    by_name = {opd_name(opd.key, t.id): (opd, t) for opd, t in first}

    def label(t: Node) -> str:
        opd, orig = by_name[t.id]
        return node_label(theme, orig, opd.jabatan_by_id(), shown, years, with_children=True, owner=opd.nama,
                          other=lambda link: other_side(repo, link),
                          sepihak=lambda n, link, given: why.get((opd.key, n.id, link.opd, link.node, given), ""))

    boxes = [_renamed(opd, t) for opd, t in first]
    stack(g, name, boxes, label)
    for opd, t in supporters:
        if rs.id != t.mendukung[0]:
            g.edge(name, opd_name(opd.key, t.id), style="dotted")
    return [(f"{name}>{t.id}", t.id) for t in boxes]


def _renamed(opd: Opd, t: Node) -> Node:
    """The tujuan under its Pemda-wide name (ids repeat across OPDs); only `stack` sees the new id."""
    return replace(t, id=opd_name(opd.key, t.id))


def _judul(repo: Repo, key: str, node_id: str) -> str:
    opd = repo.opds.get(key)
    node = opd.node(node_id) if opd else None
    return node.judul if node else ""


def link_label(theme: Theme, giver: str, giver_node: str, taker: str, taker_node: str, sepihak: str = "") -> str:
    """The label box in the middle of one crosscutting edge: who gives what to whom, by names and
    statements; one box per link, so labels never share a place. A one-sided link is grey and says so."""
    colour = SEPIHAK_COLOR if sepihak else XC_COLOR
    head = f"Crosscutting ({sepihak})" if sepihak else "Crosscutting"
    rows = [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{colour}"><B>{text(head, 40)}</B>'
            '</FONT></TD></TR>']
    for word, opd_name, statement in (("dari", giver, giver_node), ("kepada", taker, taker_node)):
        line = f"{word} {opd_name}" + (f": {statement}" if statement else "")
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">{text(line, 40)}</FONT></TD></TR>')
    return (f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="{colour}" '
            f'STYLE="DASHED" BGCOLOR="#FFFFFF">' + "".join(rows) + "</TABLE>>")


def _crosscutting(g: Graph, repo: Repo, theme, links, why: dict) -> None:
    """Each link: from the row naming it in the giving box (east side) to a label box of its own, and
    from there to the row naming it in the receiving box; the label box ranks below the giver, so
    each link has its own path and its own label. A one-sided link is grey and ends at the section
    of the side that did not write it, which has no row for it."""
    holders = {key: _holders(opd) for key, opd in repo.opds.items()}
    for giver, g_node, taker, t_node, note in links:
        ends = []
        for key, node_id, other, other_node, given in ((giver, g_node, taker, t_node, True),
                                                       (taker, t_node, giver, g_node, False)):
            held = holders.get(key, {}).get(node_id)
            if held is None:
                ends.append(None)
            elif _writes(repo, key, node_id, other, other_node, given):
                ends.append(at_port(held[0], port_name(held[1], given, other, other_node), "e"))
            else:  # the sasaran's section (its band row), or the tujuan box itself
                ends.append(at_port(held[0], held[1], "e") if held[1] != held[0].split(":", 1)[1] else held[0])
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
        words = why.get((None, giver, g_node, taker, t_node), "")
        g.node(middle, link_label(theme, names[giver], _judul(repo, giver, g_node), names[taker],
                                  _judul(repo, taker, t_node), words))
        style = XC_SEPIHAK_EDGE if words else XC_EDGE
        g.edge(tail, middle, **{**style, "arrowhead": "none"})
        g.edge(middle, head, constraint="false", **style)
