"""Rencana Aksi (issue 28): the quarterly breakdown of each Perjanjian Kinerja, written beside it as
pk/<tahun>/<jabatan>-rencana-aksi.docx.

A separate document, not a lampiran of the PK: the PK is signed by two parties once a year from the
Pemda's own Perkada wording (templates/pk/), while the Rencana Aksi is the official's working plan,
landscape for its quarter columns, signed by the official alone and revised during the year without
re-issuing the signed PK. Its rows are the PK's own indicators (cascade/model/perjanjian.py), its
quarterly targets and actions come from data/opd/<opd>/rencana-aksi/<tahun>.yaml. Like the PK, a draft
plan gets none: nobody signs a plan that is not final.

Only the PK murni's: in this data a PK Perubahan changes amounts, never targets, so its Rencana Aksi
would repeat this one under a later date, at the cost of a second set of documents in every build.
"""
from __future__ import annotations

import datetime as dt

from cascade.documents import Job, Output, resmi
from cascade.documents.pk.data import build_pk, file_names, hierarchy
from cascade.documents.rencana_aksi.isi import blocks
from cascade.formats.docx import report as laporan
from cascade.model.perjanjian import owners
from cascade.model.rencana_aksi import by_year

SUFFIX = "-rencana-aksi"


def render(job: Job) -> list[Output]:
    plan = by_year(job.opd.rencana_aksi).get(job.tahun)
    if plan is None:  # no rencana-aksi/<tahun>.yaml: no document of "-" cells
        return []
    return render_signing(job, plan, job.repo.pemda.settings.pk_date(job.tahun), False)


def render_signing(job: Job, plan, day: dt.date, perubahan: bool) -> list[Output]:
    pemda, opd = job.repo.pemda, job.opd
    owning = owners(opd, job.tahun)
    chosen = [j for j in hierarchy(opd) if j.id in owning]
    names = file_names(chosen)
    folder = f"pk/{job.tahun}" + ("/perubahan" if perubahan else "")
    kop = resmi.kop(pemda, opd, job.repo.root)
    outputs = []
    for no, jabatan in enumerate(chosen, 1):
        pk = build_pk(opd, pemda, jabatan, job.tahun, no, day, perubahan, names[jabatan.id])
        items = blocks(pemda, opd, jabatan, pk, plan, job.tahun, day, perubahan, kop)
        if items is None:  # none of this PK's indicators is planned yet (R139 tells which)
            continue
        title = f"Rencana Aksi {job.tahun} {pk.pertama.jabatan}"
        data = laporan.docx(items, pemda.settings, day, job.repo.root, title)
        outputs.append(Output(f"{folder}/{pk.berkas}{SUFFIX}.docx", data))
    return outputs
