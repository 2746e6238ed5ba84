"""Post-processing of rendered Renstra documents with python-docx/lxml.

What docxtpl cannot express in a template lives here: page size, margins and font from the Pemda
settings, tables fitted to the text width, vertical merges of tujuan/sasaran cells, dropping the
satuan column when targets carry their satuan, and assembling chapters into one document.
"""
from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from cascade.formats.docx.house import MARGIN_MM, PAPER_MM, apply_settings

_TWIPS_PER_MM = 1440 / 25.4
W_TBL, W_TR, W_TC, W_P, W_BODY = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:body")
W_P_PR, W_SECT_PR, W_TC_W, W_GRID_SPAN = qn("w:pPr"), qn("w:sectPr"), qn("w:tcW"), qn("w:gridSpan")
W_SDT, W_CUSTOM_XML = qn("w:sdt"), qn("w:customXml")
W_TC_PR, W_V_MERGE, W_T = qn("w:tcPr"), qn("w:vMerge"), qn("w:t")
W_TR_PR, W_TBL_HEADER = qn("w:trPr"), qn("w:tblHeader")
# looked up for every cell of T-C.27 (thousands in a large OPD), so qualified once
_GRID_SPAN, _TC_W = qn("w:tcPr") + "/" + qn("w:gridSpan"), qn("w:tcPr") + "/" + qn("w:tcW")
_VAL, _W, _TYPE = qn("w:val"), qn("w:w"), qn("w:type")


# ---------------------------------------------------------------- small cell helpers (also used by the bootstrap)


