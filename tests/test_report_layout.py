"""The keselarasan and evaluasi reports as official documents (issue 24), read back from Word XML and
from the PDF LibreOffice prints: page numbers, kop and pengesahan, the house style and no Word default
look, rows kept whole, E.80's K and Rp columns with amounts never broken, and the report template a
planner restyles."""
from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from dataclasses import replace

import docx
import pytest
from conftest import mutate
from docx.oxml.ns import qn

from cascade.documents import Job, PemdaJob, resmi
from cascade.documents import keselarasan as kes
from cascade.documents.evaluasi import render as render_evaluasi
from cascade.pipeline import check

KES = "keselarasan/keselarasan-2025-2029.docx"
EV = "evaluasi/2025/evaluasi-diskominfo-2025.docx"
# The signers as the example data names them (opd.yaml of bappeda and diskominfo), written out here
BAPPEDA_HEAD = ("Dr. Ir. Heru Wicaksono, M.T.", "Pembina Utama Muda (IV/c)", "NIP. 19710418 199803 1 002")
KADIS = ("Ir. Bambang Setiawan, M.Kom.", "NIP. 19750312 200003 1 004")


@pytest.fixture(scope="module")
def reports(repo):
    out = {o.path: o.data for o in kes.render_pemda(PemdaJob(repo, 2026))}
    out.update({o.path: o.data for o in render_evaluasi(Job(repo, repo.opds["diskominfo"], 2025))})
    return out


@pytest.fixture(scope="module")
def pdfs(reports, tmp_path_factory):
    """Each report printed by LibreOffice: name → (text of each page, fonts the PDF embeds)."""
    work = tmp_path_factory.mktemp("pdf")
    out = {}
    for name in (KES, EV):
        path = work / os.path.basename(name)
        path.write_bytes(reports[name])
        profile = work / "lo-profile"
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(work), str(path)], capture_output=True, timeout=300)
        pdf = path.with_suffix(".pdf")
        assert pdf.exists()
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        out[name] = (text.split("\f")[:-1], fonts)
    return out


@pytest.mark.parametrize("name", [KES, EV])
def test_every_page_ends_with_its_number(pdfs, name):
    pages, _ = pdfs[name]
    assert len(pages) > 3
    for number, page in enumerate(pages, 1):
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]
        assert last == str(number), (number, last)


@pytest.mark.parametrize("name", [KES, EV])
def test_printed_in_the_house_font_without_word_defaults(pdfs, reports, name):
    _, fonts = pdfs[name]
    # Every font printed is Bookman Old Style (dokumen.huruf; LibreOffice prints it with URW Bookman): a
    # style left in Word's theme fonts prints in Calibri/Cambria or their stand-ins (Carlito, DejaVu Sans)
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert names and all("Bookman" in n for n in names), names
    with zipfile.ZipFile(io.BytesIO(reports[name])) as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert "Theme" not in defaults and 'w:ascii="Bookman Old Style"' in defaults
    document = docx.Document(io.BytesIO(reports[name]))
    used = {p.style.name for p in document.paragraphs}
    used |= {p.style.name for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs}
    assert {"Title", "Heading 1", "Caption", "Isi Tabel", "Isi Tabel Angka", "Judul Tabel"} <= used
    for style_name in used:
        style = document.styles[style_name]
        while style is not None:  # the style and every style it is based on
            rpr = style.element.rPr
            if rpr is not None:
                assert rpr.find(qn("w:rFonts")) is None or not any("Theme" in a for a in rpr.find(qn("w:rFonts")).attrib), style.name
                color = rpr.find(qn("w:color"))
                assert color is None or color.get(qn("w:val")) in ("000000", "auto"), (style.name, color.get(qn("w:val")))
            style = style.base_style
    assert "w:color " not in body.replace('w:color="auto"', "")  # no coloured text in the body either


def test_keselarasan_is_bappedas_with_kop_and_signature(pdfs):
    pages, _ = pdfs[KES]
    first, last = pages[0], pages[-1]
    assert "PEMERINTAH KOTA ARUNIKA" in first and "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in first
    assert "Jl. Pemuda No. 148" in first
    assert "Kepala Badan Perencanaan Pembangunan Daerah Kota Arunika" in last
    assert "Arunika, 15 Agustus 2025" in last  # dokumen.tanggal_renstra
    for line in BAPPEDA_HEAD:
        assert line in last
    assert all("BADAN PERENCANAAN" not in p for p in pages[1:])  # the kop is on the first page only


def test_evaluasi_is_the_dinas_with_kop_and_signature(pdfs):
    pages, _ = pdfs[EV]
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in pages[0]
    assert "Kepala Dinas Komunikasi dan Informatika Kota Arunika" in pages[-1]
    for line in KADIS:
        assert line in pages[-1]


