"""`make pdf`: every .docx of an OPD's build folder → PDF beside it, plus a PNG of its first page.

LibreOffice headless does the conversion. Starting it costs about two seconds, so each folder's
documents go to one `soffice` call. Two soffice processes must never share a profile (LibreOffice
hands the work to the first process or fails silently), so every worker gets its own fresh
`-env:UserInstallation`; that also keeps `make -j pdf` safe. The PDFs are previews: LibreOffice
embeds the conversion time and substitutes fonts, so they are not byte-reproducible.

Conversion happens in a hidden folder next to the documents and finished files are moved into
place, so a PDF on disk is always complete. A PDF newer than its .docx is not converted again.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Loc, error

PREVIEW_SUFFIX = "-pratinjau.png"
PREVIEW_DPI = 60
TIMEOUT_S = 900  # a whole Renstra with many tables takes well under a minute; this only stops a hang


@dataclass
class Result:
    pdfs: list[str] = field(default_factory=list)
    previews: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already up to date
    diags: list[Diagnostic] = field(default_factory=list)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_tools() -> list[Diagnostic]:
    diags = []
    if soffice_path() is None:
        diags.append(error(Loc("soffice"), "F001",
                           "LibreOffice (`soffice`) belum terpasang, jadi dokumen .docx tidak dapat diubah menjadi PDF",
                           "pasang dengan `scripts/ensure-system-tools soffice` sebagai root, atau "
                           "`sudo apt-get install --no-install-recommends libreoffice-writer-nogui fonts-urw-base35 "
                           "fonts-liberation`, lalu jalankan `make pdf` lagi"))
    if shutil.which("pdftoppm") is None:
        diags.append(error(Loc("pdftoppm"), "F003",
                           "`pdftoppm` belum terpasang, jadi pratinjau PNG halaman pertama tidak dapat dibuat",
                           "pasang dengan `scripts/ensure-system-tools pdftotext` sebagai root, atau "
                           "`sudo apt-get install poppler-utils`"))
    return diags


def _pdf_of(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def _preview_of(docx: Path) -> Path:
    return docx.with_name(docx.stem + PREVIEW_SUFFIX)


def _up_to_date(docx: Path) -> bool:
    pdf, png = _pdf_of(docx), _preview_of(docx)
    return (pdf.exists() and png.exists() and pdf.stat().st_mtime >= docx.stat().st_mtime
            and png.stat().st_mtime >= pdf.stat().st_mtime)


def documents(folder: str) -> dict[Path, list[Path]]:
    """The .docx files under `folder`, grouped by the folder they are in (hidden folders skipped)."""
    groups: dict[Path, list[Path]] = {}
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".docx") and not name.startswith((".", "~$")):
                groups.setdefault(Path(here), []).append(Path(here, name))
    return groups


def _convert_group(folder: Path, files: list[Path], profile: str) -> Result:
    result = Result()
    work = tempfile.mkdtemp(prefix=".pdf-", dir=folder)
    try:
        cmd = [soffice_path(), "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={Path(profile).as_uri()}",
               "--convert-to", "pdf", "--outdir", work, *map(str, files)]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
            detail = (run.stderr or run.stdout).strip().splitlines()
        except subprocess.TimeoutExpired:
            detail = [f"LibreOffice berjalan lebih dari {TIMEOUT_S} detik"]
        for docx in files:
            made = Path(work, docx.stem + ".pdf")
            if not made.exists():
                why = detail[-1] if detail else "tanpa pesan"
                result.diags.append(error(Loc(str(docx)), "F002", f"LibreOffice gagal mengubah dokumen ini menjadi PDF "
                                          f"({why})", "buka dokumennya di LibreOffice/Word untuk memeriksa; "
                                          "jalankan `make pdf` lagi"))
                continue
            target = _pdf_of(docx)
            os.replace(made, target)
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
    run = subprocess.run(["pdftoppm", "-png", "-r", str(PREVIEW_DPI), "-f", "1", "-l", "1", "-singlefile",
                          str(pdf), prefix], capture_output=True, text=True, timeout=120)
    if run.returncode != 0 or not os.path.exists(prefix + ".png"):
        return error(Loc(str(pdf)), "F004", f"pratinjau PNG tidak dapat dibuat ({run.stderr.strip() or 'tanpa pesan'})",
                     "periksa bahwa PDF-nya dapat dibuka")
    target = _preview_of(docx)
    os.replace(prefix + ".png", target)
    return str(target)


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
    profiles = [tempfile.mkdtemp(prefix="cascade-lo-") for _ in range(workers)]
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
    """The `pdf` command: print what was written, or why not, in Bahasa Indonesia; return the exit code."""
    problems = missing_tools()
    build = out  # like `build --out`: relative to the current folder
    if opds is None:
        from .load.sources import known_opds

        opds = [k for k in known_opds(root) if os.path.isdir(os.path.join(build, k))]
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