def shade_cell(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def set_repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


# settings.xml children that must come after w:updateFields (CT_Settings sequence)
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator")


def ensure_update_fields(document) -> None:
    """Ask Word to update fields (the table of contents) when the document is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    after = {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in after:
            child.addprevious(el)
            return
    settings.append(el)


# ---------------------------------------------------------------- page setup and font


def apply_page_setup(document, settings) -> None:
    """Paper, orientation-preserving page size, margins and base font from the Pemda settings."""
    short, long = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])
    for section in document.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE or (
            section.page_width is not None and section.page_height is not None
            and section.page_width > section.page_height)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        w, h = (long, short) if landscape else (short, long)
        section.page_width, section.page_height = Mm(w), Mm(h)
        section.left_margin, section.right_margin = Mm(MARGIN_MM["left"]), Mm(MARGIN_MM["right"])
        section.top_margin, section.bottom_margin = Mm(MARGIN_MM["top"]), Mm(MARGIN_MM["bottom"])
    apply_settings(document, settings)
    fit_tables(document.element.body)


def text_width_mm(settings, landscape: bool) -> float:
    short, long = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])
    return (long if landscape else short) - MARGIN_MM["left"] - MARGIN_MM["right"]


def fit_tables(body) -> None:
    """Scale every top-level table of `body` to the text width of the section it sits in (A4 is
    narrower than F4)."""
    pending = []
    # only tables and section ends are visited: a proxy object for each of thousands of body
    # paragraphs (and their properties) was most of the cost
    for el in body.iter(W_TBL, W_SECT_PR):
        if el.tag == W_TBL:
            if el.getparent() is body:
                pending.append(el)
            continue
        parent = el.getparent()
        if parent is body or (parent.tag == W_P_PR and parent.getparent().getparent() is body):
            for tbl in pending:
                _scale_table(tbl, _sect_text_twips(el))
            pending = []


def _sect_text_twips(sect) -> int:
    pg, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(pg.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))


def _scale_table(tbl, target: int) -> None:
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol")) if grid is not None else []
    widths = [int(float(c.get(qn("w:w"), 0))) for c in cols]
    total = sum(widths)
    if not total or abs(total - target) <= 2:
        return
    new = [w * target // total for w in widths]
    new[-1] += target - sum(new)
    for c, w in zip(cols, new):
        c.set(qn("w:w"), str(w))
    tbl_pr = tbl.find(qn("w:tblPr"))
    tbl_w = tbl_pr.find(qn("w:tblW")) if tbl_pr is not None else None
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(target))
        tbl_w.set(qn("w:type"), "dxa")
    for _, cells in _rows(tbl):
        for pos, span, _, tc_w in cells:
            if tc_w is not None:
                tc_w.set(_W, str(sum(new[pos:pos + span])))
                tc_w.set(_TYPE, "dxa")


# ---------------------------------------------------------------- table structure


def _is_header(tr) -> bool:
    # trPr is a row's first child; a path lookup per row was most of finding the T-C table
    tr_pr = tr[0] if len(tr) and tr[0].tag == W_TR_PR else tr.find(W_TR_PR)
    return tr_pr is not None and tr_pr.find(W_TBL_HEADER) is not None


def _text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _rows(tbl) -> list[tuple[object, list[tuple[int, int, object, object]]]]:
    """Each row of `tbl` with its cells as (first grid column, columns spanned, w:tc, w:tcW or None).

    A T-C.27 has thousands of cells: one pass over just the rows, cells and the two properties read,
    instead of path lookups per cell (each step of which makes a python-docx object). A table holding
    another table, or rows/cells inside content controls, is read row by row, cell by cell.
    """
    if sum(1 for _ in tbl.iter(W_TBL, W_SDT, W_CUSTOM_XML)) > 1:
        return [(tr, _grid_cells(tr)) for tr in tbl.iterchildren(W_TR)]
    rows, cells, cell = [], None, None  # cell: [first column, span, tc, tcW] being read
    for el in tbl.iter(W_TR, W_TC, W_TC_W, W_GRID_SPAN):
        tag = el.tag
        if tag == W_TC_W:
            cell[3] = el
        elif tag == W_GRID_SPAN:
            cell[1] = int(el.get(_VAL))
        elif tag == W_TC:
            pos = cell[0] + cell[1] if cell else 0
            cell = [pos, 1, el, None]
            cells.append(cell)
        else:
            cells, cell = [], None
            rows.append((el, cells))
    return [(tr, [tuple(c) for c in row]) for tr, row in rows]


def _grid_cells(tr) -> list[tuple[int, int, object, object]]:
    out, pos = [], 0
    for tc in tr.iterchildren(W_TC):
        gs = tc.find(_GRID_SPAN)
        span = int(gs.get(_VAL)) if gs is not None else 1
        out.append((pos, span, tc, tc.find(_TC_W)))
        pos += span
    return out


def main_table(body):
    """The chapter's T-C table: the first table of `body` with repeating header rows (looked for among
    the body's own children first: a walk through every element of a T-C.27 costs a millisecond)."""
    for tables in (body.iterchildren(W_TBL), body.iter(W_TBL)):
        for tbl in tables:
            if any(_is_header(tr) for tr in tbl.iterchildren(W_TR)):
                return tbl
    return None


def merge_blank_runs(tbl, cols: tuple[int, ...]) -> None:
    """Vertically merge, in the grid columns `cols` (outermost first), a filled cell with the blank cells below it.

    The context writes tujuan/sasaran text only on the first row of its group, so a blank cell below a
    filled one belongs to the same group. A new group in an outer column closes the inner ones, and a
    row that spans over a column (the grand total) closes it.
    """
    open_groups = [False] * len(cols)
    last = max(cols)
    # properties are read as first children (where the schema puts trPr and tcPr): a path lookup
    # per row and cell was most of this pass
    for tr in tbl.iterchildren(W_TR):
        if _is_header(tr):
            continue
        cells, pos = {}, 0  # the row's cells up to the last merged column (a T-C.27 has thousands)
        for tc in tr.iterchildren(W_TC):
            if pos > last:
                break
            gs = tc[0].find(W_GRID_SPAN) if len(tc) and tc[0].tag == W_TC_PR else None
            span = int(gs.get(_VAL)) if gs is not None else 1
            cells[pos] = (span, tc)
            pos += span
        for i, col in enumerate(cols):
            span, tc = cells.get(col, (0, None))
            if tc is None or span != 1:
                open_groups[i:] = [False] * (len(cols) - i)
                break
            if "".join(t.text or "" for t in tc.iter(W_T)).strip():
                _set_vmerge(tc, "restart")
                open_groups[i] = True
                open_groups[i + 1:] = [False] * (len(cols) - i - 1)
            elif open_groups[i]:
                _set_vmerge(tc, "continue")


def _set_vmerge(tc, value: str) -> None:
    # read as children and made in the cell's own document: lookups by path and an element made
    # apart (OxmlElement, then moved in) cost most of a T-C.27's merge
    tc_pr = tc[0] if len(tc) and tc[0].tag == W_TC_PR else tc.find(W_TC_PR)
    if tc_pr is None:
        tc_pr = tc.makeelement(W_TC_PR)
        tc.insert(0, tc_pr)
    vm = tc_w = grid_span = None
    for child in tc_pr:
        tag = child.tag
        if tag == W_V_MERGE:
            vm = child
            break
        if tag == W_GRID_SPAN:
            grid_span = child
        elif tag == W_TC_W:
            tc_w = child
    if vm is None:
        vm = tc_pr.makeelement(W_V_MERGE)
        # schema order: tcW, gridSpan, hMerge, vMerge, …
        anchor = grid_span if grid_span is not None else tc_w
        if anchor is not None:
            anchor.addnext(vm)
        else:
            tc_pr.insert(0, vm)
    vm.set(_VAL, value)


def drop_column(tbl, header_text: str) -> bool:
    """Remove the grid column whose header cell reads `header_text` (e.g. "Satuan") from every row."""
    target = None
    for tr in tbl.iterchildren(W_TR):
        if not _is_header(tr):
            break
        for pos, span, tc, _ in _grid_cells(tr):
            if span == 1 and _text(tc).strip().lower() == header_text.lower():
                target = pos
                break
        if target is not None:
            break
    if target is None:
        return False
    for tr, cells in _rows(tbl):
        for pos, span, tc, _ in cells:
            if pos <= target < pos + span:
                if span == 1:
                    tr.remove(tc)
                else:
                    tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan")).set(qn("w:val"), str(span - 1))
                break
    grid = tbl.find(qn("w:tblGrid"))
    grid.remove(grid.findall(qn("w:gridCol"))[target])
    _renumber_columns(tbl)
    return True


def _renumber_columns(tbl) -> None:
    """Rewrite the "(1) (2) …" header row after a column was dropped."""
    for tr in tbl.iterchildren(W_TR):
        if not _is_header(tr):
            break
        cells = list(tr.iterchildren(W_TC))
        if cells and all(re.fullmatch(r"\(\d+\)", _text(tc).strip()) for tc in cells):
            for n, tc in enumerate(cells, 1):
                ts = list(tc.iter(qn("w:t")))
                ts[0].text = f"({n})"
                for t in ts[1:]:
                    t.text = ""


# ---------------------------------------------------------------- paragraphs


def find_paragraph(document, text: str):
    """The first body paragraph reading exactly `text` (a Paragraph), or None."""
    from docx.text.paragraph import Paragraph

    body = document.element.body
    # only paragraphs holding a run of `text` are read whole: python-docx builds every paragraph's
    # text from its runs, for each of the thousands in a whole Renstra
    for t in body.iter(W_T):
        if t.text and text in t.text:
            p = t.getparent()
            while p is not None and p.tag != W_P:
                p = p.getparent()
            if p is not None and p.getparent() is body:
                para = Paragraph(p, document._body)
                if para.text == text:
                    return para
    return None


def note_paragraph(anchor, text: str):
    """A visible italic note (e.g. "bab ini belum ditulis") before `anchor`."""
    p = anchor.insert_paragraph_before()
    run = p.add_run(text)
    run.italic = True
    run.font.highlight_color = 7  # yellow: the planner must notice it
    return p


# ---------------------------------------------------------------- assembling the whole document

_HF_REFS = (qn("w:headerReference"), qn("w:footerReference"))


def _headers_of(sect) -> list:
    return [el for el in sect if el.tag in _HF_REFS]


def _give_headers(sect, refs) -> None:
    """`sect` shows the header and footer parts `refs` (w:headerReference/w:footerReference of the
    whole document): each section names its own, because a section without them takes the previous
    section's, and the sections before the last had none (issue 23)."""
    for el in _headers_of(sect):
        sect.remove(el)
    title_pg = sect.find(qn("w:titlePg"))
    if title_pg is not None:
        sect.remove(title_pg)
    for ref in reversed(refs):  # CT_SectPr: header/footer references come first
        sect.insert(0, copy.deepcopy(ref))


def set_page_numbering(sect, fmt: str, start: int | None) -> None:
    """The number format (decimal, lowerRoman) of a section's pages; `start` restarts them, None continues."""
    num = sect.find(qn("w:pgNumType"))
    if num is None:
        num = OxmlElement("w:pgNumType")
        _insert_pg_num(sect, num)
    num.set(qn("w:fmt"), fmt)
    if start is None:
        num.attrib.pop(qn("w:start"), None)
    else:
        num.set(qn("w:start"), str(start))


def _section_break_from(sect_pr, refs):
    """A paragraph ending a section with the page setup of `sect_pr` and the header/footer `refs`."""
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    sect = copy.deepcopy(sect_pr)
    _give_headers(sect, refs)
    p_pr.append(sect)
    p.append(p_pr)
    return p


@dataclass
class Chapter:
    """A filled chapter, to be put into the whole document."""

    body: object                  # its w:body
    styles: object                # its template's w:styles, read only
    images: dict = field(default_factory=dict)  # relationship id → image bytes of its pictures


def _copy_styles(styles, dst) -> None:
    """Styles a planner added to a chapter template, so the whole document can use them too."""
    have = {s.get(qn("w:styleId")) for s in dst.styles.element.iterchildren(qn("w:style"))}
    for s in styles.iterchildren(qn("w:style")):
        if s.get(qn("w:styleId")) not in have:
            dst.styles.element.append(copy.deepcopy(s))


def _copy_images(images: dict, dst, elements) -> None:
    """Re-home pictures: their r:embed ids point into the chapter's package."""
    for el in elements:
        for blip in el.iter(qn("a:blip")):
            rid = blip.get(qn("r:embed"))
            if not rid:
                continue
            new_rid, _ = dst.part.get_or_add_image(io.BytesIO(images[rid]))
            blip.set(qn("r:embed"), new_rid)


def insert_chapters(dst, anchor, chapters: list[Chapter], first_page_number: int = 1) -> None:
    """Put each chapter's body before `anchor` (then removed), each in its own section keeping its orientation.

    Every section of the chapters (a chapter's own landscape sections too) shows the whole document's
    header and footer (those of its final section) and numbers its pages in arabic numerals, from
    `first_page_number` on the first chapter's first page and continuing across the rest. The last
    chapter takes over the document's final section properties, so no empty page follows it.
    """
    anchor_el = anchor._p
    final_sect = dst.element.body.find(qn("w:sectPr"))
    refs = _headers_of(final_sect)
    sections = []
    for i, chapter in enumerate(chapters):
        # copied: lxml moves a subtree into another document ~50× slower than it copies one
        elements = [copy.deepcopy(el) for el in chapter.body.iterchildren() if el.tag != W_SECT_PR]
        _copy_styles(chapter.styles, dst)
        _copy_images(chapter.images, dst, elements)
        for el in elements:
            anchor_el.addprevious(el)
            for inner in el.iter(W_SECT_PR):  # its references point into the chapter's own package
                _give_headers(inner, refs)
                sections.append(inner)
        sect = chapter.body.find(qn("w:sectPr"))
        if i < len(chapters) - 1:
            brk = _section_break_from(sect, refs)
            anchor_el.addprevious(brk)
            sections.append(brk.find(qn("w:pPr") + "/" + qn("w:sectPr")))
        else:
            for tag in ("w:pgSz", "w:pgMar"):
                old, new = final_sect.find(qn(tag)), sect.find(qn(tag))
                if old is not None and new is not None:
                    old.getparent().replace(old, copy.deepcopy(new))
            sections.append(final_sect)
    for n, sect in enumerate(sections):
        set_page_numbering(sect, "decimal", first_page_number if n == 0 else None)
    anchor_el.getparent().remove(anchor_el)


def _insert_pg_num(sect, num) -> None:
    # CT_SectPr order: … pgSz, pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
    for tag in ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"):
        later = sect.find(qn(tag))
        if later is not None:
            later.addprevious(num)
            return
    sect.append(num)


def renumber_drawings(body, start: int = 1) -> None:
    """Unique, stable wp:docPr ids (after chapters were put together, or pictures placed)."""
    for n, el in enumerate(body.iter(qn("wp:docPr")), start):
        el.set("id", str(n))


# ---------------------------------------------------------------- Daftar Isi, Daftar Tabel, Daftar Gambar

CAPTION_LABELS = ("Tabel", "Gambar")
_LABEL_ONLY = re.compile(r"(Tabel|Gambar)\s+(?:\d+|[A-Z])(?:\.\d+)*\.?")
_LABELLED = re.compile(r"(Tabel|Gambar)\s+(?:\d+|[A-Z])(?:\.\d+)*\b")
_TOC_CAPTION = re.compile(r'\\c\s+"([^"]+)"')
_W_INSTR, _W_FLD_CHAR = qn("w:instrText"), qn("w:fldChar")


def _style_names(document) -> dict[str, str]:
    # style ids read straight from the XML: python-docx resolves p.style by scanning every style
    return {s.get(qn("w:styleId")): s.find(qn("w:name")).get(qn("w:val")).lower()
            for s in document.styles.element.iterchildren(qn("w:style")) if s.find(qn("w:name")) is not None}


def _style_of(p, names: dict[str, str]) -> str | None:
    ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return names.get(ps.get(_VAL)) if ps is not None else None


def entry_text(p) -> str:
    """What a paragraph reads, a line break as a space: "BAB I" ⏎ "PENDAHULUAN" is "BAB I PENDAHULUAN"."""
    parts = []
    for el in p.iter(W_T, qn("w:br"), qn("w:tab"), qn("w:cr")):
        parts.append(el.text or "" if el.tag == W_T else " ")
    return " ".join("".join(parts).split())


def _field_runs(instr: str, hidden: bool) -> list:
    runs = []
    for kind in ("begin", None, "separate", "end"):
        r = OxmlElement("w:r")
        if hidden:
            r_pr = OxmlElement("w:rPr")
            r_pr.append(OxmlElement("w:vanish"))
            r.append(r_pr)
        if kind is None:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {instr} "
            r.append(it)
        else:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r.append(fc)
        runs.append(r)
    return runs


def mark_captions(document) -> int:
    """Make every "Tabel X.Y …" and "Gambar X.Y …" caption an entry Word's and LibreOffice's
    Daftar Tabel / Daftar Gambar (TOC \\c "Tabel") find: a hidden SEQ field at its start, whose
    number is never shown (the caption keeps its chapter number as written). A caption split over
    two paragraphs ("Tabel 4.1", then its title) becomes one paragraph with a line break, so the
    entry holds the title too. Returns how many captions were marked."""
    names = _style_names(document)
    body = document.element.body
    marked = 0
    for p in list(body.iterchildren(W_P)):
        if p.getparent() is None or _style_of(p, names) != "caption":
            continue
        text = entry_text(p)
        label = _LABEL_ONLY.fullmatch(text)
        nxt = p.getnext()
        if label and nxt is not None and nxt.tag == W_P and _style_of(nxt, names) == "caption" \
                and not _LABELLED.match(entry_text(nxt)):
            br = OxmlElement("w:r")
            br.append(OxmlElement("w:br"))
            p.append(br)
            for child in list(nxt):
                if child.tag != W_P_PR:
                    p.append(child)
            body.remove(nxt)
        found = _LABELLED.match(text)
        if found is None or any((it.text or "").strip().startswith("SEQ") for it in p.iter(_W_INSTR)):
            continue
        after = p.find(W_P_PR)
        for n, r in enumerate(_field_runs(f"SEQ {found.group(1)} \\h", hidden=True)):
            if after is None:
                p.insert(n, r)
            else:
                after.addnext(r)
                after = r
        marked += 1
    return marked


def _index_fields(document):
    """Each TOC field of the body whose begin and end sit in one paragraph: (paragraph, instruction, runs)."""
    for it in list(document.element.body.iter(_W_INSTR)):
        if not (it.text or "").strip().startswith("TOC"):
            continue
        p = it.getparent().getparent()
        if p.tag != W_P:
            continue
        yield p, it.text.strip(), list(p.iterchildren(qn("w:r")))


def prefill_indexes(document, heading_styles=("Heading 1", "Heading 2")) -> dict[str, int]:
    """Put the entries of each Daftar Isi (TOC \\o: the headings, and paragraphs given an outline level
    such as the Kata Pengantar's title) and Daftar Tabel / Daftar Gambar (TOC \\c "Tabel") into its
    field's result, as text without page numbers: a reader who does not update fields (Word
    before "Update Field", a viewer, LibreOffice opening the .docx) sees the right list. Word updates
    the fields on open (w:updateFields) and `make pdf` updates them in LibreOffice before export
    (cascade/pdf_uno.py); only those know the page numbers.
    Returns the number of entries by field kind ("isi", "Tabel", "Gambar")."""
    names = _style_names(document)
    ids = {}
    for s in document.styles.element.iterchildren(qn("w:style")):  # the first style of a name wins
        name = s.find(qn("w:name"))
        if name is not None:
            ids.setdefault(name.get(qn("w:val")).lower(), s.get(qn("w:styleId")))
    wanted = {n.lower(): level for level, n in enumerate(heading_styles, 1)}
    headings, captions = [], {}
    outline = qn("w:pPr") + "/" + qn("w:outlineLvl")
    for p in document.element.body.iterchildren(W_P):
        style = _style_of(p, names)
        lvl = p.find(outline)
        if lvl is not None and style not in wanted and lvl.get(_VAL, "").isdigit() \
                and int(lvl.get(_VAL)) < len(heading_styles):  # a front-matter title (Kata Pengantar …)
            text = entry_text(p)
            if text:
                headings.append((int(lvl.get(_VAL)) + 1, text))
            continue
        if style in wanted or style == "caption":
            text = entry_text(p)
            if not text:
                continue
            if style == "caption":
                m = _LABELLED.match(text)
                if m:
                    captions.setdefault(m.group(1), []).append(text)
            else:
                headings.append((wanted[style], text))
    counts = {}
    for first, instr, runs in list(_index_fields(document)):
        seps = [r for r in runs if r.find(_W_FLD_CHAR) is not None]
        if len(seps) < 3:
            continue
        separate, end = seps[-2], seps[-1]
        for r in runs[runs.index(separate) + 1:runs.index(end)]:
            first.remove(r)
        first.remove(end)
        label = _TOC_CAPTION.search(instr)
        if label:
            kind = label.group(1)
            entries = [(0, text) for text in captions.get(kind, [])]
        else:
            kind, entries = "isi", headings
        counts[kind] = len(entries)
        target = first
        for n, (level, text) in enumerate(entries):
            if n:
                para = copy.deepcopy(first)
                for child in list(para):
                    if child.tag != W_P_PR:
                        para.remove(child)
                target.addnext(para)
                target = para
                p_style = para.find(qn("w:pPr") + "/" + qn("w:pStyle"))
                style_id = ids.get(f"toc {level}") if level else None
                if p_style is not None and style_id:
                    p_style.set(_VAL, style_id)
            elif level and first.find(qn("w:pPr") + "/" + qn("w:pStyle")) is not None and ids.get(f"toc {level}"):
                first.find(qn("w:pPr") + "/" + qn("w:pStyle")).set(_VAL, ids[f"toc {level}"])
            run = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = text
            run.append(t)
            target.append(run)
        target.append(end)
    return counts


# ---------------------------------------------------------------- printing long tables


def style_fonts(styles_el) -> dict[str, tuple[float | None, bool | None, str | None]]:
    """styleId → (size pt, bold, name) of each paragraph style, inherited through basedOn."""
    own = {}
    for s in styles_el.iterchildren(qn("w:style")):
        rpr = s.find(qn("w:rPr"))
        sz = rpr.find(qn("w:sz")) if rpr is not None else None
        b = rpr.find(qn("w:b")) if rpr is not None else None
        name = s.find(qn("w:name"))
        based = s.find(qn("w:basedOn"))
        own[s.get(qn("w:styleId"))] = (
            int(sz.get(_VAL)) / 2 if sz is not None else None,
            (b.get(_VAL) not in ("0", "false")) if b is not None else None,
            name.get(_VAL) if name is not None else None,
            based.get(_VAL) if based is not None else None)

    def resolve(sid, depth=0):
        size, bold, name, based = own.get(sid, (None, None, None, None))
        if based and depth < 10 and (size is None or bold is None):
            b_size, b_bold, _ = resolve(based, depth + 1)
            size = size if size is not None else b_size
            bold = bold if bold is not None else b_bold
        return size, bold, name

    return {sid: resolve(sid) for sid in own}


def group_level(tr, levels: dict[str, int]) -> int | None:
    """The level of a group row (1 outer, 2 inner): a row of one cell whose paragraph has a group style."""
    cells = list(tr.iterchildren(W_TC))
    if len(cells) != 1:
        return None
    ps = cells[0].find(qn("w:p") + "/" + qn("w:pPr") + "/" + qn("w:pStyle"))
    return levels.get(ps.get(_VAL)) if ps is not None else None


def _mark_header(tr) -> None:
    tr_pr = tr[0] if len(tr) and tr[0].tag == W_TR_PR else None
    if tr_pr is None:
        tr_pr = tr.makeelement(W_TR_PR)
        tr.insert(0, tr_pr)
    if tr_pr.find(W_TBL_HEADER) is None:
        tr_pr.append(tr_pr.makeelement(W_TBL_HEADER))


def _spacer(tbl):
    """The thinnest paragraph Word and LibreOffice keep between two tables (without one they join)."""
    p = tbl.makeelement(W_P)
    p_pr = p.makeelement(W_P_PR)
    spacing = p_pr.makeelement(qn("w:spacing"))
    for k, v in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(k), v)
    p_pr.append(spacing)
    rpr = p_pr.makeelement(qn("w:rPr"))
    sz = rpr.makeelement(qn("w:sz"))
    sz.set(_VAL, "2")
    rpr.append(sz)
    p_pr.append(rpr)
    p.append(p_pr)
    return p


