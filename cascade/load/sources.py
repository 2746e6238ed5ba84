"""Discover and read the source files of a Pemda repository.

Only this module and `write` touch the file system for data. It returns parsed documents with
positions, plus diagnostics for files that are missing, unreadable or outside the repository.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from cascade.diagnostics import Diagnostic, Loc, error, relpath, warning
from cascade.load.narrative import SIZE_HINT, chapter_key, check_narrative, unused_file
from cascade.load.nomenklatur import NomenklaturTable, parse_nomenklatur
from cascade.load.yaml_strict import MAX_BYTES, Document, load_bytes, too_big
from cascade.paths import reference

OPD_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
PEMDA_FOLDER = "pemda"  # build/pemda/ holds the Pemda-wide documents
RESERVED = {PEMDA_FOLDER}
PEMDA_FILE = "data/pemda.yaml"
NOMENKLATUR_FILE = "data/referensi/nomenklatur.csv"
LOCAL_NOMENKLATUR_FILE = "data/referensi/nomenklatur-lokal.csv"  # the Pemda's own codes, each with a catatan
NOMENKLATUR_MAX_BYTES = 64 * 1024 * 1024  # the full Kepmendagri list is ~3 MB
OPD_DIR = "data/opd"
REALISASI_DIR = "realisasi"
RENCANA_AKSI_DIR = "rencana-aksi"  # rencana-aksi/<tahun>.yaml: the quarterly breakdown of the year's PK
KINERJA_LALU_FILE = "kinerja-periode-lalu.yaml"  # optional: the previous period, for T-C.23 and T-C.24 in BAB II


@dataclass
class OpdSources:
    key: str
    folder: str
    opd: Document | None = None
    renstra: Document | None = None
    programs: list[Document] = field(default_factory=list)
    realisasi: list[Document] = field(default_factory=list)  # realisasi/<tahun>.yaml, by file name
    rencana_aksi: list[Document] = field(default_factory=list)  # rencana-aksi/<tahun>.yaml, by file name
    kinerja_lalu: Document | None = None  # kinerja-periode-lalu.yaml, when written
    narratives: dict[str, str] = field(default_factory=dict)  # chapter (narrative.CHAPTERS) → Markdown text
    files: list[str] = field(default_factory=list)


@dataclass
class Sources:
    root: str
    pemda: Document | None
    nomenklatur: NomenklaturTable
    opds: dict[str, OpdSources]


def known_opds(root: str) -> list[str]:
    base = os.path.join(root, OPD_DIR)
    if not os.path.isdir(base):
        return []
    return sorted(n for n in os.listdir(base)
                  if OPD_NAME.match(n) and n not in RESERVED and os.path.isdir(os.path.join(base, n)))


def misnamed_opd_folders(root: str) -> list[Diagnostic]:
    """Folders under data/opd/ that are not read because their name is not a plain OPD key (a space,
    a capital, a non-ASCII letter): said aloud, or the OPD would silently have no documents."""
    base = os.path.join(root, OPD_DIR)
    try:
        names = sorted(os.listdir(base))
    except OSError:
        return []
    found = []
    for name in names:
        if name.startswith(".") or OPD_NAME.match(name) or not os.path.isdir(os.path.join(base, name)):
            continue
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-_") or "nama-opd"
        found.append(error(Loc(f"{OPD_DIR}/{name}/"), "B007",
                           f"folder OPD `{name}` tidak dibaca: nama folder hanya boleh huruf kecil, angka, `-` dan `_`, tanpa spasi",
                           f"ganti nama foldernya, misalnya menjadi `{suggestion}`"))
    return found


def check_opd_name(root: str, name: str) -> list[Diagnostic]:
    """An OPD name must be a plain folder name under data/opd/, never a path that escapes it."""
    known = known_opds(root)
    listing = ", ".join(known) or "(belum ada)"
    loc = Loc(OPD_DIR)
    if not OPD_NAME.match(name or ""):
        return [error(loc, "B001", f"nama OPD `{name}` tidak sah: hanya huruf kecil, angka, `-` dan `_`, tanpa spasi atau `/`",
                      f"OPD yang dikenal: {listing}")]
    if name in RESERVED:
        return [error(loc, "B001", f"nama OPD `{name}` dicadangkan untuk dokumen tingkat Pemda (make pemda)",
                      f"OPD yang dikenal: {listing}")]
    folder = os.path.join(root, OPD_DIR, name)
    if name not in known:
        return [error(loc, "B002", f"OPD `{name}` tidak ditemukan di {OPD_DIR}/", f"OPD yang dikenal: {listing}")]
    if not _inside(root, folder):
        return [error(loc, "B005", f"folder OPD `{name}` menunjuk ke luar repositori", "ganti tautan simbolik dengan folder biasa")]
    return []


def _inside(root: str, path: str) -> bool:
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root


def _read(root: str, path: str) -> tuple[Document | None, list[Diagnostic]]:
    display = relpath(path, root)
    if not _inside(root, path):
        return None, [error(Loc(display), "B005", "berkas menunjuk ke luar repositori (tautan simbolik)",
                            "salin isinya ke berkas biasa di dalam repositori")]
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return None, [_unreadable(display, exc)]
    return load_bytes(raw, display)


def _read_required(root: str, path: str, diags: list[Diagnostic]) -> Document | None:
    if not os.path.isfile(path):
        diags.append(error(Loc(relpath(path, root)), "B003", "berkas wajib tidak ditemukan",
                           "buat berkas ini; salin contoh dari data/opd/diskominfo/"))
        return None
    doc, found = _read(root, path)
    diags.extend(found)
    return doc


def load_opd_sources(root: str, key: str) -> tuple[OpdSources, list[Diagnostic]]:
    folder = os.path.join(root, OPD_DIR, key)
    src = OpdSources(key=key, folder=relpath(folder, root))
    diags: list[Diagnostic] = []
    src.opd = _read_required(root, os.path.join(folder, "opd.yaml"), diags)
    src.renstra = _read_required(root, os.path.join(folder, "renstra.yaml"), diags)
    src.files = [relpath(os.path.join(folder, n), root) for n in ("opd.yaml", "renstra.yaml")]
    src.programs = _read_folder(root, os.path.join(folder, "program"), src, diags, _unknown_file)
    # a realisasi file whose name is not a year is reported by rule R052, not skipped
    src.realisasi = _read_folder(root, os.path.join(folder, REALISASI_DIR), src, diags, _unknown_realisasi_file)
    src.rencana_aksi = _read_folder(root, os.path.join(folder, RENCANA_AKSI_DIR), src, diags, _unknown_rencana_aksi_file)
    lalu = os.path.join(folder, KINERJA_LALU_FILE)
    if os.path.lexists(lalu):
        src.kinerja_lalu, found = _read(root, lalu)
        diags.extend(found)
        src.files.append(relpath(lalu, root))
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name in ("opd.yaml", "renstra.yaml", "program", KINERJA_LALU_FILE) or name.startswith("."):
            continue
        if name in (REALISASI_DIR, RENCANA_AKSI_DIR) and os.path.isdir(path):
            continue
        if name.lower().endswith(".md") and os.path.isfile(path):
            key = chapter_key(name)
            if key is None:
                diags.append(unused_file(relpath(path, root), name))
                continue
            text = _read_narrative(root, path, diags)
            src.files.append(relpath(path, root))
            if text is not None:
                src.narratives[key] = text
        else:
            diags.append(_unknown_file(root, path))
    return src, diags


def _read_narrative(root: str, path: str, diags: list[Diagnostic]) -> str | None:
    """A chapter's Markdown, checked (cascade/load/narrative.py); None when it cannot be printed."""
    display = relpath(path, root)
    if not _inside(root, path):
        diags.append(error(Loc(display), "B005", "berkas menunjuk ke luar repositori (tautan simbolik)",
                           "salin isinya ke berkas biasa di dalam repositori"))
        return None
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            raw = fh.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""  # a huge file is never read
            if len(raw) > MAX_BYTES:  # it grew since fstat
                size = max(os.fstat(fh.fileno()).st_size, len(raw))
    except OSError as exc:
        diags.append(_unreadable(display, exc))
        return None
    if size > MAX_BYTES:
        diags.append(too_big(size, display, SIZE_HINT))
        return None
    text, found = check_narrative(raw, display)
    diags.extend(found)
    return text


