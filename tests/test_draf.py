"""Real, incomplete plans (issue 26): targets not yet set, a baseline not available, a one-level scale,
a program that holds only its pagu, and `status: draf` (completeness findings become warnings, every
document carries "DRAF", no PK). The fixture is tests/draf_fixture.py.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import zipfile

import docx
import openpyxl
import pytest
from conftest import copy_example, docx_to_pdf_text, mutate, run_cli
from draf_fixture import OPD, PROGRAM, draf_repo

from cascade.formats.docx.house import mark_draf
from cascade.pipeline import check
from cascade.validate.rules import RULES, rule_table

RENSTRA = "data/opd/bappeda/renstra.yaml"
SAKIP = "Nilai hasil evaluasi SAKIP"  # its targets 2026–2029 are `null`
STATISTIK = "statistik sektoral terverifikasi"  # its baseline is `null`
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _text(cell: str) -> str:
    return cell.replace("\u200b", "").strip()  # report tables let "n/a" wrap after the slash


def rows_with(document, words: str) -> list[list[str]]:
    found = []
    for t in document.tables:
        for row in t.rows:
            cells = [_text(c.text) for c in row.cells]
            if any(words in c for c in cells):
                found.append(cells)
    return found


def after(row: list[str], words: str) -> list[str]:
    """The cells right of the indicator's name (tables group tujuan/sasaran differently over time)."""
    at = max(i for i, c in enumerate(row) if words in c)
    return row[at + 1:]


