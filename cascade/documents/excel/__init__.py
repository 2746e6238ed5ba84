"""Excel workbooks planners exchange with Bappeda, the Inspektorat and SIPD data entry.

    excel/t-c-27.xlsx              T-C.27, the same rows, merges and totals as BAB VI
    excel/t-c-25.xlsx              T-C.25, the same rows as BAB IV
    excel/matriks-cascading.xlsx   RPJMD → tujuan/sasaran PD → program → kegiatan → sub kegiatan

Cells hold real numbers with display formats, so Excel can sum and filter them; the dates inside the
files come from the data (or SOURCE_DATE_EPOCH), so a rebuild gives the same bytes.
"""
from __future__ import annotations

from dataclasses import replace

from cascade.documents import Job, Output
from cascade.documents.excel import matriks as excel_matriks
from cascade.documents.excel import tabel_tc as excel_tabel
from cascade.documents.renstra.tabel_tc import common_context, renstra_date
from cascade.fmt import judul_draf
from cascade.formats.docx import ooxml
from cascade.formats.xlsx import workbook_bytes


def render(job: Job) -> list[Output]:
    pemda, opd = job.repo.pemda, job.opd
    when = ooxml.source_datetime(renstra_date(pemda))
    periode = common_context(pemda, opd)["periode"]
    books = [
        ("excel/t-c-27.xlsx", excel_tabel.tc27(pemda, opd), "T-C.27 Rencana Program, Kegiatan, dan Pendanaan"),
        ("excel/t-c-25.xlsx", excel_tabel.tc25(pemda, opd), "T-C.25 Tujuan dan Sasaran Jangka Menengah"),
        ("excel/matriks-cascading.xlsx", excel_matriks.sheet(pemda, opd, job.tahun), "Matriks Cascading Kinerja"),
    ]
    return [Output(path, workbook_bytes([_titled(sheet, job.draf)], pemda.settings, when,
                                        judul_draf(f"{title} — {opd.nama} {periode}", job.draf)))
            for path, sheet, title in books]


def _titled(sheet, draf: bool):
    return replace(sheet, heading=(judul_draf(sheet.heading[0], draf), *sheet.heading[1:])) if draf else sheet
