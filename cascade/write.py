"""Write stage: put a producer's outputs on disk all at once, remove what it no longer produces,
and record what they were built from.

Every output is first written beside its target as a temporary file; only when all of them are
on disk are they renamed into place, so a full disk or a file-size limit half-way leaves the
old documents as they were (and no temporary file). The folder's manifest is removed before the
first rename and written after the last, so a run stopped in between leaves the folder stale,
never looking current. A file whose bytes did not change is left alone, and so are the PDF and
preview `make pdf` made from it.
"""
from __future__ import annotations

import errno
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

from cascade.documents import Output
from cascade.freshness import MANIFEST

# Files written at once: each waits for its own fsync, and the filesystem commits the waiting ones
# together (an OPD's ~70 files: 0.1–0.4 s one by one, 0.02–0.04 s eight at a time).
WRITERS = 8
TEMP_PREFIX = ".tmp-"
# What `make pdf` derives from a .docx (cascade/pdf.py): kept while the .docx is unchanged.
DERIVED_SUFFIXES = (".pdf", "-pratinjau.png")


@dataclass(frozen=True)
class Written:
    written: list[str]  # outputs whose bytes changed (or are new), in output order
    removed: list[str]  # files the producer no longer makes


def _temp_beside(path: str, data: bytes) -> str:
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)  # its error names the folder in the way
    if os.path.isdir(path):  # found now, before anything is renamed, rather than by the rename
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except OSError as exc:  # name the document, not the temporary file (write and fsync name none)
        if tmp:
            _unlink(tmp)
        raise OSError(exc.errno, exc.strerror, path) from exc
    except BaseException:
        if tmp:
            _unlink(tmp)
        raise
    return tmp


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def atomic_write(path: str, data: bytes) -> None:
    os.replace(_temp_beside(path, data), path)


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def _check_paths(outputs: list[Output]) -> None:
    seen: set[str] = set()
    for out in outputs:
        if out.path in seen:
            raise ValueError(f"two renderers produced {out.path}")
        if out.path.startswith("/") or ".." in out.path.split("/") or out.path == MANIFEST:
            raise ValueError(f"output path escapes the build folder: {out.path}")
        seen.add(out.path)


def write_outputs(folder: str, outputs: list[Output], manifest: bytes | None = None,
                  keep: Callable[[str], bool] = lambda sub: False) -> Written:
    """Make `folder` hold exactly `outputs` (paths relative to it) and, last, `manifest`.

    Files below `folder` that are not outputs are removed, except hidden ones, the previews of an
    unchanged .docx, and sub-folders for which `keep(sub_folder)` says another producer's current
    outputs live there. Raises OSError (nothing renamed yet: old outputs intact) when writing fails.
    """
    _check_paths(outputs)
    targets = [os.path.join(folder, *out.path.split("/")) for out in outputs]
    changed = [(path, out) for path, out in zip(targets, outputs) if not _same_bytes(path, out.data)]
    temps: list[str] = []
    try:
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            futures = [pool.submit(_temp_beside, path, out.data) for path, out in changed]
            for future in futures:  # every write has been tried; the first that failed is raised
                if future.exception() is None:
                    temps.append(future.result())
        for future in futures:
            future.result()
        _unlink(os.path.join(folder, MANIFEST))
    except BaseException:
        for tmp in temps:
            _unlink(tmp)
        raise
    for tmp, (path, _) in zip(temps, changed):
        os.replace(tmp, path)
    unchanged_docx = {p for p in targets if p.endswith(".docx")} - {p for p, _ in changed}
    removed = _remove_unproduced(folder, set(targets), unchanged_docx, keep)
    if manifest is not None:
        atomic_write(os.path.join(folder, MANIFEST), manifest)
    return Written([p for p, _ in changed], removed)


def _derived_from(path: str, docx: set[str]) -> bool:
    return any(path.endswith(s) and path[:-len(s)] + ".docx" in docx for s in DERIVED_SUFFIXES)


def _remove_unproduced(folder: str, produced: set[str], unchanged_docx: set[str], keep) -> list[str]:
    removed = []
    for here, dirs, names in os.walk(folder, topdown=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not keep(os.path.join(here, d)))
        for name in sorted(names):
            path = os.path.join(here, name)
            if name.startswith(TEMP_PREFIX) or (name == MANIFEST and here != folder):
                _unlink(path)  # left by a run that was killed; another producer's outputs, now removed
            elif not name.startswith(".") and path not in produced and not _derived_from(path, unchanged_docx):
                _unlink(path)
                removed.append(path)
    for here, _, _ in os.walk(folder, topdown=False):  # deepest first: a parent may empty too
        if here != folder and not os.listdir(here):
            os.rmdir(here)
    return removed
