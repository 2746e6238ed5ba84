"""Excel workbooks read back with openpyxl: numbers, merges, totals, leaves and parents, print setup, bytes."""
from __future__ import annotations

import io
import os
import re
import zipfile

import openpyxl
import pytest
from conftest import run_cli

from cascade.documents import Job, excel
from cascade.documents.renstra.tabel_tc import fmt_for, tabel_4_1, tabel_6_1, with_groups
from cascade.fmt import angka, rupiah
from cascade.formats.xlsx import print_scale
from cascade.pipeline import check

FILES = ["excel/t-c-27.xlsx", "excel/t-c-25.xlsx", "excel/matriks-cascading.xlsx"]
# T-C.27 columns (1-based, as openpyxl counts): the BAB VI grid plus one; tujuan and sasaran are group rows
K27 = dict(kode=1, nama=2, indikator=3, satuan=4, awal=5, akhir=16, akhir_rp=17, unit=18, lokasi=19)
TARGET27, RP27 = 6, 7  # year i: target in column TARGET27 + 2i, Rp in RP27 + 2i
# matriks cascading columns
KM = dict(rt=1, rs=2, tujuan=3, ind_tujuan=4, sasaran=5, program=7, kegiatan=9, sub=11, ind_sub=12, pj=13, pagu=14)


def render(repo, key="diskominfo", tahun=2026) -> dict[str, bytes]:
    return {o.path: o.data for o in excel.render(Job(repo, repo.opds[key], tahun))}


@pytest.fixture(scope="module")
def outputs(repo):
    return render(repo)


@pytest.fixture(scope="module")
def books(outputs):
    return {path: openpyxl.load_workbook(io.BytesIO(data)).active for path, data in outputs.items()}


def first_data_row(ws) -> int:
    """The row after the numbered "(1) (2) …" header row."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "(1)":
            return row[0].row + 1
    raise AssertionError("no numbered header row")


def data_rows(ws) -> list[int]:
    return list(range(first_data_row(ws), ws.max_row + 1))


def merged_at(ws, row: int, col: int):
    """The merged range covering a cell, or None."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return rng
    return None


def value_at(ws, row: int, col: int):
    """What a reader sees in a cell: the value of the merged range it belongs to."""
    rng = merged_at(ws, row, col)
    return ws.cell(rng.min_row, rng.min_col).value if rng else ws.cell(row, col).value


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def test_build_writes_the_three_workbooks(outputs):
    assert sorted(outputs) == sorted(FILES)
    for data in outputs.values():
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


# ---------------------------------------------------------------- T-C.27


def test_t_c_27_has_the_rows_of_bab_vi_with_numbers_instead_of_text(repo, books):
    """Every row of BAB VI, in order; formatted the Indonesian way, each number reads as in Word."""
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    word_rows, word_total = tabel_6_1(opd, fmt_for(pemda))
    word_rows = with_groups(word_rows)
    ws = books["excel/t-c-27.xlsx"]
    rows = data_rows(ws)
    assert len(rows) == len(word_rows) + 1  # the grand total
    shown = lambda v: "" if v is None else angka(v) if is_number(v) else v  # noqa: E731
    money = lambda v: "" if v is None else rupiah(v, sign=False) if is_number(v) else v  # noqa: E731
    numbers = 0
    for r, w in zip(rows, word_rows):
        if w["grup"]:
            assert ws.cell(r, 1).value == w["label"] and str(merged_at(ws, r, 1)) == f"A{r}:S{r}"
            continue
        if w["jumlah"]:
            assert ws.cell(r, K27["kode"]).value == w["label"]
            assert [money(ws.cell(r, RP27 + 2 * i).value) for i in range(5)] == w["rp"]
            continue
        assert (ws.cell(r, K27["kode"]).value or "") == w["kode"]["lengkap"]
        assert (ws.cell(r, K27["nama"]).value or "") == w["nama"]
        assert (ws.cell(r, K27["indikator"]).value or "") == w["indikator"]
        assert (ws.cell(r, K27["satuan"]).value or "") == w["satuan"]
        assert shown(ws.cell(r, K27["awal"]).value) == w["awal"]
        assert [shown(ws.cell(r, TARGET27 + 2 * i).value) for i in range(5)] == w["target"]
        assert [money(ws.cell(r, RP27 + 2 * i).value) for i in range(5)] == w["rp"]
        assert money(ws.cell(r, K27["akhir_rp"]).value) == w["akhir_rp"]
        assert (ws.cell(r, K27["unit"]).value or "") == w["unit"]
        numbers += sum(is_number(ws.cell(r, c).value) for c in range(5, 18))
    assert numbers > 200
    last = rows[-1]
    assert [money(ws.cell(last, RP27 + 2 * i).value) for i in range(5)] == word_total["rp"]


