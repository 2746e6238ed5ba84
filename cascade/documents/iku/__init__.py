"""IKU documents (issue 28) of one OPD (build/<opd>/iku/) and of the Pemda (build/pemda/iku/):

    iku/tabel-iku.docx   Tabel IKU, signed by the Kepala OPD (the Kepala Daerah for the Pemda)
    iku/tabel-iku.xlsx   the same table as a worksheet
    iku/manual-iku.docx  Manual IKU, one page per IKU, signed likewise
    iku/kke-1.xlsx       KKE 1: indicators and targets, with empty columns for the evaluator
    iku/kke-5.xlsx       KKE 5: each indicator's formula components and their sources

They cover the whole period, so they do not depend on the year being built; their date is the
Renstra's (dokumen.tanggal_renstra).
"""
from __future__ import annotations

from cascade.documents import Job, Output, PemdaJob
from cascade.documents.iku import isi as iku_isi
from cascade.documents.iku import kke, manual, tabel
from cascade.formats.docx import ooxml
from cascade.formats.docx.report import docx
from cascade.formats.xlsx import workbook_bytes

FOLDER = "iku"


def _outputs(isi: iku_isi.IsiIku, root: str, draf: bool) -> list[Output]:
    settings = isi.pemda.settings
    when = ooxml.source_datetime(isi.tanggal)
    out = [Output(f"{FOLDER}/tabel-iku.docx", docx(tabel.blocks(isi), settings, isi.tanggal, root,
                                                    f"IKU {isi.singkat} {isi.periode}")),
           Output(f"{FOLDER}/manual-iku.docx", docx(manual.blocks(isi), settings, isi.tanggal, root,
                                                     f"Manual IKU {isi.singkat} {isi.periode}"))]
    books = [("tabel-iku.xlsx", tabel.sheet(isi, draf), tabel.judul(isi)),
             ("kke-1.xlsx", kke.kke1(isi, draf), f"KKE 1 Indikator Kinerja dan Target {isi.pemilik}"),
             ("kke-5.xlsx", kke.kke5(isi, draf), f"KKE 5 Komponen dan Sumber Data Indikator {isi.pemilik}")]
    return out + [Output(f"{FOLDER}/{name}", workbook_bytes([sheet], settings, when, title))
                  for name, sheet, title in books]


def render(job: Job) -> list[Output]:
    return _outputs(iku_isi.dari_opd(job.repo, job.opd), job.repo.root, job.draf)


def render_pemda(job: PemdaJob) -> list[Output]:
    return _outputs(iku_isi.dari_pemda(job.repo), job.repo.root, job.draf)
