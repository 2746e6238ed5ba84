"""The OPD trees as DOT graphs: the overview (RPJMD sasaran → tujuan → sasaran → program) and the
per-sasaran org chart (sasaran → program → kegiatan with sub kegiatan rows).

Graphviz node names are the data ids, so a reviewer (and the tests) can find every box and edge
in the SVG `<title>` elements; boxes that are not nodes of this OPD get a prefix. What is printed
never shows an id: boxes carry level labels, statements, nomenklatur codes and running numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

from cascade.documents.pohon.label import (
    SEPIHAK_COLOR,
    XC_COLOR,
    Theme,
    context_label,
    crosscutting_label,
    legend_table,
    node_label,
    target_caption,
    theme_for,
    title_block,
    xc_links,
    xc_port,
)
from cascade.fmt import judul_draf
from cascade.formats.dot.run import Graph, at_port
from cascade.model.keselarasan import HANYA_PEMBERI, HANYA_PENERIMA, STATUS_LABEL
from cascade.model.types import Crosscutting, Node, Opd, Pemda, Repo, is_draf

XC_EDGE = {"style": "dashed", "color": XC_COLOR, "penwidth": "1.6", "arrowhead": "normal", "arrowsize": "0.7"}
# a link only one side wrote: grey and thinner, its boxes and rows say why
XC_SEPIHAK_EDGE = {**XC_EDGE, "color": SEPIHAK_COLOR, "penwidth": "1.2"}


def link_status(repo: Repo, owner: str, node_id: str, link: Crosscutting, given: bool) -> str:
    """"" when the other side writes this link too (or is not an OPD of this repository, so nobody
    can tell), else keselarasan's words for a one-sided link."""
    other = repo.opds.get(link.opd)
    node = other.node(link.node) if other else None
    if node is None or link.opd == owner:
        return ""
    back = node.crosscutting_diterima if given else node.crosscutting
    if any(c.opd == owner and c.node == node_id for c in back):
        return ""
    return STATUS_LABEL[HANYA_PEMBERI if given else HANYA_PENERIMA]
OVERVIEW_KINDS = ["rpjmd_sasaran", "tujuan", "sasaran", "program"]
SASARAN_KINDS = ["sasaran", "program", "kegiatan", "subkegiatan"]


def rpjmd_name(sasaran_id: str) -> str:
    return f"RPJMD:{sasaran_id}"


def rpjmd_numbers(pemda: Pemda) -> dict[str, str]:
    """Running numbers of the RPJMD tujuan ("1", "2" …) and sasaran ("1.1" …), as printed instead of ids."""
    numbers = {}
    for i, t in enumerate(pemda.rpjmd_tujuan(), start=1):
        numbers[t.id] = str(i)
        for j, s in enumerate(t.sasaran, start=1):
            numbers[s.id] = f"{i}.{j}"
    return numbers


def opd_numbers(opd: Opd) -> dict[str, str]:
    """Running numbers of an OPD's tujuan ("1" …) and sasaran ("1.1" …), in the order of its Renstra."""
    numbers = {}
    for i, t in enumerate(opd.tujuan, start=1):
        numbers[t.id] = str(i)
        for j, s in enumerate(t.children, start=1):
            numbers[s.id] = f"{i}.{j}"
    return numbers


def other_side(repo: Repo, link: Crosscutting) -> tuple[str, str]:
    """The other OPD's name and the statement of the linked node, as far as they are known (a body
    outside this repository, such as BPS, is named as the planner wrote it)."""
    other = repo.opds.get(link.opd)
    node = other.node(link.node) if other else None
    return (other.nama if other else link.opd), (node.judul if node else "")


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

    def other(self, link: Crosscutting) -> tuple[str, str]:
        return other_side(self.repo, link)

    def label(self, node: Node, with_children: bool = False) -> str:
        return node_label(self.theme, node, self.opd.jabatan_by_id(), self.tahun, self.years, with_children,
                          other=self.other, sepihak=self.sepihak)

    def sepihak(self, node: Node, link: Crosscutting, given: bool) -> str:
        return link_status(self.repo, self.opd.key, node.id, link, given)

    def any_sepihak(self, nodes) -> bool:
        return any(self.sepihak(n, link, given) for n in nodes for link, given in xc_links(n))

    def shows(self) -> str:
        """What the boxes show, for the title block (the evaluation tree says capaian instead)."""
        return target_caption(self.tahun, self.years)

    def legend(self, kinds: list[str], sepihak: bool = False) -> str:
        return legend_table(self.theme, kinds, sepihak=sepihak)

    def heading(self, name: str, kinds: list[str], sepihak: bool = False) -> str:
        draf = is_draf(self.repo.pemda, self.opd)
        lines = [judul_draf(f"Pohon Kinerja {self.opd.nama} {self.repo.pemda.nama}", draf), name, self.shows()]
        return title_block(lines, self.legend(kinds, sepihak))


