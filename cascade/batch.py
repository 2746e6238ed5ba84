"""Several output folders built by one process (`make all`): one check, then the folders N at a time.

A process per OPD paid Python's start-up, the imports and a check of the shared data again for each
OPD (≈ 0.6 s of a 300-sub OPD's 1.4 s, issue 9). Here the caller checks once; the workers are forked
after that and inherit the imported code and the checked model. Each worker builds whole folders,
largest first, so the build does not end waiting on one large folder started last.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Iterator

from cascade.build import build_opd_outputs, build_pemda_outputs
from cascade.diagnostics import Diagnostic, Loc, internal
from cascade.forking import cores, stop, worker_start
from cascade.load.sources import PEMDA_FOLDER as PEMDA
from cascade.model.types import Repo


@dataclass(frozen=True)
class Done:
    folder: str  # an OPD key or PEMDA
    written: list[str]
    removed: list[str]
    diags: list[Diagnostic]


def largest_first(repo: Repo, folders: list[str]) -> list[str]:
    """The Pemda documents (every OPD's check and the Pemda tree) first, then OPDs by their number
    of nodes and officials, largest first."""
    def weight(folder: str) -> float:
        if folder == PEMDA:
            return float("inf")
        opd = repo.opds[folder]
        return sum(1 for _ in opd.nodes()) + len(opd.jabatan)
    return sorted(folders, key=lambda f: (-weight(f), f))


def _libc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc; musl and macOS have none
    except (OSError, AttributeError, TypeError):  # Windows: CDLL(None) is refused with TypeError
        return None


_TRIM = _libc_trim()


def _release_memory() -> None:
    """glibc keeps what the render threads freed in their own arenas: without this a worker grew by
    ≈ 80 MB with every 300-sub OPD it built (570 MB after seven); with it, 310–470 MB through 40 OPDs,
    most of it the checked model shared with the parent."""
    if _TRIM is not None:
        _TRIM(0)


@dataclass(frozen=True)
class Work:
    """What every folder of one build shares: the checked model, the year, the output root and each
    folder's provenance (recorded in its manifest)."""

    repo: Repo
    tahun: int
    out: str
    provenance: dict


# A forked worker's own copy of the build's Work, handed over once when it starts (fork inherits it; it
# is never pickled) so each task sends only a folder name. The parent never sets it.
_WORKER: Work | None = None


def _adopt(work: Work) -> None:
    global _WORKER
    worker_start()
    _WORKER = work


def _build_in_worker(folder: str) -> Done:
    done = _build(_WORKER, folder)
    _release_memory()
    return done


def _build(work: Work, folder: str) -> Done:
    repo, tahun, out, provenance = work.repo, work.tahun, work.out, work.provenance
    out_dir = os.path.join(out, folder)
    if folder == PEMDA:
        written, removed, diags = build_pemda_outputs(repo, tahun, out_dir, provenance.get(folder))
    else:
        written, removed, diags = build_opd_outputs(repo, folder, tahun, out_dir, provenance.get(folder))
    return Done(folder, written, removed, diags)


def _crashed(folder: str, exc: BaseException) -> Done:
    where = Loc("data/pemda.yaml" if folder == PEMDA else f"data/opd/{folder}")
    return Done(folder, [], [], [internal(exc, where, f"membangun {folder}")])


def build_folders(repo: Repo, tahun: int, out: str, folders: list[str], jobs: int,
                  provenance: dict | None = None) -> Iterator[Done]:
    """Build each folder (OPD keys, PEMDA) of a checked `repo` into `out`/<folder>/, at most `jobs`
    at a time; yields each as it is done. A folder that fails leaves its documents as they were.
    `provenance`: folder → build.Provenance, recorded in the folder's manifest."""
    work = Work(repo, tahun, out, provenance or {})
    order = largest_first(repo, folders)
    workers = min(jobs, len(order), cores())
    if workers < 2:
        for n, folder in enumerate(order):
            if n:  # after the last folder the process ends: trimming then only costs time
                _release_memory()
            yield _build(work, folder)
        return
    # The checked model stays in pages shared with the workers: without the freeze, each worker's
    # cycle collector would touch every object once and so copy the whole model into its memory.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_adopt, initargs=(work,)) as pool:
            futures = {pool.submit(_build_in_worker, folder): folder for folder in order}
            try:
                for future in as_completed(futures):
                    try:
                        yield future.result()
                    except Exception as exc:  # noqa: BLE001 — also BrokenProcessPool (a worker killed, out
                        yield _crashed(futures[future], exc)  # of memory): one folder's failure must not hide the others'
            except BaseException:  # Ctrl-C, or the caller stopped reading: start no other folder; one
                stop(pool)  # a folder a worker was on has no manifest yet: the next build makes it again
                raise
    finally:
        gc.unfreeze()
