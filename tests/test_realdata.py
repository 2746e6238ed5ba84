"""A real published Perjanjian Kinerja expressed in Cascade and read back from the built .docx.

The real document: PK 2025 of Dinas Komunikasi dan Informatika Kabupaten Pringsewu, lampiran as
transcribed in the e-SAKIP app built for that Pemda (andhika201/E-Sakip, app/Views/adminOpd/pk_admin/
cetak-L.php at c71fcbcb58abbba56dd6c7341fc972cd7e45ccef; `b.json` of the project's shared real-data
set). Its cells are copied below as written; officials' names are not part of it. The example OPD's
five sasaran and five programs (2.16.01, 2.16.02, 2.16.03, 2.20.02, 2.21.02) take that PK's wording,
targets and budgets; the PK Cascade builds must then carry the same cells.
"""
from __future__ import annotations

import os
import shutil

import yaml
from conftest import copy_example, mutate
from test_pk import anggaran_tables, by_jabatan, kinerja_rows, read

from cascade.documents import Job, pk
from cascade.pipeline import check

TAHUN = 2025
# (sasaran strategis, indikator sasaran, target as written) in the real PK's order
SASARAN = [
    ("Meningkatnya Akuntabilitas Kinerja Dinas Komunikasi dan Informatika", "Nilai SAKIP", "BB"),
    ("Meningkatnya Kualitas Komunikasi Publik", "Indeks Keterbukaan Informasi Publik", "70 Indeks"),
    ("Meningkatnya Kualitas Informatika", "Indeks SPBE", "2,8 Indeks"),
    ("Meningkatnya Pemanfaatan Data Statistik Sektoral", "Jumlah Unit Kerja Pemanfaat Data Statistik Sektoral",
     "25 Unit Kerja"),
    ("Meningkatnya Keamanan Informasi", "Cakupan Pengamanan Informasi", "100%"),
]
PROGRAM = [
    ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "Rp. 4.100.832.755"),
    ("Program Pengelolaan Informasi dan Komunikasi Publik", "Rp. 2.721.236.800"),
    ("Program Pengelolaan Aplikasi Informatika", "Rp. 1.589.645.600"),
    ("Program Penyelenggaraan Statistik Sektoral", "Rp. 13.572.000"),
    ("Program Penyelenggaraan Persandian Untuk Pengamanan Informasi", "Rp. 155.200.000"),
]
TOTAL = "Rp. 8.580.487.155"

# the example's sasaran and program files that take the real rows, in the real order
SASARAN_IDS = ["S5", "S4", "S1", "S2", "S3"]
PROGRAM_FILES = ["2.16.01-penunjang.yaml", "2.16.02-ikp.yaml", "2.16.03-aptika.yaml", "2.20.02-statistik.yaml",
                 "2.21.02-persandian.yaml"]
INDIKATOR = {  # satuan and the other years of each real 2025 target (the real PK gives 2025 only)
    "BB": ("Predikat", {"skala": "predikat_sakip", "baseline": {"tahun": 2024, "nilai": "B"},
                        "target": {2025: "BB", 2026: "BB", 2027: "A", 2028: "A", 2029: "A"}}),
    "70 Indeks": ("Indeks", {"baseline": {"tahun": 2024, "nilai": 65}, "target": {2025: 70, 2026: 72, 2027: 74, 2028: 76, 2029: 78}}),
    "2,8 Indeks": ("Indeks", {"baseline": {"tahun": 2024, "nilai": 2.6}, "target": {2025: 2.8, 2026: 3.0, 2027: 3.2, 2028: 3.4, 2029: 3.6}}),
    "25 Unit Kerja": ("Unit Kerja", {"baseline": {"tahun": 2024, "nilai": 20}, "target": {2025: 25, 2026: 28, 2027: 31, 2028: 34, 2029: 37}}),
    "100%": ("%", {"baseline": {"tahun": 2024, "nilai": 95}, "target": {2025: 100, 2026: 100, 2027: 100, 2028: 100, 2029: 100}}),
}