def _unreadable(display: str, exc: OSError) -> Diagnostic:
    return error(Loc(display), "B006", f"berkas tidak dapat dibaca ({exc.strerror})", "periksa hak akses berkas")


def _read_folder(root: str, folder: str, src: OpdSources, diags: list[Diagnostic], unknown) -> list[Document]:
    """Every .yaml file of a sub-folder, in name order; anything else is reported by `unknown`."""
    docs: list[Document] = []
    if not os.path.isdir(folder):
        return docs
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if _is_yaml(path):
            doc, found = _read(root, path)
            diags.extend(found)
            src.files.append(relpath(path, root))
            if doc is not None:
                docs.append(doc)
        elif not name.startswith("."):
            diags.append(unknown(root, path))
    return docs


def _unknown_realisasi_file(root: str, path: str) -> Diagnostic:
    return warning(Loc(relpath(path, root)), "B004", "berkas atau folder ini tidak dikenali dan tidak dibaca",
                   "realisasi ditulis satu berkas per tahun di folder realisasi/, misalnya realisasi/2025.yaml")


def _unknown_rencana_aksi_file(root: str, path: str) -> Diagnostic:
    return warning(Loc(relpath(path, root)), "B004", "berkas atau folder ini tidak dikenali dan tidak dibaca",
                   "rencana aksi ditulis satu berkas per tahun di folder rencana-aksi/, misalnya rencana-aksi/2026.yaml")


