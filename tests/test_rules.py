"""Every schema check and domain rule: a mutation of the example that triggers it, located exactly.

The example data itself is the passing fixture for every rule (test_example_is_clean).
"""
from __future__ import annotations

import os

import pytest
from conftest import mutate

from cascade.pipeline import check
from cascade.validate.rules import RULES

SANDI = "data/opd/diskominfo/program/2.21.02-persandian.yaml"
IKP = "data/opd/diskominfo/program/2.16.02-ikp.yaml"
OPD = "data/opd/diskominfo/opd.yaml"
RENSTRA = "data/opd/diskominfo/renstra.yaml"
PEMDA = "data/pemda.yaml"
S1_INDIKATOR = open(os.path.join(os.path.dirname(__file__), "..", RENSTRA), encoding="utf-8").read()
S1_INDIKATOR = S1_INDIKATOR[S1_INDIKATOR.index("        indikator:\n          - id: S1-I1\n"):]
S1_INDIKATOR = S1_INDIKATOR[:S1_INDIKATOR.index("        strategi:\n")]  # the whole indicator list of sasaran S1


def codes(checked):
    return {(d.code, d.loc.file) for d in checked.report.items}


def test_example_is_clean(example):
    """No errors; the only warnings are the keselarasan findings the example shows on purpose."""
    assert example.report.errors == [], [d.format() for d in example.report.errors]
    assert {d.code for d in example.report.warnings} <= {"R032", "R033", "R035"}, [d.format() for d in example.report.warnings]


