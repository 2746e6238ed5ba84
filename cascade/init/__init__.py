"""A Pemda repository from nothing (`cascade init`), a new OPD in it (`cascade opd-baru`), and the
files an editor and a restyled document need from the installed tool (`cascade skema`,
`cascade salin-templat`).

The repository's files are kept under kerangka/ (the OPD's under opd/) as they will be written, with
`dot-` standing for a leading dot (a package must not carry a `.github/` or `.gitignore` of its own)
and `@@NAME@@` for the few values filled in here. Every step reports what it wrote and returns
Diagnostics for what it could not do; nothing already present is overwritten.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cascade import __version__
from cascade.diagnostics import Diagnostic, Loc, error
from cascade.paths import tool_folder

HERE = Path(__file__).resolve().parent
KERANGKA = HERE / "kerangka"
OPD_KERANGKA = HERE / "opd"
DISTRIBUTION = "cascade-sakip"
FIRST_OPD = "bappeda"  # every Pemda has one, and Bappeda runs the repository
DEFAULT_PERIOD = (2025, 2029)  # the RPJMD of the heads elected in 2024, as written in the skeleton's pemda.yaml
SCHEMAS = ("_defs", "pemda", "opd", "renstra", "program", "realisasi", "rencana-aksi")
DOCUMENTS = ("pk", "renstra")


@dataclass
class Done:
    written: list[str] = field(default_factory=list)  # paths relative to the repository, with "/"
    kept: list[str] = field(default_factory=list)  # already there, left alone
    problems: list[Diagnostic] = field(default_factory=list)


def _target(rel: Path) -> Path:
    return Path(*[("." + p[4:]) if p.startswith("dot-") else p for p in rel.parts])


def _write(root: Path, rel: str, data: bytes, done: Done, replace: bool = False) -> None:
    path = root / rel
    if path.exists() and not replace:
        done.kept.append(rel)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        done.problems.append(unwritable(rel, exc))
        return
    done.written.append(rel)


def unwritable(rel: str, exc: OSError) -> Diagnostic:
    why = "izin tulis tidak ada" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)
    return error(Loc(rel), "A014", f"berkas ini tidak dapat ditulis ({why})",
                 "periksa izin folder itu dan ruang disk, lalu jalankan lagi (berkas yang sudah ada tidak ditimpa)")


def requirement_line(source: str | None = None) -> str:
    """The line of the Pemda's requirements.txt that pins this version of Cascade; `source` another
    requirement for it (a wheel file, a git URL with a tag)."""
    return source or f"{DISTRIBUTION}=={__version__}"


def init_repository(root: str | os.PathLike, source: str | None = None, first_opd: str = FIRST_OPD) -> Done:
    """Write a new Pemda repository into `root` (created if need be)."""
    root = Path(root)
    done = Done()
    if (root / "data" / "pemda.yaml").exists():
        done.problems.append(error(Loc(str(root)), "A010", f"folder {root} sudah berisi repositori Pemda (ada data/pemda.yaml)",
                                   "untuk OPD baru jalankan `cascade opd-baru NAMA` di folder itu; untuk repositori baru "
                                   "pilih folder lain"))
        return done
    values = {"@@PIN@@": requirement_line(source), "@@VERSI@@": __version__}
    for path in sorted(KERANGKA.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            data = path.read_bytes()
            for name, value in values.items():
                data = data.replace(name.encode(), value.encode())
            _write(root, _target(path.relative_to(KERANGKA)).as_posix(), data, done)
    from cascade.init.vscode import tasks_json

    _write(root, ".vscode/tasks.json", tasks_json().encode("utf-8"), done)
    nomenklatur = tool_folder("referensi") / "nomenklatur.csv"
    _write(root, "data/referensi/nomenklatur.csv", nomenklatur.read_bytes(), done)
    write_schemas(root, ".vscode/skema", done)
    opd = new_opd(root, first_opd)
    done.written += [w for w in opd.written if w not in done.written]
    done.problems += opd.problems
    return done


def write_schemas(root: str | os.PathLike, folder: str, done: Done | None = None) -> Done:
    """Cascade's JSON Schemas into `folder` (relative to `root`), where .vscode/settings.json points the
    YAML extension at them: VS Code then marks a wrong key or value as it is typed. Rewritten on every
    install (`make pasang`), so they follow the pinned version."""
    done = done or Done()
    for name in SCHEMAS:
        source = tool_folder("schema") / f"{name}.schema.json"
        _write(Path(root), f"{folder.rstrip('/')}/{name}.schema.json", source.read_bytes(), done, replace=True)
    return done


def copy_templates(root: str | os.PathLike, document: str) -> Done:
    """Cascade's default Word templates of `document` into the repository's templates/<document>/, to be
    restyled there (the repository's copy then wins, cascade/paths.py)."""
    done = Done()
    source = tool_folder("templates") / document
    for path in sorted(source.glob("*.docx")):
        _write(Path(root), f"templates/{document}/{path.name}", path.read_bytes(), done)
    return done


def _period(root: Path) -> tuple[int, int]:
    from cascade.arguments import rpjmd_period

    found = rpjmd_period(str(root))
    return (found[0], found[1]) if found and found[0] <= found[1] else DEFAULT_PERIOD


def opd_problems(root: Path, key: str) -> list[Diagnostic]:
    from cascade.load.sources import OPD_DIR, OPD_NAME, RESERVED

    if not (root / "data" / "pemda.yaml").is_file():
        return [error(Loc("data/pemda.yaml"), "A011", f"folder {root} bukan repositori Pemda (data/pemda.yaml tidak ada)",
                      "jalankan perintah ini di folder repositori Pemda, atau buat dulu dengan `cascade init FOLDER`")]
    if not OPD_NAME.match(key) or key in RESERVED:
        import re

        suggestion = re.sub(r"[^a-z0-9_-]+", "-", key.strip().lower()).strip("-_") or "dinkes"
        why = "dicadangkan untuk dokumen tingkat Pemda" if key in RESERVED else \
            "hanya boleh huruf kecil, angka, `-` dan `_`, tanpa spasi"
        return [error(Loc(OPD_DIR), "A012", f"nama folder OPD `{key}` tidak dapat dipakai: {why}",
                      f"pakai nama pendek seperti singkatan OPD, misalnya `{suggestion if key not in RESERVED else 'dinkes'}`")]
    if os.path.lexists(root / OPD_DIR / key):
        return [error(Loc(f"{OPD_DIR}/{key}"), "A013", f"OPD `{key}` sudah ada",
                      "sunting berkasnya di folder itu, atau pilih nama lain untuk OPD baru")]
    return []


def new_opd(root: str | os.PathLike, key: str) -> Done:
    """A clean OPD skeleton in data/opd/<key>/ (every value to fill in marked `<isi …>`, found by
    `cascade validate` as I001), and .github/CODEOWNERS written again so the new folder has its owner:
    the Bappeda team until the OPD names its mentors."""
    from cascade.review.codeowners import PATH, codeowners_from_files

    root = Path(root)
    done = Done(problems=opd_problems(root, key))
    if done.problems:
        return done
    first, last = _period(root)
    years = range(first, last + 1)
    values = {
        "@@OPD@@": key,
        "@@KODE@@": key.upper().replace("_", "-"),
        "@@TAHUN_DASAR@@": str(first - 1),
        "@@TARGET@@": "{" + ", ".join(f'{y}: "<isi angka>"' for y in years) + "}",
        "@@PAGU@@": "{" + ", ".join(f'{y}: "<isi Rupiah>"' for y in years) + "}",
    }
    for path in sorted(OPD_KERANGKA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for name, value in values.items():
            text = text.replace(name, value)
        _write(root, f"data/opd/{key}/{path.relative_to(OPD_KERANGKA).as_posix()}", text.encode("utf-8"), done)
    if not done.problems:
        _write(root, PATH, codeowners_from_files(str(root)).encode("utf-8"), done, replace=True)
    return done
