"""The issue-28 documents as a Bappeda mentor reads them on paper: LibreOffice's PDF of the IKU table,
the penjenjangan matrix and the Rencana Aksi, read back page by page with pdftotext. A long table with
group rows repeats its column header at the top of each page, not above every sasaran in the middle
of one; each page still names the tujuan of its rows; the first page holds the first rows under the
kop; the signature is never alone on a page; tables are numbered "Tabel 1" where there are no
sections to number them by."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import openpyxl
import pytest

from cascade.documents import Job, PemdaJob, iku, jenjang, rencana_aksi

NEEDS = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                           reason="LibreOffice dan pdftotext diperlukan")
COLUMN_NUMBERS = re.compile(r"\(1\)\s+\(2\)\s+\(3\)\s+\(4\)")
TUJUAN = re.compile(r"^\s*Tujuan (\d+): \w")
NUMBERED_ROW = re.compile(r"^\s{0,6}(\d+)\s{1,4}\S")
# The example's Kepala Dinas Kominfo and the Plt. Kepala Bidang Statistik dan Persandian (opd.yaml)
KADIS = "Ir. Bambang Setiawan, M.Kom."
PLT = "Fajar Nugroho, S.Kom., M.T."


@pytest.fixture(scope="module")
def outputs(repo):
    job = Job(repo, repo.opds["diskominfo"], 2026)
    out = {f"diskominfo/{o.path}": o.data for o in iku.render(job) + jenjang.render(job) + rencana_aksi.render(job)}
    out.update({f"pemda/{o.path}": o.data for o in iku.render_pemda(PemdaJob(repo, 2026))})
    for key in ("bappeda", "inspektorat"):
        out.update({f"{key}/{o.path}": o.data for o in iku.render(Job(repo, repo.opds[key], 2026))})
    return out


WANTED = {
    "dk-iku": "diskominfo/iku/tabel-iku.docx",
    "pemda-iku": "pemda/iku/tabel-iku.docx",
    "dk-jenjang": "diskominfo/penjenjangan/penjenjangan-kinerja-diskominfo-2026.docx",
    "ra-kadis": "diskominfo/pk/2026/kepala-dinas-komunikasi-dan-informatika-rencana-aksi.docx",
    "ra-plt": "diskominfo/pk/2026/kepala-bidang-statistik-dan-persandian-rencana-aksi.docx",
    "ra-katim": "diskominfo/pk/2026/ketua-tim-kerja-statistik-sektoral-rencana-aksi.docx",
    "bp-iku": "bappeda/iku/tabel-iku.docx",
    "in-iku": "inspektorat/iku/tabel-iku.docx",
}


@pytest.fixture(scope="module")
def pages(outputs, tmp_path_factory):
    """name → the text of each printed page (one LibreOffice run for all the documents)."""
    work = tmp_path_factory.mktemp("cetak28")
    for name, path in WANTED.items():
        (work / f"{name}.docx").write_bytes(outputs[path])
    profile = work / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(work)] + [str(work / f"{n}.docx") for n in WANTED],
                   capture_output=True, timeout=600)
    out = {}
    for name in WANTED:
        text = subprocess.run(["pdftotext", "-layout", str(work / f"{name}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        out[name] = [p for p in text.split("\f") if p.strip()]
    return out


def _headers(page: str) -> int:
    return len(COLUMN_NUMBERS.findall(page))


@NEEDS
@pytest.mark.parametrize("name,tujuan", [("dk-iku", 3), ("pemda-iku", 3)])
def test_the_iku_table_repeats_its_header_per_page_and_names_the_tujuan_of_every_page(pages, name, tujuan):
    printed = pages[name]
    assert len(printed) >= 2
    first_rows = [x for x in printed[0].splitlines() if NUMBERED_ROW.match(x)]
    assert first_rows, "halaman 1 tanpa baris IKU"  # the first page is not the kop alone
    for n, page in enumerate(printed, 1):
        lines = page.splitlines()
        rows = [i for i, x in enumerate(lines) if NUMBERED_ROW.match(x)]
        if not rows:
            continue
        # above the first indicator of the page: the column headers and the tujuan it lies in
        assert any(TUJUAN.match(x) for x in lines[:rows[0]]), (n, lines[:rows[0] + 1])
        assert _headers(page) <= 2, (n, _headers(page))
    # one header at the top of each page, and at most one more where a new tujuan begins: not one
    # above every sasaran (8 of them before)
    assert sum(_headers(p) for p in printed) <= len(printed) + tujuan - 1


@NEEDS
def test_the_penjenjangan_matrix_does_not_repeat_its_header_above_every_official(pages):
    printed = pages["dk-jenjang"]
    officials = len(re.findall(r"^\s*\d+\. .* — .*; atasan: ", "\n".join(printed), re.M))
    assert officials >= 10
    assert [x for x in printed[0].splitlines() if NUMBERED_ROW.match(x)], "halaman 1 tanpa baris"
    assert all(_headers(p) <= 2 for p in printed)
    assert sum(_headers(p) for p in printed) < officials / 2


@NEEDS
@pytest.mark.parametrize("name,signer", [("ra-kadis", KADIS), ("ra-plt", PLT), ("ra-katim", None)])
def test_the_rencana_aksi_signature_stands_with_the_last_rows_and_the_note(pages, name, signer):
    printed = pages[name]
    last = printed[-1]
    assert "Catatan: target triwulan" in last
    assert [x for x in last.splitlines() if NUMBERED_ROW.match(x)], "tanda tangan tanpa baris tabel"
    assert last.index("Catatan: target triwulan") < last.index("NIP.")
    if signer:
        assert signer in last
    assert [x for x in printed[0].splitlines() if NUMBERED_ROW.match(x)], "halaman 1 tanpa baris"


def test_tables_are_numbered_without_a_section_where_the_document_has_none(outputs):
    def captions(path):
        d = docx.Document(io.BytesIO(outputs[path]))
        return [p.text for p in d.paragraphs if p.style.name == "Caption"]

    assert captions("diskominfo/iku/tabel-iku.docx") == [
        "Tabel 1 Indikator Kinerja Utama Dinas Komunikasi dan Informatika Kota Arunika"]
    assert captions("diskominfo/iku/manual-iku.docx") == [f"Tabel {n} Manual IKU {n}" for n in range(1, 9)]
    assert captions(WANTED["ra-kadis"]) == ["Tabel 1 Rencana Aksi Tahun 2026"]
    assert captions(WANTED["dk-jenjang"]) == ["Tabel 1 Penjenjangan Kinerja Tahun 2026"]


@pytest.mark.parametrize("path", ["diskominfo/iku/tabel-iku.xlsx", "diskominfo/iku/kke-5.xlsx",
                                  "pemda/iku/tabel-iku.xlsx"])
def test_a_spreadsheet_page_opens_with_the_tujuan_of_its_rows(outputs, path):
    """Print titles repeat only the column headers: the sheet's page breaks fall before a tujuan row, so
    each page after the first still opens naming the tujuan of its rows."""
    ws = openpyxl.load_workbook(io.BytesIO(outputs[path])).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks
    for b in breaks:
        assert re.match(r"Tujuan \d+: \w", str(ws.cell(b + 1, 1).value or "")), (b, ws.cell(b + 1, 1).value)


@NEEDS
def test_the_iku_sheet_prints_the_tujuan_at_the_top_of_every_page(outputs, tmp_path):
    (tmp_path / "tabel-iku.xlsx").write_bytes(outputs["diskominfo/iku/tabel-iku.xlsx"])
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "tabel-iku.xlsx")],
                   capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "tabel-iku.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    printed = [p for p in text.split("\f") if p.strip()]
    assert len(printed) >= 2
    for n, page in enumerate(printed, 1):
        lines = [x for x in page.splitlines() if x.strip()]
        after_numbers = lines[next(i for i, x in enumerate(lines) if COLUMN_NUMBERS.search(x)) + 1]
        assert TUJUAN.match(after_numbers), (n, after_numbers)


@NEEDS
@pytest.mark.parametrize("name", ["bp-iku", "in-iku", "dk-iku", "dk-jenjang", "ra-plt"])
def test_a_short_table_before_the_signature_leaves_neither_the_kop_nor_the_signature_alone(pages, name):
    """Kept whole with its title and the signature, a short table that does not fit under the kop went
    to the next page and left the kop alone on the first (Inspektorat's IKU); it now breaks above its
    last rows, which go with the signature."""
    printed = pages[name]
    assert [x for x in printed[0].splitlines() if NUMBERED_ROW.match(x)], "halaman 1 hanya kop"
    assert "NIP." in printed[-1]
    assert [x for x in printed[-1].splitlines() if NUMBERED_ROW.match(x)], "tanda tangan sendirian"


def test_the_manual_iku_gives_its_width_to_the_text_that_wraps(outputs):
    """Each Manual IKU sheet: the Unsur column as wide as its longest label needs, the rest to Keterangan
    (a definition of two lines rather than three beside a half-empty label column)."""
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(outputs["diskominfo/iku/manual-iku.docx"]))
    sheets = [t for t in d.tables if t.rows[0].cells[0].text == "No"]
    assert len(sheets) == 8
    for t in sheets:
        no, unsur, keterangan = (int(c.get(qn("w:w"))) for c in t._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
        assert keterangan >= 3 * unsur, (unsur, keterangan)