# (code, file, old text, new text, expected line offset from `old`, a word the message must contain)
CASES = [
    ("R001", SANDI, "id: SK-SANDI-1-2\n", "id: SK-SANDI-1-1\n", 0, "sudah dipakai"),
    ("R001", IKP, "- id: K-IKP-1-I1", "- id: S1-I1", 0, "S1-I1"),
    ("R002", RENSTRA, "mendukung: [RS1.1]", "mendukung: [RS9.9]", 0, "RS9.9"),
    ("R002", RENSTRA, "mendukung: [RS1.1]", "mendukung: [RT1]", 0, "tujuan RPJMD"),
    ("R003", SANDI, "penanggung_jawab: kabid-statsan", "penanggung_jawab: kabid-statsn", 0, "kabid-statsan"),
    ("R004", OPD, "atasan: kabid-ikp", "atasan: kabid-xyz", 0, "kabid-xyz"),
    ("R004", OPD, "jenjang: jpt_pratama", "jenjang: administrator", 0, "jpt_pratama"),
    ("R005", OPD, "atasan: sekretaris\n    pejabat:\n      - mulai: \"2024-02-01\"", "atasan: pengadministrasi-umum\n    pejabat:\n      - mulai: \"2024-02-01\"", 0, "berputar"),
    ("R007", SANDI, "target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100}", "target: {2025: 70, 2026: 80, 2027: 90, 2028: 100}", 0, "2029"),
    ("R007", SANDI, "target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100}", "target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100, 2030: 100}", 0, "2030"),
    ("R007", SANDI, "baseline: {tahun: 2024, nilai: 60}", "baseline: {tahun: 2025, nilai: 60}", 0, "baseline"),
    ("R008", SANDI, "2026: 80, 2027: 90", "2026: \"80,5\", 2027: 90", 0, "80.5"),
    ("R008", SANDI, "2026: 80, 2027: 90", "2026: \"80%\", 2027: 90", 0, "satuan"),
    ("R008", SANDI, "2026: 80, 2027: 90", "2026: tinggi, 2027: 90", 0, "skala"),
    ("R008", RENSTRA, "target: {2025: B, 2026: BB", "target: {2025: B, 2026: XX", 0, "XX"),
    ("R008", RENSTRA, "skala: predikat_sakip\n        baseline", "skala: predikat_bpk\n        baseline", 0, "predikat_bpk"),
    ("R009", SANDI, "sasaran: S3", "sasaran: S33", 0, "S33"),
    ("R009", SANDI, "sasaran: S3", "sasaran: T1", 0, "langsung di bawah sasaran"),
    ("R010", SANDI, "kode: \"2.21.02.2.02.0001\"", "kode: \"2.21.02.2.01.0001\"", 0, "2.21.02.2.02"),
    ("R011", OPD, "bidang_urusan: [\"2.16\", \"2.20\", \"2.21\"]", "bidang_urusan: [\"2.16\", \"2.20\"]", None, "2.21"),
    ("R012", SANDI, "kode: \"2.21.02.2.02.0001\"", "kode: \"2.21.02.2.02.0099\"", 0, "2.21.02.2.02.0099"),
    ("R013", SANDI, "nama: Operasionalisasi Jaring", "nama: Operasional Jaring", 0, "nama baku"),
    ("R014", SANDI, "  kegiatan:\n    - id: K-SANDI-1\n", "  kegiatan:\n    - id: K-SANDI-1\n      pagu: {2025: 1, 2026: 90000000, 2027: 95000000, 2028: 100000000, 2029: 105000000}\n", 2, "selisih"),
    ("R015", SANDI, "pagu: {2025: 60000000, 2026: 65000000, 2027: 70000000, 2028: 75000000, 2029: 80000000}", "pagu: {2025: 60000000, 2026: 65000000, 2027: 70000000, 2028: 75000000, 2029: 80000000, 2030: 1}", 0, "di luar periode"),
    ("R112", SANDI, "pagu: {2025: 60000000, 2026: 65000000, 2027: 70000000, 2028: 75000000, 2029: 80000000}", "pagu: {2025: 60000000, 2026: 65000000}", 0, "2027"),
    ("R110", RENSTRA, "mendukung: [RS1.1]", "mendukung: []", 0, "belum menyebut sasaran RPJMD"),
    ("R111", RENSTRA, S1_INDIKATOR, "        indikator: []\n", 0, "belum punya indikator"),
    ("R016", SANDI, "  penanggung_jawab: kabid-statsan", "  penanggung_jawab: katim-persandian", 0, "Administrator"),
    ("R017", OPD, "nip: \"197503122000031004\"", "nip: \"197513122000031004\"", 0, "tanggal lahir"),
    ("R017", OPD, "nip: \"197503122000031004\"", "nip: \"197503122000039004\"", 0, "perempuan"),
    ("R018", OPD, "      - mulai: \"2024-01-02\"\n        nama: Lestari", "      - mulai: \"2027-01-02\"\n        nama: Lestari", 0, "kosong"),
    ("R019", RENSTRA, "crosscutting_diterima: [{opd: bappeda, node: BS1}]", "crosscutting_diterima: [{opd: bappeda, node: BS9}]", 0, "BS9"),
    ("R019", RENSTRA, "crosscutting_diterima: [{opd: bappeda, node: BS1}]", "crosscutting_diterima: [{opd: dinkes, node: BS1}]", 0, "dinkes"),
    ("R021", PEMDA, "- id: RS1.2\n", "- id: RS1.1\n", 0, "RS1.1"),
    ("R008", PEMDA, "target: {2025: BB, 2026: BB", "target: {2025: BB, 2026: ZZ", 0, "ZZ"),
    ("R022", SANDI, "          penanggung_jawab: katim-persandian\n          lokasi: Kota Arunika\n          indikator:\n            - id: SK-SANDI-2-1-I1",
     "          penanggung_jawab: katim-statistik\n          lokasi: Kota Arunika\n          indikator:\n            - id: SK-SANDI-2-1-I1", 0, "bawahan"),
    ("R023", PEMDA, "tahun_dasar: 2024", "tahun_dasar: 2023", 0, "tahun dasar"),
    ("R064", PEMDA, "logo: lambang-arunika.png", "logo: lambang-arunlka.png", 0, "tidak ada di folder data/"),
    ("R066", PEMDA, "logo: lambang-arunika.png", "logo: ../lambang-arunika.png", 0, "di luar folder data/"),
    ("R023", PEMDA, "    akhir: 2029", "    akhir: 2030", -1, "5 tahun"),
    ("R026", SANDI, "sasaran: S3", "sasaran: S2", None, "belum didukung"),
    # schema
    ("S001", SANDI, "kode: \"2.21.02\"", "kode: 2.21", 0, "tanda kutip"),
    ("S001", SANDI, "pagu: {2025: 85000000,", "pagu: {2025: \"85.000.000\",", 0, "85000000"),
    ("S001", OPD, "nip: \"197503122000031004\"", "nip: 197503122000031004", 0, "tanda kutip"),
    ("S002", SANDI, "      satuan: \"%\"\n      polaritas: positif\n      pola_ukur: posisi\n      baseline: {tahun: 2024, nilai: 60}",
     "      polaritas: positif\n      pola_ukur: posisi\n      baseline: {tahun: 2024, nilai: 60}", -2, "satuan"),
    ("S003", SANDI, "  uraian: Meningkatnya pengamanan", "  uraain: Meningkatnya pengamanan", 0, "uraian"),
    ("S004", SANDI, "polaritas: positif", "polaritas: posiitf", 0, "positif"),
    ("S006", OPD, "nip: \"197503122000031004\"", "nip: \"19750312 200003 1 004\"", 0, "18 digit"),
    ("S006", SANDI, "kode: \"2.21.02\"", "kode: \"2,21,02\"", 0, "2.16.03"),
    ("S007", SANDI, "  indikator:\n    - id: P-SANDI-I1", "  indikator: []\n  x_indikator:\n    - id: P-SANDI-I1", 0, "tidak boleh kosong"),
    ("S009", SANDI, "pagu: {2025: 85000000,", "pagu: {2025: -85000000,", 0, "batas terendah"),
    ("S010", OPD, "mulai: \"2023-01-09\"", "mulai: \"2023-02-30\"", 0, "tanggal"),
    ("Y001", SANDI, "  nama: PROGRAM PENYELENGGARAAN", "  nama: PROGRAM: PENYELENGGARAAN", 0, "tanda kutip"),
    ("Y003", SANDI, "  sasaran: S3\n", "  sasaran: S3\n  sasaran: S2\n", 1, "dua kali"),
]


