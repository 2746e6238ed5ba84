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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

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


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    mark = OxmlElement("w:tblHeader")  # a long table repeats its header on every page
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


@functools.lru_cache(maxsize=None)
def _formats(size: float, bold: bool, align) -> tuple:
    """A cell paragraph's pPr and a run's rPr, made once through python-docx and then copied into
    every cell: setting them run by run is most of a 40-OPD report's time (`make bench`)."""
    para = Document().add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run("")
    run.font.size = Pt(size)
    run.bold = bold
    return para._p.pPr, run._r.rPr


def _cell(cell, text: str, size: float, bold: bool, align) -> None:
    p_pr, r_pr = _formats(size, bold, align)
    para = cell.paragraphs[0]._p
    para.insert(0, deepcopy(p_pr))
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = OxmlElement("w:r")
        run.append(deepcopy(r_pr))
        run.text = line  # python-docx's CT_R: w:t (escaped by lxml), w:tab for tabs
        if i < len(lines) - 1:
            run.append(OxmlElement("w:br"))
        para.append(run)


def _widths(t: Tabel, text_mm: float) -> list[float]:
    n = len(t.kepala)
    weights = list(t.lebar) if len(t.lebar) == n else [1.2 if i >= t.angka_mulai else 3.0 for i in range(n)]
    return [text_mm * w / sum(weights) for w in weights]


def _table(doc, t: Tabel, size: float, text_mm: float) -> None:
    if t.judul:
        doc.add_paragraph().add_run(t.judul).bold = True
    table = doc.add_table(rows=1, cols=len(t.kepala))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the grid, LibreOffice the cells: set both so the columns look the same in either
    # (cell by cell as rows are added: column.cells re-reads the whole table each time).
    widths = [Mm(w) for w in _widths(t, text_mm)]
    for column, width in zip(table.columns, widths):
        column.width = width
    for i, text in enumerate(t.kepala):
        cell = table.rows[0].cells[i]
        cell.width = widths[i]
        _cell(cell, text, size, True, WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, HEAD_FILL)
    _repeat_header(table.rows[0])
    for row in t.baris:
        cells = table.add_row().cells
        for i, text in enumerate(row.sel):
            cells[i].width = widths[i]
            align = WD_ALIGN_PARAGRAPH.RIGHT if i >= t.angka_mulai else WD_ALIGN_PARAGRAPH.LEFT
            _cell(cells[i], text, size, row.tegas, align)
            if i in row.warna:
                _shade(cells[i], row.warna[i])
            elif row.tegas:
                _shade(cells[i], STRONG_FILL)
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
    title = ""
    for b in items:
        if isinstance(b, Judul):
            doc.add_heading(b.teks, level=b.tingkat)
            title = title or b.teks
        elif isinstance(b, Paragraf):
            doc.add_paragraph(b.teks)
        else:
            size = 7 if len(b.kepala) > 10 else 8
            _table(doc, b, size, long - 2 * margin_mm)
    return docx_bytes(doc, source_datetime(day), title)
