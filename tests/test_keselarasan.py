"""Keselarasan Renstra–RPJMD (issue 8): the analysis, the cross-OPD rules, and the report read back.

The example Pemda is the fixture that shows every finding kind (RS3.1 unsupported, DS2 supporting no
RPJMD sasaran, a one-sided and two acknowledged crosscutting links, a sama_dengan target that differs
in 2027); `consistent_repo` is a copy mutated until every finding is gone.
"""
from __future__ import annotations

import io
import os
import re

import docx
import pytest
from conftest import ROOT, copy_example, run_cli
from docx.enum.section import WD_ORIENT

from cascade.documents import PemdaJob
from cascade.documents import keselarasan as report
from cascade.model.keselarasan import DIAKUI, HANYA_PEMBERI, HANYA_PENERIMA, analyse
from cascade.pipeline import check

# Not imported from test_rules: test_rules is meant to import LINTAS_CASES from here, and a cycle would break that.
PEMDA = "data/pemda.yaml"
RENSTRA = "data/opd/diskominfo/renstra.yaml"
DOCX = "keselarasan/keselarasan-2025-2029.docx"
MD = "keselarasan/ringkasan.md"
DISPUSIP = "data/opd/dispusip/renstra.yaml"
INSPEKTORAT = "data/opd/inspektorat/renstra.yaml"
LINTAS = {"R030", "R031", "R032", "R033", "R034", "R035"}


def mutate(root: str, rel: str, old: str, new: str) -> int:
    """Replace `old` (which must occur) in one file; returns the 1-based line where it starts."""
    path = os.path.join(root, rel)
    text = open(path, encoding="utf-8").read()
    assert old in text, f"{old!r} not in {rel}"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1

S1_HEAD = "      - id: S1\n        uraian: Meningkatnya kualitas layanan pemerintahan berbasis elektronik\n"
T1_TARGET = "target: {2025: 2.8, 2026: 3.0, 2027: 3.2, 2028: 3.4, 2029: 3.6}\n        iku: true"

# Same shape as tests/test_rules.py::CASES (code, file, old, new, line offset, word), every mutation inside
# diskominfo or data/pemda.yaml, so the lead can run them with `check(tmp_repo, ["diskominfo"])` too.
LINTAS_CASES = [
    ("R030", RENSTRA, "definisi: Tingkat kematangan penyelenggaraan pemerintahan digital",
     "sama_dengan: RS1.1-I9\n        definisi: Tingkat kematangan penyelenggaraan pemerintahan digital", 0, "RS1.1-I1"),
    ("R031", RENSTRA, "crosscutting_diterima: [{opd: bappeda, node: BS1}]",
     "crosscutting_diterima: [{opd: bappeda, node: BT1}]", 0, "BT1"),
    ("R032", RENSTRA, T1_TARGET,
     "target: {2025: 2.8, 2026: 3.1, 2027: 3.2, 2028: 3.4, 2029: 3.6}\n        sama_dengan: RS1.1-I1\n        iku: true",
     0, "2026"),
    ("R033", PEMDA, "- id: RS3.1\n", "- id: RS3.9\n", 0, "RS3.9"),
    ("R034", RENSTRA, S1_HEAD, S1_HEAD + "        mendukung: [RS9.9]\n", 2, "RS9.9"),
    ("R034", RENSTRA, S1_HEAD, S1_HEAD + "        mendukung: [RT1]\n", 2, "tujuan RPJMD"),
    ("R035", RENSTRA, S1_HEAD, S1_HEAD + "        mendukung: []\n", 2, "tidak mendukung"),
]


# The cases run in tests/test_rules.py (CASES += LINTAS_CASES) with every other rule's.


def test_every_lintas_rule_has_a_case():
    from cascade.validate.rules import RULES

    registered = {r.code for r in RULES if "R030" <= r.code < "R040"}  # R030–R039: keselarasan
    assert registered == LINTAS == {c[0] for c in LINTAS_CASES}


# --- the example shows every finding kind ------------------------------------------------------


@pytest.fixture(scope="module")
def k(repo):
    return analyse(repo.pemda, repo.opds)


