"""`pdf`: real LibreOffice and pdftoppm on built documents; the missing-tool message; parallel safety."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli

from cascade.documents import Job, pk, renstra
from cascade.write import write_outputs

PK_KEPALA = "pk/2026/kepala-dinas-komunikasi-dan-informatika"
BAB_4 = "renstra/bab-4"


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory):
    """A build folder holding the Kepala's PK and BAB IV, as `make opd=diskominfo` writes them."""
    out = tmp_path_factory.mktemp("build")
    job = Job(repo, repo.opds["diskominfo"], 2026)
    wanted = {f"{PK_KEPALA}.docx", f"{BAB_4}.docx"}
    outputs = [o for o in pk.render(job) + renstra.render(job) if o.path in wanted]
    assert len(outputs) == 2
    write_outputs(str(out / "diskominfo"), outputs)
    return out


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def png_size(path) -> tuple[int, int]:
    data = open(path, "rb").read(24)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def converted(built):
    result = run_cli("pdf", "--opd", "diskominfo", "--out", str(built))
    assert result.returncode == 0, result.stdout + result.stderr
    return built, result


def test_pdf_of_the_kepala_pk_and_bab_4_beside_the_docx(repo, converted):
    built, result = converted
    folder = built / "diskominfo"
    kepala = repo.opds["diskominfo"].kepala().pemangku(repo.pemda.settings.pk_date(2026))
    pk_text = pdf_text(folder / f"{PK_KEPALA}.pdf")
    assert "PERJANJIAN KINERJA TAHUN 2026" in pk_text
    assert kepala.nama in pk_text and "PIHAK PERTAMA" in pk_text
    bab4 = " ".join(pdf_text(folder / f"{BAB_4}.pdf").split())
    assert "BAB IV" in bab4 and "TUJUAN DAN SASARAN" in bab4
    opd = repo.opds["diskominfo"]
    assert f"Tujuan dan sasaran {opd.nama} {repo.pemda.nama} periode 2025–2029" in bab4
    assert "Tabel 4.1" in bab4 and "(1) (2) (3)" in bab4
    assert opd.tujuan[0].indikator[0].baseline == 2.59 and " 2,59 " in bab4  # table cells wrap, numbers do not
    assert "2 PDF dibuat" in result.stdout and "Bookman Old Style → URW Bookman" in result.stdout
    assert not [p for p in os.listdir(folder / "renstra") if p.startswith(".")]  # no work folder left behind


def test_png_preview_of_each_first_page(converted):
    built, _ = converted
    for doc in (PK_KEPALA, BAB_4):
        width, height = png_size(built / "diskominfo" / f"{doc}-pratinjau.png")
        # 60 dpi: an F4 portrait page is about 496 × 780 pixels
        assert 400 < width < 600 and 700 < height < 850, (doc, width, height)


def test_up_to_date_pdfs_are_not_converted_again_unless_asked(converted):
    built, _ = converted
    pdf = built / "diskominfo" / f"{PK_KEPALA}.pdf"
    before = pdf.stat().st_mtime_ns
    again = run_cli("pdf", "--opd", "diskominfo", "--out", str(built))
    assert again.returncode == 0 and "0 PDF dibuat, 2 sudah mutakhir" in again.stdout
    assert pdf.stat().st_mtime_ns == before
    forced = run_cli("pdf", "--opd", "diskominfo", "--out", str(built), "--semua")
    assert forced.returncode == 0 and "2 PDF dibuat" in forced.stdout
    assert pdf.stat().st_mtime_ns > before


def test_two_conversions_at_once_each_with_its_own_profile(built, tmp_path):
    """What `make -j pdf` does: two processes at the same time; both must produce every PDF."""
    for key in ("a", "b"):
        shutil.copytree(built / "diskominfo", tmp_path / key, ignore=shutil.ignore_patterns("*.pdf", "*.png"))
    env = dict(os.environ, PYTHONPATH=ROOT)
    procs = [subprocess.Popen([sys.executable, "-m", "cascade", "pdf", "--opd", key, "--out", str(tmp_path)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for key in ("a", "b")]
    for p in procs:
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, out
    for key in ("a", "b"):
        for doc in (PK_KEPALA, BAB_4):
            assert (tmp_path / key / f"{doc}.pdf").stat().st_size > 1000
            assert (tmp_path / key / f"{doc}-pratinjau.png").exists()


def test_without_libreoffice_the_message_says_how_to_install_it(built, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run_cli("pdf", "--opd", "diskominfo", "--out", str(built), env={"PATH": str(empty)})
    assert result.returncode == 1
    assert "LibreOffice (`soffice`) belum terpasang" in result.stdout
    assert "LibreOffice (`soffice`) di Debian/Ubuntu dengan `sudo apt-get install --no-install-recommends " \
           "libreoffice-writer-nogui" in result.stdout
    assert "Tidak ada PDF yang dibuat." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_folder_that_was_not_built_is_named(tmp_path):
    result = run_cli("pdf", "--opd", "diskominfo", "--out", str(tmp_path))
    assert result.returncode == 1
    assert f"folder hasil {tmp_path}/diskominfo tidak ada" in result.stdout
    assert "make opd=diskominfo" in result.stdout


def test_without_opd_the_built_opds_and_build_pemda_are_converted_spreadsheets_too(repo, tmp_path):
    """`make pdf` with no opd: every OPD folder already built and build/pemda/; .xlsx through Calc."""
    from cascade.documents import excel

    job = Job(repo, repo.opds["diskominfo"], 2026)
    write_outputs(str(tmp_path / "diskominfo"), [o for o in excel.render(job) if o.path == "excel/t-c-25.xlsx"])
    write_outputs(str(tmp_path / "pemda"), [o for o in renstra.render(job) if o.path == f"{BAB_4}.docx"])
    result = run_cli("pdf", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    sheet = tmp_path / "diskominfo" / "excel" / "t-c-25.pdf"
    assert sheet.exists() and (tmp_path / "pemda" / f"{BAB_4}.pdf").exists()
    assert "Tujuan" in pdf_text(sheet) and "Indeks Pemerintahan Digital" in pdf_text(sheet)
    assert "pemda: 1 PDF dibuat" in result.stdout
