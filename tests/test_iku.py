"""IKU and Manual IKU (issue 28): the rules R120-R125 on mutations of the example, and the documents
(IKU table, Manual IKU, KKE 1, KKE 5) read back cell by cell against the data."""
from __future__ import annotations

import os
import re
import subprocess

import openpyxl
import pytest
import yaml
from conftest import ROOT, copy_example, docx_to_pdf_text, mutate, run_cli
from docx import Document

from cascade.model.iku import formula_tampil, simbol_formula
from cascade.pipeline import check
from cascade.review.report import render_markdown
from cascade.review.run import review

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
    ("R122", RENSTRA, 'formula: "{P} / {R} × 100%"', 'formula: "{{P}} / {R} × 100%"', 0, "tidak berpasangan"),
    ("R122", RENSTRA, 'formula: "{P} / {R} × 100%"', 'formula: "{P} / {R × 100%"', 0, "tidak berpasangan"),
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


# ---------------------------------------------------------------- review (make review)


def test_review_shows_changes_to_iku_fields(tmp_path):
    from test_review import git, init_repo  # test_review imports this module's cases through test_rules

    root = copy_example(tmp_path / "repo")
    init_repo(root)
    mutate(root, RENSTRA, 'formula: "{P} / {R} × 100%"', 'formula: "{P} / {R} × 100"')
    mutate(root, RENSTRA, "uraian: Jumlah seluruh responden survei yang jawabannya sah",
           "uraian: Jumlah seluruh responden survei")
    mutate(root, RENSTRA, "periode_pelaporan: semesteran", "periode_pelaporan: triwulanan")
    mutate(root, RENSTRA, "unit_penyedia_data: Sekretariat\n", "unit_penyedia_data: Subbagian Perencanaan dan Keuangan\n")
    mutate(root, RENSTRA, "alasan: Ukuran baku nasional keamanan informasi yang menggambarkan hasil sasaran, bukan "
           "kegiatan persandian", "alasan: Ukuran baku nasional keamanan informasi")
    # the tujuan indicator T2-I1 stops being an IKU (R120 now finds tujuan T2 without one), and a program
    # indicator gains a definisi
    mutate(root, RENSTRA, "        iku: true\n" + T2_DEFINISI, T2_DEFINISI)
    mutate(root, APTIKA, "      sumber_data: Bidang Aplikasi Informatika\n",
           "      definisi: Aplikasi yang tercatat dalam arsitektur SPBE\n      sumber_data: Bidang Aplikasi Informatika\n")
    git(root, "commit", "-qam", "ubah IKU")
    text = render_markdown(review(root, "HEAD~1", None, None, with_documents=False).review)
    indicators = text.split("### Indikator")[1].split("\n### ")[0]
    rows = {line.split(" | ")[1]: line for line in indicators.splitlines() if line.startswith("| diubah")}
    puas = rows["Persentase masyarakat yang puas terhadap layanan informasi publik"]
    assert "formula: {P} / {R} × 100% → {P} / {R} × 100;" in puas, puas
    assert "komponen formula: … = Jumlah seluruh responden survei ~~yang jawabannya sah~~" in puas, puas
    assert "periode pelaporan: semesteran → triwulanan" in puas, puas
    assert "unit penyedia data: Sekretariat → Subbagian Perencanaan dan Keuangan" in rows["Predikat SAKIP Perangkat Daerah"]
    assert "alasan IKU: Ukuran baku nasional keamanan informasi ~~yang menggambarkan" in \
        rows["Skor Indeks Keamanan Informasi (Indeks KAMI)"]
    assert "| IKU: ya → tidak |" in rows["Indeks Keterbukaan Informasi Publik"]
    assert "definisi: Aplikasi yang tercatat dalam arsitektur SPBE" in \
        rows["Persentase aplikasi perangkat daerah yang sesuai arsitektur SPBE"]


# ---------------------------------------------------------------- documents, read back against the data

YEARS = [2025, 2026, 2027, 2028, 2029]
KADIS = "Kepala Dinas Komunikasi dan Informatika"