def test_example_findings(k):
    assert [s.sasaran.id for s in k.tanpa_dukungan()] == ["RS3.1"]
    supported = {s.sasaran.id: {(p.opd.key, p.node.id) for p in s.pendukung} for s in k.sasaran()}
    assert {("diskominfo", "T1"), ("diskominfo", "S1"), ("dispusip", "DT1"), ("dispusip", "DS1")} <= supported["RS1.1"]
    assert ("dispusip", "DS2") not in supported["RS1.1"], "a sasaran's own mendukung: [] overrides its tujuan"
    by_opd = {o.opd.key: [n.id for n in o.tak_mendukung] for o in k.opd}
    assert by_opd == {"bappeda": [], "diskominfo": [], "dispusip": ["DS2"], "inspektorat": []}
    links = {(t.pemberi, t.pemberi_node, t.penerima, t.penerima_node): t.status for t in k.tautan}
    assert links == {("bappeda", "BS1", "diskominfo", "S2"): DIAKUI,
                     ("diskominfo", "SK-APTIKA-2-1", "bappeda", "BS1"): DIAKUI,
                     ("dispusip", "DS1", "diskominfo", "S1"): HANYA_PEMBERI}
    diffs = {(sd.indikator.id, s.tahun, s.target_opd, s.target_rpjmd) for sd in k.sama_dengan for s in sd.selisih}
    assert diffs == {("IT1-I1", 2027, "A", "BB")}
    assert {sd.indikator.id for sd in k.sama_dengan} == {"IT1-I1", "IT1-I2"}


def test_pagu_shares_add_up_and_keep_unsupported_apart(k):
    dispusip = next(o for o in k.opd if o.opd.key == "dispusip")
    shares = {p.sasaran_rpjmd: p for p in dispusip.porsi}
    assert list(shares) == [("RS1.1",), ()], "supported buckets first, the unsupported one last"
    assert shares[()].pagu[2025] == 225_000_000 and shares[("RS1.1",)].pagu[2025] == 310_000_000
    assert dispusip.total[2025] == 535_000_000
    for o in k.opd:
        for y in k.years:
            assert sum(p.pagu[y] for p in o.porsi) == o.total[y], (o.opd.key, y)
            assert abs(sum(p.persen[y] for p in o.porsi) - 1) < 1e-9, (o.opd.key, y)


def test_sasaran_supporting_two_rpjmd_sasaran_is_counted_once_under_both(tmp_repo):
    mutate(tmp_repo, RENSTRA, S1_HEAD, S1_HEAD + "        mendukung: [RS1.2, RS1.1]\n")
    checked = check(tmp_repo)
    kk = analyse(checked.repo.pemda, checked.repo.opds)
    diskominfo = next(o for o in kk.opd if o.opd.key == "diskominfo")
    keys = [p.sasaran_rpjmd for p in diskominfo.porsi]
    assert ("RS1.1", "RS1.2") in keys, keys
    s1 = checked.repo.opds["diskominfo"].node("S1").pagu[2026]
    assert next(p for p in diskominfo.porsi if p.sasaran_rpjmd == ("RS1.1", "RS1.2")).pagu[2026] == s1


def test_receiver_only_crosscutting_is_its_own_status(tmp_repo):
    mutate(tmp_repo, RENSTRA, "crosscutting_diterima: [{opd: bappeda, node: BS1}]", "crosscutting_diterima: [{opd: bappeda, node: BT1}]")
    checked = check(tmp_repo)
    links = {(t.pemberi, t.pemberi_node, t.penerima, t.penerima_node): t.status
             for t in analyse(checked.repo.pemda, checked.repo.opds).tautan}
    assert links[("bappeda", "BT1", "diskominfo", "S2")] == HANYA_PENERIMA
    assert links[("bappeda", "BS1", "diskominfo", "S2")] == HANYA_PEMBERI


def test_numbers_compare_as_numbers_for_sama_dengan(tmp_repo):
    # 3 and 3.0 are the same target; only a real difference is a finding.
    mutate(tmp_repo, RENSTRA, T1_TARGET, T1_TARGET.replace("2026: 3.0", "2026: 3").replace(
        "\n        iku", "\n        sama_dengan: RS1.1-I1\n        iku"))
    checked = check(tmp_repo, ["diskominfo"])
    assert not [d for d in checked.report.items if d.code == "R032"]
    sd = [s for s in analyse(checked.repo.pemda, checked.repo.opds).sama_dengan if s.indikator.id == "T1-I1"]
    assert len(sd) == 1 and sd[0].selisih == ()


# --- a consistent Pemda has none of the findings -----------------------------------------------


def make_consistent(root: str) -> str:
    mutate(root, DISPUSIP, "        mendukung: []\n", "")
    mutate(root, INSPEKTORAT, "target: {2025: BB, 2026: BB, 2027: A,", "target: {2025: BB, 2026: BB, 2027: BB,")
    mutate(root, RENSTRA, S1_HEAD, S1_HEAD + "        crosscutting_diterima: [{opd: dispusip, node: DS1}]\n")
    mutate(root, RENSTRA, "mendukung: [RS2.1]", "mendukung: [RS2.1, RS3.1]")
    return root


