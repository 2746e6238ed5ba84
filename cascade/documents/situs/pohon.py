"""The pohon kinerja of one OPD for the browser: one drawing, left to right, every node its own box
(RPJMD sasaran → tujuan → sasaran → program → kegiatan → sub kegiatan, crosscutting beside), with the
boxes the printed trees draw (cascade/documents/pohon), so the screen shows what the paper shows.

Graphviz's SVG is then made fit for a page: each box of a node gets `data-node` (the node's id, an
attribute only, never text), a DOM id by running number, `tabindex` and an `aria-label`; every
<title> (they name nodes and edges by id and would show as tooltips) and comment is dropped."""
from __future__ import annotations

from lxml import etree

from cascade.documents.pohon.graph import Ctx, add_crosscutting, make_ctx, rpjmd_name, rpjmd_numbers
from cascade.documents.pohon.label import _row, clean, context_label, level_title, xc_links
from cascade.formats.dot.run import Graph, run_dot

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


# Above this many sub kegiatan the page draws the tree down to kegiatan: each kegiatan box says how many
# sub kegiatan it holds and opens them in its details (a 300-sub-kegiatan tree drawn whole is some
# 15,000 points tall, a thin line on any screen).
FOLD_ABOVE = 120


def folded(ctx: Ctx) -> bool:
    """Whether the page draws the OPD's tree down to kegiatan only (see FOLD_ABOVE)."""
    return sum(1 for n in ctx.opd.nodes() if n.level == "subkegiatan") > FOLD_ABOVE


def anchor(opd, node_id: str) -> str:
    """The DOM id of a node's box on its OPD's page (`#kotak-N`, N its place in the tree order), so
    another page can link to the box (the page opens its details); the same whether drawn or folded."""
    for number, node in enumerate(opd.nodes(), start=1):
        if node.id == node_id:
            return f"kotak-{number}"
    return ""


def _folded_label(ctx: Ctx, node) -> str:
    count = sum(1 for c in node.children if c.level == "subkegiatan")
    note = _row(f"<I>+ {count} sub kegiatan (buka kotak ini untuk rinciannya)</I>", size=8, bg="#EEF2F7")
    return ctx.label(node).replace("</TABLE>>", note + "</TABLE>>", 1)


def web_tree(ctx: Ctx, fold: bool = False) -> Graph:
    """The OPD's tree left to right; `fold`: sub kegiatan are not drawn (their kegiatan says how many)."""
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
        for node in _drawn(t, fold):
            hidden = fold and any(c.level == "subkegiatan" for c in node.children)
            g.node(node.id, _folded_label(ctx, node) if hidden else ctx.label(node))
            for child in node.children:
                if not (fold and child.level == "subkegiatan"):
                    g.edge(node.id, child.id)
    # after every box of the OPD: with ordering=out a box's own tree comes first, its crosscutting after
    for t in ctx.opd.tujuan:
        for node in _drawn(t, fold):
            add_crosscutting(g, ctx, node, node.id, 1)
    return g


def _drawn(tujuan, fold: bool):
    return [n for n in tujuan.walk() if not (fold and n.level == "subkegiatan")]


def context_details(ctx: Ctx, fold: bool, opd_links=None, rpjmd_href: str = "") -> dict[str, dict]:
    """Graphviz name → details of the boxes that are not the OPD's own nodes: the RPJMD sasaran it
    supports (indicators and targets; a link to the RPJMD page) and the other OPDs' crosscutting boxes
    (what is shared; a link to that box on the other OPD's page, `opd_links`: OPD key → its page)."""
    from cascade.documents.situs.rincian import entry, indikator

    pemda, years = ctx.repo.pemda, ctx.repo.pemda.years
    rpjmd = {s.id: s for s in pemda.rpjmd_sasaran()}
    numbers = rpjmd_numbers(pemda)
    out = {}
    for sid in sorted({sid for t in ctx.opd.tujuan for sid in t.mendukung}):
        s = rpjmd.get(sid)
        link = {"label": "Lihat di halaman RPJMD", "href": rpjmd_href} if rpjmd_href else None
        out[rpjmd_name(sid)] = entry(f"Sasaran RPJMD {numbers.get(sid, '')}", s.uraian if s else "",
                                     [indikator(i, years) for i in (s.indikator if s else ())], tautan=link)
    for t in ctx.opd.tujuan:
        for node in _drawn(t, fold):
            for link, given in xc_links(node):
                name = f"XC:{node.id}:{'ke' if given else 'dari'}:{link.opd}:{link.node}"
                opd_name, statement = ctx.other(link)
                other = ctx.repo.opds.get(link.opd)
                href = (opd_links or {}).get(link.opd)
                where = anchor(other, link.node) if other is not None and href else ""
                tautan = {"label": f"Buka kotak ini di halaman {opd_name}", "href": f"{href}#{where}"} if where else None
                word = "diberikan kepada" if given else "diterima dari"
                why = ctx.sepihak(node, link, given)
                out[name] = entry(f"Crosscutting {word} {opd_name}", statement or opd_name,
                                  uraian=" · ".join(x for x in (link.keterangan or "", why) if x), tautan=tautan,
                                  bagian_dari=f"{level_title(ctx.theme, node)}: {clean(node.judul)}")
    return out


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


