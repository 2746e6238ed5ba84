"""`cascade impor sipd`: SIPD RI Renstra rows (tests/corpus/sipd/, see its README) become a Dinkes's YAML
that validates and builds, whose T-C.27 reads back the SIPD values; what cannot be placed is reported
at `FILE:$.list[index].field`, and a re-import of the same rows changes no byte."""
from __future__ import annotations

import json
import os
import shutil

import openpyxl
import pytest
from baca_t_c_27 import read_t_c_27
from conftest import ROOT, copy_example, mutate, run_cli, tree_files

CORPUS = os.path.join(ROOT, "tests", "corpus", "sipd")
TS, PR = "sipd/renstra-tujuan-sasaran.json", "sipd/renstra-program.json"
DINKES = "data/opd/dinkes"

OPD_YAML = """opd:
  nama: Dinas Kesehatan
  singkatan: Dinkes
  alamat: Jl. Kesehatan No. 1, Arunika
  bidang_urusan: ["1.02"]
jabatan:
  - id: kepala
    nama: Kepala Dinas Kesehatan
    jenjang: jpt_pratama
    unit_kerja: Dinas Kesehatan
    atasan: kepala_daerah
    pejabat:
      - {mulai: "2024-01-02", nama: "dr. Ratna Wulandari, M.Kes.", nip: "197503122005012003", pangkat: Pembina Utama Muda, golongan: IV/c, status: definitif}
  - id: kabid-kesmas
    nama: Kepala Bidang Kesehatan Masyarakat
    jenjang: administrator
    unit_kerja: Bidang Kesehatan Masyarakat
    atasan: kepala
    pejabat:
      - {mulai: "2024-01-02", nama: "Sri Handayani, S.K.M., M.Kes.", nip: "197806152003122004", pangkat: Pembina, golongan: IV/a, status: definitif}
  - id: katim-kia
    nama: Ketua Tim Kerja Kesehatan Ibu dan Anak
    jenjang: fungsional
    unit_kerja: Bidang Kesehatan Masyarakat
    atasan: kabid-kesmas
    pejabat:
      - {mulai: "2024-01-02", nama: "Dewi Lestari, S.K.M.", nip: "198505202010012015", pangkat: Penata Tingkat I, golongan: III/d, status: definitif}
"""

# what the first import must say, in order, without hints (each must have one)
FIRST_FINDINGS = [
    f"{TS}:$.sasaran[4].active: peringatan I031: 1 baris yang dihapus di SIPD (active = 0) tidak diimpor",
    f"{TS}:$.tujuan[3].keterangan_1: peringatan I037: isian `keterangan_1` tidak diimpor",
    f"{TS}:$.sasaran[1].realisasi_target_1: peringatan I037: isian `realisasi_target_1` tidak diimpor",
    f'{TS}:$.tujuan[2].kode_sasaran_rpjm: peringatan I032: sasaran RPJMD "0000-tidak-ada" tidak dikenal di data/pemda.yaml',
    f'{PR}:$[7].target_awal: peringatan I034: nilai tidak terbaca: diharapkan angka yang tidak mendua: "4.800" dapat '
    "berarti 4,800 atau 4800",
    f'{PR}:$[8].kode_kegiatan: peringatan I033: sub kegiatan "1.02.02.2.03.0002 Pengambilan dan Pengujian Sampel Kesehatan" '
    'tidak diimpor: kegiatan induknya (`kode_kegiatan` = "d2-kg99") tidak ada di data yang diimpor',
    f"{PR}:$[0].pagu_5: peringatan I039: pagu program 1.02.02 tahun 2029 di SIPD Rp 640.000.000, sedangkan jumlah pagu "
    "sub kegiatannya Rp 630.000.000",
    f"{DINKES}/opd.yaml: peringatan I038: SIPD tidak memuat penanggung jawab; 2 program diberi penanggung jawab "
    "`kabid-kesmas`, jabatan berjenjang administrator pertama di opd.yaml",
    f"{DINKES}/opd.yaml: peringatan I038: SIPD tidak memuat penanggung jawab; 2 kegiatan diberi penanggung jawab "
    "`katim-kia`, jabatan berjenjang pengawas atau fungsional pertama di opd.yaml",
    f"{DINKES}/opd.yaml: peringatan I038: SIPD tidak memuat penanggung jawab; 3 sub kegiatan diberi penanggung jawab "
    "`katim-kia`, jabatan berjenjang pengawas atau fungsional atau pelaksana pertama di opd.yaml",
]


