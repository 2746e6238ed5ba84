"""The full Kepmendagri list in data/referensi/nomenklatur.csv serves every OPD, not only the example's:
a Dinkes's real health codes validate without R012/R013, the bidang's supporting program is found
through the list's generic X.XX.01 rows, and a code the list implies without a row of its own (a
kegiatan known only as its sub kegiatan's parent) is known. A Pemda's own codes go in
data/referensi/nomenklatur-lokal.csv, each with a catatan (N020-N022)."""
from __future__ import annotations

import csv
import os
import shutil

import pytest
from conftest import ROOT, mutate, run_cli

REL = "data/referensi/nomenklatur.csv"
LOKAL = "data/referensi/nomenklatur-lokal.csv"
AWAS = "data/opd/inspektorat/program/6.01.02-pengawasan.yaml"

# Real codes and names of the Kepmendagri 900.1.15.5-1317/2023 list, copied from the decree's tables.
KESEHATAN = '''program:
  id: P-UKM
  kode: "1.02.02"
  nama: PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT
  sasaran: IS1
  uraian: Meningkatnya pelayanan kesehatan ibu dan anak
  penanggung_jawab: irban-1
  indikator:
    - id: P-UKM-I1
      nama: Persentase ibu hamil yang mendapat pelayanan kesehatan sesuai standar
      satuan: "%"
      polaritas: positif
      pola_ukur: posisi
      baseline: {tahun: 2024, nilai: 90}
      target: {2025: 92, 2026: 94, 2027: 96, 2028: 98, 2029: 100}
  kegiatan:
    - id: K-UKM-1
      kode: "1.02.02.2.02"
      nama: Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota
      uraian: Terlayaninya ibu hamil dan bayi baru lahir sesuai standar
      penanggung_jawab: auditor-madya
      indikator:
        - id: K-UKM-1-I1
          nama: Jumlah ibu hamil yang mendapat pelayanan kesehatan
          satuan: Orang
          polaritas: positif
          pola_ukur: hitungan
          baseline: {tahun: 2024, nilai: 5000}
          target: {2025: 5100, 2026: 5200, 2027: 5300, 2028: 5400, 2029: 5500}
      sub_kegiatan:
        - id: SK-UKM-1-1
          kode: "1.02.02.2.02.0001"
          nama: Pengelolaan Pelayanan Kesehatan Ibu Hamil
          penanggung_jawab: auditor-madya
          lokasi: Kota Arunika
          indikator:
            - id: SK-UKM-1-1-I1
              nama: Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan Sesuai Standar
              satuan: Orang
              polaritas: positif
              pola_ukur: hitungan
              baseline: {tahun: 2024, nilai: 5000}
              target: {2025: 5100, 2026: 5200, 2027: 5300, 2028: 5400, 2029: 5500}
          pagu: {2025: 420000000, 2026: 445000000, 2027: 465000000, 2028: 490000000, 2029: 510000000}
        - id: SK-UKM-1-2
          kode: "1.02.02.2.02.0003"
          nama: Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir
          penanggung_jawab: auditor-madya
          lokasi: Kota Arunika
          indikator:
            - id: SK-UKM-1-2-I1
              nama: Jumlah Bayi Baru Lahir yang Mendapatkan Pelayanan Kesehatan Sesuai Standar
              satuan: Orang
              polaritas: positif
              pola_ukur: hitungan
              baseline: {tahun: 2024, nilai: 4800}
              target: {2025: 4900, 2026: 5000, 2027: 5100, 2028: 5200, 2029: 5300}
          pagu: {2025: 100000000, 2026: 105000000, 2027: 110000000, 2028: 115000000, 2029: 120000000}
'''