def test_t_c_27_money_and_target_cells_are_numbers_with_display_formats(repo, books):
    opd = repo.opds["diskominfo"]
    ws = books["excel/t-c-27.xlsx"]
    funded = {n.kode: n for n in opd.nodes() if n.level in ("program", "kegiatan", "subkegiatan")}
    seen = 0
    for r in data_rows(ws):
        node = funded.get(ws.cell(r, K27["kode"]).value)
        if node is None:
            continue
        seen += 1
        for i, y in enumerate(repo.pemda.years):
            rp = ws.cell(r, RP27 + 2 * i)
            assert type(rp.value) is int and rp.value == node.pagu[y], (node.id, y)
            assert rp.number_format == "#,##0"
            target = ws.cell(r, TARGET27 + 2 * i)
            assert is_number(target.value) and target.value == node.indikator[0].target[y]
            assert target.number_format in ("#,##0", "#,##0.0", "#,##0.00")
        assert ws.cell(r, K27["akhir_rp"]).value == node.pagu_total()
    assert seen == len(funded)
    decimal = [ws.cell(r, c) for r in data_rows(ws) for c in range(5, 17)
               if isinstance(ws.cell(r, c).value, float) and not ws.cell(r, c).value.is_integer()]
    assert decimal and all(c.number_format in ("#,##0.0", "#,##0.00") for c in decimal)
    kodes = [ws.cell(r, K27["kode"]) for r in data_rows(ws) if ws.cell(r, K27["kode"]).value]
    assert all(isinstance(c.value, str) and c.number_format == "@" for c in kodes if c.value[0].isdigit())
    assert any(c.value == "2.16.03" for c in kodes)  # a code keeps its leading zero


def test_t_c_27_subtotals_and_grand_total_equal_the_model_sums(repo, books):
    opd, years = repo.opds["diskominfo"], repo.pemda.years
    ws = books["excel/t-c-27.xlsx"]
    rows = data_rows(ws)
    subtotals = {ws.cell(r, K27["kode"]).value: r for r in rows
                 if str(ws.cell(r, K27["kode"]).value or "").startswith("Jumlah ")}
    programs = [n for n in opd.nodes() if n.level == "program"]
    assert len(subtotals) == len(programs)
    for p in programs:
        r = subtotals[f"Jumlah {p.judul}"]
        assert [ws.cell(r, RP27 + 2 * i).value for i in range(len(years))] == [p.pagu[y] for y in years]
        assert ws.cell(r, K27["akhir_rp"]).value == p.pagu_total()
        assert str(merged_at(ws, r, K27["kode"])) == f"A{r}:E{r}"
        assert ws.cell(r, K27["kode"]).font.b
    total = rows[-1]
    assert ws.cell(total, 1).value == "JUMLAH TOTAL PENDANAAN INDIKATIF"
    assert str(merged_at(ws, total, 1)) == f"A{total}:E{total}"
    for i, y in enumerate(years):
        assert ws.cell(total, RP27 + 2 * i).value == sum(t.pagu.get(y, 0) for t in opd.tujuan)
        assert ws.cell(total, RP27 + 2 * i).value == sum(ws.cell(r, RP27 + 2 * i).value for r in subtotals.values())
    grand = sum(t.pagu_total() for t in opd.tujuan)
    assert ws.cell(total, K27["akhir_rp"]).value == grand > 1_000_000


