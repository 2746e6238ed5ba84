"""A real, incomplete plan (issue 26): the example's Bappeda made a draft with targets not yet set, a
baseline not available, a one-level scale and a program that so far holds only its pagu."""
from __future__ import annotations

import os
import shutil

from conftest import copy_example, mutate

OPD = "bappeda"
PROGRAM = "data/opd/bappeda/program/5.01.02-perencanaan.yaml"

# a program known only by its indicator and its pagu: no kegiatan, no sub kegiatan yet
PROGRAM_TEXT = """\
program:
  id: P-BPPE
  kode: "5.01.02"
  nama: PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH
  sasaran: BS1
  uraian: Meningkatnya kualitas dan konsistensi dokumen perencanaan pembangunan daerah
  penanggung_jawab: kabid-perencanaan
  indikator:
    - id: P-BPPE-I1
      nama: Persentase dokumen perencanaan pembangunan daerah yang ditetapkan tepat waktu
      satuan: "%"
      polaritas: positif
      pola_ukur: posisi
      baseline: {tahun: 2024, nilai: 80}
      target: {2025: 100, 2026: 100, 2027: 100, 2028: 100, 2029: 100}
  pagu: {2025: 777000000, 2026: 0, 2027: 0, 2028: 0, 2029: 0}
"""


def draf_repo(dest, status: bool = True) -> str:
    root = copy_example(dest)
    if status:
        mutate(root, "data/opd/bappeda/opd.yaml", "  singkatan: Bappeda\n", "  singkatan: Bappeda\n  status: draf\n")
    # tujuan targets set for 2025 only
    mutate(root, "data/opd/bappeda/renstra.yaml", "target: {2025: 70.5, 2026: 73, 2027: 76, 2028: 80.5, 2029: 82}",
           "target: {2025: 70.5, 2026: null, 2027: null, 2028: null, 2029: null}")
    # no data for the baseline
    mutate(root, "data/opd/bappeda/renstra.yaml", "baseline: {tahun: 2024, nilai: 45}",
           "baseline: {tahun: 2024, nilai: null}")
    # a scale of one level
    mutate(root, "data/pemda.yaml", "skala:\n", "skala:\n  penetapan:\n    nama: Status penetapan\n    urutan: [Ditetapkan]\n")
    mutate(root, "data/opd/bappeda/renstra.yaml", "            sumber_data: Portal Satu Data Kota Arunika\n",
           "            sumber_data: Portal Satu Data Kota Arunika\n"
           "          - id: BS1-I3\n"
           "            nama: Status penetapan Rencana Kerja Pemerintah Daerah\n"
           "            satuan: Status\n"
           "            polaritas: positif\n"
           "            pola_ukur: rilis\n"
           "            skala: penetapan\n"
           "            baseline: {tahun: 2024, nilai: Ditetapkan}\n"
           "            target: {2025: Ditetapkan, 2026: Ditetapkan, 2027: Ditetapkan, 2028: Ditetapkan, 2029: Ditetapkan}\n")
    with open(os.path.join(root, PROGRAM), encoding="utf-8") as fh:
        header = "".join(line for line in fh if line.startswith("#"))
    with open(os.path.join(root, PROGRAM), "w", encoding="utf-8") as fh:
        fh.write(header + PROGRAM_TEXT)
    # the example's Rencana Aksi details the kegiatan this program no longer has (and a draft signs no PK)
    shutil.rmtree(os.path.join(root, "data", "opd", OPD, "rencana-aksi"))
    return root