def new_piece(tbl, head: list, after):
    """A new table right after `after` (a spacer paragraph between), with `tbl`'s properties and grid and a
    copy of the header rows `head`: the next piece of a table cut in pieces."""
    piece = tbl.makeelement(W_TBL)
    for child in tbl:
        if child.tag != W_TR:
            piece.append(copy.deepcopy(child))
    for h in head:
        piece.append(copy.deepcopy(h))
    after.addnext(piece)
    piece.addprevious(_spacer(tbl))
    return piece


def split_at_groups(tbl, levels: dict[str, int]) -> list:
    """Cut `tbl` before every run of group rows ("Tujuan 1: …", "Sasaran 1.1: …"), each piece
    headed by the column headers, the group rows it lies in and its own group rows, all marked as
    repeating header rows: on every page a piece runs onto, the reader sees which tujuan and sasaran
    its rows belong to (a merged cell shows its text only on its first page). Returns the pieces."""
    rows = list(tbl.iterchildren(W_TR))
    head = [tr for tr in rows if _is_header(tr)]
    body = [tr for tr in rows if not _is_header(tr)]
    for tr in body:
        tbl.remove(tr)
    pieces, open_groups, current = [tbl], {}, tbl  # open_groups: level → the group row in force
    for tr in body:
        level = group_level(tr, levels)
        if level is None:
            current.append(tr)
            continue
        has_rows = any(not _is_header(r) for r in current.iterchildren(W_TR))
        if has_rows:  # a new piece, headed by the columns and the outer groups still in force
            current = new_piece(tbl, head, current)
            for lv in sorted(open_groups):
                if lv < level:
                    current.append(copy.deepcopy(open_groups[lv]))
            pieces.append(current)
        open_groups = {k: v for k, v in open_groups.items() if k < level}
        open_groups[level] = tr
        _mark_header(tr)
        current.append(tr)
    return pieces


