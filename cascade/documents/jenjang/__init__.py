"""Penjenjangan kinerja (issue 28): who answers for what, from the Kepala OPD down to every official.

    penjenjangan/penjenjangan-kinerja-<opd>-<tahun>.docx   the matriks, signed by the Kepala OPD
    penjenjangan/penjenjangan-kinerja-<opd>-<tahun>.xlsx   the same rows as a worksheet
    skp/<tahun>/<jabatan>.xlsx                             an SKP-ready sheet per official (PermenPANRB 6/2022)

Both follow the PK of the year (cascade/model/jenjang.py reads the same rows), dated with the PK; like
the PK they are not built for a draft plan.
"""
from __future__ import annotations

from cascade.documents import Job, Output, resmi
from cascade.documents.jenjang import matriks, skp
from cascade.documents.pk.data import file_names
from cascade.formats.docx import ooxml
from cascade.formats.docx import report as laporan
from cascade.formats.xlsx import workbook_bytes


def render(job: Job) -> list[Output]:
    pemda, opd, tahun = job.repo.pemda, job.opd, job.tahun
    day = pemda.settings.pk_date(tahun)
    when = ooxml.source_datetime(day)
    base = f"penjenjangan/penjenjangan-kinerja-{opd.key}-{tahun}"
    blocks = matriks.blocks(pemda, opd, tahun, day, resmi.kop(pemda, opd, job.repo.root), resmi.pengesahan(pemda, opd, day))
    title = matriks.judul(opd, tahun)
    outputs = [
        Output(f"{base}.docx", laporan.docx(blocks, pemda.settings, day, job.repo.root,
                                            f"Penjenjangan Kinerja {opd.singkatan or opd.nama} Tahun {tahun}")),
        Output(f"{base}.xlsx", workbook_bytes([matriks.sheet(pemda, opd, tahun, day)], pemda.settings, when, title)),
    ]
    sheets = skp.officials(pemda, opd, tahun, day)
    names = file_names([s.jabatan for s in sheets])  # named as the PKs are: by jabatan
    for s in sheets:
        data = workbook_bytes([skp.sheet(s, pemda, opd, tahun, day)], pemda.settings, when,
                              f"Sasaran Kinerja Pegawai {tahun} {s.pegawai.nama}")
        outputs.append(Output(f"skp/{tahun}/{names[s.jabatan.id]}.xlsx", data))
    return outputs