@pytest.fixture(scope="module")
def consistent(tmp_path_factory):
    root = make_consistent(copy_example(tmp_path_factory.mktemp("konsisten") / "repo"))
    checked = check(root)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    return checked


def test_consistent_pemda_has_no_findings(consistent):
    assert not {d.code for d in consistent.report.items} & LINTAS, [d.format() for d in consistent.report.items]
    kk = analyse(consistent.repo.pemda, consistent.repo.opds)
    assert kk.tanpa_dukungan() == []
    assert all(not o.tak_mendukung for o in kk.opd)
    assert kk.tautan and all(t.status == DIAKUI for t in kk.tautan)
    assert kk.sama_dengan and all(not sd.selisih for sd in kk.sama_dengan)


def test_consistent_report_says_so(consistent):
    md = _outputs(consistent.repo)[MD].decode("utf-8")
    assert "Semua sasaran RPJMD sudah didukung" in md
    assert "Tidak ada tahun dengan target yang berbeda." in md
    assert "sepihak:" not in md and "BELUM DIDUKUNG" not in md
    assert _md_row(md, "Sasaran RPJMD yang belum didukung OPD") == ["Sasaran RPJMD yang belum didukung OPD", "0", ""]


# --- which diagnostics a check shows -------------------------------------------------------------


def test_findings_in_an_opd_folder_belong_to_that_opds_check():
    only_diskominfo = check(ROOT, ["diskominfo"]).report.items
    assert not any(d.loc.file.startswith(("data/opd/dispusip/", "data/opd/inspektorat/")) for d in only_diskominfo)
    dispusip = check(ROOT, ["dispusip"]).report.items
    r035 = [d for d in dispusip if d.code == "R035"]
    assert len(r035) == 1 and r035[0].loc.file == DISPUSIP
    assert r035[0].loc.line == _line_of(DISPUSIP, "mendukung: []")


def test_unsupported_rpjmd_sasaran_points_at_its_line_in_pemda_yaml():
    r033 = [d for d in check(ROOT).report.items if d.code == "R033"]
    assert [(d.loc.file, d.loc.line) for d in r033] == [(PEMDA, _line_of(PEMDA, "- id: RS3.1"))]
    assert "RS3.1" in r033[0].message and r033[0].severity.value == "peringatan"


def _line_of(rel: str, text: str) -> int:
    content = open(os.path.join(ROOT, rel), encoding="utf-8").read()
    return content[: content.index(text)].count("\n") + 1


# --- the report read back ----------------------------------------------------------------------


def _outputs(repo) -> dict[str, bytes]:
    return {o.path: o.data for o in report.render_pemda(PemdaJob(repo, 2026))}


@pytest.fixture(scope="module")
def built(repo):
    return _outputs(repo)


@pytest.fixture(scope="module")
def word(built):
    return docx.Document(io.BytesIO(built[DOCX]))