def keep_rows_whole(tbl) -> None:
    """No row of `tbl` splits across a page (w:cantSplit)."""
    for tr in tbl.iterchildren(W_TR):
        tr_pr = tr[0] if len(tr) and tr[0].tag == W_TR_PR else None
        if tr_pr is None:
            tr_pr = tr.makeelement(W_TR_PR)
            tr.insert(0, tr_pr)
        if tr_pr.find(qn("w:cantSplit")) is None:
            # CT_TrPr is a choice of elements in any order; Word writes cantSplit before tblHeader
            tr_pr.insert(0, tr_pr.makeelement(qn("w:cantSplit")))


def _group_levels(fonts: dict) -> dict[str, int]:
    """styleId → group level of the house group styles ("Grup Tabel…" 1, "Subgrup Tabel…" 2)."""
    from cascade.formats.docx.house import GROUP_STYLES

    levels = {}
    for sid, (_, _, name) in fonts.items():
        for n, prefix in enumerate(GROUP_STYLES, 1):
            if name and name.startswith(prefix):
                levels[sid] = n
    return levels


def _table_sect(tbl):
    """The section properties of the section `tbl` sits in (the first section end after it)."""
    body = tbl.getparent()
    seen = False
    for el in body.iter(W_TBL, W_SECT_PR):
        if el is tbl:
            seen = True
        elif seen and el.tag == W_SECT_PR:
            return el
    return None