PENUNJANG = '''program:
  id: P-PENUNJANG
  kode: "1.02.01"
  nama: PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA
  sasaran: IS1
  uraian: Terselenggaranya urusan penunjang perangkat daerah
  penanggung_jawab: irban-1
  indikator:
    - id: P-PENUNJANG-I1
      nama: Persentase dokumen perencanaan yang tepat waktu
      satuan: "%"
      polaritas: positif
      pola_ukur: posisi
      baseline: {tahun: 2024, nilai: 90}
      target: {2025: 100, 2026: 100, 2027: 100, 2028: 100, 2029: 100}
  kegiatan:
    - id: K-PENUNJANG-1
      kode: "1.02.01.2.01"
      nama: Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah
      uraian: Tersusunnya dokumen perencanaan
      penanggung_jawab: auditor-madya
      indikator:
        - id: K-PENUNJANG-1-I1
          nama: Jumlah dokumen perencanaan yang tersusun
          satuan: Dokumen
          polaritas: positif
          pola_ukur: hitungan
          baseline: {tahun: 2024, nilai: 2}
          target: {2025: 2, 2026: 2, 2027: 2, 2028: 2, 2029: 2}
      sub_kegiatan:
        - id: SK-PENUNJANG-1-1
          kode: "1.02.01.2.01.0001"
          nama: Penyusunan Dokumen Perencanaan Perangkat Daerah
          penanggung_jawab: auditor-madya
          lokasi: Kota Arunika
          indikator:
            - id: SK-PENUNJANG-1-1-I1
              nama: Jumlah Dokumen Perencanaan Perangkat Daerah
              satuan: Dokumen
              polaritas: positif
              pola_ukur: hitungan
              baseline: {tahun: 2024, nilai: 2}
              target: {2025: 2, 2026: 2, 2027: 2, 2028: 2, 2029: 2}
          pagu: {2025: 50000000, 2026: 50000000, 2027: 50000000, 2028: 50000000, 2029: 50000000}
'''


