"""The pohon kinerja of one OPD for the browser: one drawing, left to right, every node its own box
(RPJMD sasaran → tujuan → sasaran → program → kegiatan → sub kegiatan, crosscutting beside), with the
boxes the printed trees draw (cascade/documents/pohon), so the screen shows what the paper shows.

Graphviz's SVG is then made fit for a page: each box of a node gets `data-node` (the node's id, an
attribute only, never text), a DOM id by running number, `tabindex` and an `aria-label`; every
<title> (they name nodes and edges by id and would show as tooltips) and comment is dropped."""
from __future__ import annotations

from lxml import etree

from cascade.documents.pohon.graph import Ctx, add_crosscutting, make_ctx, rpjmd_name, rpjmd_numbers
from cascade.documents.pohon.label import clean, context_label, level_title
from cascade.formats.dot.run import Graph, run_dot

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def web_tree(ctx: Ctx) -> Graph:
    g = Graph(f"situs-{ctx.opd.key}", rankdir="LR")
    rpjmd = {s.id: s for s in ctx.repo.pemda.rpjmd_sasaran()}
    numbers = rpjmd_numbers(ctx.repo.pemda)
    supported = sorted({sid for t in ctx.opd.tujuan for sid in t.mendukung})
    for sid in supported:
        s = rpjmd.get(sid)
        g.node(rpjmd_name(sid), context_label(ctx.theme, "rpjmd_sasaran", f"Sasaran RPJMD {numbers.get(sid, '')}",
                                              s.uraian if s else "", s.indikator if s else (), ctx.tahun, ctx.years))
    for t in ctx.opd.tujuan:
        for sid in t.mendukung:
            g.edge(rpjmd_name(sid), t.id)
        for node in t.walk():
            g.node(node.id, ctx.label(node))
            for child in node.children:
                g.edge(node.id, child.id)
    # after every box of the OPD: with ordering=out a box's own tree comes first, its crosscutting after
    for t in ctx.opd.tujuan:
        for node in t.walk():
            add_crosscutting(g, ctx, node, node.id, 1)
    return g


def eval_ctx(repo, opd, ev) -> Ctx:
    """The tree's Ctx whose boxes are painted by capaian in `ev` (cascade/documents/evaluasi/pohon.py)."""
    from cascade.documents.evaluasi.pohon import EvalCtx

    base = make_ctx(repo, opd, ev.tahun)
    return EvalCtx(base.repo, base.opd, base.theme, ev.tahun, ev)


def box_name(ctx: Ctx, node) -> str:
    """What a box is called for a screen reader and the details panel: level and statement."""
    code = f"{node.kode} " if node.kode else ""
    return clean(f"{level_title(ctx.theme, node)}: {code}{node.judul}")


MARK_WORDS = {"galat": "ada galat", "peringatan": "ada peringatan"}


def tree_svg(ctx: Ctx, cache=None, marks: dict[str, str] | None = None) -> str:
    """The OPD's tree as an <svg> element ready to sit inside the page; `marks`: node id → "galat" or
    "peringatan" for the boxes that findings are about."""
    raw = run_dot(web_tree(ctx).source(), "svg", cache)
    nodes = {n.id: n for n in ctx.opd.nodes()}
    return page_svg(raw, {nid: box_name(ctx, n) for nid, n in nodes.items()}, "Pohon kinerja " + ctx.opd.nama,
                    marks)


def page_svg(raw: bytes, boxes: dict[str, str], label: str, marks: dict[str, str] | None = None) -> str:
    """Graphviz SVG → an inline <svg>: boxes whose Graphviz name is a key of `boxes` become
    focusable buttons named by its value (a box in `marks` gets the class `ada-<mark>` and says so
    in its name); ids, titles and comments of Graphviz are dropped."""
    marks = marks or {}
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True, remove_pis=True)
    root = etree.fromstring(raw, parser)
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("class", "pohon")
    root.set("role", "group")
    root.set("aria-label", label)
    found = {}
    for g in root.iter(f"{{{SVG_NS}}}g"):
        title = g.find(f"{{{SVG_NS}}}title")
        name = title.text if title is not None else ""
        g.attrib.pop("id", None)
        if g.get("class", "") == "node" and name in boxes:
            found[name] = g
    # the boxes in the order of `boxes` (tree order), so Tab walks the tree as it reads, drawn last
    # (over the edges); Graphviz writes them in its own order
    order = {name: i for i, name in enumerate(boxes)}
    for number, name in enumerate(sorted(found, key=order.__getitem__), start=1):
        g = found[name]
        parent = g.getparent()
        parent.remove(g)
        parent.append(g)
        g.set("id", f"kotak-{number}")
        mark = marks.get(name)
        g.set("class", "node kotak" + (f" ada-{mark}" if mark else ""))
        g.set("data-node", name)
        g.set("tabindex", "0")
        g.set("role", "button")
        g.set("aria-label", boxes[name] + (f" ({MARK_WORDS[mark]})" if mark else ""))
    for a in list(root.iter(f"{{{SVG_NS}}}a")):
        # cells with a tooltip come wrapped in links (the evaluation tree's): their content stays,
        # the link would only add a tab stop that goes nowhere
        parent, at = a.getparent(), a.getparent().index(a)
        for i, child in enumerate(list(a)):
            parent.insert(at + i, child)
        parent.remove(a)
    for el in list(root.iter(f"{{{SVG_NS}}}title")):
        el.getparent().remove(el)
    for el in root.iter():
        href = el.get(XLINK_HREF) or el.get("href")
        if href is not None and not href.startswith("#"):
            el.attrib.pop(XLINK_HREF, None)
            el.attrib.pop("href", None)
        el.attrib.pop("style", None)  # the page's CSP admits no inline style attributes
    return etree.tostring(root, encoding="unicode")
