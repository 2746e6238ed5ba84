"""Realisasi files through the whole pipeline: schema and rules (located), the Word evaluation
document read back, the coloured tree's SVG, byte-identical rebuilds and the CLI's list."""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import docx
import pytest
from conftest import mutate

from cascade.documents import Job
from cascade.documents.evaluasi import render
from cascade.documents.evaluasi.pohon import WARNA
from cascade.model.capaian import evaluate
from cascade.pipeline import check
from tests.conftest import run_cli

REAL25 = "data/opd/diskominfo/realisasi/2025.yaml"
PEMDA = "data/pemda.yaml"
SVG = "{http://www.w3.org/2000/svg}"

# (code, file, old text, new text, expected line offset from `old`, a word the message must contain);
# the same shape as tests/test_rules.py CASES, so the lead can count these codes as covered.
REALISASI_CASES = [
    ("R050", REAL25, "  T1-I1:\n    nilai: 2.71", "  T1-I9:\n    nilai: 2.71", 0, "T1-I9"),
    ("R050", REAL25, "  S1-I1:\n", "  S1:\n", 0, "id simpul"),
    ("R051", REAL25, "  SK-IKP-1-4:\n", "  SK-IKP-1-9:\n", 0, "SK-IKP-1-9"),
    ("R051", REAL25, "  SK-IKP-1-4:\n", "  K-IKP-1:\n", 0, "dijumlahkan"),
    ("R052", REAL25, "tahun: 2025", "tahun: 2026", 0, "nama berkas"),
    ("R053", REAL25, "triwulan: {1: 5, 2: 12, 3: 19, 4: 24}", "triwulan: {1: 5, 2: 12, 3: 10, 4: 24}", 0, "turun"),
    ("R053", REAL25, "triwulan: {1: 44, 2: 46.5, 3: 48, 4: 49.5}\n    nilai: 49.5",
     "triwulan: {1: 44, 2: 46.5, 3: 48, 4: 49.5}\n    nilai: 52", 1, "triwulan 4"),
    ("R053", REAL25, "    realisasi: 6644500000", "    realisasi: 6644500001", 0, "triwulan 4"),
    ("R054", REAL25, "  T1-I1:\n    nilai: 2.71", "  T1-I1:\n    triwulan: {1: 2.6}\n    nilai: 2.71", 1, "rilis"),
    ("R055", REAL25, "  T3-I1:\n    nilai: CC", "  T3-I1:\n    nilai: XX", 1, "skala"),
    ("R055", REAL25, "  S5-I1:\n    nilai: 92", "  S5-I1:\n    nilai: tinggi", 1, "angka"),
    ("R056", REAL25, "    realisasi: 141300000", "    realisasi: 160000000", 0, "melebihi"),
    ("R057", PEMDA, "skala:\n", "evaluasi:\n  kategori: {sangat_tinggi: 70, tinggi: 76}\nskala:\n", 1, "lebih besar"),
]


# The cases run in tests/test_rules.py (CASES += REALISASI_CASES) with every other rule's.


def test_every_realisasi_rule_has_a_case():
    from cascade.validate.rules import RULES
    ours = {r.code for r in RULES if r.check.__module__.endswith("rules_realisasi")}
    assert ours and ours == {c[0] for c in REALISASI_CASES}


def test_example_realisasi_is_clean(example):
    assert not [d for d in example.report.items if "realisasi" in d.loc.file or d.code.startswith("R05")]
    files = [r.path for r in example.repo.opds["diskominfo"].realisasi]
    assert files == ["data/opd/diskominfo/realisasi/2025.yaml", "data/opd/diskominfo/realisasi/2026.yaml"]


def _rename(root, old_name, new_name, tahun=None):
    folder = os.path.join(root, "data/opd/diskominfo/realisasi")
    os.rename(os.path.join(folder, old_name), os.path.join(folder, new_name))
    rel = f"data/opd/diskominfo/realisasi/{new_name}"
    if tahun:
        mutate(root, rel, "tahun: 2025", f"tahun: {tahun}")
    return rel


def test_year_outside_the_period(tmp_repo):
    rel = _rename(tmp_repo, "2025.yaml", "2031.yaml", 2031)
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.errors if d.code == "R052"]
    line = open(os.path.join(tmp_repo, rel)).read().split("\n").index("tahun: 2031") + 1
    assert [(d.loc.file, d.loc.line) for d in hits] == [(rel, line)] and "2025–2029" in hits[0].message


def test_file_name_that_is_not_a_year(tmp_repo):
    rel = _rename(tmp_repo, "2025.yaml", "2025-draf.yaml")
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.errors if d.code == "R052"]
    assert hits and hits[0].loc.file == rel and "`2025.yaml`" in hits[0].hint