def _repo(tmp_path) -> str:
    root = copy_example(tmp_path / "repo")
    os.makedirs(os.path.join(root, DINKES))
    with open(os.path.join(root, DINKES, "opd.yaml"), "w", encoding="utf-8") as fh:
        fh.write(OPD_YAML)
    shutil.copytree(CORPUS, os.path.join(root, "sipd"))
    # the RPJMD sasaran the Dinkes supports, known to SIPD by its id_unik
    mutate(root, "data/pemda.yaml", "            - id: RS3.1\n",
           '            - id: RS3.1\n              sumber: {sipd: "7d41b0aa-rpjm-s31"}\n')
    return root


def _impor(root: str):
    result = run_cli("impor", "sipd", TS, PR, "--opd", "dinkes", cwd=root)
    assert "Traceback" not in result.stdout + result.stderr and "X001" not in result.stdout + result.stderr
    return result


def _findings(stdout: str) -> list[str]:
    found = [line for line in stdout.splitlines() if ": galat " in line or ": peringatan " in line]
    assert all(" (saran: " in line for line in found), found
    return [line.split(" (saran: ")[0] for line in found]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The fixture imported, the missing RPJMD link told to the Pemda file and imported again."""
    tmp = tmp_path_factory.mktemp("sipd")
    root = _repo(tmp)
    first = _impor(root)
    after_first = tree_files(os.path.join(root, DINKES))
    check = run_cli("validate", "--opd", "dinkes", cwd=root)
    # the planner does what I032 says: the RPJMD sasaran of that tujuan gets its SIPD id
    mutate(root, "data/pemda.yaml", "            - id: RS1.2\n",
           '            - id: RS1.2\n              sumber: {sipd: "0000-tidak-ada"}\n')
    second = _impor(root)
    return {"root": root, "first": first, "after_first": after_first, "check": check, "second": second}


def test_what_cannot_be_placed_is_reported_at_its_row_and_field(imported):
    first = imported["first"]
    assert first.returncode == 0, first.stdout + first.stderr
    assert _findings(first.stdout) == FIRST_FINDINGS
    # renstra.yaml, two program files, and opd.yaml marked `status: draf`
    assert first.stdout.splitlines()[-1].startswith("Impor SIPD dinkes: 4 berkas ditulis, 0 tidak berubah, 0 dihapus; "
                                                    "10 peringatan.")
    assert "\n  status: draf" in imported["after_first"]["opd.yaml"].decode()
    assert sorted(imported["after_first"]) == ["opd.yaml", "program/1.02.01-penunjang-urusan-pemerintahan.yaml",
                                               "program/1.02.02-pemenuhan-upaya-kesehatan.yaml", "renstra.yaml"]


def test_an_unknown_rpjmd_link_is_left_for_the_planner(imported):
    """The tujuan whose RPJMD sasaran is unknown is imported without one, and validation points there: a
    peringatan, as the import marked the plan a draft."""
    text = imported["after_first"]["renstra.yaml"].decode()
    at = text.index('mendukung: ["<isi id sasaran RPJMD')
    line = text[:at].count("\n") + 1
    assert text[:at].endswith("\n    ")  # the tujuan T2, the second one
    findings = _findings(imported["check"].stdout)
    assert imported["check"].returncode == 0 and not [f for f in findings if ": galat " in f]
    assert f"{DINKES}/renstra.yaml:{line}:17: peringatan I001: bagian ini belum diisi: id sasaran RPJMD yang didukung, " \
           "misalnya RS1.1" in findings
    assert f"{DINKES}/renstra.yaml:{line}:16: peringatan R110: tujuan `T2` (Meningkatnya tata kelola Dinas Kesehatan) " \
           "belum menyebut sasaran RPJMD yang didukungnya" in findings


def test_the_import_validates_without_nomenklatur_noise(imported):
    assert "I032" not in imported["second"].stdout
    result = run_cli("validate", "--opd", "dinkes", cwd=imported["root"])
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("Pemeriksaan dinkes: 0 galat, ")
    assert not any(f" {code}: " in result.stdout for code in ("R012", "R013", "I001", "R110", "R111", "R112"))
    renstra = open(os.path.join(imported["root"], DINKES, "renstra.yaml"), encoding="utf-8").read()
    assert "mendukung: [RS3.1]" in renstra and "mendukung: [RS1.2]" in renstra
    assert "skala: predikat_sakip" in renstra  # "BB" targets belong to that skala of data/pemda.yaml


def test_every_sipd_row_is_carried_over_or_reported(imported):
    """Each id_unik and id_unik_indikator of an active row is in the YAML as `sumber: {sipd: …}`, except
    the rows the first import reported as not placed."""
    rows = []
    for name in (TS, PR):
        data = json.load(open(os.path.join(CORPUS, os.path.basename(name)), encoding="utf-8"))
        rows += [r for part in (data.values() if isinstance(data, dict) else [data]) for r in part]
    ids = {r["id_unik"] for r in rows if r["active"]} | {r["id_unik_indikator"] for r in rows if r.get("id_unik_indikator")}
    written = "".join(t.decode() for t in tree_files(os.path.join(imported["root"], DINKES)).values())
    kept = {i for i in ids if f'sumber: {{sipd: "{i}"}}' in written}
    assert ids - kept == {"e5-sk09"}  # the sub kegiatan without its kegiatan (I033)
    assert 'sipd: "b7e0-ss03"' not in written  # deleted in SIPD (I031)


def test_reimport_of_the_same_rows_changes_no_byte(imported):
    root = imported["root"]
    before = tree_files(os.path.join(root, DINKES))
    again = _impor(root)
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1].startswith("Impor SIPD dinkes: 0 berkas ditulis, 3 tidak berubah, 0 dihapus")
    assert tree_files(os.path.join(root, DINKES)) == before


def _sipd_rows(ws) -> dict:
    """(indikator, satuan, baseline, targets 2025–2029, Rp 2025–2029) of the first row of each key."""
    title, rows = read_t_c_27(ws)
    years = range(2025, 2030)
    return title, {key: (r[0].indikator, r[0].satuan, r[0].baseline, tuple(r[0].target[y] for y in years),
                         tuple(r[0].rp[y] for y in years)) for key, r in rows.items()}


def test_the_built_t_c_27_reads_back_the_sipd_values(imported, tmp_path):
    root = imported["root"]
    built = run_cli("build", "--opd", "dinkes", "--out", str(tmp_path / "build"), cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    title, rows = _sipd_rows(openpyxl.load_workbook(tmp_path / "build" / "dinkes" / "excel" / "t-c-27.xlsx")["T-C.27"])
    assert title.endswith("(DRAF)")  # an import is a draft until the planner says otherwise
    # (indikator, satuan, baseline, targets 2025-2029, pagu 2025-2029), as the SIPD rows hold them
    assert rows["Meningkatnya derajat kesehatan masyarakat Kota Arunika"] == (
        "Usia Harapan Hidup", "Tahun", 74.12, (74.3, 74.45, 74.6, 74.75, 74.9), (None,) * 5)
    assert rows["Meningkatnya tata kelola Dinas Kesehatan"][2:4] == ("B", ("BB", "BB", "BB", "A", "A"))
    assert rows["1.02.02"] == ("Persentase ibu hamil yang mendapat pelayanan kesehatan sesuai standar", "%", 90,
                               (92, 94, 96, 98, 100), (520000000, 550000000, 575000000, 605000000, 630000000))
    assert rows["1.02.02.2.02.0001"] == ("Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan Sesuai Standar", "Orang",
                                         5000, (5100, 5200, 5300, 5400, 5500),
                                         (420000000, 445000000, 465000000, 490000000, 510000000))
    # "Rp. 100.000.000" and "105.000.000" read as Rupiah; the unreadable baseline "4.800" is left empty ("n/a")
    assert rows["1.02.02.2.02.0003"][2:] == ("n/a", (4900, 5000, 5100, 5200, 5300),
                                             (100000000, 105000000, 110000000, 115000000, 120000000))
    assert rows["1.02.01.2.01.0001"][4] == (50000000,) * 5
    assert "1.02.02.2.03.0002" not in rows


def test_the_first_import_builds_as_a_draft_without_a_hand(tmp_path):
    """Straight after the import, the RPJMD link SIPD could not place still asked for: validate passes
    with warnings, the build succeeds, and the T-C.27 holds the tujuan the link is missing for."""
    root = _repo(tmp_path)
    assert _impor(root).returncode == 0
    built = run_cli("build", "--opd", "dinkes", "--out", str(tmp_path / "build"), cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "peringatan I001" in built.stdout and "peringatan R110" in built.stdout
    title, rows = _sipd_rows(openpyxl.load_workbook(tmp_path / "build" / "dinkes" / "excel" / "t-c-27.xlsx")["T-C.27"])
    assert title.endswith("(DRAF)")
    assert rows["Meningkatnya tata kelola Dinas Kesehatan"][:4] == (
        "Nilai SAKIP Dinas Kesehatan", "Predikat", "B", ("BB", "BB", "BB", "A", "A"))
    assert rows["1.02.01.2.01.0001"][4] == (50000000,) * 5
    assert not (tmp_path / "build" / "dinkes" / "pk").exists()  # a draft builds no PK


# ---------------------------------------------------------------- what stops an import


def test_broken_json_is_located_and_nothing_is_written(tmp_path):
    root = _repo(tmp_path)
    with open(os.path.join(root, PR), "w", encoding="utf-8") as fh:
        fh.write('[\n {"id_unik": "x",\n  "nama_program": "1.02.02 PROGRAM"\n')
    result = _impor(root)
    assert result.returncode == 1
    assert f"{PR}:4:1: galat I030: berkas bukan JSON yang sah (Expecting ',' delimiter)" in _findings(result.stdout)
    assert sorted(tree_files(os.path.join(root, DINKES))) == ["opd.yaml"]


def test_rows_of_two_opds_are_refused(tmp_path):
    root = _repo(tmp_path)
    mutate(root, PR, '"kode_skpd": "1.02.0.00.0.00.01.0000"', '"kode_skpd": "1.03.0.00.0.00.01.0000"')
    result = _impor(root)
    assert result.returncode == 1
    assert (f"{PR}:$[0].kode_skpd: galat I036: baris dari lebih dari satu perangkat daerah (1.02.0.00.0.00.01.0000 "
            f"dan 1.03.0.00.0.00.01.0000, pertama di {TS}:$.tujuan[0])") in _findings(result.stdout)
    assert sorted(tree_files(os.path.join(root, DINKES))) == ["opd.yaml"]


def test_an_opd_that_does_not_exist_is_refused(tmp_path):
    root = _repo(tmp_path)
    result = run_cli("impor", "sipd", TS, PR, "--opd", "dinsos", cwd=root)
    assert result.returncode == 1
    assert "data/opd/dinsos/opd.yaml: galat I036: OPD `dinsos` belum ada" in _findings(result.stdout)
    assert not os.path.exists(os.path.join(root, "data", "opd", "dinsos"))


def test_rows_it_cannot_read_are_told_one_by_one(tmp_path):
    """Called in-process: an unknown part of the file, a row that is no object, a row without id_unik,
    a program whose code cannot be read, a text target outside every skala."""
    from pathlib import Path

    from cascade.impor.sipd import Rpjmd, import_sipd

    rows = {
        "tujuan": [{"id_unik": "t1", "tujuan_teks": "Tujuan", "kode_sasaran_rpjm": "RS3.1"},
                   {"id_unik": "t1", "id_unik_indikator": "t1-i", "tujuan_teks": "Tujuan", "indikator_teks": "Indeks",
                    "satuan": "Predikat", "target_awal": "Baik", "target_1": "Baik", "target_2": "Baik",
                    "target_3": "Baik", "target_4": "Baik", "target_5": "Baik"}],
        "sasaran": ["bukan objek", {"sasaran_teks": "Sasaran tanpa id"}],
        "program": [{"id_unik": "p1", "nama_program": "PROGRAM TANPA KODE", "kode_sasaran": "s-tidak-ada"}],
        "catatan_lain": {"x": 1},
    }
    path = tmp_path / "sipd.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    rpjmd = Rpjmd([2025, 2026, 2027, 2028, 2029], 2024, {"RS3.1": "RS3.1"}, {"predikat_sakip": ["B", "BB", "A"]})
    model, diags = import_sipd([Path(path)], tmp_path, "dinkes", rpjmd)
    assert [d.format().split(" (saran: ")[0] for d in diags] == [
        "sipd.json:$.catatan_lain: peringatan I031: bagian `catatan_lain` tidak dikenal dan tidak diimpor",
        "sipd.json:$.sasaran[0]: peringatan I031: baris ini bukan objek SIPD dan dilewati",
        "sipd.json:$.sasaran[1].id_unik: peringatan I031: baris sasaran tanpa `id_unik` dilewati",
        "sipd.json:$.tujuan[1].target_1: peringatan I034: target teks (Baik) tidak ada di skala mana pun di "
        "data/pemda.yaml",
        'sipd.json:$.program[0].kode_sasaran: peringatan I033: program "PROGRAM TANPA KODE" tidak diimpor: sasaran '
        'induknya (`kode_sasaran` = "s-tidak-ada") tidak ada di data yang diimpor',
        'sipd.json:$.program[0].kode_program: peringatan I034: kode program "PROGRAM TANPA KODE" tidak terbaca, jadi '
        "program ini tidak diimpor",
    ]
    assert [t.mendukung for t in model.tujuan] == [["RS3.1"]] and model.program == []
