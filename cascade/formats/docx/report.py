"""Report blocks (headings, paragraphs, tables) and their landscape Word layout.

The keselarasan report and the evaluation document are built as a list of these blocks once, then
laid out as .docx through python-docx (and, for keselarasan, as Markdown); python-docx escapes every
string, so "R&D" or "<b>" in the data stays text.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cascade.formats.docx.house import GROUP_FILL as STRONG_FILL
from cascade.formats.docx.house import HEAD_FILL, PAPER_MM
from cascade.formats.docx.ooxml import docx_bytes, source_datetime
from cascade.model.types import Settings


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


def _widths(t: Tabel, text_mm: float) -> list[float]:
    n = len(t.kepala)
    weights = list(t.lebar) if len(t.lebar) == n else [1.2 if i >= t.angka_mulai else 3.0 for i in range(n)]
    return [text_mm * w / sum(weights) for w in weights]


def _look(looks: dict, size: float, bold: bool, align):
    """An empty cell paragraph as the report formats its cells: no space after it, aligned, one run in
    `size` and `bold`. Formatting every cell through python-docx took ~0.5 ms a cell (seconds for a
    large OPD's evaluation), so each look is formatted once per document and copied (`_fill_cell`)."""
    look = looks.get((size, bold, align))
    if look is None:
        para = Paragraph(OxmlElement("w:p"), None)
        para.alignment = align
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run()
        run.font.size = Pt(size)
        run.bold = bold
        look = looks[size, bold, align] = para._p
    return look


def _fill_cell(cell, look, text: str, fill: str | None) -> None:
    """`cell`'s paragraph: a copy of `look` with one run per line of `text`; the cell shaded with `fill`."""
    p = copy.deepcopy(look)
    cell._tc.replace(cell._tc.p_lst[0], p)
    lines = text.split("\n")
    blank = p.r_lst[0]
    p.extend([copy.deepcopy(blank) for _ in lines[1:]])
    para = Paragraph(p, cell)
    for i, (r, line) in enumerate(zip(p.r_lst, lines)):
        run = Run(r, para)
        run.text = line  # python-docx escapes it and writes a tab or line break as w:tab, w:br
        if i < len(lines) - 1:
            run.add_break()
    if fill is not None:
        cell._tc.get_or_add_tcPr().append(
            OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}))


def _add_table(doc, t: Tabel, size: float, text_mm: float, grid_style: str, looks: dict) -> None:
    """The table, then an empty paragraph. Word reads the grid, LibreOffice the cells: both get the widths."""
    if t.judul:
        doc.add_paragraph().add_run(t.judul).bold = True
    table = doc.add_table(rows=1 + len(t.baris), cols=len(t.kepala))
    table._tbl.tblStyle_val = grid_style  # = table.style, without looking the style up again
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in _widths(t, text_mm)]
    for column, width in zip(table.columns, widths):
        column.width = width
    rows = iter(table.rows)
    head = next(rows)
    mark = OxmlElement("w:tblHeader", {qn("w:val"): "true"})  # a long table repeats its header on every page
    head._tr.get_or_add_trPr().append(mark)
    for cell, text, width in zip(head.cells, t.kepala, widths):
        cell.width = width
        _fill_cell(cell, _look(looks, size, True, WD_ALIGN_PARAGRAPH.CENTER), text, HEAD_FILL)
    aligns = [WD_ALIGN_PARAGRAPH.RIGHT if i >= t.angka_mulai else WD_ALIGN_PARAGRAPH.LEFT for i in range(len(widths))]
    for row, tr in zip(t.baris, rows):
        usual = STRONG_FILL if row.tegas else None
        for i, cell in enumerate(tr.cells):
            cell.width = widths[i]
            if i < len(row.sel):  # a row of fewer values leaves the table's other cells empty
                _fill_cell(cell, _look(looks, size, row.tegas, aligns[i]), row.sel[i], row.warna.get(i, usual))
    doc.add_paragraph()


def landscape_document(settings: Settings, margin_mm: float):
    """An empty python-docx document, landscape on the Pemda's paper, and its text width in mm."""
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
    return doc, long - 2 * margin_mm


_STYLES = (("Title", WD_STYLE_TYPE.PARAGRAPH), *((f"Heading {n}", WD_STYLE_TYPE.PARAGRAPH) for n in range(1, 10)),
           ("Table Grid", WD_STYLE_TYPE.TABLE))


def docx(items: list, settings: Settings, day: dt.date, margin_mm: float = 20) -> bytes:
    """A landscape document on the Pemda's paper (wide tables: primer §7), dated from the data."""
    doc, text_mm = landscape_document(settings, margin_mm)
    # python-docx reads every style of the document to find one: each is looked up once
    style_id = {name: doc.part.get_style_id(name, kind) for name, kind in _STYLES}
    title, looks = "", {}
    for b in items:
        if isinstance(b, Judul):  # = add_paragraph(text, style)
            doc.add_paragraph(b.teks)._p.style = style_id["Title" if b.tingkat == 0 else f"Heading {b.tingkat}"]
            title = title or b.teks
        elif isinstance(b, Paragraf):
            doc.add_paragraph(b.teks)
        else:
            _add_table(doc, b, 7 if len(b.kepala) > 10 else 8, text_mm, style_id["Table Grid"], looks)
    return docx_bytes(doc, source_datetime(day), title)