def make_ctx(repo: Repo, opd: Opd, tahun: int) -> Ctx:
    settings = repo.pemda.settings
    shown = None if settings.pohon_target == "akhir" else tahun
    return Ctx(repo, opd, theme_for(settings), shown)


def add_crosscutting(g: Graph, ctx: Ctx, node: Node, box: str, ranks: int = 0, alternate: bool = False,
                     back: bool = False) -> None:
    """One dashed edge and one box naming the other OPD per link of `node`, the box beside `box` (where
    `node` is drawn: its own box, or the kegiatan box that carries it as a row) and the edge leaving
    from the row of `box` that names the link, so each link starts at its own node. `ranks` 0: the
    box stands beside `box` (top-down trees; left to right: in its column); else that many ranks
    further (left-to-right trees). `alternate`: the first, third … link `ranks` further, the others in
    `box`'s own rank, so two boxes share the height of two columns instead of stacking in one. `back`
    (left to right): the box in the column before `box`'s, where the parent's box leaves room."""
    for i, (link, given) in enumerate(xc_links(node)):
        ranks_here = ranks * ((i + 1) % 2) if alternate else ranks
        word = "ke" if given else "dari"
        name = f"XC:{node.id}:{word}:{link.opd}:{link.node}"
        opd_name, statement = ctx.other(link)
        title = "Crosscutting: diberikan kepada" if given else "Crosscutting: diterima dari"
        why = ctx.sepihak(node, link, given)
        g.node(name, crosscutting_label(ctx.theme, title, opd_name, statement, link.keterangan, why))
        style = XC_SEPIHAK_EDGE if why else XC_EDGE
        if back:
            # the edge runs from the box to the row's west side; the arrow still points at the receiver
            arrows = {"dir": "back", "arrowtail": "normal"} if given else {}
            g.edge(name, at_port(box, xc_port(node, link, given), "w"), **{**style, **arrows})
            continue
        row = at_port(box, xc_port(node, link, given), "e" if given or ranks_here else "w")
        if not ranks_here:
            # top-down: the box beside the row in the same rank, given links to its right (out of the
            # row's east side), received ones to its left (into the row's west side); dot places a flat
            # edge's tail left of its head, and draws a flat edge's `dir=back` arrow at the wrong end
            g.edge(*((row, name) if given else (name, row)), **style)
            g.same_rank([box, name])
            continue
        # left to right: `ranks` columns further, so every other OPD's box stands in the last column and
        # none lengthens a column of this OPD's boxes; a received link only turns the arrow round
        edge = dict(style) if given else {**style, "dir": "back", "arrowtail": "normal"}
        g.edge(row, name, minlen=str(ranks_here), **edge)


def overview(ctx: Ctx, tujuan: list[Node] | None = None, sasaran: list[Node] | None = None,
             context: bool = True, rankdir: str = "TB") -> Graph:
    """RPJMD sasaran (context) → tujuan PD → sasaran PD → program, with programs stacked under each
    sasaran. The Renstra prints parts of it: `tujuan` and `sasaran` limit it, `context` False names
    the RPJMD sasaran in the title instead of drawing them, `rankdir` "LR" lays it out left to right
    (programs then simply stand below each other in their column). Every part draws its tujuan box,
    as its legend lists it."""
    every = list(ctx.opd.tujuan)
    shown = every if tujuan is None else tujuan
    numbers, rpjmd_no = opd_numbers(ctx.opd), rpjmd_numbers(ctx.repo.pemda)
    g = Graph(f"ikhtisar-{ctx.opd.key}", rankdir=rankdir)
    if tujuan is None:
        name = "Ikhtisar: tujuan, sasaran strategis dan program"
    else:
        name = "; ".join(f"Tujuan {numbers[t.id]}: {t.uraian}" for t in shown)
        if not context:
            supported = sorted({rpjmd_no.get(sid, "") for t in shown for sid in t.mendukung})
            if supported:
                name += f" (mendukung Sasaran RPJMD {', '.join(supported)})"
        if sasaran is not None:
            name += "; " + "; ".join(f"Sasaran Strategis {numbers[s.id]}" for s in sasaran)
            full = {s.id: s for t in shown for s in t.children}
            if any(len(s.children) < len(full[s.id].children) for s in sasaran):
                name += " (program " + ", ".join(p.kode or p.nama or "" for s in sasaran for p in s.children) + ")"
    drawn = [n for t in shown for n in [t] + [s for s in t.children if sasaran is None or s.id in {x.id for x in sasaran}]]
    drawn += [p for n in drawn if n.level == "sasaran" for p in n.children]
    g.label = ctx.heading(name, OVERVIEW_KINDS if context else OVERVIEW_KINDS[1:], ctx.any_sepihak(drawn))
    pemda = ctx.repo.pemda
    rpjmd = {s.id: s for s in pemda.rpjmd_sasaran()}
    supported = sorted({sid for t in shown for sid in t.mendukung}) if context else []
    for sid in supported:
        s = rpjmd.get(sid)
        g.node(rpjmd_name(sid), context_label(ctx.theme, "rpjmd_sasaran", f"Sasaran RPJMD {rpjmd_no.get(sid, '')}",
                                              s.uraian if s else "", s.indikator if s else (), ctx.tahun,
                                              ctx.years))
    g.same_rank([rpjmd_name(s) for s in supported])
    drawn_sasaran = []
    only = None if sasaran is None else {s.id: s for s in sasaran}
    for t in shown:
        for sid in t.mendukung if context else ():
            g.edge(rpjmd_name(sid), t.id)
        g.node(t.id, ctx.label(t))
        for s in t.children:
            if only is not None:
                if s.id not in only:
                    continue
                s = only[s.id]  # perhaps with only some of its programs
            drawn_sasaran.append(s.id)
            g.node(s.id, ctx.label(s))
            g.edge(t.id, s.id)
            if rankdir == "TB":
                stack(g, s.id, list(s.children), lambda p: ctx.label(p))
            else:
                for p in s.children:
                    g.node(p.id, ctx.label(p))
                    g.edge(s.id, p.id)
            # after the children: with ordering=out a box's own tree comes first, its crosscutting after;
            # left to right in the sasaran's column and the programs', not a column of their own
            add_crosscutting(g, ctx, s, s.id, 0 if rankdir == "TB" else 1, alternate=True)
            for p in s.children:
                add_crosscutting(g, ctx, p, p.id, 0 if rankdir == "TB" else 1)
        add_crosscutting(g, ctx, t, t.id, 0 if rankdir == "TB" else 1, alternate=True)
    g.same_rank([t.id for t in shown])
    g.same_rank(drawn_sasaran)
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