def test_logo_in_the_kop_only_when_set(repo, tmp_repo):
    with zipfile.ZipFile(io.BytesIO(kes.render_pemda(PemdaJob(repo, 2026))[0].data)) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    mutate(tmp_repo, "data/pemda.yaml", "  logo: lambang-arunika.png\n", "")
    checked = check(tmp_repo)
    with zipfile.ZipFile(io.BytesIO(kes.render_pemda(PemdaJob(checked.repo, 2026))[0].data)) as z:
        assert not any(n.startswith("word/media/") for n in z.namelist())


def test_without_a_bappeda_the_pemda_kop_and_no_signature(repo):
    opds = {k: replace(o, bidang_urusan=tuple(b for b in o.bidang_urusan if b != "5.01")) for k, o in repo.opds.items()}
    assert resmi.bappeda(repo.opds).nama == "Badan Perencanaan Pembangunan Daerah"
    assert resmi.bappeda(opds) is None
    assert resmi.kop(repo.pemda, None, repo.root).baris == ("PEMERINTAH KOTA ARUNIKA",)


def _e80(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "No" and t.rows[0].cells[1].text == "Sasaran")


def _is_group(row) -> bool:
    return len(row._tr.tc_lst) == 1


def _table_pages(pages, first_row: str) -> list[str]:
    """The pages a long table runs over: from its caption's page while its rows (`first_row` pattern) go on."""
    return [p for p in pages if re.search(first_row, p, re.M)]


@pytest.mark.parametrize("title,row", [
    ("Tabel 4.1", r"^\s*IK: "),  # Tabel 4.1: an indicator row
    ("Tabel 6.1", r"^\s{0,4}\d+ +Sasaran\b"),  # E.80: a numbered row naming its sasaran ("Sasaran" ⏎ "1.1")
])
def test_every_page_of_a_long_evaluasi_table_names_its_sasaran(pdfs, title, row):
    """Mentor review #11: each page Tabel 4.1 or E.80 runs onto shows, above its first row, which tujuan and
    sasaran its rows belong to (the group rows repeated at the top of the page)."""
    pages, _ = pdfs[EV]
    start = next(i for i, p in enumerate(pages) if title in p)
    on = _table_pages(pages[start:], row)
    assert len(on) >= 3
    for n, page in enumerate(on):
        lines = page.splitlines()
        first = next(i for i, line in enumerate(lines) if re.search(row, line))
        above = lines[:first]
        assert any(re.match(r"\s*Tujuan \d+: \w", line) for line in above), page[:600]
        if n:  # a page the table runs onto: its rows lie under a sasaran, named above them
            assert any(re.match(r"\s*Sasaran \d+\.\d+: \w", line) for line in above), page[:600]


def test_keselarasan_summary_counts_right_and_names_as_elsewhere(reports, pdfs):
    """Tabel 1.1: the counts alone in a right-aligned column, what they count named in words as the rest of
    the report names them ("Dispusip · Sasaran PD 1.2: …")."""
    document = docx.Document(io.BytesIO(reports[KES]))
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Uraian", "Jumlah", "Keterangan"])
    body = table.rows[1:]
    assert [r.cells[1].text for r in body] == ["4", "3", "1", "1", "2", "1", "2", "1"]
    assert all(r.cells[1].paragraphs[0].style.name == "Isi Tabel Angka" for r in body)
    assert all(r.cells[i].paragraphs[0].style.name == "Isi Tabel" for r in body for i in (0, 2))
    notes = [r.cells[2].text for r in body]
    assert "Dispusip · Sasaran PD 1.2: Meningkatnya budaya gemar membaca masyarakat" in notes
    assert "Sasaran RPJMD 3.1: Meningkatnya derajat kesehatan masyarakat" in notes
    assert "Dispusip sasaran" not in "\n".join(pdfs[KES][0])


def test_e80_amounts_are_printed_whole(reports, pdfs):
    """Every Rp amount of E.80 stands on one line of the PDF: no amount is broken inside."""
    table = _e80(docx.Document(io.BytesIO(reports[EV])))
    sub = [c.text for c in table.rows[1].cells]
    rp_cols = [i for i, h in enumerate(sub) if h == "Rp"]
    assert len(rp_cols) == 4  # akhir periode, target, realisasi and rasio of 2025
    amounts = {r.cells[i].text for r in table.rows[3:] if not _is_group(r) for i in rp_cols[:3]} - {"", "belum ada data"}
    assert "32.945.000.000" in amounts
    text = "\n".join(pdfs[EV][0])
    broken = [a for a in amounts if not re.search(rf"(?<![\d.]){re.escape(a)}(?![\d.])", text)]
    assert not broken