def _rupiah(text: str) -> int:
    return int(text.removeprefix("Rp.").strip().replace(".", ""))


def _edit_yaml(path: str, change) -> None:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    change(data)
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)


def _express_the_real_pk(root: str) -> None:
    mutate(root, "data/pemda.yaml", "  tema_pohon: madiun\n", "  tema_pohon: madiun\n  pk_tujuan: false\n")
    folder = os.path.join(root, "data", "opd", "diskominfo")
    shutil.rmtree(os.path.join(folder, "realisasi"))  # the example's realisasi measures the old indicators
    shutil.rmtree(os.path.join(folder, "rencana-aksi"))  # and its Rencana Aksi details the old PK (tujuan included)

    def renstra(data):
        by_id = {s["id"]: s for t in data["tujuan"] for s in t["sasaran"]}
        for sid, (uraian, nama, target) in zip(SASARAN_IDS, SASARAN):
            satuan, values = INDIKATOR[target]
            indikator = by_id[sid]["indikator"][0]
            indikator.update(nama=nama, satuan=satuan, **values)
            by_id[sid]["uraian"] = uraian
        # the real PK lists S5's tujuan first: T3 (S5), T2 (S4), T1 (S1–S3)
        data["tujuan"] = [data["tujuan"][2], data["tujuan"][1], data["tujuan"][0]]

    _edit_yaml(os.path.join(folder, "renstra.yaml"), renstra)

    for name, (_, written) in zip(PROGRAM_FILES, PROGRAM):
        amount = _rupiah(written)

        def program(data, amount=amount):
            data["program"].pop("pagu", None)  # a parent's pagu is the sum of its sub kegiatan
            subs = []
            for k in data["program"]["kegiatan"]:
                k.pop("pagu", None)
                subs.extend(k["sub_kegiatan"])
            share, rest = divmod(amount, len(subs))
            for i, sub in enumerate(subs):
                sub["pagu"][TAHUN] = share + (rest if i == 0 else 0)
                # a signed PK carries the adopted budget: the real PK's amounts are the DPA
                sub.setdefault("anggaran", {})[TAHUN] = {"dpa": sub["pagu"][TAHUN]}

        _edit_yaml(os.path.join(folder, "program", name), program)


def test_a_real_pk_is_expressed_and_its_cells_come_back(tmp_path):
    root = copy_example(tmp_path / "repo")
    _express_the_real_pk(root)
    checked = check(root, ["diskominfo"], TAHUN)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]

    document = read(by_jabatan(pk.render(Job(checked.repo, checked.repo.opds["diskominfo"], TAHUN)), TAHUN)["kadis"])

    rows = kinerja_rows(document)
    assert [(sasaran, indikator) for sasaran, indikator, _, _ in rows] == [(s, i) for s, i, _ in SASARAN]
    for (_, _, target, satuan), (_, _, written) in zip(rows, SASARAN):
        # the real cell holds the unit too ("70 Indeks", "100%"); Cascade keeps it in its own column
        shown = target if INDIKATOR[written][0] == "Predikat" else f"{target}{'' if satuan == '%' else ' '}{satuan}"
        assert shown == written

    (table,) = anggaran_tables(document)
    programs, total = table[:-1], table[-1]
    assert [p[1].split(" ", 1)[1].lower() for p in programs] == [name.lower() for name, _ in PROGRAM]
    assert [_rupiah(p[2]) for p in programs] == [_rupiah(written) for _, written in PROGRAM]
    assert _rupiah(total[2]) == _rupiah(TOTAL) == sum(_rupiah(written) for _, written in PROGRAM)


def test_tujuan_stay_in_the_pk_unless_the_pemda_leaves_them_out(repo):
    rows = kinerja_rows(read(by_jabatan(pk.render(Job(repo, repo.opds["diskominfo"], TAHUN)), TAHUN)["kadis"]))
    tujuan = {t.uraian for t in repo.opds["diskominfo"].tujuan}
    assert tujuan <= {sasaran for sasaran, _, _, _ in rows}