def test_schema_covers_realisasi(tmp_repo):
    line = mutate(tmp_repo, REAL25, "  S5-I1:\n    nilai: 92", "  S5-I1:\n    nilia: 92")
    mutate(tmp_repo, REAL25, "    realisasi: 141300000", "    realisasi: \"141.300.000\"")
    checked = check(tmp_repo, ["diskominfo"])
    got = {(d.code, d.loc.file, d.loc.line) for d in checked.report.errors}
    assert ("S003", REAL25, line + 1) in got
    assert any(d.code == "S001" and "141300000" in d.hint for d in checked.report.errors)
    assert checked.repo is None  # no documents from data that does not match the schema


def test_other_files_in_realisasi_are_warned(tmp_repo):
    path = os.path.join(tmp_repo, "data/opd/diskominfo/realisasi/catatan.txt")
    open(path, "w").write("x")
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.items if d.code == "B004"]
    assert [d.loc.file for d in hits] == ["data/opd/diskominfo/realisasi/catatan.txt"]


# --- outputs -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs_2025(repo):
    return {o.path: o.data for o in render(Job(repo, repo.opds["diskominfo"], 2025))}


def _doc(data: bytes, tmp_path) -> docx.Document:
    path = tmp_path / "e.docx"
    path.write_bytes(data)
    return docx.Document(str(path))


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def test_word_document_rows(outputs_2025, tmp_path):
    d = _doc(outputs_2025["evaluasi/2025/evaluasi-diskominfo-2025.docx"], tmp_path)
    pieces = [t for t in d.tables if t.rows[0].cells[0].text == "Tingkat"]  # one piece per tujuan/sasaran
    head = _rows(pieces[0])[0]
    main = [head] + [r for t in pieces for r in _rows(t) if r != head and not _is_group(r)]
    col = {name: head.index(name) for name in ("Target", "Realisasi", "Capaian (%)", "Kategori", "Rasio Anggaran (%)")}
    by_name = {r[1]: r for r in main}
    ikip = by_name["IK: Indeks Keterbukaan Informasi Publik"]
    assert (ikip[col["Target"]], ikip[col["Realisasi"]], ikip[col["Capaian (%)"]], ikip[col["Kategori"]]) == \
        ("74", "70,48", "95,24", "Sangat tinggi")
    epss = by_name["IK: Nilai Evaluasi Penyelenggaraan Statistik Sektoral (EPSS)"]
    assert epss[col["Realisasi"]] == "belum ada data" and epss[col["Capaian (%)"]] == "belum ada data"
    assert epss[col["Kategori"]] == "Belum ada data"
    sub = next(r for r in main if r[:2] == ["Sub Kegiatan", "2.16.02.2.01.0020 Diseminasi Informasi"])
    assert sub[col["Rasio Anggaran (%)"]] == "68"  # 285.600.000 / 420.000.000 × 100
    assert sub[head.index("Realisasi Anggaran (Rp)")] == "285.600.000"
    # one row per node and per indicator
    ev = evaluate(*_pemda_opd(outputs_2025))
    assert len(main) == 1 + len(ev.nodes) + sum(len(e.indikator) for e in ev.nodes)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "(2 × target − realisasi) ÷ target × 100" in text and "realisasi ÷ target × 100" in text


def _is_group(cells: list[str]) -> bool:
    """A tujuan/sasaran group row: one cell across the table (python-docx repeats it in every column)."""
    return len(set(cells)) == 1 and re.match(r"(Tujuan|Sasaran) \d", cells[0]) is not None


def test_opening_sentence_says_what_is_evaluated(outputs_2025, tmp_path):
    d = _doc(outputs_2025["evaluasi/2025/evaluasi-diskominfo-2025.docx"], tmp_path)
    texts = [p.text for p in d.paragraphs if p.text.strip()]
    opening = texts[texts.index("Evaluasi Kinerja Dinas Komunikasi dan Informatika Tahun 2025") + 1]
    assert opening == ("Evaluasi ini menilai capaian kinerja dan realisasi anggaran Dinas Komunikasi dan Informatika "
                       "Kota Arunika tahun 2025 terhadap target Renstra Perangkat Daerah periode 2025\u2060–\u20602029.")


