"""Perjanjian Kinerja (issue 5): one .docx per official who owns cascading nodes in the year, the
combined set in hierarchy order, and the kepala daerah's own one-party PK for the Pemda.

The data comes from `pk_data` (a projection of the cascading), the wording and layout from the Word
templates in templates/pk/, so a Pemda can adopt its own Perkada wording without touching code.
"""
from __future__ import annotations

from ..fmt import tanggal
from ..model.types import Opd, Pemda
from . import Job, Output, PemdaJob
from .pk_data import PerjanjianKinerja, build_all, build_pemda_pk
from .pk_docx import render_docx, template_path

OPD_TEMPLATE = "pk-opd.docx"
PEMDA_TEMPLATE = "pk-kepala-daerah.docx"


def _common(pemda: Pemda, tahun: int, perubahan: bool) -> dict:
    day = pemda.settings.pk_date(tahun)
    return {
        "tahun": tahun,
        "perubahan": perubahan,
        "pemerintah": f"PEMERINTAH {pemda.nama.upper()}",
        "pemda_kapital": pemda.nama.upper(),
        "tempat_tanggal": f"{pemda.settings.tempat}, {tanggal(day)}",
    }


def _opd_context(opd: Opd) -> dict:
    kontak = [f"{label} {value}" for label, value in
              (("Telepon", opd.telepon), ("Pos-el", opd.email), ("Laman", opd.laman)) if value]
    return {"nama": opd.nama, "nama_kapital": opd.nama.upper(), "alamat": opd.alamat, "kontak": " · ".join(kontak)}


def context(job: Job, daftar: list[PerjanjianKinerja], perubahan: bool = False) -> dict:
    return {**_common(job.repo.pemda, job.tahun, perubahan), "opd": _opd_context(job.opd), "daftar_pk": daftar}


def render(job: Job, perubahan: bool = False) -> list[Output]:
    pemda = job.repo.pemda
    settings, day = pemda.settings, pemda.settings.pk_date(job.tahun)
    daftar = build_all(job.opd, pemda, job.tahun)
    if not daftar:
        return []
    path = template_path(job.repo.root, OPD_TEMPLATE)
    folder = f"pk/{job.tahun}"
    outputs = []
    for pk in daftar:
        data = render_docx(path, context(job, [pk], perubahan), settings, day,
                           f"Perjanjian Kinerja {job.tahun} {pk.pertama.jabatan}")
        outputs.append(Output(f"{folder}/{pk.nomor:02d}-{pk.jabatan_id}.docx", data))
    # The combined set renders the same template in a loop rather than merging files: merged
    # .docx files lose styles and section settings (docxtpl #40), a loop cannot.
    data = render_docx(path, context(job, daftar, perubahan), settings, day,
                       f"Perjanjian Kinerja {job.tahun} {job.opd.nama}")
    outputs.append(Output(f"{folder}/pk-{job.opd.key}-semua.docx", data))
    return outputs


def render_pemda(job: PemdaJob, perubahan: bool = False) -> list[Output]:
    pemda = job.repo.pemda
    ctx = {**_common(pemda, job.tahun, perubahan), "pk": build_pemda_pk(job.repo, job.tahun)}
    data = render_docx(template_path(job.repo.root, PEMDA_TEMPLATE), ctx, pemda.settings,
                       pemda.settings.pk_date(job.tahun), f"Perjanjian Kinerja {job.tahun} {pemda.nama}")
    return [Output(f"pk/{job.tahun}/pk-kepala-daerah.docx", data)]