from test_datarules import DATARULES_CASES  # noqa: E402
from test_evaluasi import REALISASI_CASES  # noqa: E402  (rule families keep their cases beside their tests)
from test_iku import IKU_CASES  # noqa: E402
from test_keselarasan import LINTAS_CASES  # noqa: E402
from test_kinerja_lalu import KINERJA_LALU_CASES  # noqa: E402
from test_pk_anggaran import ANGGARAN_CASES  # noqa: E402
from test_rencana_aksi import RENCANA_AKSI_CASES  # noqa: E402

CASES += (LINTAS_CASES + REALISASI_CASES + DATARULES_CASES + KINERJA_LALU_CASES + ANGGARAN_CASES
          + RENCANA_AKSI_CASES + IKU_CASES)


@pytest.mark.parametrize("code,rel,old,new,offset,word", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_triggers_with_location(tmp_repo, code, rel, old, new, offset, word):
    line = mutate(tmp_repo, rel, old, new)
    checked = check(tmp_repo)  # every OPD: some findings (R033) need the whole Pemda in view
    hits = [d for d in checked.report.items if d.code == code]
    assert hits, f"{code} not reported; got {[d.format() for d in checked.report.items]}"
    if offset is not None:
        assert any(d.loc.file == rel and d.loc.line == line + offset for d in hits), [d.format() for d in hits]
    assert any(word.lower() in (d.message + " " + d.hint).lower() for d in hits), [d.format() for d in hits]
    for d in hits:
        assert d.loc.line > 0 and d.hint, d.format()


# codes whose case needs more than a text edit, with the test that triggers them
TESTED_ELSEWHERE = {"R065": "test_renstra_lengkap.py::test_a_logo_that_is_no_png_or_jpeg_is_refused_where_it_is_named",
                    "R100": "test_draf.py::test_same_plan_without_status_fails_with_the_completeness_errors",
                    "R101": "test_draf.py::test_a_kegiatan_without_sub_kegiatan_is_a_completeness_finding",
                    "R102": "test_draf.py::test_a_final_plan_warns_where_the_pk_year_target_is_not_set",
                    "R140": "test_jenjang.py::test_a_kegiatan_under_the_program_of_the_atasans_atasan_breaks_the_chain",
                    "R141": "test_jenjang.py::test_a_pk_signatory_without_nip_is_reported_at_the_holder"}


def test_every_rule_code_has_a_triggering_case():
    tested = {c[0] for c in CASES} | set(TESTED_ELSEWHERE)
    missing = sorted({r.code for r in RULES} - tested)
    assert missing == [], f"rules without a test case: {missing}"


def test_whole_pemda_findings_only_when_every_opd_is_checked(repo):
    assert any(d.code == "R033" for d in check(repo.root).report.items)
    assert not any(d.code == "R033" for d in check(repo.root, ["diskominfo"]).report.items)


def test_all_problems_in_one_run(tmp_repo):
    mutate(tmp_repo, SANDI, "polaritas: positif", "polaritas: naik")
    mutate(tmp_repo, IKP, "sasaran: S4", "sasaran: S4\n  pagu_total: 1")
    mutate(tmp_repo, OPD, "nip: \"197503122000031004\"", "nip: 197503122000031004")
    checked = check(tmp_repo, ["diskominfo"])
    files = {d.loc.file for d in checked.report.errors}
    assert {SANDI, IKP, OPD} <= files


def test_rules_run_even_when_another_opd_is_broken(tmp_repo):
    mutate(tmp_repo, "data/opd/bappeda/opd.yaml", "opd:", "opd:\n  bogus: 1")
    mutate(tmp_repo, SANDI, "sasaran: S3", "sasaran: S33")
    checked = check(tmp_repo, ["diskominfo"])
    got = {d.code for d in checked.report.items}
    assert "R009" in got, "diskominfo rules must run"
    assert not any(d.loc.file.startswith("data/opd/bappeda/") for d in checked.report.items)


def test_text_targets_on_a_scale_are_accepted(repo):
    ind = repo.opds["diskominfo"].node("T3").indikator[0]
    assert ind.target[2026] == "BB" and ind.skala == "predikat_sakip"


def test_pagu_rolls_up(repo):
    opd = repo.opds["diskominfo"]
    for n in opd.nodes():
        if n.children and n.level in ("program", "kegiatan"):
            for y in repo.pemda.years:
                assert n.pagu[y] == sum(c.pagu[y] for c in n.children)
    assert sum(t.pagu[2026] for t in opd.tujuan) == sum(n.pagu[2026] for n in opd.nodes() if n.level == "subkegiatan")


def test_vacant_superior_who_signs_a_pk_is_reported(tmp_repo):
    """kabid-litbang-data owns nothing, but signs the PK of katim-data once katim-data owns a node."""
    bappeda = "data/opd/bappeda/program/5.01.02-perencanaan.yaml"
    text = open(os.path.join(tmp_repo, bappeda), encoding="utf-8").read()
    start = text.index("- id: SK-BPPE-2-1")
    owner = text.index("penanggung_jawab: katim-perencanaan", start)
    with open(os.path.join(tmp_repo, bappeda), "w", encoding="utf-8") as fh:
        fh.write(text[:owner] + "penanggung_jawab: katim-data" + text[owner + len("penanggung_jawab: katim-perencanaan"):])
    line = mutate(tmp_repo, "data/opd/bappeda/opd.yaml", "      - mulai: \"2023-01-09\"\n        nama: Bayu",
                  "      - mulai: \"2027-01-09\"\n        nama: Bayu")
    checked = check(tmp_repo, ["bappeda"])
    hits = [d for d in checked.report.errors if d.code == "R018"]
    # once per signing of the year: the example dates a PK Perubahan for 2026 too
    assert {(d.loc.file, d.loc.line) for d in hits} == {("data/opd/bappeda/opd.yaml", line)}
    assert "Pihak Kedua" in hits[0].message and "kabid-litbang-data" in hits[0].message