def test_group_rows_name_each_tujuan_and_sasaran_and_stay_with_their_rows(outputs_2025, tmp_path):
    """Tabel 4.1 and E.80 name every tujuan and sasaran in a group row of one cell, kept with the row under it;
    every E.80 row names its sasaran in the Sasaran column."""
    d = _doc(outputs_2025["evaluasi/2025/evaluasi-diskominfo-2025.docx"], tmp_path)
    for first in ("Tingkat", "No"):
        rows = [r for t in d.tables if t.rows[0].cells[0].text == first for r in t.rows]
        groups = [r for r in rows if _is_group([c.text for c in r.cells])]
        texts = [r.cells[0].text for r in groups]
        assert "Tujuan 1: Terwujudnya tata kelola pemerintahan digital yang efektif dan terpadu" in texts
        assert "Sasaran 1.2: Meningkatnya kualitas data statistik sektoral" in texts
        assert {t.split(":")[0] for t in texts} >= {"Tujuan 1", "Tujuan 2", "Tujuan 3", "Sasaran 1.1", "Sasaran 1.3",
                                                     "Sasaran 2.1", "Sasaran 3.1"}
        for r in groups:
            assert len(r._tr.tc_lst) == 1 and r.cells[0].paragraphs[0].style.name in ("Grup Tabel", "Subgrup Tabel")
            assert r.cells[0].paragraphs[0].paragraph_format.keep_with_next
    e80 = [r for t in _e80_tables(d, pieces=True) for r in t.rows[3:]]
    current = None
    for r in e80:
        cells = [c.text for c in r.cells]
        if _is_group(cells):
            current = cells[0].split(":")[0] if cells[0].startswith("Sasaran") else None
            continue
        assert current and cells[1] == current, cells[:4]


def _pemda_opd(_):
    checked = check(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ["diskominfo"])
    return checked.repo.pemda, checked.repo.opds["diskominfo"], 2025


def _e80_tables(d, pieces: bool = False):
    """The E.80 tables (their first pieces: each table is cut into one piece per tujuan/sasaran), or every piece."""
    found = [t for t in d.tables if t.rows[0].cells[0].text == "No" and t.rows[0].cells[1].text == "Sasaran"]
    if pieces:
        return found
    return [t for t in found if t._tbl.getprevious().xpath("string(.)").startswith("Tabel ")]


def _first_row(t) -> list[str]:
    """The first row under a table's header and group rows."""
    return next(cells for r in t.rows[3:] if not _is_group(cells := [c.text for c in r.cells]))


def _head(t) -> list[tuple[str, str]]:
    return list(zip([c.text for c in t.rows[0].cells], [c.text for c in t.rows[1].cells]))


def test_word_e80_covers_the_period_so_far(repo, tmp_path):
    """One E.80 table a year of the period so far (side by side they no longer fit a landscape page)."""
    data = {o.path: o.data for o in render(Job(repo, repo.opds["diskominfo"], 2026))}
    d = _doc(data["evaluasi/2026/evaluasi-diskominfo-2026.docx"], tmp_path)
    y2025, y2026 = _e80_tables(d)
    # two header rows, as Permendagri 86/2017 draws E.80: each target, realisasi and rasio over K and Rp
    head = _head(y2025)
    assert [h for h in head if h[0].startswith("Realisasi")] == [
        ("Realisasi Capaian Tahun 2025", "K"), ("Realisasi Capaian Tahun 2025", "Rp")]
    assert [h for h in _head(y2026) if h[0].startswith("Realisasi")] == [
        ("Realisasi Capaian Tahun 2026", "K"), ("Realisasi Capaian Tahun 2026", "Rp")]
    assert head[0] == ("No", "No")  # merged down over both header rows
    assert [c.text for c in y2025.rows[2].cells][:3] == ["(1)", "(2)", "(3)"]  # the numbered header row
    first = _first_row(y2025)  # the first sasaran, its first indicator
    assert first[head.index(("Realisasi Capaian Tahun 2025", "K"))] == "49,5"
    assert first[head.index(("Realisasi Capaian Tahun 2025", "Rp"))] == "5.715.150.000"
    assert first[head.index(("Rasio Capaian Tahun 2025 (%)", "K"))] == "99"  # 49,5 / 50 × 100
    assert first[head.index(("Target Renstra Tahun 2025", "Rp"))] == "6.075.000.000"
    first = _first_row(y2026)
    assert first[_head(y2026).index(("Realisasi Capaian Tahun 2026", "K"))] == "58 (s.d. TW III)"


