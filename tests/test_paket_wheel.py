"""End to end as a Pemda meets Cascade (issue 25): the wheel is built, installed into a fresh virtual
environment, and its `cascade` command makes a Pemda repository, an OPD, the OPD's documents and the
review of a change to it, in a folder far from this checkout.

Without a network, the fresh environment sees the pinned libraries through a .pth file naming this
environment's site-packages (the same versions requirements.txt pins; `pip check` then proves they are
the ones the wheel asks for), while the wheel itself is installed by pip like any other: nothing of
Cascade comes from this checkout, which the test asserts. One test, one module-scoped installation.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile

import pytest
from conftest import ROOT

from cascade import __version__

BIN = "Scripts" if sys.platform == "win32" else "bin"
FILL = {  # placeholder (its beginning) → what a planner writes; "angka" and "Rupiah" below
    "nama pemerintah daerah": "Kabupaten Contoh", "kota, kabupaten atau provinsi": "kabupaten",
    "nama provinsi": "Provinsi Contoh", "nama ibu kota": "Contoh", "organisasi/tim GitHub": "kab-contoh/bappeda",
    "sebutan jabatan": "Bupati Contoh", "tanggal pelantikan": "2025-02-20",
    "nama lengkap kepala daerah": "Dr. H. Ahmad Wiratama, M.Si.", "tempat penandatanganan": "Contoh",
    "visi RPJMD": "Kabupaten Contoh yang Sehat dan Sejahtera", "uraian misi": "Meningkatkan kualitas sumber daya manusia",
    "uraian tujuan RPJMD": "Meningkatnya derajat kesehatan masyarakat", "nama indikator tujuan": "Usia Harapan Hidup",
    "uraian sasaran RPJMD": "Meningkatnya mutu layanan kesehatan", "nama indikator sasaran": "Indeks Kepuasan Masyarakat",
    "satuan": "Indeks", "nama perangkat daerah": "Dinas Kesehatan", "singkatan": "Dinkes",
    "alamat kantor": "Jl. Sehat No. 1, Contoh", "kode bidang urusan": "1.02",
    "nama jabatan kepala": "Kepala Dinas Kesehatan", "nama jabatan administrator": "Sekretaris Dinas",
    "nama jabatan pengawas": "Kepala Subbagian Perencanaan", "nama unit kerja": "Dinas Kesehatan",
    "tanggal mulai menjabat": "2024-01-02", "nama lengkap dengan gelar": "dr. Siti Rahayu, M.Kes.",
    "NIP 18 digit": "197501012000032001", "pangkat": "Pembina", "golongan": "IV/a",
    "uraian tujuan PD": "Meningkatnya derajat kesehatan masyarakat Kabupaten Contoh",
    "kode sasaran RPJMD": "RS1", "uraian sasaran PD": "Meningkatnya mutu pelayanan kesehatan dasar",
    "strategi": "Memperkuat layanan kesehatan primer", "arah kebijakan": "Peningkatan mutu puskesmas",
    "kode program": "1.02.02", "nama program": "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
    "hasil (outcome) program": "Meningkatnya cakupan layanan kesehatan",
    "nama indikator program": "Persentase puskesmas terakreditasi paripurna", "kode kegiatan": "1.02.02.2.01",
    "nama kegiatan": "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota",
    "hasil kegiatan": "Tersedianya fasilitas pelayanan kesehatan",
    "nama indikator kegiatan": "Jumlah puskesmas yang ditingkatkan sarananya", "kode sub kegiatan": "1.02.02.2.01.0002",
    "nama sub kegiatan": "Pembangunan Puskesmas", "lokasi": "Kabupaten Contoh",
    "nama indikator sub kegiatan": "Jumlah puskesmas yang dibangun",
    "definisi operasional": "Rata-rata lama hidup penduduk sejak lahir menurut perhitungan BPS",
    "formula": "Nilai yang dirilis Badan Pusat Statistik", "sumber data": "Badan Pusat Statistik",
}


def fill(text: str) -> str:
    """Every `"<isi …>"` of a skeleton file replaced as a planner would (comments left as they are)."""
    def one(match) -> str:
        asked = match.group(1)
        if asked == "angka":
            return "80"
        if asked == "Rupiah":
            return "150000000"
        return '"' + next(v for k, v in FILL.items() if asked.startswith(k)) + '"'

    return "".join(line if line.lstrip().startswith("#") else re.sub(r'"<isi ([^<>"]*)>"', one, line)
                   for line in text.splitlines(keepends=True))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment with the wheel of this checkout installed: its `cascade` command."""
    work = tmp_path_factory.mktemp("paket")
    wheels = work / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-build-isolation",
                    "--no-deps", "-w", str(wheels), ROOT], check=True, capture_output=True)
    (wheel,) = wheels.iterdir()
    assert wheel.name == f"cascade_sakip-{__version__}-py3-none-any.whl"
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / BIN / ("python.exe" if sys.platform == "win32" else "python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(site, "pinned-libraries.pth"), "w", encoding="utf-8") as fh:
        fh.write(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "-q", "--no-index", "--no-deps", str(wheel)], check=True, capture_output=True)
    checked = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert "cascade-sakip" not in checked.stdout, checked.stdout  # every pin of the wheel is met
    return wheel, venv / BIN


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "GIT_AUTHOR_NAME": "Perencana", "GIT_AUTHOR_EMAIL": "perencana@contoh.go.id",
            "GIT_COMMITTER_NAME": "Perencana", "GIT_COMMITTER_EMAIL": "perencana@contoh.go.id"}


