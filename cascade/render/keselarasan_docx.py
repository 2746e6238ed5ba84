"""Lay the keselarasan blocks out as a landscape Word document with python-docx.

Every string goes through `add_run`, which escapes it, so "R&D" or "<b>" in the data stays text.
"""
from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..model.types import Pemda
from .ooxml import docx_bytes, source_datetime

PAPER_MM = {"A4": (210, 297), "F4": (210, 330)}  # primer §7: F4/Folio common, A4 also used
HEAD_FILL = "D9D9D9"
STRONG_FILL = "F2F2F2"


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    # A long table continues on the next page; its header row should too.
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _cell(cell, text: str, size: float, bold: bool, right: bool) -> None:
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _widths(block, text_mm: float) -> list[float]:
    n = len(block.kepala)
    weights = list(block.lebar) if len(block.lebar) == n else [1.2 if i >= block.angka_mulai else 3.0 for i in range(n)]
    return [text_mm * w / sum(weights) for w in weights]


def _table(doc, block, size: float, text_mm: float) -> None:
    table = doc.add_table(rows=1, cols=len(block.kepala))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, text in enumerate(block.kepala):
        cell = table.rows[0].cells[i]
        _cell(cell, text, size, True, False)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, HEAD_FILL)
    _repeat_header(table.rows[0])
    for row in block.baris:
        cells = table.add_row().cells
        for i, text in enumerate(row.sel):
            _cell(cells[i], text, size, row.tegas, i >= block.angka_mulai)
            if row.tegas:
                _shade(cells[i], STRONG_FILL)
    # Word reads the grid, LibreOffice the cells: set both so the columns look the same in either.
    for i, width in enumerate(_widths(block, text_mm)):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    doc.add_paragraph()


def docx(items: list, pemda: Pemda, day: dt.date) -> bytes:
    from .keselarasan import Judul, Paragraf

    settings = pemda.settings
    doc = Document()
    section = doc.sections[0]
    short, long = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])
    # Landscape: the side-by-side tables carry five years of targets (primer §7: wide tables landscape).
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(long), Mm(short)
    margin = 20
    section.left_margin = section.right_margin = Mm(margin)
    section.top_margin = section.bottom_margin = Mm(20)
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
            _table(doc, b, 8, long - 2 * margin)
    return docx_bytes(doc, source_datetime(day), title)