def sasaran_title(ctx: Ctx, sasaran: Node, programs: list[Node], part: str = "") -> str:
    """The tree's name in its title block: the sasaran by running number and statement, and which
    program (and which half of its kegiatan) a split part shows."""
    name = f"Sasaran Strategis {opd_numbers(ctx.opd).get(sasaran.id, '')}: {sasaran.uraian}"
    if len(programs) < len(sasaran.children):
        name += "; " + "; ".join(f"Program {p.kode or ''} {p.nama or p.uraian}".replace("  ", " ")
                                 for p in programs)
    halves = [bit for bit in part.split("-bagian-")[1:]]
    if halves:
        name += " (bagian " + ".".join(halves) + ")"
    return name


def default_columns(ctx: Ctx, program: Node) -> int:
    return max(1, len(program.children)) if ctx.repo.pemda.settings.susunan_pohon == "menurun" else 1


def sasaran_tree(ctx: Ctx, sasaran: Node, programs: list[Node], columns: int = 0, part: str = "",
                 rankdir: str = "TB", name: str | None = None, compact: bool = False) -> Graph:
    """Sasaran → programs side by side → kegiatan stacked under each program in `columns` columns
    (0: as `dokumen.susunan_pohon` says: one column, or "menurun" all side by side), sub kegiatan as
    rows. `rankdir` "LR" lays it out left to right (kegiatan then stand below each other in their
    column); `name` replaces the tree's name in the title block. `compact` (left to right): the
    crosscutting boxes of programs, kegiatan and sub kegiatan in the column before their node's (the
    parent's column, mostly empty beside a tall kegiatan box), never in a column of their own."""
    g = Graph(f"sasaran-{sasaran.id}{part}", rankdir=rankdir)
    drawn = [sasaran] + [n for p in programs for n in p.walk()]
    g.label = ctx.heading(name or sasaran_title(ctx, sasaran, programs, part), SASARAN_KINDS, ctx.any_sepihak(drawn))
    beside = rankdir == "TB"
    lr = 0 if beside else 1  # how many ranks further a crosscutting box goes: to the last column
    g.node(sasaran.id, ctx.label(sasaran))
    for p in programs:
        g.node(p.id, ctx.label(p))
        g.edge(sasaran.id, p.id)
        if beside:
            stack(g, p.id, list(p.children), lambda k: ctx.label(k, with_children=True),
                  columns or default_columns(ctx, p))
        else:
            for k in p.children:
                g.node(k.id, ctx.label(k, with_children=True))
                g.edge(p.id, k.id)
    # after the tree: with ordering=out a box's own children come first, its crosscutting after; left to
    # right, the sasaran's own crosscutting boxes stand in its column and the programs' (where those
    # columns have room) rather than in a fourth column that would widen the tree by a box
    add_crosscutting(g, ctx, sasaran, sasaran.id, lr, alternate=True)
    back = compact and not beside  # `compact`: each box in the column before its node's
    for p in programs:
        add_crosscutting(g, ctx, p, p.id, 2 * lr, back=back)
        for k in p.children:
            add_crosscutting(g, ctx, k, k.id, lr, back=back)
            for sub in k.children:
                add_crosscutting(g, ctx, sub, k.id, lr, back=back)
    g.same_rank([p.id for p in programs])
    return g