def test_a_pemda_from_the_installed_wheel(installed, tmp_path):
    wheel, bin_dir = installed
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    for shipped in ("cascade/_data/schema/pemda.schema.json", "cascade/_data/templates/pk/pk-opd.docx",
                    "cascade/_data/templates/renstra/bab-4.docx", "cascade/_data/referensi/nomenklatur.csv",
                    "cascade/init/kerangka/dot-github/workflows/cascade.yml", "cascade/init/opd/renstra.yaml"):
        assert shipped in names, shipped
    assert not any(n.startswith(("tests/", "bench/", "data/opd", "tools/")) for n in names)

    cascade = str(bin_dir / "cascade")
    env = _env()

    def run(*args, cwd, ok=True, command=None):
        done = subprocess.run(command or [cascade, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert (done.returncode == 0) == ok, f"{args}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stdout + done.stderr
        return done.stdout

    where = run(cwd=tmp_path, command=[str(bin_dir / "python"), "-c",
                                        "import cascade, cascade.paths as p; print(cascade.__file__, p.INSTALLED)"])
    assert where.startswith(str(bin_dir.parent)) and where.split()[-1] == "True", where
    assert run("--version", cwd=tmp_path).strip() == f"cascade {__version__}"

    pemda = tmp_path / "kab-contoh"
    run("init", str(pemda), cwd=tmp_path)
    assert "dibuat data/opd/dinkes/renstra.yaml" in run("opd-baru", "dinkes", cwd=pemda)
    assert "/data/opd/dinkes/ " in (pemda / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    unfilled = run("validate", "--opd", "dinkes", cwd=pemda, ok=False)
    assert "galat I001" in unfilled and not re.search(r"galat (?!I001)", unfilled)

    for path in [pemda / "data" / "pemda.yaml", *sorted((pemda / "data" / "opd").rglob("*.yaml"))]:
        path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    for opd in ("bappeda", "dinkes"):  # named by its code, as R062 asks once the code is filled in
        program = pemda / "data" / "opd" / opd / "program"
        (program / "program-1.yaml").rename(program / "1.02.02-pelayanan.yaml")
    # the health codes are in Cascade's nomenklatur, which `init` copied: no rows to add
    checked = run("validate", cwd=pemda)
    # the one thing a new plan cannot have yet is its DPA: each OPD is told once (R085), nothing else
    assert "Pemeriksaan bappeda, dinkes: 0 galat, 2 peringatan — OK" in checked, checked
    findings = [line for line in checked.splitlines() if ": peringatan " in line or ": galat " in line]
    assert len(findings) == 2 and all(": peringatan R085: DPA tahun 2026 belum dicatat" in f for f in findings), checked

    built = run("build", "--opd", "dinkes", cwd=pemda)
    assert "Selesai: dokumen dinkes" in built
    bab4 = pemda / "build" / "dinkes" / "renstra" / "bab-4.docx"
    with zipfile.ZipFile(bab4) as z:  # the package's Renstra template, filled with the Pemda's data
        body = z.read("word/document.xml").decode("utf-8")
    assert "Meningkatnya derajat kesehatan masyarakat Kabupaten Contoh" in body
    assert (pemda / "build" / "dinkes" / "pk" / "2026" / "kepala-dinas-kesehatan.docx").is_file()  # named by the jabatan
    # the documents made from the report template (IKU, Rencana Aksi, penjenjangan) and the site's pages
    # come from the package too
    assert (pemda / "build" / "dinkes" / "iku" / "tabel-iku.docx").is_file()
    assert "situs Pemda ada di" in run("situs", cwd=pemda)
    page = (pemda / "build" / "situs" / "opd-dinkes.html").read_text(encoding="utf-8")
    assert "Meningkatnya derajat kesehatan masyarakat Kabupaten Contoh" in page

    def git(*args):
        return run(cwd=pemda, command=["git", *args])

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "Repositori cascading Kabupaten Contoh")
    assert "build/" not in git("ls-files")  # .gitignore from the skeleton
    git("checkout", "-qb", "dinkes-target-2026")
    renstra = pemda / "data" / "opd" / "dinkes" / "renstra.yaml"
    text = renstra.read_text(encoding="utf-8")
    assert text.count("2026: 80,") == 2
    renstra.write_text(text.replace("2026: 80,", "2026: 85,", 1), encoding="utf-8")
    git("commit", "-qam", "Naikkan target indikator tujuan 2026")
    report = run("review", cwd=pemda)
    assert re.search(r"\| Usia Harapan Hidup \| Tujuan Meningkatnya derajat kesehatan [^|]*\| Indeks \| +\| 80 → 85 \|", report), report
    assert "## Dinas Kesehatan" in report and "bab-4.docx" in report
