"""The OPD trees as DOT graphs: the overview (RPJMD sasaran → tujuan → sasaran → program) and the
per-sasaran org chart (sasaran → program → kegiatan with sub kegiatan rows).

Graphviz node names are the data ids, so a reviewer (and the tests) can find every box and edge
in the SVG `<title>` elements; boxes that are not nodes of this OPD get a prefix.
"""
from __future__ import annotations

from dataclasses import dataclass

from cascade.documents.pohon.label import (
    THEMES,
    XC_COLOR,
    Theme,
    context_label,
    crosscutting_label,
    node_label,
)
from cascade.formats.dot.run import Graph, at_port
from cascade.model.types import Crosscutting, Node, Opd, Repo

XC_EDGE = {"style": "dashed", "color": XC_COLOR, "penwidth": "1.6", "arrowhead": "normal", "arrowsize": "0.7"}


def rpjmd_name(sasaran_id: str) -> str:
    return f"RPJMD:{sasaran_id}"


def xc_name(opd_key: str, node_id: str) -> str:
    return f"XC:{opd_key}:{node_id}"


@dataclass(frozen=True)
class Ctx:
    """What every box needs besides its node: theme, jabatan names, year (None: end of period)."""

    repo: Repo
    opd: Opd
    theme: Theme
    tahun: int | None

    @property
    def years(self) -> tuple[int, ...]:
        return self.repo.pemda.years

    def label(self, node: Node, with_children: bool = False) -> str:
        return node_label(self.theme, node, self.opd.jabatan_by_id(), self.tahun, self.years, with_children)


def make_ctx(repo: Repo, opd: Opd, tahun: int) -> Ctx:
    settings = repo.pemda.settings
    theme = THEMES.get(settings.tema_pohon, THEMES["madiun"])
    shown = None if settings.pohon_target == "akhir" else tahun
    return Ctx(repo, opd, theme, shown)


def _other(repo: Repo, link: Crosscutting) -> tuple[str, str]:
    """The other OPD's name and the statement of the linked node, as far as they are known."""
    other = repo.opds.get(link.opd)
    node = other.node(link.node) if other else None
    return (other.nama if other else link.opd), (node.judul if node else "")


def add_crosscutting(g: Graph, ctx: Ctx, node: Node, anchor: str) -> None:
    """Dashed edges to boxes naming the other OPD: given (node → other) and received (other → node)."""
    for links, given in ((node.crosscutting, True), (node.crosscutting_diterima, False)):
        for link in sorted(links, key=lambda c: (c.opd, c.node)):
            name = xc_name(link.opd, link.node) + (":ke" if given else ":dari")
            opd_name, statement = _other(ctx.repo, link)
            title = f"Crosscutting {'ke' if given else 'dari'} OPD lain"
            g.node(name, crosscutting_label(ctx.theme, title, opd_name, link.node, statement, link.keterangan))
            if given:
                g.edge(anchor, name, **XC_EDGE)
            else:
                g.edge(name, anchor, **XC_EDGE)


def overview(ctx: Ctx) -> Graph:
    """RPJMD sasaran (context) → tujuan PD → sasaran PD → program, with programs stacked under each sasaran."""
    g = Graph(f"ikhtisar-{ctx.opd.key}")
    pemda = ctx.repo.pemda
    rpjmd = {s.id: s for s in pemda.rpjmd_sasaran()}
    supported = sorted({sid for t in ctx.opd.tujuan for sid in t.mendukung})
    for sid in supported:
        s = rpjmd.get(sid)
        g.node(rpjmd_name(sid), context_label(ctx.theme, "rpjmd_sasaran", f"Sasaran RPJMD {sid}",
                                              s.uraian if s else "", s.indikator if s else (), ctx.tahun,
                                              ctx.years))
    g.same_rank([rpjmd_name(s) for s in supported])
    for t in ctx.opd.tujuan:
        g.node(t.id, ctx.label(t))
        for sid in t.mendukung:
            g.edge(rpjmd_name(sid), t.id)
        add_crosscutting(g, ctx, t, t.id)
        for s in t.children:
            g.node(s.id, ctx.label(s))
            g.edge(t.id, s.id)
            add_crosscutting(g, ctx, s, s.id)
            stack(g, s.id, list(s.children), lambda p: ctx.label(p))
            for p in s.children:
                add_crosscutting(g, ctx, p, p.id)
    g.same_rank([t.id for t in ctx.opd.tujuan])
    g.same_rank([s.id for t in ctx.opd.tujuan for s in t.children])
    return g


def stack(g: Graph, parent: str, children: list[Node], label, columns: int = 1) -> None:
    """Org-chart layout: children stacked in `columns` columns under `parent`, each hung from a
    thin vertical bus (point nodes) so one tree stays about as wide as its parent box, not as
    wide as all of its children side by side (ecosystem notes §4.4)."""
    if not children:
        return
    per_col = -(-len(children) // columns)
    cols = [children[c * per_col:(c + 1) * per_col] for c in range(columns)]
    for c, part in enumerate(cols):
        prev = parent
        for child in part:
            joint = f"{parent}>{child.id}"
            # one `group` per bus keeps its joints in a straight vertical line
            g.node(joint, '""', shape="point", width="0.03", color="#333333", group=f"{parent}#{c}")
            g.edge(prev, joint, weight="20")
            g.node(child.id, label(child))
            g.edge(joint, child.id, id=f"{parent}->{child.id}")
            prev = joint
    # rows across columns share a rank; invisible flat edges fix the left-to-right column order
    for r in range(per_col):
        row = [n for part in cols if r < len(part) for n in (f"{parent}>{part[r].id}", part[r].id)]
        g.same_rank(row)
        for left, right in zip(row[1::2], row[2::2]):
            g.edge(left, right, style="invis")


def sasaran_tree(ctx: Ctx, sasaran: Node, programs: list[Node], columns: int = 1, part: str = "") -> Graph:
    """Sasaran → programs side by side → kegiatan stacked under each program, sub kegiatan as rows."""
    g = Graph(f"sasaran-{sasaran.id}{part}")
    g.node(sasaran.id, ctx.label(sasaran))
    add_crosscutting(g, ctx, sasaran, sasaran.id)
    for p in programs:
        g.node(p.id, ctx.label(p))
        g.edge(sasaran.id, p.id)
        add_crosscutting(g, ctx, p, p.id)
        stack(g, p.id, list(p.children), lambda k: ctx.label(k, with_children=True), columns)
        for k in p.children:
            add_crosscutting(g, ctx, k, k.id)
            for sub in k.children:
                add_crosscutting(g, ctx, sub, at_port(k.id, sub.id, "e"))
    g.same_rank([p.id for p in programs])
    return g
