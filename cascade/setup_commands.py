"""The commands that make a Pemda repository and keep it working where planners work: `init`,
`opd-baru`, `skema`, `salin-templat`, `periksa-alat` and `bandingkan-hasil`. Output is Bahasa
Indonesia; the exit code is 0 when everything was done, 1 when a finding says why not."""
from __future__ import annotations

import os
import subprocess

from cascade.diagnostics import Diagnostic, Loc, error, warning
from cascade.init import Done, copy_templates, init_repository, new_opd, write_schemas
from cascade.systools import NAMES, install_hint, program


def _report(done: Done, what: str) -> int:
    for rel in done.written:
        print(f"  dibuat {rel}")
    for rel in done.kept:
        print(f"  dilewati {rel} (sudah ada, tidak ditimpa)")
    for d in done.problems:
        print(d.format())
    if done.problems:
        return 1
    print(what)
    return 0


def _init(args) -> int:
    done = init_repository(args.folder, args.sumber, args.opd)
    folder = args.folder
    return _report(done, f"Repositori Pemda dibuat di {folder}. Langkah berikutnya (README.md di folder itu menjelaskannya):\n"
                         f"  1. cd {folder} lalu `make pasang` (atau `python -m venv .venv` dan "
                         "`.venv/bin/pip install -r requirements.txt`; di Windows `.venv\\Scripts\\pip`)\n"
                         "  2. isi setiap \"<isi …>\" di data/pemda.yaml dan data/opd/; `cascade validate` menunjukkan sisanya\n"
                         "  3. `git init`, commit, lalu unggah ke GitHub (README.md, bagian \"Memulai\")")


def _new_opd(args) -> int:
    done = new_opd(args.root, args.nama)
    return _report(done, f"Kerangka OPD {args.nama} dibuat. Isi setiap \"<isi …>\" di data/opd/{args.nama}/; "
                         f"`cascade validate --opd {args.nama}` (atau `make validate opd={args.nama}`) menunjukkan yang belum diisi.")


def _schemas(args) -> int:
    folder = os.path.relpath(os.path.abspath(args.folder), os.path.abspath(args.root))
    return _report(write_schemas(args.root, folder.replace(os.sep, "/")), "Skema data ditulis.")


def _templates(args) -> int:
    done = copy_templates(args.root, args.dokumen)
    return _report(done, f"Templat {args.dokumen} ada di templates/{args.dokumen}/: sunting di Word; berkas di sana "
                         "menggantikan templat bawaan Cascade yang bernama sama.")


# Program → (code, whether the build needs it, what cannot be done without it).
_TOOLS = {
    "dot": ("I002", True, "pohon kinerja tidak dapat digambar, jadi dokumen OPD tidak dapat dibangun"),
    "soffice": ("I003", False, "`cascade pdf` (PDF pratinjau) tidak dapat dijalankan; dokumen Word tetap dibangun"),
    "pdftoppm": ("I004", False, "`cascade pdf` tidak dapat membuat pratinjau PNG"),
    "git": ("I005", False, "`cascade review` dan `--sejak` tidak dapat dijalankan"),
}


def tool_findings(platform: str | None = None) -> tuple[list[str], list[Diagnostic]]:
    """(a line per program found, a finding per program missing), with the way to install it on this system."""
    lines, found = [], []
    for name, (code, needed, without) in _TOOLS.items():
        path = program(name, platform)
        if path:
            lines.append(f"{NAMES[name]}: {path}{_version(name, path)}")
            continue
        make = error if needed else warning
        found.append(make(Loc(name), code, f"{NAMES[name]} belum terpasang: {without}", install_hint(name, platform)))
    return lines, found


def _version(name: str, path: str) -> str:
    flag = {"dot": "-V", "git": "--version", "pdftoppm": "-v", "soffice": "--version"}[name]
    try:
        done = subprocess.run([path, flag], capture_output=True, text=True, errors="replace", timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    first = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return f" ({first[0].strip()})" if first else ""


def _tools(args) -> int:
    lines, found = tool_findings()
    for line in lines:
        print(line)
    for d in found:
        print(d.format())
    failed = any(d.code == "I002" for d in found)
    print("Program yang wajib ada belum lengkap." if failed else "Semua program yang wajib ada sudah terpasang.")
    return 1 if failed else 0


def _compare(args) -> int:
    from cascade.bandingkan import compare

    missing = [f for f in (args.lama, args.baru) if not os.path.isdir(f)]
    for folder in missing:
        print(error(Loc(folder), "A015", f"folder hasil build {folder} tidak ada",
                    "bangun dulu ke folder itu dengan `cascade build --pemda --semua --out FOLDER`").format())
    if missing:
        return 1
    print(compare(args.lama, args.baru, args.versi_lama, args.temuan_lama, args.temuan_baru), end="")
    return 0


def run(args) -> int:
    return {"init": _init, "opd-baru": _new_opd, "skema": _schemas, "salin-templat": _templates,
            "periksa-alat": _tools, "bandingkan-hasil": _compare}[args.command](args)