def _sect_text_height_pt(sect) -> float:
    pg, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return (int(pg.get(qn("w:h"))) - int(mar.get(qn("w:top"))) - int(mar.get(qn("w:bottom")))) / 20


# a table at most this share of a page's text height is kept on one page instead of cut into pieces
# with repeated headers (the pieces' headers would outweigh its rows)
SHORT_TABLE_SHARE = 0.6


def keep_together(tbl) -> None:
    """Every paragraph of every row but the last kept with the next (w:keepNext): the table moves
    whole to the next page rather than break."""
    keep_with_next(list(tbl.iterchildren(W_TR))[:-1])


# the last rows of a table (its last data rows and the JUMLAH row) printed on one page: a
# continuation page never holds a lone row and the total
KEEP_LAST_ROWS = 3
OWN_ROWS = 3  # a piece of at most this many rows under its head is kept with the piece after it


def keep_heads_and_tail(piece, levels: dict[str, int], last: bool) -> None:
    """A piece's column headers and group rows kept with its first data row, so no header and lone
    "Tujuan 2" is left at the foot of a page; in the table's `last` piece, its last KEEP_LAST_ROWS rows
    kept together and with the paragraph after the table."""
    rows = list(piece.iterchildren(W_TR))
    lead = []
    for tr in rows:
        if not (_is_header(tr) or group_level(tr, levels) is not None):
            break
        lead.append(tr)
    # the last row too: with the "Sumber:" line under the table, never alone on a page
    tail = rows[-KEEP_LAST_ROWS:] if last and len(rows) - len(lead) >= KEEP_LAST_ROWS else []
    if not last and len(rows) - len(lead) <= OWN_ROWS:
        # a tujuan's own few indicator rows before its first sasaran's piece: the whole piece goes with
        # that piece, through the spacer between them, rather than stand alone at the foot of a page
        tail = rows[len(lead):]
        spacer = piece.getnext()
        if spacer is not None and spacer.tag == W_P:
            p_pr = spacer.find(W_P_PR)
            p_pr.insert(0, p_pr.makeelement(qn("w:keepNext")))
    keep_with_next(lead + tail)


