"""Evaluation of one OPD for one year (issue 7): `python -m cascade evaluasi` / `make evaluasi`.

Writes under evaluasi/<tahun>/: the Word evaluation document, the pohon kinerja coloured by capaian
category (SVG, PNG, DOT) and `di-bawah-target.md`; the CLI prints the same below-target list. All of
it comes from one computation (cascade/model/capaian.py), so the outputs cannot disagree.
"""
from __future__ import annotations

import datetime as dt

from cascade.documents import Job, Output, resmi
from cascade.documents.evaluasi import isi as evaluasi_isi
from cascade.documents.evaluasi import pohon as evaluasi_pohon
from cascade.documents.evaluasi.isi import (
    jalur,
    penanggung_jawab,
    persen,
    realisasi_text,
)
from cascade.fmt import angka, target
from cascade.formats.docx import report as laporan
from cascade.model.capaian import (
    KATEGORI_LABEL,
    EvaluasiTahun,
    evaluate,
    evaluate_period,
)
from cascade.model.capaian_triwulan import evaluate_triwulan
from cascade.model.nomor import opd_nomor


def folder(tahun: int) -> str:
    return f"evaluasi/{tahun}"


def daftar_di_bawah_target(job: Job, ev: EvaluasiTahun | None = None, for_print: bool = False) -> list[str]:
    """The below-target list as lines of text, worst first, then the indicators without data. The
    command line names indicators and nodes by their ids, which a planner looks up in the data;
    `for_print` (the Markdown file) names them as the documents do."""
    ev = ev or evaluate(job.repo.pemda, job.opd, job.tahun)
    jabatan = job.opd.jabatan_by_id()
    nomor = opd_nomor(job.opd) if for_print else None
    below = ev.di_bawah_target()
    when = f" (sementara, s.d. triwulan {evaluasi_pohon.ROMAN[ev.sampai_triwulan]})" if ev.sampai_triwulan else ""
    lines = [f"Indikator di bawah target tahun {ev.tahun}{when}: {len(below)}, dari capaian terendah"]
    for i, (e, c) in enumerate(below, start=1):
        ind = c.indikator
        name = ind.nama if for_print else f"{ind.id} {ind.nama}"
        lines.append(f"{i:>3}. {persen(c.persen)} % {KATEGORI_LABEL[c.kategori].lower()} — {name}: "
                     f"realisasi {realisasi_text(c)} dari target {target(c.target, ind.satuan, True)}")
        lines.append(f"     {'bagian dari' if for_print else 'jalur'}: {jalur(e, nomor)}")
        lines.append(f"     penanggung jawab: {penanggung_jawab(e.node, jabatan, ev.tahun)}")
    missing = ev.belum_ada_data()
    if missing:
        lines.append(f"Belum ada data realisasi ({len(missing)}): "
                     + ", ".join(c.indikator.nama if for_print else c.indikator.id for _, c in missing))
    return lines


def _markdown(lines: list[str]) -> bytes:
    return ("# " + lines[0] + "\n\n```\n" + "\n".join(lines[1:]) + "\n```\n").encode("utf-8")


def render(job: Job) -> list[Output]:
    pemda, opd = job.repo.pemda, job.opd
    ev = evaluate(pemda, opd, job.tahun)
    period = evaluate_period(pemda, opd, job.tahun)
    base = folder(job.tahun)
    day = dt.date(job.tahun, 12, 31)
    blocks = evaluasi_isi.blocks(pemda, opd, ev, period, resmi.kop(pemda, opd, job.repo.root),
                                 resmi.pengesahan(pemda, opd, day), evaluate_triwulan(pemda, opd, job.tahun))
    doc = laporan.docx(blocks, pemda.settings, day, job.repo.root, f"Evaluasi Kinerja {opd.singkatan} Tahun {job.tahun}")
    out = [Output(f"{base}/evaluasi-{opd.key}-{job.tahun}.docx", doc),
           Output(f"{base}/di-bawah-target.md", _markdown(daftar_di_bawah_target(job, ev, for_print=True)))]
    return out + evaluasi_pohon.outputs(job.repo, opd, ev, f"{base}/pohon", job.dot_cache)


__all__ = ["render", "daftar_di_bawah_target", "folder", "angka"]