def test_t_c_27_names_each_tujuan_and_sasaran_in_a_row_across_the_table(repo, books):
    opd = repo.opds["diskominfo"]
    ws = books["excel/t-c-27.xlsx"]
    groups = [(r, ws.cell(r, 1).value) for r in data_rows(ws)
              if str(ws.cell(r, 1).value or "").startswith(("Tujuan ", "Sasaran "))]
    expected = []
    for i, t in enumerate(opd.tujuan, 1):
        expected.append(f"Tujuan {i}: {t.uraian}")
        expected += [f"Sasaran {i}.{j}: {s.uraian}" for j, s in enumerate(t.children, 1)]
    assert [text for _, text in groups] == expected
    for r, _ in groups:
        assert str(merged_at(ws, r, 1)) == f"A{r}:S{r}" and ws.cell(r, 1).font.b


# ---------------------------------------------------------------- T-C.25


def test_t_c_25_rows_numbers_and_merges(repo, books):
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    word = tabel_4_1(opd, fmt_for(pemda))
    ws = books["excel/t-c-25.xlsx"]
    rows = data_rows(ws)
    assert len(rows) == len(word)
    for r, w in zip(rows, word):
        assert (ws.cell(r, 4).value or "") == w["indikator"]
        targets = [ws.cell(r, 7 + i).value for i in range(5)]
        assert [angka(v) if is_number(v) else v for v in targets] == w["target"]
    indicators = [i for t in opd.tujuan for n in (t, *t.children) for i in n.indikator]
    numeric = [i for i in indicators if i.skala is None]
    by_name = {ws.cell(r, 4).value: r for r in rows}
    for ind in numeric:
        r = by_name[ind.nama]
        assert is_number(ws.cell(r, 6).value) and ws.cell(r, 6).value == ind.baseline
        assert all(is_number(ws.cell(r, 7 + i).value) for i in range(5))
    assert any(i.skala for i in indicators)  # predikat targets stay text
    # No and Tujuan span every row of their tujuan
    starts = [r for r in rows if ws.cell(r, 1).value is not None]
    assert [ws.cell(r, 1).value for r in starts] == list(range(1, len(opd.tujuan) + 1))
    assert all(type(ws.cell(r, 1).value) is int for r in starts)
    for start, end in zip(starts, [*starts[1:], rows[-1] + 1]):
        assert str(merged_at(ws, start, 1)) == f"A{start}:A{end - 1}"
        assert str(merged_at(ws, start, 2)) == f"B{start}:B{end - 1}"


# ---------------------------------------------------------------- matriks cascading


def leaves(opd):
    return [n for t in opd.tujuan for n in t.walk() if not n.children]