def _dinkes(root: str) -> str:
    """The example's Inspektorat turned into a small Dinkes: bidang 1.02, one program of real health codes
    (and a kegiatan of the supporting program, coded for bidang 1.02). Returns the program file."""
    mutate(root, "data/opd/inspektorat/opd.yaml", 'bidang_urusan: ["6.01"]', 'bidang_urusan: ["1.02"]')
    os.remove(os.path.join(root, AWAS))
    shutil.rmtree(os.path.join(root, "data", "opd", "inspektorat", "rencana-aksi"))  # it details the pengawasan PK
    rel = "data/opd/inspektorat/program/1.02.02-kesehatan.yaml"
    for name, text in ((rel, KESEHATAN), ("data/opd/inspektorat/program/1.02.01-penunjang.yaml", PENUNJANG)):
        with open(os.path.join(root, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    return rel


def _validate(root: str):
    result = run_cli("validate", "--opd", "inspektorat", cwd=root)
    assert "Traceback" not in result.stdout + result.stderr and "X001" not in result.stdout
    return result


def test_the_list_is_the_full_kabupaten_kota_list():
    with open(os.path.join(ROOT, REL), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4171
    by_level = {}
    for r in rows:
        by_level[r["level"]] = by_level.get(r["level"], 0) + 1
    assert by_level == {"urusan": 10, "bidang_urusan": 45, "program": 185, "kegiatan": 510, "sub_kegiatan": 3421}
    usb = next(r for r in rows if r["kode"] == "1.01.02.2.01.0001")
    assert (usb["nama"], usb["kinerja"], usb["satuan"]) == ("Pembangunan Unit Sekolah Baru (USB)",
                                                            "Sekolah Baru yang Terbangun", "Unit")
    assert os.path.isfile(os.path.join(ROOT, "data", "referensi", "README.md"))


def test_a_dinkes_validates_without_nomenklatur_noise(tmp_repo):
    _dinkes(tmp_repo)
    result = _validate(tmp_repo)
    assert result.returncode == 0, result.stdout
    assert "R012" not in result.stdout and "R013" not in result.stdout, result.stdout


def test_the_one_wrong_health_code_stands_out(tmp_repo):
    rel = _dinkes(tmp_repo)
    line = mutate(tmp_repo, rel, 'kode: "1.02.02.2.02.0003"', 'kode: "1.02.02.2.02.0099"')
    result = _validate(tmp_repo)
    found = [x for x in result.stdout.splitlines() if " R012" in x or " R013" in x]
    assert found == [f'{rel}:{line}:17: peringatan R012: kode "1.02.02.2.02.0099" (sub kegiatan) tidak ada di '
                     f"{REL} (saran: periksa kodenya pada Kepmendagri yang berlaku; bila kode ini memang dipakai daerah, "
                     f"tambahkan barisnya beserta catatan alasannya ke {LOKAL} (kolom kode,level,nama,catatan))"]


def test_a_wrong_name_is_told_with_the_official_one(tmp_repo):
    rel = _dinkes(tmp_repo)
    line = mutate(tmp_repo, rel, "nama: Pengelolaan Pelayanan Kesehatan Ibu Hamil", "nama: Pelayanan Ibu Hamil")
    result = _validate(tmp_repo)
    assert (f'{rel}:{line}:17: peringatan R013: nama sub kegiatan `SK-UKM-1-1` berbeda dengan nomenklatur untuk kode '
            '1.02.02.2.02.0001 (saran: nama baku: "Pengelolaan Pelayanan Kesehatan Ibu Hamil")') in result.stdout


def test_a_kegiatan_known_only_as_a_parent_is_known(tmp_repo):
    """2.16.03.3.02 has sub kegiatan in the list but no row of its own (a gap of the source)."""
    rel = "data/opd/diskominfo/program/2.16.03-aptika.yaml"
    text = open(os.path.join(tmp_repo, rel), encoding="utf-8").read()
    kegiatan = text.split('kode: "2.16.03.2.')[1][:2]  # the first kegiatan's number
    mutate(tmp_repo, rel, f'kode: "2.16.03.2.{kegiatan}"', 'kode: "2.16.03.3.02"')
    result = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert '"2.16.03.3.02"' not in result.stdout, result.stdout
    result = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert "R013" not in result.stdout or "2.16.03.3.02" not in result.stdout


def _lokal(root: str, text: str) -> None:
    with open(os.path.join(root, LOKAL), "w", encoding="utf-8") as fh:
        fh.write(text)


def test_a_local_code_with_a_note_is_known(tmp_repo):
    rel = _dinkes(tmp_repo)
    mutate(tmp_repo, rel, 'kode: "1.02.02.2.02.0003"\n          nama: Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir',
           'kode: "1.02.02.2.02.0099"\n          nama: Pelayanan Kesehatan Haji Daerah')
    _lokal(tmp_repo, "kode,level,nama,catatan\n1.02.02.2.02.0099,sub_kegiatan,Pelayanan Kesehatan Haji Daerah,"
                     "Surat Kemendagri 900.1.15.5/1234/Bangda tanggal 5 Maret 2025\n")
    result = _validate(tmp_repo)
    assert result.returncode == 0, result.stdout
    assert "R012" not in result.stdout and "R013" not in result.stdout and "N02" not in result.stdout, result.stdout


@pytest.mark.parametrize("text, expected", [
    ("kode,level,nama,catatan\n1.02.02.2.02.0099,sub_kegiatan,Pelayanan Haji,\n",
     [f"{LOKAL}:2:47: galat N021: kode lokal `1.02.02.2.02.0099` tidak memiliki catatan"]),
    ("kode,level,nama\n1.02.02.2.02.0099,sub_kegiatan,Pelayanan Haji\n",
     [f"{LOKAL}:1:1: galat N020: kolom `catatan` tidak ada di tabel kode lokal"]),
    ("kode,level,nama,catatan\n1.02.02.2.02.0001,sub_kegiatan,Pelayanan Ibu Hamil,dipakai sejak 2020\n",
     [f"{LOKAL}:2:1: galat N022: kode lokal `1.02.02.2.02.0001` sudah ada di nomenklatur resmi (baris {{ibu}} di {REL})"]),
    ("kode,level,nama,catatan\n1.02.01.2.01.0001,sub_kegiatan,Penyusunan Renja,dipakai sejak 2020\n",
     [f"{LOKAL}:2:1: galat N022: kode lokal `1.02.01.2.01.0001` sudah ada di nomenklatur resmi (baris {{x}} di {REL})"]),
    ("kode,level,nama,catatan\n1.02.09.2.01.0001,sub_kegiatan,Pelayanan Haji,Surat Bangda 2025\n"
     "1.02.09.2.01.0002,sub_kegiatan,Pelayanan Haji Lanjut,Surat Bangda 2025\n",
     [f"{LOKAL}:2:1: peringatan N016: kode induk `1.02.09.2.01` (kegiatan) dari kode lokal `1.02.09.2.01.0001` tidak "
      "ada di nomenklatur resmi maupun tabel kode lokal (juga 1 kode lain di bawahnya)"]),
    # naming a kegiatan the list knows only as a parent is what the local table is for
    ("kode,level,nama,catatan\n2.16.03.3.02,kegiatan,Pengelolaan E-government (Kota),nama dari SIPD 2025\n", []),
    ("kode,level,nama,catatan\n", []),
    ("", []),
])
def test_local_table_findings(tmp_repo, text, expected):
    lines = open(os.path.join(ROOT, REL), encoding="utf-8").read().split("\n")
    ibu = next(i for i, x in enumerate(lines, 1) if x.startswith("1.02.02.2.02.0001,"))
    x = next(i for i, x in enumerate(lines, 1) if x.startswith("X.XX.01.2.01.0001,"))
    _lokal(tmp_repo, text)
    result = _validate(tmp_repo)
    found = [line.split(" (saran: ")[0] for line in result.stdout.splitlines() if line.startswith(LOKAL)]
    assert found == [e.format(ibu=ibu, x=x) for e in expected], result.stdout
    assert result.returncode == (1 if any(" galat " in e for e in expected) else 0)