def tree_svg(ctx: Ctx, cache=None, marks: dict[str, str] | None = None, fold: bool = False,
             context: dict[str, dict] | None = None) -> str:
    """The OPD's tree as an <svg> element ready to sit inside the page; `marks`: node id → "galat" or
    "peringatan" for the boxes that findings are about; `context`: the details of the boxes that are
    not the OPD's (context_details), which become focusable too."""
    raw = run_dot(web_tree(ctx, fold).source(), "svg", cache)
    nodes = {n.id: n for n in ctx.opd.nodes()}
    names = {name: clean(f"{d['tingkat']}: {d['judul']}") for name, d in (context or {}).items()}
    return page_svg(raw, {nid: box_name(ctx, n) for nid, n in nodes.items()}, "Pohon kinerja " + ctx.opd.nama,
                    marks, names)


def context_key(number: int) -> str:
    """The key (and DOM id) of the n-th context box (1-based, in the order of `context`)."""
    return f"konteks-{number}"


def page_svg(raw: bytes, boxes: dict[str, str], label: str, marks: dict[str, str] | None = None,
             context: dict[str, str] | None = None, rankdir: str = "LR") -> str:
    """Graphviz SVG → an inline <svg>: boxes whose Graphviz name is a key of `boxes` become
    focusable buttons named by its value, with the DOM id `kotak-N` (N: the place in `boxes`; a box
    in `marks` gets the class `ada-<mark>` and says so in its name); boxes named in `context` (not
    the page's own nodes: RPJMD, another OPD's) likewise, `data-konteks` and id `konteks-N` (N: the
    place in `context`); ids, titles and comments of Graphviz are dropped. `data-arah` tells the
    page's script where the tree starts (`rankdir` LR: the left column; else the top row)."""
    marks = marks or {}
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True, remove_pis=True)
    root = etree.fromstring(raw, parser)
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("class", "pohon")
    root.set("role", "group")
    root.set("aria-label", label)
    root.set("data-arah", "kiri-kanan" if rankdir == "LR" else "atas-bawah")
    context = context or {}
    found, others = {}, {}
    for g in root.iter(f"{{{SVG_NS}}}g"):
        title = g.find(f"{{{SVG_NS}}}title")
        name = title.text if title is not None else ""
        g.attrib.pop("id", None)
        if g.get("class", "") == "node" and name in boxes:
            found[name] = g
        elif g.get("class", "") == "node" and name in context:
            others[name] = g
    # the boxes in the order of `boxes` (tree order), so Tab walks the tree as it reads, drawn last
    # (over the edges); Graphviz writes them in its own order
    order = {name: i for i, name in enumerate(boxes)}
    for name in sorted(found, key=order.__getitem__):
        g = found[name]
        parent = g.getparent()
        parent.remove(g)
        parent.append(g)
        g.set("id", f"kotak-{order[name] + 1}")
        mark = marks.get(name)
        g.set("class", "node kotak" + (f" ada-{mark}" if mark else ""))
        g.set("data-node", name)
        g.set("tabindex", "0")
        g.set("role", "button")
        g.set("aria-label", boxes[name] + (f" ({MARK_WORDS[mark]})" if mark else ""))
    places = {name: i for i, name in enumerate(context, start=1)}
    for name in sorted(others, key=places.__getitem__):
        g = others[name]
        parent = g.getparent()  # after the page's own boxes: Tab starts on the OPD's tree
        parent.remove(g)
        parent.append(g)
        key = context_key(places[name])
        g.set("id", key)
        g.set("class", "node kotak konteks")
        g.set("data-konteks", key)
        g.set("tabindex", "0")
        g.set("role", "button")
        g.set("aria-label", context[name])
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
