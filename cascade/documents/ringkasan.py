"""A short Indonesian summary of one OPD: counts of nodes and indicators, pagu per year."""
from __future__ import annotations

from cascade.documents import Job, Output
from cascade.fmt import judul_draf, rupiah
from cascade.model.types import LEVEL_LABEL, LEVELS


def render(job: Job) -> list[Output]:
    opd, pemda = job.opd, job.repo.pemda
    nodes = list(opd.nodes())
    lines = [
        "# " + judul_draf(f"Ringkasan Renstra {opd.nama} {pemda.nama}", job.draf),
        "",
        f"Periode: {pemda.periode[0]}–{pemda.periode[1]} · tahun yang dibangun: {job.tahun}",
        "",
        "| Tingkat | Jumlah simpul | Jumlah indikator |",
        "|---|---:|---:|",
    ]
    for level in LEVELS:
        at_level = [n for n in nodes if n.level == level]
        lines.append(f"| {LEVEL_LABEL[level]} | {len(at_level)} | {sum(len(n.indikator) for n in at_level)} |")
    lines += ["", "| Tahun | Pagu indikatif |", "|---|---:|"]
    total = 0
    for year in pemda.years:
        amount = sum(t.pagu.get(year, 0) for t in opd.tujuan)
        total += amount
        lines.append(f"| {year} | {rupiah(amount)} |")
    lines += [f"| Jumlah | {rupiah(total)} |", "", f"Jabatan: {len(opd.jabatan)}", ""]
    return [Output("ringkasan.md", "\n".join(lines).encode("utf-8"))]
