"""Lay the evaluation blocks out as a landscape Word document with python-docx.

Every string goes through `add_run`, which escapes it; capaian cells are shaded with their
category colour, as in the coloured tree.
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

from ..model.types import Settings
from .evaluasi_isi import Judul, Paragraf, Tabel
from .ooxml import docx_bytes, source_datetime

PAPER_MM = {"A4": (210, 297), "F4": (210, 330)}  # primer §7
HEAD_FILL = "D9D9D9"
STRONG_FILL = "F2F2F2"
MARGIN_MM = 15


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


def _cell(cell, text: str, size: float, bold: bool, align) -> None:
    lines = text.split("\n")
    para = cell.paragraphs[0]
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    for i, line in enumerate(lines):
        run = para.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold
        if i < len(lines) - 1:
            run.add_break()


def _table(doc, t: Tabel, size: float, text_mm: float) -> None:
    cap = doc.add_paragraph()
    run = cap.add_run(t.judul)
    run.bold = True
    table = doc.add_table(rows=1, cols=len(t.kepala))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, text in enumerate(t.kepala):
        cell = table.rows[0].cells[i]
        _cell(cell, text, size, True, WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, HEAD_FILL)
    _repeat_header(table.rows[0])
    for row in t.baris:
        cells = table.add_row().cells
        for i, text in enumerate(row.sel):
            align = WD_ALIGN_PARAGRAPH.RIGHT if i >= t.angka_mulai else WD_ALIGN_PARAGRAPH.LEFT
            _cell(cells[i], text, size, row.tegas, align)
            if i in row.warna:
                _shade(cells[i], row.warna[i])
            elif row.tegas:
                _shade(cells[i], STRONG_FILL)
    # Word reads the grid, LibreOffice the cells: set both so the columns look the same in either.
    total = sum(t.lebar)
    for i, weight in enumerate(t.lebar):
        width = Mm(text_mm * weight / total)
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
    doc.add_paragraph()


def docx(items: list, settings: Settings, day: dt.date) -> bytes:
    doc = Document()
    section = doc.sections[0]
    short, long = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])
    # Landscape: the tables carry quarters, budgets and, in E.80, every year of the period so far.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(long), Mm(short)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(15)
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
            _table(doc, b, 7 if len(b.kepala) > 10 else 8, long - 2 * MARGIN_MM)
    return docx_bytes(doc, source_datetime(day), title)
