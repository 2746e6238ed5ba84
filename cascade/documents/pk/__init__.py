"""Perjanjian Kinerja (issue 5): one .docx per official who owns cascading nodes in the year, the
combined set in hierarchy order, and the kepala daerah's own one-party PK for the Pemda.

The data comes from `pk_data` (a projection of the cascading), the wording and layout from the Word
templates in templates/pk/, so a Pemda can adopt its own Perkada wording without touching code.
"""
from __future__ import annotations

import datetime as dt

from cascade.documents import Job, Output, PemdaJob
from cascade.documents.pk.data import PerjanjianKinerja, build_all, build_pemda_pk
from cascade.documents.pk.template import render_docx, template_path
from cascade.fmt import tanggal
from cascade.formats.docx.widths import packed_lines
from cascade.model.types import Opd, Pemda

OPD_TEMPLATE = "pk-opd.docx"
PEMDA_TEMPLATE = "pk-kepala-daerah.docx"


def _common(pemda: Pemda, tahun: int, perubahan: bool, day: dt.date | None = None) -> dict:
    day = day or pemda.settings.pk_date(tahun)
    return {
        "tahun": tahun,
        "perubahan": perubahan,
        "pemerintah": f"PEMERINTAH {pemda.nama.upper()}",
        "pemda_kapital": pemda.nama.upper(),
        "tempat_tanggal": f"{pemda.settings.tempat}, {tanggal(day)}",
    }


NBSP = "\u00a0"


# The kop's text cell in templates/pk/pk-opd.docx (8277 twips less the cell margins) and its "Kop Alamat"
# size: the contact line is laid out in lines that fit it
KOP_TEXT_PT = 400.0
KOP_ALAMAT_PT = 9.0


def _opd_context(opd: Opd, font: str) -> dict:
    # each item kept whole (no-break spaces inside) and the items put on lines that fit the kop, so a
    # line breaks only between items and never ends on a dangling "·" (Word's own wrapping did)
    kontak = [f"{label}: {value}".replace(" ", NBSP) for label, value in
              (("Telepon", opd.telepon), ("Pos-el", opd.email), ("Laman", opd.laman)) if value]
    lines = packed_lines(kontak, " · ", KOP_TEXT_PT, font, KOP_ALAMAT_PT)
    return {"nama": opd.nama, "nama_kapital": opd.nama.upper(), "alamat": opd.alamat, "kontak": "\n".join(lines)}


def context(job: Job, daftar: list[PerjanjianKinerja], perubahan: bool = False, day: dt.date | None = None) -> dict:
    return {**_common(job.repo.pemda, job.tahun, perubahan, day), "opd": _opd_context(job.opd, job.repo.pemda.settings.huruf),
            "daftar_pk": daftar}


def render(job: Job) -> list[Output]:
    """The PK murni under pk/<tahun>/ and, when the data dates one, the PK Perubahan under pk/<tahun>/perubahan/."""
    outputs = []
    for day, perubahan in job.repo.pemda.settings.pk_dates(job.tahun):
        outputs += render_signing(job, day, perubahan)
    return outputs


def render_signing(job: Job, day: dt.date, perubahan: bool = False) -> list[Output]:
    pemda = job.repo.pemda
    settings = pemda.settings
    daftar = build_all(job.opd, pemda, job.tahun, day, perubahan)
    if not daftar:
        return []
    path = template_path(job.repo.root, OPD_TEMPLATE)
    folder = f"pk/{job.tahun}" + ("/perubahan" if perubahan else "")
    outputs = []
    for pk in daftar:
        data = render_docx(path, context(job, [pk], perubahan, day), settings, day,
                           f"Perjanjian Kinerja {job.tahun} {pk.pertama.jabatan}", job.repo.root)
        outputs.append(Output(f"{folder}/{pk.berkas}.docx", data))
    # The combined set renders the same template in a loop rather than merging files: merged
    # .docx files lose styles and section settings (docxtpl #40), a loop cannot.
    data = render_docx(path, context(job, daftar, perubahan, day), settings, day,
                       f"Perjanjian Kinerja {job.tahun} {job.opd.nama}", job.repo.root)
    outputs.append(Output(f"{folder}/pk-{job.opd.key}-semua.docx", data))
    return outputs


def render_pemda(job: PemdaJob) -> list[Output]:
    pemda = job.repo.pemda
    outputs = []
    for day, perubahan in pemda.settings.pk_dates(job.tahun):
        ctx = {**_common(pemda, job.tahun, perubahan, day), "pk": build_pemda_pk(job.repo, job.tahun, day, perubahan)}
        data = render_docx(template_path(job.repo.root, PEMDA_TEMPLATE), ctx, pemda.settings, day,
                           f"Perjanjian Kinerja {job.tahun} {pemda.nama}", job.repo.root)
        folder = f"pk/{job.tahun}" + ("/perubahan" if perubahan else "")
        outputs.append(Output(f"{folder}/pk-kepala-daerah.docx", data))
    return outputs