def test_matriks_has_one_row_per_leaf_with_its_parents_beside_it(repo, books):
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    ws = books["excel/matriks-cascading.xlsx"]
    rows = data_rows(ws)
    subs = [n for n in opd.nodes() if n.level == "subkegiatan"]
    assert len(rows) == len(leaves(opd)) == len(subs) > 20
    by_kode = {}
    for r in rows:
        kode = (ws.cell(r, KM["sub"]).value or "").split(" ")[0]
        assert kode not in by_kode, kode
        by_kode[kode] = r
    rpjmd = {rs.id: (rt, rs) for rt in pemda.rpjmd_tujuan() for rs in rt.sasaran}
    jabatan = opd.jabatan_by_id()
    for t in opd.tujuan:
        for s in t.children:
            for p in s.children:
                for k in p.children:
                    for sk in k.children:
                        r = by_kode[sk.kode]
                        assert ws.cell(r, KM["sub"]).value == f"{sk.kode} {sk.judul}"
                        assert value_at(ws, r, KM["kegiatan"]).startswith(k.uraian + "\n" + k.kode)
                        assert value_at(ws, r, KM["program"]).startswith(p.uraian + "\n" + p.kode)
                        assert value_at(ws, r, KM["sasaran"]).startswith(s.uraian)
                        assert value_at(ws, r, KM["tujuan"]) == t.uraian
                        rt, rs = rpjmd[t.mendukung[0]]
                        assert value_at(ws, r, KM["rs"]) == rs.uraian
                        assert value_at(ws, r, KM["rt"]) == rt.uraian
                        assert ws.cell(r, KM["pj"]).value == jabatan[sk.penanggung_jawab].nama
                        assert ws.cell(r, KM["pagu"]).value == sk.pagu_total()
                        assert sk.indikator[0].nama in ws.cell(r, KM["ind_sub"]).value
    tujuan_ind = value_at(ws, rows[0], KM["ind_tujuan"])
    first = opd.tujuan[0].indikator[0]
    assert tujuan_ind == f"{first.nama}\nTarget 2026: {angka(first.target[2026])} {first.satuan}"


def test_matriks_rows_repeat_their_parents_and_are_never_merged_down(repo, books):
    """A cell merged down over many rows prints blank on the pages after its first (review #1)."""
    opd = repo.opds["diskominfo"]
    ws = books["excel/matriks-cascading.xlsx"]
    rows = data_rows(ws)
    assert not [m for m in ws.merged_cells.ranges if m.min_row >= rows[0]]
    row_of = {(ws.cell(r, KM["sub"]).value or "").split(" ")[0]: r for r in rows}
    for t in opd.tujuan:
        for sk in (n for n in t.walk() if n.level == "subkegiatan"):
            r = row_of[sk.kode]
            assert ws.cell(r, KM["tujuan"]).value == t.uraian  # the row's own cell, not a merged one
            assert ws.cell(r, KM["rt"]).value and ws.cell(r, KM["rs"]).value


def test_t_c_27_row_breaks_keep_group_rows_with_their_rows_and_subtotals_with_their_program(books):
    ws = books["excel/t-c-27.xlsx"]
    rows = data_rows(ws)
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks and all(rows[0] <= b < rows[-1] for b in breaks)
    for b in breaks:  # the last row of a page, and the first of the next
        last, first = ws.cell(b, 1).value or "", ws.cell(b + 1, 1).value or ""
        assert not re.match(r"(Tujuan|Sasaran) \d", last), (b, last)
        assert not str(first).startswith(("Jumlah", "JUMLAH")), (b, first)


def test_matriks_pagu_sums_to_the_renstra_total(repo, books):
    opd = repo.opds["diskominfo"]
    ws = books["excel/matriks-cascading.xlsx"]
    values = [ws.cell(r, KM["pagu"]).value for r in data_rows(ws)]
    assert all(type(v) is int for v in values)
    assert sum(values) == sum(t.pagu_total() for t in opd.tujuan)
    assert ws.cell(data_rows(ws)[0], KM["pagu"]).number_format == "#,##0"


# ---------------------------------------------------------------- sheet setup, paper, bytes