def _rows(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def _table_with(document, first_cell_prefix: str):
    for t in document.tables:
        if any(row.cells[1].text.startswith(first_cell_prefix) for row in t.rows[1:] if len(row.cells) > 1):
            return [[c.text for c in row.cells] for row in t.rows]
    raise AssertionError(f"no table with a row {first_cell_prefix!r}")


def test_outputs_are_the_docx_and_markdown(built):
    assert sorted(built) == [DOCX, MD]


def test_word_puts_opd_targets_beside_the_rpjmd_targets(word):
    rows = _table_with(word, "Sasaran RPJMD 1.1:")
    assert rows[0][:5] == ["Pelaksana", "Tujuan/Sasaran", "Indikator", "Satuan", "Kondisi awal (2024)"]
    assert rows[0][5:] == ["2025", "2026", "2027", "2028", "2029"]
    rpjmd = rows[1]
    assert rpjmd[0] == "RPJMD" and rpjmd[2] == "Indeks Pemerintahan Digital"
    assert rpjmd[4:] == ["2,59", "2,8", "3", "3,2", "3,4", "3,6"]
    s1 = next(r for r in rows if r[0] == "Diskominfo" and r[1].startswith("Sasaran PD 1.1:"))
    assert s1[0] == "Diskominfo" and s1[3] == "%" and s1[4:] == ["42,5", "50", "60", "70", "80", "90"]
    ds1 = next(r for r in rows if r[0] == "Dispusip" and r[1].startswith("Sasaran PD 1.1:"))
    assert ds1[0] == "Dispusip" and ds1[9] == "100"
    assert not any(r[0] == "Dispusip" and r[1].startswith("Sasaran PD 1.2:") for r in rows)


def test_word_marks_the_unsupported_rpjmd_sasaran(word):
    rows = _table_with(word, "Sasaran RPJMD 3.1:")
    assert rows[1][2] == "Usia Harapan Hidup" and rows[1][5:] == ["74,3", "74,4", "74,5", "74,6", "74,7"]
    assert rows[2][:2] == ["–", "belum didukung OPD mana pun"]
    texts = [p.text for p in word.paragraphs]
    at = texts.index("Sasaran RPJMD 3.1: Meningkatnya derajat kesehatan masyarakat")
    assert texts[at + 1] == "Status: BELUM DIDUKUNG tujuan atau sasaran PD mana pun."
    assert ["Sasaran RPJMD 3.1: Meningkatnya derajat kesehatan masyarakat",
            "Tujuan RPJMD 3: Meningkatnya kualitas sumber daya manusia",
            "Usia Harapan Hidup"] in _rows(word)


DS1 = "Dispusip · Sasaran PD 1.1: Meningkatnya penyelenggaraan kearsipan berbasis elektronik"
S1 = "Diskominfo · Sasaran PD 1.1: Meningkatnya kualitas layanan pemerintahan berbasis elektronik"
BS1 = "Bappeda · Sasaran PD 1.1: Meningkatnya kualitas perencanaan pembangunan berbasis data"


def test_word_crosscutting_matrix_and_statuses(word):
    rows = _rows(word)
    header = next(r for r in rows if r[0] == "Pemberi \\ Penerima")
    assert header[1:] == ["Bappeda", "Diskominfo", "Dispusip", "Inspektorat"]
    matrix = {r[0]: dict(zip(header[1:], r[1:])) for r in rows if len(r) == 5 and r[0] in header[1:]}
    assert matrix["Dispusip"]["Diskominfo"] == "1 sepihak"
    assert matrix["Bappeda"]["Diskominfo"] == "1 diakui" and matrix["Diskominfo"]["Bappeda"] == "1 diakui"
    assert matrix["Inspektorat"]["Bappeda"] == "–" and matrix["Bappeda"]["Bappeda"] == "×"
    assert [DS1, S1, "sepihak: belum diakui penerima", "Integrasi SRIKANDI dengan sistem penghubung layanan"] in rows
    assert [BS1, "Diskominfo · Sasaran PD 1.2: Meningkatnya kualitas data statistik sektoral", "diakui kedua pihak",
            "Pembinaan statistik sektoral dan Satu Data"] in rows


def test_word_lists_sasaran_supporting_nothing_pagu_shares_and_target_differences(word):
    rows = _rows(word)
    assert ["Sasaran PD 1.2: Meningkatnya budaya gemar membaca masyarakat",
            "Tujuan PD 1: Meningkatnya tata kelola kearsipan dan budaya literasi daerah",
            "Tingkat Kegemaran Membaca (TGM) masyarakat"] in rows
    unsupported = next(r for r in rows if r[0] == "Tidak mendukung sasaran RPJMD")
    assert unsupported[1] == "225.000.000\n(42,1%)" and unsupported[-1] == "1.275.000.000\n(41,6%)"
    assert ["Inspektorat", "Predikat SAKIP Kota", "Predikat SAKIP Kota", "2027", "A", "BB"] in rows
    iku = next(r for r in rows if r[:2] == ["Predikat SAKIP Kota", "Inspektorat"])
    assert iku[1:] == ["Inspektorat", "BB", "BB", "A", "A", "A", "2027"]


def test_word_is_landscape_and_stamped_with_a_date_from_the_data(word, repo):
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert word.core_properties.created.date() == repo.pemda.settings.tanggal_renstra
    title = next(p for p in word.paragraphs if p.text)
    assert title.text.startswith("Laporan Keselarasan Renstra Perangkat Daerah dengan RPJMD Kota Arunika")
    assert title.style.name == "Title"


def _md_cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [re.sub(r"\\(.)", r"\1", c.strip()).strip("*") for c in cells]


def _md_row(md: str, first: str) -> list[str]:
    for line in md.splitlines():
        if line.startswith("|") and _md_cells(line)[0] == first:
            return _md_cells(line)
    raise AssertionError(f"no Markdown row starting with {first!r}")


def test_markdown_rows(built):
    md = built[MD].decode("utf-8")
    assert md.startswith("# Laporan Keselarasan Renstra Perangkat Daerah dengan RPJMD Kota Arunika 2025–2029\n")
    rows = [_md_cells(line) for line in md.splitlines() if line.startswith("| ")]
    assert ["Diskominfo", "Sasaran PD 1.1: Meningkatnya kualitas layanan pemerintahan berbasis elektronik",
            "Persentase layanan publik yang terintegrasi melalui sistem penghubung layanan", "%",
            "42,5", "50", "60", "70", "80", "90"] in rows
    assert ["RPJMD", "Sasaran RPJMD 1.1: Meningkatnya penyelenggaraan pemerintahan digital yang terpadu",
            "Indeks Pemerintahan Digital", "Indeks", "2,59", "2,8", "3", "3,2", "3,4", "3,6"] in rows
    assert "Status: BELUM DIDUKUNG tujuan atau sasaran PD mana pun." in md
    assert _md_row(md, "Sasaran RPJMD yang belum didukung OPD") == [
        "Sasaran RPJMD yang belum didukung OPD", "1", "Sasaran RPJMD 3.1: Meningkatnya derajat kesehatan masyarakat"]
    assert _md_row(md, "Sasaran PD yang tidak mendukung sasaran RPJMD") == [
        "Sasaran PD yang tidak mendukung sasaran RPJMD", "1",
        "Dispusip · Sasaran PD 1.2: Meningkatnya budaya gemar membaca masyarakat"]
    assert "| Uraian | Jumlah | Keterangan |\n|---|---:|---|" in md  # the count right-aligned
    assert ["Dispusip", "–", "1 sepihak", "×", "–"] in rows  # the matrix row: Dispusip gives to Diskominfo
    assert [DS1, S1, "sepihak: belum diakui penerima", "Integrasi SRIKANDI dengan sistem penghubung layanan"] in rows
    assert ["Diskominfo · Sub Kegiatan 2.16.03.2.02.0015 Fasilitasi penyelenggaraan SPBE di lingkungan Pemda", BS1,
            "diakui kedua pihak",
            "Dukungan SPBE untuk sistem informasi perencanaan"] in rows


def test_text_from_the_data_is_escaped(tmp_repo):
    tricky = "Meningkatnya R&D <b>|tebal|</b> *x* [tautan](http://a)"
    mutate(tmp_repo, RENSTRA, "uraian: Meningkatnya kualitas layanan pemerintahan berbasis elektronik",
           f"uraian: \"{tricky}\"")
    checked = check(tmp_repo)
    out = _outputs(checked.repo)
    document = docx.Document(io.BytesIO(out[DOCX]))
    assert any(c == f"Sasaran PD 1.1: {tricky}" for r in _rows(document) for c in r)
    md = out[MD].decode("utf-8")
    row = next(_md_cells(line) for line in md.splitlines() if "Sasaran PD 1.1: Meningkatnya R&D" in line and line.startswith("| Diskominfo"))
    assert row[1] == f"Sasaran PD 1.1: {tricky}" and len(row) == 10, row
    assert "\\<b\\>" in md and "\\[tautan\\](http" in md and "<b>" not in md


def test_second_render_is_byte_identical(repo, built):
    assert _outputs(repo) == built


def test_build_pemda_writes_the_report_twice_identically(tmp_path):
    outs = []
    for name in ("a", "b"):
        result = run_cli("build-pemda", "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "peringatan R033" in result.stdout and "0 galat" in result.stdout
        base = tmp_path / name / "pemda"
        outs.append({p: (base / p).read_bytes() for p in (DOCX, MD)})
    assert outs[0] == outs[1]


def test_the_check_and_the_report_of_one_build_share_one_analysis(tmp_repo, monkeypatch):
    """The cross-OPD rules and the report read one analysis of the same model; another model (an edited
    file checked again) is analysed afresh, so the report never shows a previous check's findings."""
    from cascade.model import keselarasan as analysis

    monkeypatch.setattr(analysis, "_LAST", [])
    calls = []
    real = analysis.analyse
    monkeypatch.setattr(analysis, "analyse", lambda pemda, opds: calls.append(len(opds)) or real(pemda, opds))
    first = check(tmp_repo)
    report.render_pemda(PemdaJob(first.repo, first.tahun))
    assert calls == [len(first.repo.opds)]

    with open(os.path.join(tmp_repo, RENSTRA), "a", encoding="utf-8") as fh:
        fh.write("\n")  # checked again: a new model with the same content
    second = check(tmp_repo)
    out = report.render_pemda(PemdaJob(second.repo, second.tahun))
    assert len(calls) == 2 and second.repo is not first.repo
    assert out[1].data == report.render_pemda(PemdaJob(first.repo, first.tahun))[1].data
    assert len(calls) == 3  # the first model again: not the analysis kept last