@pytest.mark.parametrize("name", [KES, EV])
def test_rows_kept_whole_numbers_right_text_left(reports, name):
    document = docx.Document(io.BytesIO(reports[name]))
    tables = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert tables
    for t in tables:
        for row in t.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    # E.80 / the crosscutting matrix: a number column is right-aligned, a text column left-aligned
    if name == EV:
        table = _e80(document)
        row = next(r for r in table.rows[3:] if not _is_group(r)).cells
        assert row[3].paragraphs[0].style.name == "Isi Tabel"  # Indikator Kinerja
        assert row[5].paragraphs[0].style.name == "Isi Tabel Angka"  # target akhir, K
        assert row[-1].paragraphs[0].style.name == "Isi Tabel"  # Unit Penanggung Jawab
        assert document.styles["Isi Tabel"].paragraph_format.alignment == 0  # LEFT
        assert document.styles["Isi Tabel Angka"].paragraph_format.alignment == 2  # RIGHT


def test_short_tables_stay_together_and_long_ones_leave_no_row_alone(reports):
    document = docx.Document(io.BytesIO(reports[EV]))

    def kept(row):
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    pieces = [t for t in document.tables if t.rows[0].cells[0].text == "No" and t.rows[0].cells[1].text == "Sasaran"]
    body = [r for t in pieces for r in t.rows[3:] if not _is_group(r)]
    assert all(kept(r) for r in pieces[0].rows[:3]) and kept(body[0]) and kept(body[-2]) and not kept(body[-1])
    assert not kept(body[len(body) // 2])  # a long table may break between its rows
    assert all(kept(r) for t in pieces for r in t.rows if _is_group(r))  # a group row stays with its rows
    short = next(t for t in document.tables if t.rows[0].cells[0].text == "Untuk")
    assert all(kept(r) for r in short.rows[:-1]) and not kept(short.rows[-1])


def test_a_planners_restyled_template_and_font_are_used(tmp_repo):
    path = os.path.join(tmp_repo, "templates", "laporan", "laporan.docx")
    template = docx.Document(path)
    template.styles["Heading 1"].font.italic = True
    template.save(path)
    mutate(tmp_repo, "data/pemda.yaml", "huruf: Bookman Old Style", "huruf: Arial")
    checked = check(tmp_repo)
    out = {o.path: o.data for o in kes.render_pemda(PemdaJob(checked.repo, 2026))}
    document = docx.Document(io.BytesIO(out[KES]))
    assert document.styles["Heading 1"].font.italic is True
    assert document.styles["Normal"].font.name == "Arial"
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)


def test_a_template_without_the_report_styles_still_gives_the_house_look(tmp_repo):
    """A planner's template saved from another document lacks Cascade's styles: they come from the house style."""
    path = os.path.join(tmp_repo, "templates", "laporan", "laporan.docx")
    template = docx.Document(path)
    for name in ("Isi Tabel Angka", "Caption", "Tanda Tangan"):
        element = template.styles[name].element
        element.getparent().remove(element)
    template.save(path)
    checked = check(tmp_repo)
    out = {o.path: o.data for o in kes.render_pemda(PemdaJob(checked.repo, 2026))}
    document = docx.Document(io.BytesIO(out[KES]))
    assert document.styles["Isi Tabel Angka"].paragraph_format.alignment == 2  # RIGHT
    assert any(p.style.name == "Caption" and p.text.startswith("Tabel 1.1 ") for p in document.paragraphs)


def test_category_shading_reads_in_black_and_white(reports):
    """Every shaded cell is light enough for its black text on a grey-scale printer (no dark green)."""
    body = zipfile.ZipFile(io.BytesIO(reports[EV])).read("word/document.xml").decode()
    fills = set(re.findall(r'w:fill="([0-9A-Fa-f]{6})"', body))
    assert len(fills) >= 4  # header grey, node rows and several capaian categories
    for fill in fills:
        r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4))
        assert 0.299 * r + 0.587 * g + 0.114 * b >= 0.7, fill


def _header_rows(table) -> list[str]:
    """The text of the rows Word repeats at the top of every page (w:tblHeader)."""
    return [" ".join(c.text for c in r.cells[:1]) for r in table.rows
            if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None]


def test_a_single_group_row_is_repeated_with_the_column_header(repo):
    from cascade.formats.docx.report import Baris, Judul, Tabel
    from cascade.formats.docx.report import docx as report_docx
    settings = repo.pemda.settings
    rows = tuple(Baris((str(i), f"indikator {i}", "12")) for i in range(1, 60))
    one = Tabel(("No", "Indikator", "Target"), (Baris(("Sasaran 1.1: Meningkatnya layanan",), grup=2),) + rows,
                pisah_grup=False)
    two = replace(one, baris=one.baris + (Baris(("Sasaran 1.2: Menurunnya keluhan",), grup=2),) + rows[:3])
    for table, repeated in ((one, ["No", "Sasaran 1.1: Meningkatnya layanan"]), (two, ["No"])):
        data = report_docx([Judul("Uji", 0), table], settings, repo.pemda.settings.pk_date(2026), repo.root)
        assert _header_rows(docx.Document(io.BytesIO(data)).tables[0]) == repeated
