"""The Renstra's T-C.27 as printed: LibreOffice's PDF of BAB VI, for the example OPD and a synthetic
300-sub-kegiatan OPD, read back with pdftotext. Every code and Rupiah amount whole on one line, the
header row on every page, and every page naming the sasaran of the rows it shows. The spreadsheets
likewise: one page wide at 7 pt or more, as many pages down as needed, the header on every page."""
from __future__ import annotations

import io
import os
import re
import shutil

import openpyxl
import pytest
from conftest import docx_to_pdf_text

from cascade.documents import Job, excel, renstra
from cascade.fmt import rupiah
from cascade.formats.xlsx import print_scale
from cascade.pipeline import check

NEEDS = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                           reason="LibreOffice dan pdftotext diperlukan")
HEADER_NUMBERS = re.compile(r"\(1\)\s+\(2\)\s+\(3\)\s+\(4\)")
SASARAN_LABEL = re.compile(r"^\s*Sasaran (\d+\.\d+):")
TUJUAN_LABEL = re.compile(r"^\s*Tujuan (\d+):")


def _whole(token: str) -> re.Pattern:
    """`token` standing alone: not a piece of a longer code or amount."""
    return re.compile(r"(?<![\d.])" + re.escape(token) + r"(?![\d.,])")


def _checked(root, key):
    result = check(root, [key])
    assert not result.report.errors, [d.format() for d in result.report.errors]
    repo = result.repo
    return repo, Job(repo, repo.opds[key], repo.pemda.settings.tahun_berjalan or repo.pemda.years[0])


def _pdf_pages(name: str, data: bytes, tmp_path) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [p for p in docx_to_pdf_text(path, tmp_path).split("\f") if p.strip()]


def _printed_pages(root, key, tmp_path) -> tuple[object, list[str]]:
    repo, job = _checked(root, key)
    out = {o.path: o.data for o in renstra.render(job)}
    return repo, _pdf_pages("bab-6.docx", out["renstra/bab-6.docx"], tmp_path)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic Pemda: one OPD with 300 sub kegiatan (bench/synth.py); (root, OPD folder)."""
    from bench import synth

    root = tmp_path_factory.mktemp("synth")
    synth.generate(str(root), 1, 300, 30, 1)
    return str(root), sorted(os.listdir(root / "data" / "opd"))[0]


def _expected(repo, key):
    """Codes with the sasaran number ("1.2") they sit under, and every Rupiah amount of the table."""
    opd, years = repo.opds[key], repo.pemda.years
    codes, amounts = {}, set()
    for t_no, t in enumerate(opd.tujuan, 1):
        for s_no, s in enumerate(t.children, 1):
            stack = list(s.children)
            while stack:
                node = stack.pop()
                stack.extend(node.children)
                codes[node.kode] = f"{t_no}.{s_no}"
                amounts |= {rupiah(node.pagu[y], sign=False) for y in years if y in node.pagu}
                amounts.add(rupiah(node.pagu_total(), sign=False))
    amounts |= {rupiah(sum(t.pagu.get(y, 0) for t in opd.tujuan), sign=False) for y in years}
    amounts.add(rupiah(sum(t.pagu_total() for t in opd.tujuan), sign=False))
    return codes, amounts


def _check_print(repo, key, pages):
    codes, amounts = _expected(repo, key)
    assert len(codes) >= 10 and len(amounts) >= 10
    text = "\n".join(pages)
    lines = text.splitlines()
    for kode in codes:  # a code broken over two lines would not stand whole on any line
        assert any(_whole(kode).search(line) for line in lines), kode
    for amount in amounts:
        assert any(_whole(amount).search(line) for line in lines), amount
    for n, page in enumerate(pages, 1):
        assert HEADER_NUMBERS.search(page), f"halaman {n} tanpa baris judul kolom"
        assert any(TUJUAN_LABEL.match(x) for x in page.splitlines()), f"halaman {n} tanpa tujuan"
        current = None
        seen_codes = 0
        for line in page.splitlines():
            m = SASARAN_LABEL.match(line)
            if m:
                current = m.group(1)
                continue
            first = line.split()[0] if line.split() else ""
            if first in codes:
                seen_codes += 1
                # the rows on this page sit under the sasaran this page names above them
                assert current == codes[first], (n, first, current)
        assert seen_codes or n == len(pages), f"halaman {n} tanpa baris tabel"
        # a page never ends with column headers or a tujuan/sasaran row apart from its first row
        table_lines = [x for x in page.splitlines() if x.strip() and not re.match(r"\s*(Halaman|- \d+ -|\d+\s*$)", x)]
        assert not (TUJUAN_LABEL.match(table_lines[-1]) or SASARAN_LABEL.match(table_lines[-1])
                    or HEADER_NUMBERS.search(table_lines[-1])), (n, table_lines[-3:])


@NEEDS
def test_example_bab_6_prints_every_code_and_amount_whole_with_headers_on_every_page(tmp_path):
    from conftest import ROOT

    repo, pages = _printed_pages(ROOT, "diskominfo", tmp_path)
    assert len(pages) >= 2
    _check_print(repo, "diskominfo", pages)


@NEEDS
def test_on_a4_bab_6_still_prints_every_code_and_amount_whole_in_smaller_text(tmp_path):
    from conftest import copy_example

    root = copy_example(tmp_path / "repo")
    path = os.path.join(root, "data", "pemda.yaml")
    text = open(path, encoding="utf-8").read()
    assert "kertas: F4" in text
    open(path, "w", encoding="utf-8").write(text.replace("kertas: F4", "kertas: A4"))
    repo, pages = _printed_pages(root, "diskominfo", tmp_path)
    _check_print(repo, "diskominfo", pages)


@NEEDS
def test_a_300_sub_kegiatan_bab_6_prints_whole_and_names_its_sasaran_on_every_page(synthetic, tmp_path):
    root, key = synthetic
    repo, pages = _printed_pages(root, key, tmp_path)
    assert len(pages) >= 10
    _check_print(repo, key, pages)


def _amount_pattern(value: int) -> re.Pattern:
    """A whole amount with thousands separators as the viewer's locale prints "#,##0" (. or ,)."""
    digits = f"{value:,}".split(",")
    return re.compile(r"(?<![\d.,])" + r"[.,]".join(digits) + r"(?![\d.,]\d)")