def docx_files(folder: str) -> list[str]:
    return sorted(os.path.join(d, n) for d, _, names in os.walk(folder) for n in names if n.endswith(".docx"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The draft fixture built (OPD and Pemda documents, evaluasi), over a stale PK of an earlier build."""
    root = draf_repo(tmp_path_factory.mktemp("draf") / "repo")
    stale = os.path.join(root, "build", OPD, "pk", "2026", "01-kaban.docx")
    os.makedirs(os.path.dirname(stale))
    with open(stale, "wb") as fh:
        fh.write(b"PK lama")
    results = [run_cli("build", "--opd", OPD, cwd=root), run_cli("build-pemda", cwd=root),
               run_cli("evaluasi", "--opd", OPD, cwd=root)]
    for r in results:
        assert r.returncode == 0, r.stdout + r.stderr
    return root, results


# ---------------------------------------------------------------- validation


def test_draft_validates_with_warnings_only(tmp_path):
    root = draf_repo(tmp_path / "repo")
    report = check(root, [OPD]).report
    assert report.errors == [], [d.format() for d in report.errors]
    r100 = [d for d in report.warnings if d.code == "R100"]
    assert [(d.loc.file, d.loc.line) for d in r100] == [(PROGRAM, 4)], [d.format() for d in report.warnings]
    assert "draf" in r100[0].hint


def test_same_plan_without_status_fails_with_the_completeness_errors(tmp_path):
    root = draf_repo(tmp_path / "repo", status=False)
    report = check(root, [OPD]).report
    assert [(d.code, d.loc.file, d.loc.line) for d in report.errors] == [("R100", PROGRAM, 4)], \
        [d.format() for d in report.items]
    # null targets and baseline, the one-level scale and the program's own pagu are not errors in themselves
    assert not any(d.code.startswith("S") for d in report.items), [d.format() for d in report.items]


def test_a_kegiatan_without_sub_kegiatan_is_a_completeness_finding(tmp_path):
    root = copy_example(tmp_path / "repo")
    rel = "data/opd/bappeda/program/5.01.02-perencanaan.yaml"
    text = open(os.path.join(root, rel), encoding="utf-8").read()
    # keep the program's first kegiatan, without its sub kegiatan
    head, _, _ = text.partition("      sub_kegiatan:\n")
    with open(os.path.join(root, rel), "w", encoding="utf-8") as fh:
        fh.write(head)
    shutil.rmtree(os.path.join(root, "data", "opd", OPD, "rencana-aksi"))  # it details the kegiatan cut off
    line = head[: head.index("    - id: K-")].count("\n") + 1
    final = check(root, [OPD]).report
    assert [(d.code, d.loc.file, d.loc.line) for d in final.errors] == [("R101", rel, line)], \
        [d.format() for d in final.items]
    mutate(root, "data/opd/bappeda/opd.yaml", "  singkatan: Bappeda\n", "  singkatan: Bappeda\n  status: draf\n")
    draft = check(root, [OPD]).report
    assert draft.errors == [] and [d.code for d in draft.warnings] == ["R101"], [d.format() for d in draft.items]


def test_a_vacant_post_is_only_a_warning_in_a_draft_pemda(tmp_path):
    root = copy_example(tmp_path / "repo")
    rel = "data/opd/diskominfo/opd.yaml"
    mutate(root, rel, "      - mulai: \"2024-01-02\"\n        nama: Lestari", "      - mulai: \"2027-01-02\"\n        nama: Lestari")
    assert any(d.code == "R018" for d in check(root, ["diskominfo"]).report.errors)
    mutate(root, "data/pemda.yaml", "  jenis: kota\n", "  jenis: kota\n  status: draf\n")
    report = check(root, ["diskominfo"]).report
    assert report.errors == [] and any(d.code == "R018" for d in report.warnings), [d.format() for d in report.items]


def test_the_rule_list_marks_completeness_rules():
    table = {code: severity for code, severity, _ in rule_table()}
    marked = {r.code for r in RULES if r.completeness}
    assert {"R018", "R100", "R101"} <= marked
    assert {table[c] for c in marked} == {"galat (peringatan bila draf)"}
    assert table["R102"] == "peringatan" and table["R007"] == "galat"


def test_an_empty_scale_is_still_refused(tmp_path):
    root = copy_example(tmp_path / "repo")
    line = mutate(root, "data/pemda.yaml", "urutan: [TW, TMP, WDP, WTP]", "urutan: []")
    report = check(root, [OPD]).report
    assert any(d.loc.line == line and "tidak boleh kosong" in d.message for d in report.errors), \
        [d.format() for d in report.items]


def test_a_final_plan_warns_where_the_pk_year_target_is_not_set(tmp_path):
    root = copy_example(tmp_path / "repo")
    line = mutate(root, RENSTRA, "target: {2025: 70.5, 2026: 73,", "target: {2025: 70.5, 2026: null,")
    report = check(root, [OPD]).report
    assert report.errors == []
    r102 = [d for d in report.warnings if d.code == "R102"]
    column = open(os.path.join(root, RENSTRA), encoding="utf-8").read().splitlines()[line - 1].index("null") + 1
    assert [(d.loc.file, d.loc.line, d.loc.column) for d in r102] == [(RENSTRA, line, column)], [d.format() for d in r102]
    result = run_cli("build", "--opd", OPD, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "R102" in result.stdout + result.stderr
    pk = docx.Document(os.path.join(root, "build", OPD, "pk", "2026", f"pk-{OPD}-semua.docx"))
    rows = rows_with(pk, SAKIP)
    assert rows and all("-" in r and "n/a" not in r for r in rows), rows


# ---------------------------------------------------------------- the built documents


def test_a_draft_builds_no_pk_and_says_so_once(built):
    root, (opd_build, pemda_build, _) = built
    assert not os.path.exists(os.path.join(root, "build", OPD, "pk")), "the stale PK must be removed"
    said = [line for line in opd_build.stdout.splitlines() if "Perjanjian Kinerja" in line]
    assert said == ['Perjanjian Kinerja bappeda tidak dibuat karena rencananya masih berstatus draf; '
                    'dokumen lain bertanda "DRAF".'], opd_build.stdout
    assert "dihapus" in opd_build.stdout and "01-kaban.docx" in opd_build.stdout


def _headers_of_every_section(path: str) -> list[str]:
    """The text of the header each page kind of each section shows, following Word's inheritance
    (a section without a header of a kind shows the previous section's)."""
    with zipfile.ZipFile(path) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        target = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        target.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
        body = z.read("word/document.xml").decode()
        shown, current = [], {}
        for sect in re.findall(r"<w:sectPr\b.*?</w:sectPr>", body, re.S):
            for kind, rid in re.findall(r'<w:headerReference w:type="(\w+)" r:id="([^"]+)"', sect):
                current[kind] = rid
            assert {"default", "first", "even"} <= set(current), f"{path}: a page kind without header"
            for kind in ("default", "first", "even"):
                xml = z.read("word/" + target[current[kind]]).decode()
                shown.append("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))
        return shown


def test_every_page_of_every_word_document_carries_draf(built):
    root, _ = built
    files = docx_files(os.path.join(root, "build", OPD))
    names = {os.path.relpath(f, os.path.join(root, "build", OPD)) for f in files}
    assert {"renstra/renstra-lengkap.docx", "renstra/bab-4.docx", "renstra/bab-6.docx", "renstra/bab-7.docx",
            "evaluasi/2026/evaluasi-bappeda-2026.docx"} <= names, names
    for path in files:
        headers = _headers_of_every_section(path)
        assert headers and all("DRAF" in h for h in headers), (path, headers)


def test_libreoffice_prints_draf_on_every_page(built, tmp_path):
    root, _ = built
    text = docx_to_pdf_text(os.path.join(root, "build", OPD, "renstra", "bab-6.docx"), tmp_path)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2 and all("DRAF" in p for p in pages), [p[:200] for p in pages]


def test_images_and_sheets_say_draf_in_their_titles(built):
    root, _ = built
    out = os.path.join(root, "build", OPD)
    for name in ("ikhtisar.svg", "sasaran-BS1.svg"):
        svg = open(os.path.join(out, "pohon", name), encoding="utf-8").read()
        assert "(DRAF)</text>" in svg, name
    for name in ("t-c-25.xlsx", "t-c-27.xlsx", "matriks-cascading.xlsx"):
        ws = openpyxl.load_workbook(os.path.join(out, "excel", name)).active
        assert str(ws["A1"].value).endswith(" (DRAF)"), (name, ws["A1"].value)
    # the Pemda itself is final: its documents carry no mark
    pemda = os.path.join(root, "build", "pemda")
    assert "DRAF" not in open(os.path.join(pemda, "pohon", "pohon-pemda.svg"), encoding="utf-8").read()


def _renstra(root: str, bab: int):
    return docx.Document(os.path.join(root, "build", OPD, "renstra", f"bab-{bab}.docx"))


def test_one_rendering_for_targets_not_set_and_baselines_not_available(built):
    root, _ = built
    # T-C.25 (BAB IV): Indikator, Satuan, Awal, 2025..2029, Akhir
    tc25 = rows_with(_renstra(root, 4), SAKIP)
    assert [after(r, SAKIP) for r in tc25] == [["Nilai", "68,42", "70,5", "-", "-", "-", "-", "-"]], tc25
    tc25 = rows_with(_renstra(root, 4), STATISTIK)
    assert [after(r, STATISTIK) for r in tc25] == [["%", "n/a", "55", "65", "75", "85", "95", "95"]], tc25
    # T-C.27 (BAB VI): target and Rp per year, the structural rows carry no Rp
    tc27 = rows_with(_renstra(root, 6), SAKIP)
    assert len(tc27) == 1 and after(tc27[0], SAKIP)[:13] == \
        ["Nilai", "68,42", "70,5", "", "-", "", "-", "", "-", "", "-", "", "-"], tc27
    assert after(rows_with(_renstra(root, 6), STATISTIK)[0], STATISTIK)[:3] == ["%", "n/a", "55"]
    # T-C.28 (BAB VII)
    tc28 = rows_with(_renstra(root, 7), SAKIP)
    assert [after(r, SAKIP) for r in tc28] == [["Nilai", "68,42", "70,5", "-", "-", "-", "-", "-"]], tc28
    # Tabel 7.1 lists the IKU of a sasaran that marks any: the statistik indicator is not one
    assert not rows_with(_renstra(root, 7), STATISTIK)
    # Excel keeps numbers as numbers, and the same two marks
    ws = openpyxl.load_workbook(os.path.join(root, "build", OPD, "excel", "t-c-25.xlsx")).active
    rows = {r[3]: r for r in ws.iter_rows(values_only=True) if isinstance(r[3], str)}
    sakip = next(v for k, v in rows.items() if SAKIP in k)
    assert list(sakip[5:12]) == [68.42, 70.5, "-", "-", "-", "-", "-"]
    assert next(v for k, v in rows.items() if STATISTIK in k)[5] == "n/a"
    # the pohon box of the tujuan (target of 2026, the year built)
    svg = open(os.path.join(root, "build", OPD, "pohon", "ikhtisar.svg"), encoding="utf-8").read()
    texts = re.findall(r">([^<]*)</text>", svg)
    at = next(i for i, t in enumerate(texts) if SAKIP in t)
    assert "&#45;" in texts[at:at + 3] and "n/a" not in svg
    # keselarasan (Pemda) and the evaluasi of 2026
    kes = docx.Document(os.path.join(root, "build", "pemda", "keselarasan", "keselarasan-2025-2029.docx"))
    assert rows_with(kes, SAKIP)[0][-6:] == ["68,42", "70,5", "-", "-", "-", "-"]
    assert rows_with(kes, STATISTIK)[0][-6:-4] == ["n/a", "55"]
    ev = docx.Document(os.path.join(root, "build", OPD, "evaluasi", "2026", "evaluasi-bappeda-2026.docx"))
    assert rows_with(ev, SAKIP)[0][3] == "-"
    assert all(r[4] == "n/a" for r in rows_with(ev, STATISTIK) if r[3] and STATISTIK in r[3])


def test_program_pagu_without_kegiatan_is_on_its_row_and_in_the_totals(built):
    root, _ = built
    tc27 = _renstra(root, 6)
    program = rows_with(tc27, "5.01.02")
    assert program and "777.000.000" in program[0], program
    total = rows_with(tc27, "JUMLAH TOTAL")
    # 2025: the other program's 5.325.000.000 (example data) plus this program's 777.000.000
    assert total and "6.102.000.000" in total[0], total


def test_draf_mark_is_reproducible(built):
    root, _ = built
    path = os.path.join(root, "build", OPD, "renstra", "bab-4.docx")
    data = open(path, "rb").read()
    once = mark_draf(data)
    assert once == mark_draf(data)
    with zipfile.ZipFile(io.BytesIO(once)) as z:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())


def test_a_draft_pemda_builds_no_kepala_daerah_pk_and_marks_its_documents(tmp_path):
    root = copy_example(tmp_path / "repo")
    mutate(root, "data/pemda.yaml", "  jenis: kota\n", "  jenis: kota\n  status: draf\n")
    result = run_cli("build-pemda", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if "Perjanjian Kinerja" in line] == [
        'Perjanjian Kinerja Pemda tidak dibuat karena rencananya masih berstatus draf; dokumen lain bertanda "DRAF".']
    pemda = os.path.join(root, "build", "pemda")
    assert not os.path.exists(os.path.join(pemda, "pk"))
    files = docx_files(pemda)
    assert files and all(all("DRAF" in h for h in _headers_of_every_section(f)) for f in files)
    assert "(DRAF)</text>" in open(os.path.join(pemda, "pohon", "pohon-pemda.svg"), encoding="utf-8").read()


def test_an_rpjmd_target_not_set_for_the_pk_year_is_a_located_warning(tmp_path):
    root = copy_example(tmp_path / "repo")
    line = mutate(root, "data/pemda.yaml", "target: {2025: BB, 2026: BB", "target: {2025: BB, 2026: null")
    report = check(root, [OPD]).report
    assert report.errors == []
    assert [(d.loc.file, d.loc.line) for d in report.warnings if d.code == "R102"] == [("data/pemda.yaml", line)]