def keep_with_next(rows) -> None:
    """Every paragraph of `rows` kept with the next (w:keepNext)."""
    for tr in rows:
        for p in tr.iter(W_P):
            p_pr = p.find(W_P_PR)
            if p_pr is None:
                p_pr = p.makeelement(W_P_PR)
                p.insert(0, p_pr)
            if p_pr.find(qn("w:keepNext")) is None:
                style = p_pr.find(qn("w:pStyle"))
                keep = p_pr.makeelement(qn("w:keepNext"))
                if style is not None:  # CT_PPr order: pStyle, keepNext, …
                    style.addnext(keep)
                else:
                    p_pr.insert(0, keep)


def print_table(tbl, styles_el, font: str, merge_cols: tuple[int, ...] = ()) -> list:
    """A table made ready for print: column widths from its content (no word, code or amount broken
    inside); a short one kept on one page, a longer one cut into pieces at its group rows so each
    page names its tujuan/sasaran; the `merge_cols` merged within each piece, and no row split
    across pages. Returns the pieces."""
    from cascade.formats.docx.widths import fit_columns, soft_slashes, table_height_pt

    for t in tbl.iter(W_T):
        if t.text and "/" in t.text:
            t.text = soft_slashes(t.text)
    fonts = style_fonts(styles_el)
    sect = _table_sect(tbl)
    size = next((v for v in fonts.values() if v[2] == "Normal"), (None, None, None))[0] or 12
    if sect is not None:
        fit_columns(tbl, font, size, _sect_text_twips(sect), fonts)
    if sect is not None and table_height_pt(tbl, font, size, fonts) <= SHORT_TABLE_SHARE * _sect_text_height_pt(sect):
        keep_together(tbl)  # on one page, every group row is on the page its rows are
        pieces = [tbl]
    else:
        levels = _group_levels(fonts)
        pieces = split_at_groups(tbl, levels)
        for n, piece in enumerate(pieces, 1):
            keep_heads_and_tail(piece, levels, n == len(pieces))
    for piece in pieces:
        if merge_cols:
            merge_blank_runs(piece, merge_cols)
        keep_rows_whole(piece)
    return pieces