@NEEDS
@pytest.mark.parametrize("name,header", [("excel/t-c-27.xlsx", "Kode"), ("excel/matriks-cascading.xlsx", "Tujuan RPJMD")])
def test_300_sub_kegiatan_spreadsheets_print_one_page_wide_at_7_pt_with_headers_on_every_page(
        synthetic, tmp_path, name, header):
    root, key = synthetic
    repo, job = _checked(root, key)
    data = {o.path: o.data for o in excel.render(job)}[name]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    assert int(ws.page_setup.paperSize) == 14 and ws.page_setup.orientation == "landscape"
    # Arial 10 at the print scale, one page wide: 7 pt or more on paper
    assert print_scale(widths, repo.pemda.settings) >= int(ws.page_setup.scale) / 100 >= 0.7
    pages = _pdf_pages(os.path.basename(name), data, tmp_path)
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert header in page and HEADER_NUMBERS.search(page), f"halaman {n} tanpa judul kolom"
    if name.endswith("t-c-27.xlsx"):
        breaks = [b.id for b in ws.row_breaks.brk]
        assert len(breaks) >= 10
        for b in breaks:  # a tujuan/sasaran row never ends a page, a subtotal never opens one
            assert not re.match(r"(Tujuan|Sasaran) \d", str(ws.cell(b, 1).value or "")), b
            assert not str(ws.cell(b + 1, 1).value or "").startswith("Jumlah"), b
        _, amounts = _expected(repo, key)
        lines = "\n".join(pages).splitlines()
        for amount in amounts:
            value = int(amount.replace(".", ""))
            assert any(_amount_pattern(value).search(line) for line in lines), amount


# ---------------------------------------------------------------- widths from the content, without LibreOffice


def test_widths_err_wide_and_keep_codes_amounts_and_slashed_words_whole():
    from cascade.formats.docx.widths import longest_word_pt, text_width_pt, words

    # URW Bookman Light digits are 620/1000 em; the estimate must not be narrower
    assert text_width_pt("0123456789", "Bookman Old Style", 10) >= 10 * 6.2
    assert text_width_pt("0123456789", "Arial", 10) == pytest.approx(10 * 5.56)  # Helvetica = Arial widths
    assert words("2.16.03.2.01.0001 Rp16.913.500.000 Kabupaten/Kota") == [
        "2.16.03.2.01.0001", "Rp16.913.500.000", "Kabupaten/", "Kota"]
    assert longest_word_pt("a 16.913.500.000", "Arial", 10) == text_width_pt("16.913.500.000", "Arial", 10)


