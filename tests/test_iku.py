"""IKU and Manual IKU (issue 28): the rules R120-R125 on mutations of the example, and the documents
(IKU table, Manual IKU, KKE 1, KKE 5) read back cell by cell against the data."""
from __future__ import annotations

from conftest import copy_example, mutate

from cascade.model.iku import formula_tampil, simbol_formula
from cascade.pipeline import check

RENSTRA = "data/opd/diskominfo/renstra.yaml"
APTIKA = "data/opd/diskominfo/program/2.16.03-aptika.yaml"
PEMDA = "data/pemda.yaml"
T2_DEFINISI = ("        definisi: Nilai keterbukaan informasi publik Pemerintah Kota Arunika hasil monitoring dan evaluasi "
               "Komisi Informasi Provinsi, pada skala 0 sampai 100\n")
RS31_DEFINISI = ("                  definisi: Perkiraan rata-rata lama hidup penduduk Kota Arunika sejak lahir menurut "
                 "Badan Pusat Statistik\n")

# Same shape as tests/test_rules.py::CASES (code, file, old, new, line offset from `old`, word); run there.
IKU_CASES = [
    # sasaran S4's only indicator no longer an IKU (located at the sasaran's `indikator:`, see below)
    ("R120", RENSTRA, "            iku: true\n            definisi: Bagian responden", "            definisi: Bagian responden",
     None, "belum punya Indikator Kinerja Utama"),
    # an IKU without its definisi: found at its `iku: true`, one line above
    ("R121", RENSTRA, "        iku: true\n" + T2_DEFINISI, "        iku: true\n", 0, "definisi operasional"),
    ("R121", PEMDA, RS31_DEFINISI, "", -1, "definisi operasional"),
    ("R122", RENSTRA, 'formula: "{P} / {R} × 100%"', 'formula: "{P} / {N} × 100%"', 0, "{N}"),
    ("R122", RENSTRA, 'formula: "{P} / {R} × 100%"', 'formula: "{P} / {jumlah responden} × 100%"', 0, "tanpa spasi"),
    # R described but no longer used: found at its `simbol`, five lines under the formula
    ("R123", RENSTRA, 'formula: "{P} / {R} × 100%"', 'formula: "{P} × 100%"', 5, "tidak dipakai"),
    ("R123", RENSTRA, "              - simbol: R\n", "              - simbol: P\n", 0, "dua kali"),
    ("R124", APTIKA, "      target: {2025: 81.58", "      iku: true\n      target: {2025: 81.58", 0, "hanya"),
    ("R125", PEMDA, "                  iku: true\n" + RS31_DEFINISI, RS31_DEFINISI, None, "belum punya IKU Pemda"),
]


def _lines(root, rel, needle) -> int:
    text = open(f"{root}/{rel}", encoding="utf-8").read()
    return text[: text.index(needle)].count("\n") + 1


def test_a_node_without_iku_is_found_at_its_indicator_list(tmp_path):
    root = copy_example(tmp_path / "repo")
    mutate(root, RENSTRA, "            iku: true\n            definisi: Bagian responden", "            definisi: Bagian responden")
    mutate(root, PEMDA, "                  iku: true\n" + RS31_DEFINISI, RS31_DEFINISI)
    report = check(root).report
    found = sorted((d.code, d.loc.file, d.loc.line) for d in report.errors)
    s4 = _lines(root, RENSTRA, "          - id: S4-I1")  # the list `indikator:` holds
    rs31 = _lines(root, PEMDA, "                - id: RS3.1-I1")
    assert found == [("R120", RENSTRA, s4), ("R125", PEMDA, rs31)], [d.format() for d in report.items]


def test_iku_completeness_is_only_a_warning_in_a_draft(tmp_path):
    root = copy_example(tmp_path / "repo")
    mutate(root, "data/opd/diskominfo/opd.yaml", "  singkatan: Diskominfo\n", "  singkatan: Diskominfo\n  status: draf\n")
    mutate(root, RENSTRA, "            iku: true\n            definisi: Bagian responden", "            definisi: Bagian responden")
    mutate(root, RENSTRA, "        iku: true\n" + T2_DEFINISI, "        iku: true\n")
    report = check(root, ["diskominfo"]).report
    assert report.errors == [], [d.format() for d in report.errors]
    assert {"R120", "R121"} <= {d.code for d in report.warnings}
    assert all("draf" in d.hint for d in report.warnings if d.code in ("R120", "R121"))


def test_formula_symbols_are_what_stands_in_braces():
    assert simbol_formula("{A} / {B} × 100% + { A }") == ["A", "B"]
    assert simbol_formula("Nilai yang dirilis") == []
    assert formula_tampil("{A} / {B} × 100%") == "A / B × 100%"