def _load(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _num(v) -> str:
    """A value as the documents print it (primer §7): decimal comma, no trailing zeros."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).replace(".", ",") if isinstance(v, (int, float)) else str(v)


def _plain(formula: str) -> str:
    return formula.replace("{", "").replace("}", "")


def _expected_opd(rel_renstra: str, pj: dict[str, str]):
    """Every tujuan/sasaran indicator of a Renstra in order: (group tujuan, group sasaran, indicator, pj)."""
    out = []
    for t_no, t in enumerate(_load(rel_renstra)["tujuan"], 1):
        tujuan = f"Tujuan {t_no}: {t['uraian']}"
        out += [(tujuan, None, i, pj[t["penanggung_jawab"]]) for i in t["indikator"]]
        for s_no, s in enumerate(t.get("sasaran", []), 1):
            out += [(tujuan, f"Sasaran {t_no}.{s_no}: {s['uraian']}", i, pj[s["penanggung_jawab"]])
                    for i in s["indikator"]]
    return out


def _definisi_cell(i) -> str:
    lines = [i["definisi"], f"Formula: {_plain(i['formula'])}"] + [f"{k['simbol']} = {k['uraian']}" for k in i["komponen"]]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("iku") / "build"
    result = run_cli("build", "--pemda", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _data_rows(doc) -> list[list[str]]:
    """Rows of every table piece whose first cell is a running number (group and header rows left out)."""
    rows = []
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if cells and re.fullmatch(r"\d+", cells[0]):
                rows.append(cells)
    return rows


def _groups_of_rows(doc) -> list[tuple[str, str | None]]:
    """(tujuan, sasaran) group rows in force above each data row within its own table piece: every piece
    names the groups of its rows (a piece may start a page)."""
    out = []
    for table in doc.tables:
        tujuan = sasaran = None
        for row in table.rows:
            cells = {c.text for c in row.cells}
            text = next(iter(cells))
            if len(cells) == 1 and text.startswith("Tujuan "):
                tujuan, sasaran = text, None
            elif len(cells) == 1 and text.startswith("Sasaran "):
                sasaran = text
            elif re.fullmatch(r"\d+", row.cells[0].text):
                out.append((tujuan, sasaran))
    return out


def test_tabel_iku_word_holds_every_iku_of_the_renstra(built):
    expected = [e for e in _expected_opd(RENSTRA, {"kadis": KADIS}) if e[2].get("iku")]
    assert len(expected) == 8
    doc = Document(str(built / "diskominfo" / "iku" / "tabel-iku.docx"))
    rows = _data_rows(doc)
    want = [[str(n), i["nama"], _definisi_cell(i), i["satuan"]] + [_num(i["target"][y]) for y in YEARS]
            + [i["sumber_data"], pj] for n, (_, _, i, pj) in enumerate(expected, 1)]
    assert rows == want
    assert _groups_of_rows(doc) == [(t, s) for t, s, _, _ in expected]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Tabel 1 Indikator Kinerja Utama Dinas Komunikasi dan Informatika Kota Arunika" in body
    signature = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Ir. Bambang Setiawan, M.Kom." in signature and "NIP. 19750312 200003 1 004" in signature
    assert "PEMERINTAH KOTA ARUNIKA" in signature  # the kop


def test_tabel_iku_excel_holds_the_same_rows_with_numbers(built):
    expected = [e for e in _expected_opd(RENSTRA, {"kadis": KADIS}) if e[2].get("iku")]
    ws = openpyxl.load_workbook(built / "diskominfo" / "iku" / "tabel-iku.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1)]
    data = [r for r in rows if isinstance(r[0], int)]
    assert [r[1] for r in data] == [i["nama"] for _, _, i, _ in expected]
    for r, (_, _, i, pj) in zip(data, expected):
        assert r[2] == _definisi_cell(i) and r[3] == i["satuan"]
        assert r[4:9] == [i["target"][y] for y in YEARS]
        assert r[9:] == [i["sumber_data"], pj]
    assert rows[0][0] == "Tabel Indikator Kinerja Utama"
    assert ws.print_title_rows and ws.page_setup.orientation == "landscape"
    merged = {str(m) for m in ws.merged_cells.ranges}
    first_group = next(k for k, r in enumerate(rows, 1) if r[0] == expected[0][0])
    assert f"A{first_group}:K{first_group}" in merged  # the group row spans the table


MANUAL_LABELS = ["Nama Indikator", "Tujuan/Sasaran", "Definisi Operasional", "Formula",
                 "Komponen Formula dan Sumber Datanya", "Satuan", "Polaritas", "Periode Pelaporan", "Sumber Data",
                 "Unit Penyedia Data", "Penanggung Jawab", "Alasan Pemilihan sebagai IKU", "Kondisi Awal (2024)"] \
    + [f"Target {y}" for y in YEARS]


def _manual_values(i, place, pj) -> list[str]:
    komponen = "\n".join(f"{k['simbol']} = {k['uraian']}\nSumber data: {k['sumber_data']}" for k in i["komponen"])
    polaritas = {"positif": "Positif (makin tinggi realisasi, makin baik kinerja)",
                 "negatif": "Negatif (makin rendah realisasi, makin baik kinerja)"}[i["polaritas"]]
    return ([i["nama"], place, i["definisi"], _plain(i["formula"]), komponen, i["satuan"], polaritas,
             i["periode_pelaporan"].capitalize(), i["sumber_data"], i["unit_penyedia_data"], pj, i["alasan"],
             _num(i["baseline"]["nilai"])] + [_num(i["target"][y]) for y in YEARS])


def test_manual_iku_has_one_sheet_per_iku_with_every_field(built):
    expected = [e for e in _expected_opd(RENSTRA, {"kadis": KADIS}) if e[2].get("iku")]
    doc = Document(str(built / "diskominfo" / "iku" / "manual-iku.docx"))
    sheets = [t for t in doc.tables if t.rows[0].cells[-1].text == "Keterangan"]
    assert len(sheets) == len(expected)
    for table, (tujuan, sasaran, i, pj) in zip(sheets, expected):
        cells = [[c.text.replace("\u200b", "") for c in r.cells] for r in table.rows[1:]]  # ZWSP: a break after "/"
        assert [c[1] for c in cells] == MANUAL_LABELS
        assert [c[2] for c in cells] == _manual_values(i, sasaran or tujuan, pj), i["id"]
        assert [c[0] for c in cells] == [str(n) for n in range(1, len(MANUAL_LABELS) + 1)]
    # every sheet after the first starts a page: its heading breaks the page
    breaks = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == [f"IKU {n}. {i['nama']}" for n, (_, _, i, _) in enumerate(expected, 1)][1:]


def test_pemda_iku_are_the_rpjmd_indicators_signed_by_the_kepala_daerah(built):
    pemda = _load(PEMDA)["rpjmd"]
    expected = []
    for t_no, t in enumerate([t for m in pemda["misi"] for t in m["tujuan"]], 1):
        expected += [(i, "Wali Kota Arunika") for i in t["indikator"]]
        for s in t["sasaran"]:
            supporters = {"RS1.1": "Kepala Dinas Komunikasi dan Informatika; Kepala Dinas Perpustakaan dan Kearsipan",
                          "RS1.2": "Kepala Badan Perencanaan Pembangunan Daerah; Kepala Dinas Komunikasi dan "
                                   "Informatika; Inspektur Daerah",
                          "RS2.1": KADIS, "RS3.1": "-"}
            expected += [(i, supporters[s["id"]]) for i in s["indikator"]]
    doc = Document(str(built / "pemda" / "iku" / "tabel-iku.docx"))
    rows = _data_rows(doc)
    assert [r[1] for r in rows] == [i["nama"] for i, _ in expected]
    assert [r[-1] for r in rows] == [pj for _, pj in expected]
    assert [r[4:9] for r in rows] == [[_num(i["target"][y]) for y in YEARS] for i, _ in expected]
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Wali Kota Arunika" in text and "Dr. Hj. Ratna Sari Dewi, M.Si." in text and "NIP" not in text


def test_kke_1_lists_every_tujuan_and_sasaran_indicator_with_empty_evaluator_columns(built):
    jabatan = {j["id"]: j["nama"] for j in _load("data/opd/bappeda/opd.yaml")["jabatan"]}
    expected = _expected_opd("data/opd/bappeda/renstra.yaml", jabatan)
    ws = openpyxl.load_workbook(built / "bappeda" / "iku" / "kke-1.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in rows if r[0] == "No")
    assert header[-1] == "Catatan Evaluator"
    criteria = next(r for r in rows if r[10] == "Spesifik")[10:17]
    assert criteria == ["Spesifik", "Dapat Diukur", "Dapat Dicapai", "Relevan", "Berjangka Waktu", "Berorientasi Hasil",
                        "Cukup Menggambarkan Kinerja"]
    data = [r for r in rows if isinstance(r[0], int)]
    assert [(r[1], r[2], r[3], r[4]) for r in data] == [
        (i["nama"], "Ya" if i.get("iku") else "Tidak", i["satuan"], i["baseline"]["nilai"]) for _, _, i, _ in expected]
    assert "Tidak" in [r[2] for r in data]  # BS1-I2 is a sasaran indicator but no IKU
    assert [r[5:10] for r in data] == [[i["target"][y] for y in YEARS] for _, _, i, _ in expected]
    assert all(v is None for r in data for v in r[10:])


def test_kke_5_lists_each_component_with_its_source(built):
    expected = _expected_opd(RENSTRA, {"kadis": KADIS})
    ws = openpyxl.load_workbook(built / "diskominfo" / "iku" / "kke-5.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    start = next(k for k, r in enumerate(rows) if r[0] == "(1)") + 1
    parts = [r for r in rows[start:] if r[3] is not None]
    want = [(k["simbol"], k["uraian"], k["sumber_data"]) for _, _, i, _ in expected for k in i["komponen"]]
    assert [(r[3], r[4], r[5]) for r in parts] == want
    firsts = [r for r in parts if r[0] is not None]
    assert [(r[1], r[2], r[6], r[7]) for r in firsts] == [
        (i["nama"], _plain(i["formula"]), i["unit_penyedia_data"], i["periode_pelaporan"].capitalize())
        for _, _, i, _ in expected]
    merged = {str(m) for m in ws.merged_cells.ranges}
    two = next(k for k, r in enumerate(rows, 1) if r[1] == expected[1][2]["nama"])  # S1-I1: components A and B
    assert f"B{two}:B{two + 1}" in merged and rows[two][3] == "B"


def test_libreoffice_prints_the_iku_table_and_one_manual_page_per_iku(built, tmp_path):
    expected = [e for e in _expected_opd(RENSTRA, {"kadis": KADIS}) if e[2].get("iku")]
    docx_to_pdf_text(built / "diskominfo" / "iku" / "tabel-iku.docx", tmp_path)
    # in reading order: a name wrapped over two lines of its cell reads on
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "tabel-iku.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    table = " ".join(raw.split())
    for _, _, i, _ in expected:
        assert " ".join(i["nama"].split()[:3]) in table
    assert "Formula: A / B × 100%" in table and "Ir. Bambang Setiawan, M.Kom." in table
    manual = docx_to_pdf_text(built / "diskominfo" / "iku" / "manual-iku.docx", tmp_path)
    pages = [p for p in manual.split("\f") if p.strip()]
    assert len(pages) == len(expected)
    for n, (page, (_, _, i, _)) in enumerate(zip(pages, expected), 1):
        flat = " ".join(page.split())
        assert f"IKU {n}. " in flat and "Definisi Operasional" in flat and _plain(i["formula"])[:25] in flat
    assert "Ir. Bambang Setiawan, M.Kom." in pages[-1]


def test_a_draft_without_iku_still_gets_its_documents_saying_so(tmp_path):
    root = copy_example(tmp_path / "repo")
    mutate(root, "data/opd/dispusip/opd.yaml", "  singkatan: Dispusip\n", "  singkatan: Dispusip\n  status: draf\n")
    text = open(os.path.join(root, "data/opd/dispusip/renstra.yaml"), encoding="utf-8").read()
    with open(os.path.join(root, "data/opd/dispusip/renstra.yaml"), "w", encoding="utf-8") as fh:
        fh.write(text.replace("iku: true", "iku: false"))
    out = tmp_path / "build"
    result = run_cli("build", "--opd", "dispusip", "--out", str(out), cwd=root)
    assert result.returncode == 0 and "peringatan R120" in result.stdout, result.stdout + result.stderr
    for name in ("tabel-iku.docx", "manual-iku.docx"):
        doc = Document(str(out / "dispusip" / "iku" / name))
        said = [p.text for p in doc.paragraphs]
        assert "Belum ada indikator yang ditetapkan sebagai Indikator Kinerja Utama (IKU)." in said, name
    kke1 = openpyxl.load_workbook(out / "dispusip" / "iku" / "kke-1.xlsx").active
    assert [r[2].value for r in kke1.iter_rows() if isinstance(r[0].value, int)] == ["Tidak"] * 3
    assert kke1["A1"].value.endswith("(DRAF)")


def test_the_site_names_the_iku_downloads_in_words():
    from cascade.web.unduhan import group, label

    assert group("diskominfo/iku/manual-iku.docx") == "Indikator Kinerja Utama (IKU)"
    assert label("diskominfo/iku/manual-iku.docx", None) == "Manual IKU (Word)"
    assert label("pemda/iku/kke-5.xlsx", None) == "KKE 5 Komponen dan sumber data indikator (Excel)"