def test_markdown_table_columns_take_their_width_from_the_content():
    from docx.oxml.ns import qn

    from cascade.formats.docx import house
    from cascade.formats.docx.markdown import insert_markdown
    from cascade.formats.docx.widths import longest_word_pt

    doc = house.base_document("F4")
    anchor = doc.add_paragraph("x")
    text = ("Tabel: Contoh\n\n| No | Uraian | Anggaran (Rp) |\n|---|---|---|\n"
            "| 1 | Penyelenggaraan pemerintahan berbasis elektronik di lingkungan Pemerintah Daerah Kabupaten/Kota "
            "yang terpadu dan aman | 16.913.500.000 |\n")
    insert_markdown(doc, anchor, text, 2, 170)
    tbl = doc.tables[0]._tbl
    widths = [int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert sum(widths) == round(170 * 1440 / 25.4)
    assert widths[1] > widths[2] > widths[0]  # the long text gets the room, the row number the least
    amount = longest_word_pt("16.913.500.000", house.FONT, house.TABLE_SIZES[""]) * 20
    assert widths[2] - 216 >= amount  # the amount fits inside the cell margins on one line
    assert all(tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None for tr in tbl.findall(qn("w:tr")))


@NEEDS
def test_a_short_table_near_the_page_end_moves_whole_to_the_next_page(tmp_path):
    """BAB V's table is short: kept on one page (not cut into pieces with repeated headers), it moves
    to the next page with its caption rather than leave its rows apart from their group rows."""
    import docx
    from conftest import ROOT
    from docx.oxml.ns import qn

    _, job = _checked(ROOT, "diskominfo")
    data = {o.path: o.data for o in renstra.render(job)}["renstra/bab-5.docx"]
    d = docx.Document(io.BytesIO(data))
    tables = d.element.body.findall(qn("w:tbl"))
    assert len(tables) == 1
    caption = tables[0].getprevious()
    for i in range(14):  # push the table to the lower part of the first page
        caption.addprevious(d.add_paragraph(f"Paragraf pengisi {i}")._p)
    buf = io.BytesIO()
    d.save(buf)
    pages = _pdf_pages("bab-5.docx", buf.getvalue(), tmp_path)
    assert len(pages) == 2 and "Paragraf pengisi 13" in pages[0]
    labels = [line.strip() for line in pages[1].splitlines() if re.match(r"\s*(Tujuan|Sasaran) \d", line)]
    assert len(labels) == 8 and "Tabel 5.1" in pages[1] and "Tabel 5.1" not in pages[0]


# ---------------------------------------------------------------- spreadsheets as `make pdf` prints them


def _make_pdf(tmp_path, files: dict[str, bytes]) -> dict[str, str]:
    """`make pdf`'s own conversion (cascade/pdf.py, its LibreOffice profile) of the files; PDF path per name."""
    from cascade import pdf

    folder = tmp_path / "hasil"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    result = pdf.convert(str(folder), force=True, jobs=1)
    assert not result.diags, [d.format() for d in result.diags]
    return {name: str(folder / name).rsplit(".", 1)[0] + ".pdf" for name in files}


def _word_heights(pdf: str) -> list[float]:
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return [float(y1) - float(y0) for y0, y1 in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', html)]


NEEDS_UNO = pytest.mark.skipif(not __import__("cascade.pdf").pdf.uno_python(), reason="python3-uno diperlukan")


@NEEDS
@NEEDS_UNO
def test_make_pdf_prints_the_spreadsheets_with_indonesian_separators_at_7_pt(tmp_path):
    from conftest import ROOT

    _, job = _checked(ROOT, "diskominfo")
    out = {o.path: o.data for o in excel.render(job)}
    pdfs = _make_pdf(tmp_path, {"t-c-27.xlsx": out["excel/t-c-27.xlsx"],
                                "matriks-cascading.xlsx": out["excel/matriks-cascading.xlsx"]})
    import subprocess

    text = {n: subprocess.run(["pdftotext", "-layout", p, "-"], capture_output=True, text=True, check=True).stdout
            for n, p in pdfs.items()}
    for name, shown in text.items():
        assert re.search(r"\b\d{1,3}(\.\d{3}){2,}\b", shown), name  # 6.075.000.000
        assert not re.search(r"\b\d{1,3}(,\d{3}){2,}\b", shown), name  # never 6,075,000,000
    assert re.search(r"\b76,32\b", text["t-c-27.xlsx"]) and not re.search(r"\b76\.32\b", text["t-c-27.xlsx"])
    pages = [p for p in text["t-c-27.xlsx"].split("\f") if p.strip()]
    assert len(pages) > 2
    code = re.compile(r"^\s*\d+(\.\d+)+\s")
    for n, page in enumerate(pages, 1):
        lines = [x for x in page.splitlines() if x.strip() and "Halaman" not in x]
        labels = [i for i, x in enumerate(lines) if TUJUAN_LABEL.match(x) or SASARAN_LABEL.match(x)]
        # a tujuan/sasaran row is followed on its page by a program or sub kegiatan row
        assert not labels or any(code.match(x) for x in lines[labels[-1]:]), (n, lines[labels[-1]])
        rows = lines[next(i for i, x in enumerate(lines) if HEADER_NUMBERS.search(x)) + 1:]
        assert not rows[0].lstrip().startswith("Jumlah"), n  # a subtotal never opens a page
    for name, pdf in pdfs.items():
        # pdftotext's word box is the font's ascent + descent: 1.117 em for Liberation Sans (Arial)
        sizes = sorted(h / 1.117 for h in _word_heights(pdf))
        assert sizes[len(sizes) // 20] >= 6.95, (name, sizes[:5])  # all but stray glyphs at 7 pt or more


# ---------------------------------------------------------------- keeping rows together, numbers aligned (XML)


def _bab(job, name):
    import docx

    return docx.Document(io.BytesIO({o.path: o.data for o in renstra.render(job)}[f"renstra/{name}.docx"]))


def _kept(tr) -> bool:
    from docx.oxml.ns import qn

    return all(p.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None for p in tr.iter(qn("w:p")))


def test_each_t_c_27_piece_keeps_its_headers_and_group_rows_with_its_first_row_and_the_total_with_two_rows():
    from conftest import ROOT
    from docx.oxml.ns import qn

    _, job = _checked(ROOT, "diskominfo")
    pieces = _bab(job, "bab-6").element.body.findall(qn("w:tbl"))
    assert len(pieces) > 3
    for n, tbl in enumerate(pieces):
        rows = tbl.findall(qn("w:tr"))
        texts = ["".join(t.text or "" for t in tr.iter(qn("w:t"))) for tr in rows]
        first_data = next(i for i, tr in enumerate(rows)
                          if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None)
        assert re.match(r"(Tujuan|Sasaran) \d", texts[first_data - 1]), texts[first_data - 1]  # a group row heads it
        assert all(_kept(tr) for tr in rows[:first_data]), n
        if not any(t.startswith("Sasaran") for t in texts):  # a tujuan's own rows: kept with the next piece
            spacer = tbl.getnext()
            assert all(_kept(tr) for tr in rows) and spacer.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None
        else:
            assert not _kept(rows[first_data]) or n == len(pieces) - 1 and first_data >= len(rows) - 3, n
    last = pieces[-1].findall(qn("w:tr"))
    assert "JUMLAH TOTAL" in "".join(t.text or "" for t in last[-1].iter(qn("w:t")))
    assert _kept(last[-3]) and _kept(last[-2]) and _kept(last[-1])  # and with the "Sumber:" line
    assert not _kept(last[-4]) or len(last) - 3 <= next(i for i, tr in enumerate(last) if not _kept(tr))


def test_t_c_24_keeps_its_last_three_rows_with_the_source_line():
    from conftest import ROOT
    from docx.oxml.ns import qn

    _, job = _checked(ROOT, "diskominfo")
    doc = _bab(job, "renstra-lengkap")
    tbl = next(t for t in doc.tables if "Rasio antara Realisasi" in "".join(x.text or "" for x in t._tbl.iter(qn("w:t"))))
    rows = tbl._tbl.findall(qn("w:tr"))
    assert [_kept(tr) for tr in rows[-4:]] == [False, True, True, True]


def test_markdown_table_number_columns_are_right_aligned():
    from cascade.formats.docx import house
    from cascade.formats.docx.markdown import insert_markdown

    doc = house.base_document("F4")
    anchor = doc.add_paragraph("x")
    text = ("| Uraian | Jumlah | Anggaran | Capaian | Catatan |\n|---|---|---|---|---|\n"
            "| Pegawai | 9 | Rp 1.250.000 | 85,5% | baik |\n| Jabatan | 27 | - | 2,85 | 12 orang |\n")
    insert_markdown(doc, anchor, text, 2, 170)
    styles = [[c.paragraphs[0].style.name for c in row.cells] for row in doc.tables[0].rows]
    assert styles[1] == styles[2] == ["Isi Tabel", "Isi Tabel Angka", "Isi Tabel Angka", "Isi Tabel Angka", "Isi Tabel"]
    assert doc.styles["Isi Tabel Angka"].paragraph_format.alignment == 2  # right
