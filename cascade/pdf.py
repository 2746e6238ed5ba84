"""`make pdf`: every .docx and .xlsx of an OPD's build folder (and of build/pemda/) → PDF beside it,
plus a PNG of its first page.

LibreOffice headless does the conversion, driven through UNO by cascade/pdf_uno.py run with the
Python that has LibreOffice's `uno` module (Debian: python3-uno): the Daftar Isi, Daftar Tabel and
Daftar Gambar are updated after layout, so the PDF lists them with page numbers (a plain
`soffice --convert-to pdf` prints the field results the .docx holds, which have none). Starting it
costs about two seconds, so each folder's documents go to one soffice process. Two soffice processes must never share a profile (LibreOffice
hands the work to the first process or fails silently), so every worker gets its own fresh
`-env:UserInstallation`; that also keeps `make -j pdf` safe. The PDFs are previews: LibreOffice
embeds the conversion time and substitutes fonts, so they are not byte-reproducible.

Conversion happens in a hidden folder next to the documents and finished files are moved into
place, so a PDF on disk is always complete. A PDF newer than its .docx is not converted again.
"""
from __future__ import annotations

import errno
import functools
import os
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cascade.diagnostics import Diagnostic, Loc, error
from cascade.systools import install_hint, program

PREVIEW_SUFFIX = "-pratinjau.png"
PREVIEW_DPI = 60
TIMEOUT_S = 900  # a whole Renstra with many tables takes well under a minute; this only stops a hang
# LibreOffice shows a spreadsheet's "#,##0" / "0.00" in its own locale (English without one): the
# profile's locale is Indonesian, so the printed sheets read 1.250.000 and 2,85 as Excel does in
# Indonesia; the .xlsx formats stay locale-neutral.
LOCALE = "id-ID"
PROFILE_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{LOCALE}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse">\
<value>{LOCALE}</value></prop></item>
</oor:items>
"""


@dataclass
class Result:
    pdfs: list[str] = field(default_factory=list)
    previews: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already up to date
    diags: list[Diagnostic] = field(default_factory=list)


def soffice_path() -> str | None:
    return program("soffice")


UNO_SCRIPT = str(Path(__file__).with_name("pdf_uno.py"))
SUFFIXES = (".docx", ".xlsx")


@functools.lru_cache(maxsize=None)
def uno_python() -> str | None:
    """A Python that can `import uno` (LibreOffice's own where it ships one, else the system's)."""
    soffice = soffice_path()
    candidates = [os.path.join(os.path.dirname(os.path.realpath(soffice)), "python")] if soffice else []
    candidates += ["/usr/bin/python3", shutil.which("python3") or ""]
    for exe in candidates:
        if exe and os.access(exe, os.X_OK):
            try:
                if subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0:
                    return exe
            except (OSError, subprocess.TimeoutExpired):
                continue
    return None


def missing_tools() -> list[Diagnostic]:
    diags = []
    if soffice_path() is None:
        diags.append(error(Loc("soffice"), "F001",
                           "LibreOffice (`soffice`) belum terpasang, jadi dokumen .docx tidak dapat diubah menjadi PDF",
                           install_hint("soffice")))
    elif uno_python() is None:
        diags.append(error(Loc("python3-uno"), "F001",
                           "modul Python `uno` LibreOffice belum terpasang, jadi Daftar Isi dan Daftar Tabel di PDF "
                           "tidak dapat diberi nomor halaman", install_hint("uno")))
    if program("pdftoppm") is None:
        diags.append(error(Loc("pdftoppm"), "F003",
                           "`pdftoppm` belum terpasang, jadi pratinjau PNG halaman pertama tidak dapat dibuat",
                           install_hint("pdftoppm")))
    return diags


def _pdf_of(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def _preview_of(docx: Path) -> Path:
    return docx.with_name(docx.stem + PREVIEW_SUFFIX)


def _up_to_date(docx: Path) -> bool:
    pdf, png = _pdf_of(docx), _preview_of(docx)
    return (pdf.exists() and png.exists() and pdf.stat().st_mtime >= docx.stat().st_mtime
            and png.stat().st_mtime >= pdf.stat().st_mtime)


def new_profile() -> str:
    """A fresh LibreOffice profile folder whose locale is Indonesian (see LOCALE)."""
    profile = tempfile.mkdtemp(prefix="cascade-lo-")
    os.makedirs(os.path.join(profile, "user"))
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as fh:
        fh.write(PROFILE_SETTINGS)
    return profile


def documents(folder: str) -> dict[Path, list[Path]]:
    """The .docx and .xlsx files under `folder`, grouped by the folder they are in (hidden folders skipped)."""
    groups: dict[Path, list[Path]] = {}
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith((".", "~$")):
                groups.setdefault(Path(here), []).append(Path(here, name))
    return groups


def _failed(docx: Path, why: str, hint: str = "buka dokumennya di LibreOffice/Word untuk memeriksa; "
                                               "jalankan `make pdf` lagi") -> Diagnostic:
    return error(Loc(str(docx)), "F002", f"dokumen ini tidak dapat diubah menjadi PDF: {why}", hint)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "izin tidak ada"
    if exc.errno == errno.EROFS:
        return "sistem berkasnya hanya-baca"
    if exc.errno == errno.ENOSPC:
        return "ruang disk penuh"
    return f"galat sistem {errno.errorcode.get(exc.errno or 0, type(exc).__name__)}"


def _unreadable(docx: Path) -> Diagnostic | None:
    """Why LibreOffice could not read `docx`, found before it is started (its own message is English
    and names no cause)."""
    try:
        with open(docx, "rb") as fh:
            is_zip = zipfile.is_zipfile(fh)
    except OSError as exc:
        why = "izin baca tidak ada" if isinstance(exc, PermissionError) else _os_reason(exc)
        return _failed(docx, f"berkasnya tidak dapat dibaca ({why})",
                       f"periksa izinnya (misalnya `chmod a+r {docx}`), lalu jalankan `make pdf` lagi")
    if not is_zip:
        return _failed(docx, f"berkasnya rusak (bukan arsip {docx.suffix})", "hapus folder hasil OPD itu (misalnya "
                       "`rm -r build/<opd>`), bangun ulang dengan `make opd=<opd>`, lalu jalankan `make pdf` lagi")
    return None


def _convert_group(folder: Path, files: list[Path], profile: str) -> Result:
    result = Result()
    readable = []
    for docx in files:
        problem = _unreadable(docx)
        if problem is None:
            readable.append(docx)
        else:
            result.diags.append(problem)
    if not readable:
        return result
    try:
        work = tempfile.mkdtemp(prefix=".pdf-", dir=folder)
    except OSError as exc:
        result.diags += [_failed(docx, f"folder {folder} tidak dapat ditulis ({_os_reason(exc)})",
                                 f"periksa izin folder itu (misalnya `chmod u+w {folder}`), lalu jalankan `make pdf` lagi")
                         for docx in readable]
        return result
    try:
        cmd = [uno_python(), UNO_SCRIPT, soffice_path(), Path(profile).as_uri(), work, *map(str, readable)]
        reasons = {}
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
            why = f"LibreOffice tidak menghasilkan PDF-nya (status keluar {run.returncode})"
            for line in run.stdout.splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and parts[0] == "gagal":
                    reasons[parts[1]] = f"LibreOffice: {parts[2]}"
        except subprocess.TimeoutExpired:
            why = f"LibreOffice berjalan lebih dari {TIMEOUT_S} detik"
        except OSError as exc:
            why = f"LibreOffice tidak dapat dijalankan ({_os_reason(exc)})"
        by_stem = {}
        for docx in readable:  # a.docx and a.xlsx of one folder would both become a.pdf
            by_stem.setdefault(docx.stem, []).append(docx)
        for docx in readable:
            made = Path(work, docx.stem + ".pdf")
            if len(by_stem[docx.stem]) > 1:
                result.diags.append(_failed(docx, f"berkas lain di folder yang sama juga bernama {docx.stem}, "
                                                  "jadi PDF-nya akan saling menimpa",
                                            "ganti nama salah satu berkas, lalu jalankan `make pdf` lagi"))
                continue
            if not made.exists():
                result.diags.append(_failed(docx, reasons.get(str(docx), why)))
                continue
            target = _pdf_of(docx)
            try:
                os.replace(made, target)
            except OSError as exc:
                result.diags.append(_failed(docx, f"{target} tidak dapat ditulis ({_os_reason(exc)})",
                                            "periksa izin berkas itu dan foldernya, lalu jalankan `make pdf` lagi"))
                continue
            result.pdfs.append(str(target))
            png = _preview(target, docx, work)
            if isinstance(png, Diagnostic):
                result.diags.append(png)
            else:
                result.previews.append(png)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _preview(pdf: Path, docx: Path, work: str) -> str | Diagnostic:
    prefix = os.path.join(work, docx.stem + "-halaman-1")
    try:
        run = subprocess.run([program("pdftoppm") or "pdftoppm", "-png", "-r", str(PREVIEW_DPI), "-f", "1", "-l", "1", "-singlefile",
                              str(pdf), prefix], capture_output=True, text=True, timeout=120)
        why = None if run.returncode == 0 else f"pdftoppm keluar dengan status {run.returncode}"
    except subprocess.TimeoutExpired:
        why = "pdftoppm berjalan lebih dari 120 detik"
    except OSError as exc:
        why = f"pdftoppm tidak dapat dijalankan ({_os_reason(exc)})"
    if why is None and not os.path.exists(prefix + ".png"):
        why = "pdftoppm tidak menghasilkan gambar"
    if why is None:
        target = _preview_of(docx)
        try:
            os.replace(prefix + ".png", target)
            return str(target)
        except OSError as exc:
            why = f"{target} tidak dapat ditulis ({_os_reason(exc)})"
    return error(Loc(str(pdf)), "F004", f"pratinjau PNG tidak dapat dibuat: {why}", "periksa bahwa PDF-nya dapat dibuka")


def convert(folder: str, force: bool = False, jobs: int = 0) -> Result:
    """Convert the documents under `folder` (e.g. build/diskominfo); `jobs` soffice processes at once."""
    result = Result()
    todo = []
    for group, files in documents(folder).items():
        stale = [f for f in files if force or not _up_to_date(f)]
        result.skipped += [str(f) for f in files if f not in stale]
        if stale:
            todo.append((group, stale))
    if not todo:
        return result
    workers = max(1, min(jobs or (os.cpu_count() or 1), len(todo)))
    profiles = [new_profile() for _ in range(workers)]
    try:
        # group i runs on worker i % workers, one group at a time, so a profile is never shared
        lanes = [todo[i::workers] for i in range(workers)]

        def lane(i: int) -> list[Result]:
            return [_convert_group(g, files, profiles[i]) for g, files in lanes[i]]

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(lane, range(workers)):
                for r in part:
                    result.pdfs += r.pdfs
                    result.previews += r.previews
                    result.diags += r.diags
    finally:
        for p in profiles:
            shutil.rmtree(p, ignore_errors=True)
    result.pdfs.sort()
    result.previews.sort()
    return result


def main(root: str, out: str, opds: list[str] | None, force: bool = False, jobs: int = 0) -> int:
    """The `pdf` command: print what was written, or why not, in Bahasa Indonesia; return the exit code.

    Without `opds`: every OPD folder already built, and build/pemda/ (the Pemda-wide documents) when
    it was built; `--opd pemda` converts only build/pemda/."""
    from cascade.load.sources import PEMDA_FOLDER, known_opds

    problems = missing_tools()
    build = out  # like `build --out`: relative to the current folder
    if opds is None:
        opds = [k for k in known_opds(root) if os.path.isdir(os.path.join(build, k))]
        if os.path.isdir(os.path.join(build, PEMDA_FOLDER)) and PEMDA_FOLDER not in opds:
            opds.append(PEMDA_FOLDER)
        if not opds and not problems:
            problems.append(error(Loc(out), "F005", f"belum ada dokumen OPD di {out}/",
                                  "bangun dulu dengan `make opd=<nama-opd>`"))
    for key in opds:
        if not os.path.isdir(os.path.join(build, key)) or "/" in key or key.startswith("."):
            problems.append(error(Loc(os.path.join(out, key)), "F005", f"folder hasil {out}/{key} tidak ada",
                                  f"bangun dulu dengan `make opd={key}` (atau gunakan `make pdf opd={key}`)"))
    if problems:
        for d in problems:
            print(d.format())
        print("Tidak ada PDF yang dibuat.")
        return 1
    failed = False
    for key in opds:
        result = convert(os.path.join(build, key), force, jobs)
        for path in result.pdfs + result.previews:
            print(f"  ditulis {os.path.relpath(path)}")
        for d in result.diags:
            print(d.format())
        failed = failed or bool(result.diags)
        print(f"{key}: {len(result.pdfs)} PDF dibuat, {len(result.skipped)} sudah mutakhir"
              + (f", {len(result.diags)} galat" if result.diags else ""))
    if not failed:
        print("Catatan: PDF adalah pratinjau dari LibreOffice; huruf dapat diganti (Bookman Old Style → URW Bookman). "
              "Untuk dokumen resmi yang harus sama persis, ekspor PDF dari Microsoft Word.")
    return 1 if failed else 0