def _unknown_file(root: str, path: str) -> Diagnostic:
    hint = "program ditulis di folder program/ dengan ekstensi .yaml; narasi bab dengan ekstensi .md"
    if path.endswith(".yml"):
        hint = "ganti ekstensinya menjadi .yaml"
    return warning(Loc(relpath(path, root)), "B004", "berkas atau folder ini tidak dikenali dan tidak dibaca", hint)


def load_sources(root: str, keys: list[str] | None = None) -> tuple[Sources, list[Diagnostic]]:
    """Read the Pemda file, the nomenklatur and the OPDs named by `keys` (all when None)."""
    diags: list[Diagnostic] = []
    keys = known_opds(root) if keys is None else keys
    pemda = _read_required(root, os.path.join(root, PEMDA_FILE), diags)
    table, found = read_nomenklatur(root)
    diags.extend(found)
    opds: dict[str, OpdSources] = {}
    for key in keys:
        src, found = load_opd_sources(root, key)
        opds[key] = src
        diags.extend(found)
    return Sources(root, pemda, table, opds), diags


def read_nomenklatur(root: str) -> tuple[NomenklaturTable, list[Diagnostic]]:
    """The nomenklatur table (with the Pemda's local codes, when it has any) and its problems. Without
    the file rules R012/R013 could not check a single code, so a missing or unreadable file is an
    error, never a silently skipped check."""
    rel = NOMENKLATUR_FILE
    found = reference(root, os.path.basename(rel))  # the repository's own, else Cascade's (cascade/paths.py)
    table, diags = _read_table(root, rel, str(found), found != Path(root, rel))
    local_path = os.path.join(root, LOCAL_NOMENKLATUR_FILE)
    if os.path.lexists(local_path):  # only the Pemda has local codes: Cascade ships none
        local, found_local = _read_table(root, LOCAL_NOMENKLATUR_FILE, local_path, False, table)
        diags.extend(found_local)
        table = replace(table, local=local)
    return table, diags


def _read_table(root: str, rel: str, path: str, shipped: bool, official: NomenklaturTable | None = None
                ) -> tuple[NomenklaturTable, list[Diagnostic]]:
    """The table in the file at `path` (reported as `rel`); `official` is given for the local table."""
    restore = f"kembalikan dengan `git checkout {rel}`, atau salin dari repositori contoh"
    what = "tabel kode lokal nomenklatur" if official is not None else "tabel nomenklatur"

    def unreadable(why: str, hint: str = restore) -> tuple[NomenklaturTable, list[Diagnostic]]:
        return NomenklaturTable(rel), [error(Loc(rel), "N004", f"{what} tidak dapat dibaca: {why}", hint)]

    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return unreadable("tautan simbolik ini menunjuk ke berkas yang tidak ada")
        return NomenklaturTable(rel), [error(Loc(rel), "N003", "tabel nomenklatur tidak ditemukan; tanpanya kode dan "
                                             "nama program, kegiatan dan sub kegiatan tidak dapat diperiksa (R012, R013)",
                                             restore)]
    except OSError as exc:
        return unreadable(*_os_reason(exc, rel, restore))
    if stat.S_ISDIR(st.st_mode):
        return unreadable("yang ada di tempatnya sebuah folder, bukan berkas", f"hapus atau pindahkan folder itu, lalu {restore}")
    if not stat.S_ISREG(st.st_mode):
        return unreadable("bukan berkas biasa", f"ganti dengan berkas CSV biasa; {restore}")
    if not shipped and not _inside(root, path):
        return NomenklaturTable(rel), [error(Loc(rel), "B005", "berkas menunjuk ke luar repositori (tautan simbolik)",
                                             "salin isinya ke berkas biasa di dalam repositori")]
    if st.st_size > NOMENKLATUR_MAX_BYTES:
        return NomenklaturTable(rel), [error(Loc(rel), "N019", f"berkas terlalu besar ({st.st_size:,} bita; batas "
                                             f"{NOMENKLATUR_MAX_BYTES:,})".replace(",", "."),
                                             "daftar Kepmendagri lengkap hanya ± 3 MB; periksa apakah berkas yang benar "
                                             "yang tersimpan di sini")]
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return unreadable(*_os_reason(exc, rel, restore))
    return parse_nomenklatur(raw, rel, official)


def _os_reason(exc: OSError, rel: str, restore: str) -> tuple[str, str]:
    """Why the system refused the file `rel`, and what to do, in the planner's words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "tidak ada izin untuk membacanya", f"periksa hak akses berkas, misalnya `chmod a+r {rel}`"
    reasons = {errno.ENOTDIR: "salah satu folder di jalurnya ternyata berkas", errno.ELOOP: "tautan simbolik yang berputar",
               errno.EISDIR: "yang ada di tempatnya sebuah folder"}
    return reasons.get(exc.errno, exc.strerror or str(exc)), restore


def _is_yaml(path: str) -> bool:
    """A data file `load_sources` reads (in program/ and realisasi/, the other names are reported)."""
    return path.endswith(".yaml") and os.path.isfile(path)
