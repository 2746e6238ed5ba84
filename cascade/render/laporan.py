"""Report blocks (headings, paragraphs, tables) and their landscape Word layout.

The keselarasan report and the evaluation document are built as a list of these blocks once, then
laid out as .docx (and, for keselarasan, as Markdown). Every string goes through python-docx's
`add_run`, which escapes it, so "R&D" or "<b>" in the data stays text.
"""
from __future__ import annotations

import datetime as dt
import functools
from copy import deepcopy
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml.etree import SubElement

from ..model.types import Settings
from .ooxml import docx_bytes, source_datetime

PAPER_MM = {"A4": (210, 297), "F4": (210, 330)}  # primer §7: F4/Folio common, A4 also used
HEAD_FILL = "D9D9D9"
STRONG_FILL = "F2F2F2"


@dataclass(frozen=True)
class Judul:
    teks: str
    tingkat: int  # 0 = document title, 1 = section, 2–3 = sub-sections


@dataclass(frozen=True)
class Paragraf:
    teks: str


@dataclass(frozen=True)
class Baris:
    sel: tuple[str, ...]
    tegas: bool = False  # rows that stand out (a node, a total) so the rows under them read against them
    warna: dict = field(default_factory=dict)  # column index → fill colour (e.g. a capaian category)


@dataclass(frozen=True)
class Tabel:
    kepala: tuple[str, ...]
    baris: tuple[Baris, ...]
    angka_mulai: int = 99  # columns from this index hold numbers (right-aligned)
    lebar: tuple[float, ...] = ()  # relative column widths; empty: text columns wide, number columns narrow
    judul: str = ""  # a bold caption above the table


def _shade(tc, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().append(shd)


def _repeat_header(tr) -> None:
    mark = OxmlElement("w:tblHeader")  # a long table repeats its header on every page
    mark.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(mark)


@functools.lru_cache(maxsize=None)
def _formats(size: float, bold: bool, align) -> tuple:
    """A cell paragraph's pPr and an empty run with its rPr, made once through python-docx and then
    copied into every cell: setting them run by run is most of a 40-OPD report's time (`make bench`)."""
    para = Document().add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run("")
    run.font.size = Pt(size)
    run.bold = bold
    return para._p.pPr, run._r


_W_T, _W_BR, _XML_SPACE = qn("w:t"), qn("w:br"), qn("xml:space")


def _fill(tc, text: str, size: float, bold: bool, align) -> None:
    """Write `text` into the empty paragraph of cell element `tc`, one run per line."""
    p_pr, empty_run = _formats(size, bold, align)
    para = tc[-1]
    para.insert(0, deepcopy(p_pr))
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = deepcopy(empty_run)
        if "\t" in line or "\r" in line:
            run.text = line  # python-docx's CT_R turns these into w:tab and w:br
        elif line:
            t = SubElement(run, _W_T)
            t.text = line  # escaped by lxml
            if len(line.strip()) < len(line):
                t.set(_XML_SPACE, "preserve")  # as python-docx writes it
        if i < len(lines) - 1:
            SubElement(run, _W_BR)
        para.append(run)


def _widths(t: Tabel, text_mm: float) -> list[float]:
    n = len(t.kepala)
    weights = list(t.lebar) if len(t.lebar) == n else [1.2 if i >= t.angka_mulai else 3.0 for i in range(n)]
    return [text_mm * w / sum(weights) for w in weights]


def _table(doc, t: Tabel, size: float, text_mm: float, grid_style: str) -> None:
    if t.judul:
        doc.add_paragraph().add_run(t.judul).bold = True
    table = doc.add_table(rows=2, cols=len(t.kepala))
    table._tbl.tblStyle_val = grid_style  # = table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the grid, LibreOffice the cells: set both so the columns look the same in either.
    widths = [Mm(w) for w in _widths(t, text_mm)]
    for column, width in zip(table.columns, widths):
        column.width = width
    head, blank = table.rows[0]._tr, table.rows[1]._tr
    for i, tc in enumerate(head.tc_lst):
        tc.width = widths[i]
        blank.tc_lst[i].width = widths[i]
        _fill(tc, t.kepala[i], size, True, WD_ALIGN_PARAGRAPH.CENTER)
        _shade(tc, HEAD_FILL)
    _repeat_header(head)
    # Every body row starts as a copy of one empty row python-docx made: going through its row and
    # cell objects for each of a 40-OPD report's ≈ 3,000 cells took most of the report's time.
    blank.getparent().remove(blank)
    for row in t.baris:
        tr = deepcopy(blank)
        for i, (tc, text) in enumerate(zip(tr.tc_lst, row.sel)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if i >= t.angka_mulai else WD_ALIGN_PARAGRAPH.LEFT
            _fill(tc, text, size, row.tegas, align)
            if i in row.warna:
                _shade(tc, row.warna[i])
            elif row.tegas:
                _shade(tc, STRONG_FILL)
        table._tbl.append(tr)
    doc.add_paragraph()


def docx(items: list, settings: Settings, day: dt.date, margin_mm: float = 20) -> bytes:
    """A landscape document on the Pemda's paper (wide tables: primer §7), dated from the data."""
    doc = Document()
    section = doc.sections[0]
    short, long = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(long), Mm(short)
    section.left_margin = section.right_margin = Mm(margin_mm)
    section.top_margin = section.bottom_margin = Mm(min(margin_mm, 20))
    normal = doc.styles["Normal"]
    normal.font.name = settings.huruf
    normal.font.size = Pt(min(settings.ukuran_huruf, 11))
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), settings.huruf)
    # python-docx finds a style by reading every style of the document; a report has hundreds of
    # headings and tables in a handful of styles, so each is found once
    style_id = functools.lru_cache(maxsize=None)(doc.part.get_style_id)
    title = ""
    for b in items:
        if isinstance(b, Judul):
            heading = "Title" if b.tingkat == 0 else f"Heading {b.tingkat}"
            doc.add_paragraph(b.teks)._p.style = style_id(heading, WD_STYLE_TYPE.PARAGRAPH)  # = add_heading
            title = title or b.teks
        elif isinstance(b, Paragraf):
            doc.add_paragraph(b.teks)
        else:
            size = 7 if len(b.kepala) > 10 else 8
            _table(doc, b, size, long - 2 * margin_mm, style_id("Table Grid", WD_STYLE_TYPE.TABLE))
    return docx_bytes(doc, source_datetime(day), title)
