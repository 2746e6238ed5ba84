"""Generate the report template templates/laporan/laporan.docx from the house style.

`.venv/bin/python tools/make_report_templates.py` writes it; the lead re-runs it after changes to
cascade/formats/docx/house.py, so this script is the whole truth of the committed template. A Pemda
restyles its own copy (templates/laporan/laporan.docx in its repository) in Word: styles, header,
footer and margins; Cascade fills the body (the keselarasan report and every evaluasi report) and
applies the paper, font and size of `dokumen:` in pemda.yaml over it.

The body written here only shows each style the reports use, so a planner sees what to restyle;
Cascade empties the body before filling it. "{{ judul }}" in the header becomes the report's title.
"""
from __future__ import annotations

import datetime as dt
import os
import sys

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from cascade.formats.docx import house, ooxml  # noqa: E402
from cascade.formats.docx.report import TITLE_MARK  # noqa: E402

OUT = os.path.join(ROOT, "templates", "laporan")


def _first_page_footer(section) -> None:
    """The first page (with the kop) carries no running header but keeps its page number."""
    section.different_first_page_header_footer = True
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = "Footer"
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    house.field(p, "PAGE")
    header = section.first_page_header
    header.is_linked_to_previous = False
    header.paragraphs[0].style = "Header"


def _sample_table(doc) -> None:
    table = doc.add_table(rows=2, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("Uraian", "Satuan", "Target")):
        cell.paragraphs[0].style = "Judul Tabel"
        cell.paragraphs[0].add_run(text)
    for cell, text, style in zip(table.rows[1].cells, ("Contoh isi tabel", "%", "1.250.000"),
                                 ("Isi Tabel", "Isi Tabel", "Isi Tabel Angka")):
        cell.paragraphs[0].style = style
        cell.paragraphs[0].add_run(text)
    for cell, width in zip(table.columns, (Mm(120), Mm(30), Mm(40))):
        cell.width = width


def laporan():
    doc = house.base_document("F4", landscape=True)
    house.plain_defaults(doc)
    section = doc.sections[0]
    house.running_header(section, TITLE_MARK)
    house.page_number_footer(section)
    _first_page_footer(section)
    doc.add_paragraph("Contoh Judul Laporan", style="Title")
    doc.add_paragraph("1. Contoh Judul Bagian", style="Heading 1")
    doc.add_paragraph("Contoh teks laporan. Cascade mengosongkan isi templat ini lalu mengisinya dengan laporan; "
                      "gaya yang diubah di sini (huruf, jarak, warna) dipakai semua laporan.")
    doc.add_paragraph("1.1 Contoh Sub Bagian", style="Heading 2")
    doc.add_paragraph("Tabel 1.1 Contoh Judul Tabel", style="Caption")
    _sample_table(doc)
    doc.add_paragraph()
    house.pengesahan(doc, "Tempat, tanggal", "Jabatan Penanda Tangan", "Nama Penanda Tangan", "Pangkat (Golongan)",
                     "00000000 000000 0 000", width_mm=house.text_width_mm("F4", True))
    return doc


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    data = ooxml.docx_bytes(laporan(), dt.datetime(2025, 1, 1), title="Templat Laporan Cascade")
    with open(os.path.join(OUT, "laporan.docx"), "wb") as fh:
        fh.write(data)
    print("ditulis templates/laporan/laporan.docx")


if __name__ == "__main__":
    main()