def _fills(svg: bytes) -> dict[str, str]:
    """SVG group id `a_capaian-<id>` → the fill of the cell it wraps."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        if gid.startswith("a_capaian-"):
            poly = next(g.iter(f"{SVG}polygon"))
            out[gid[len("a_capaian-"):]] = poly.get("fill").upper()
    return out


def test_coloured_tree_svg_has_the_category_colour_of_every_node(repo, outputs_2025):
    ev = evaluate(repo.pemda, repo.opds["diskominfo"], 2025)
    seen: dict[str, str] = {}
    for path, data in outputs_2025.items():
        if path.endswith(".svg"):
            seen.update(_fills(data))
    for e in ev.nodes:
        assert seen[e.node.id] == WARNA[e.kategori][0], e.node.id
        for c in e.indikator:
            assert seen[c.indikator.id] == WARNA[c.kategori][0], c.indikator.id
    # hand-checked spots: 1 / 2 = 50 % red, 3 / 4 = 75 % yellow, no EPSS data yet grey
    assert seen["SK-APTIKA-2-3"] == "#C62828" and seen["SK-APTIKA-2-4-I1"] == "#FBC02D"
    assert seen["S2"] == seen["S2-I1"] == "#9E9E9E"
    assert b"Legenda kategori capaian" in outputs_2025["evaluasi/2025/pohon/ikhtisar.svg"]


def test_rebuild_is_byte_identical(repo, outputs_2025):
    again = {o.path: o.data for o in render(Job(repo, repo.opds["diskominfo"], 2025))}
    assert again.keys() == outputs_2025.keys()
    assert [p for p in again if again[p] != outputs_2025[p]] == []


def test_cli_writes_and_lists_worst_first(tmp_path):
    out = tmp_path / "build"
    result = run_cli("evaluasi", "--opd", "diskominfo", "--tahun", "2025", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    folder = out / "diskominfo" / "evaluasi" / "2025"
    assert (folder / "evaluasi-diskominfo-2025.docx").is_file() and (folder / "pohon" / "ikhtisar.png").is_file()
    listed = re.findall(r"^\s+\d+\. ([\d.,]+) % .*? — (\S+) ", result.stdout, re.M)
    values = [float(v.replace(".", "").replace(",", ".")) for v, _ in listed]
    assert len(values) == 22 and values == sorted(values)
    assert listed[0][1] == "SK-APTIKA-2-3-I1"
    assert "jalur: T1 › S1 › P-APTIKA › K-APTIKA-2 › SK-APTIKA-2-3" in result.stdout
    assert "penanggung jawab: Ketua Tim Kerja Tata Kelola SPBE" in result.stdout
    assert "Belum ada data realisasi (1): S2-I1" in result.stdout


def test_cli_refuses_to_write_with_errors(tmp_repo, tmp_path):
    mutate(tmp_repo, REAL25, "  T1-I1:\n    nilai: 2.71", "  T1-I9:\n    nilai: 2.71")
    out = tmp_path / "build"
    result = run_cli("--root", tmp_repo, "evaluasi", "--opd", "diskominfo", "--tahun", "2025", "--out", str(out))
    assert result.returncode == 1 and "R050" in result.stdout and "Traceback" not in result.stderr
    assert not out.exists()


def test_bands_from_pemda_yaml(tmp_repo):
    mutate(tmp_repo, PEMDA, "skala:\n", "evaluasi:\n  kategori: {sangat_tinggi: 95, tinggi: 80}\nskala:\n")
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors
    ev = evaluate(checked.repo.pemda, checked.repo.opds["diskominfo"], 2025)
    caps = {c.indikator.id: c for _, c in ev.indikator()}
    assert caps["K-APTIKA-2-I1"].kategori == "tinggi"  # 60 / 65 × 100 = 92,31 < 95
    assert caps["T2-I1"].kategori == "sangat_tinggi"  # 95,24 ≥ 95


def test_schema_names_bad_keys(tmp_repo):
    line = mutate(tmp_repo, REAL25, "triwulan: {1: 5, 2: 12, 3: 19, 4: 24}", "triwulan: {1: 5, 2: 12, 3: 19, 5: 24}")
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.errors if d.code == "S006"]
    assert [(d.loc.file, d.loc.line) for d in hits] == [(REAL25, line)] and "1, 2, 3 atau 4" in hits[0].hint


def test_word_e80_of_three_years_is_one_table_a_year(tmp_repo, tmp_path):
    """Every year of the period so far has its E.80 table, each complete, in year order."""
    checked = check(tmp_repo)
    data = {o.path: o.data for o in render(Job(checked.repo, checked.repo.opds["diskominfo"], 2027))}
    d = _doc(data["evaluasi/2027/evaluasi-diskominfo-2027.docx"], tmp_path)
    tables = _e80_tables(d)
    heads = [[c.text for c in t.rows[0].cells] for t in tables]
    assert [[h for h in head if h.startswith("Realisasi")] for head in heads] == [
        ["Realisasi Capaian Tahun 2025"] * 2, ["Realisasi Capaian Tahun 2026"] * 2, ["Realisasi Capaian Tahun 2027"] * 2]
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption" and "E.80" in p.text]
    assert [c.split(" Tahun ")[1][:4] for c in captions] == ["2025", "2026", "2027"]
    first_2025 = _first_row(tables[0])
    assert first_2025[heads[0].index("Realisasi Capaian Tahun 2025")] == "49,5"