@pytest.mark.parametrize("path,header_rows", [(FILES[0], 4), (FILES[1], 3), (FILES[2], 2)])
def test_frozen_headers_print_titles_and_landscape_f4(books, path, header_rows):
    ws = books[path]
    first = first_data_row(ws)
    assert ws.freeze_panes == f"A{first}"
    assert ws.print_title_rows == f"${first - header_rows}:${first - 1}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 14  # Folio, the Excel size nearest F4
    assert (ws.page_setup.paperWidth, ws.page_setup.paperHeight) == ("210mm", "330mm")
    # a fixed print scale (not fit-to-width, which LibreOffice computes its own way): 70 % or more
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 70 <= int(ws.page_setup.scale) <= 100
    header = ws.cell(first - header_rows, 1)
    assert header.font.b and header.fill.fgColor.rgb.endswith("D9D9D9")
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    assert all(4 <= w <= 45 for w in widths) and max(widths) > 20
    # one page wide at the print scale, the text (Arial 10) at 7 pt or more
    assert print_scale(widths, type("F4", (), {"kertas": "F4"})) >= int(ws.page_setup.scale) / 100 >= 0.7
    # the default font is Arial 10, the font the widths are measured in (LibreOffice has no Calibri
    # and measured the columns in its substitute's wider digits)
    assert (ws.parent._fonts[0].name, ws.parent._fonts[0].sz) == ("Arial", 10)
    long_text = [c for c in ws[first] if isinstance(c.value, str) and len(c.value) > 30]
    assert long_text and all(c.alignment.wrap_text for c in long_text)
    assert ws.row_dimensions[first].height > 15  # rows grown for their wrapped text
    # the page number in the footer has a line's room inside the bottom margin (LibreOffice cuts what does not fit)
    margins = ws.page_margins
    assert (margins.bottom - margins.footer) * 72 >= 1.5 * 10 and (margins.top - margins.header) * 72 >= 1.5 * 10
    assert "Halaman &P dari &N" in ws.oddFooter.center.text


def test_a4_setting_prints_the_tables_on_a4_never_below_7_pt(tmp_repo):
    path = os.path.join(tmp_repo, "data", "pemda.yaml")
    text = open(path, encoding="utf-8").read()
    assert "kertas: F4" in text
    open(path, "w", encoding="utf-8").write(text.replace("kertas: F4", "kertas: A4"))
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors
    for data in render(checked.repo).values():
        ws = openpyxl.load_workbook(io.BytesIO(data)).active
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.paperWidth is None
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                  for c in range(1, ws.max_column + 1)]
        scale = int(ws.page_setup.scale)
        assert scale >= 70  # never below 7 pt
        if scale > 70:  # one page wide
            assert print_scale(widths, type("A4", (), {"kertas": "A4"})) >= scale / 100


def test_rebuild_is_byte_identical_and_dated_from_the_data(repo, outputs, tmp_path):
    """A second process later gives the same bytes; no clock time in docProps/core.xml."""
    again = run_cli("build", "--opd", "diskominfo", "--out", str(tmp_path))
    assert again.returncode == 0, again.stdout + again.stderr
    for path in FILES:
        assert (tmp_path / "diskominfo" / path).read_bytes() == outputs[path], path
    core = zipfile.ZipFile(io.BytesIO(outputs[FILES[0]])).read("docProps/core.xml").decode()
    day = repo.pemda.settings.tanggal_renstra or __import__("datetime").date(repo.pemda.periode[0], 1, 2)
    assert core.count(f"{day.isoformat()}T00:00:00Z") == 2  # created and modified
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(io.BytesIO(outputs[FILES[0]])).infolist())


def test_source_date_epoch_sets_the_document_date(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    core = zipfile.ZipFile(io.BytesIO(render(repo)[FILES[2]])).read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core


@pytest.mark.parametrize("name,look", [
    ('"=HYPERLINK(\\"http://x\\";\\"klik\\")"', "HYPERLINK"),  # would be a formula
    ('"#N/A"', "#N/A"),                                           # would be an Excel error value
])
def test_planner_text_that_looks_like_a_formula_stays_text(tmp_repo, name, look):
    path = os.path.join(tmp_repo, "data", "opd", "diskominfo", "program", "2.16.03-aptika.yaml")
    text = open(path, encoding="utf-8").read()
    old = "nama: Jumlah nama domain dan sub domain yang dikelola"
    assert old in text
    open(path, "w", encoding="utf-8").write(text.replace(old, f"nama: {name}"))
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    data = render(checked.repo)["excel/t-c-27.xlsx"]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and look in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and 't="e"' not in sheet_xml
