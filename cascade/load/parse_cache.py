"""Parsed YAML kept by content: after an edit, a check parses again only the files that changed.

Parsing is half of checking a large Pemda (`make bench`), and a planner's edit touches one or two of
hundreds of files. A parse is a pure function of the file's bytes and of the loader (the code in
cascade/load and the PyYAML it runs on), so the key hashes both; changed code simply misses. Only
clean parses are kept, so a file with a problem is always parsed, and reported, afresh; and they are
written only by `commit()`, after a check without errors, since a failed check writes nothing to
build/. Entries are marshal data (plain values, nothing runs when read) behind a checksum, under
build/.cache/yaml.

The files not kept yet are parsed ahead on every core (`parse_ahead`) when there are enough of them
to repay starting a worker: a first check of a whole Pemda is otherwise half spent in one core's
YAML parser while the other idles.
"""
from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import yaml

from ..balance import balanced
from ..content_store import ContentStore
from .yaml_strict import Document, load_bytes

MAX_BYTES = 256 * 1024 * 1024
_SUM = 32  # bytes of sha256 in front of each entry
# A worker for each this much unparsed YAML at most: for less, starting it (fork, results through a
# pipe) costs more than it saves. One OPD of 300 sub kegiatan is ≈ 0.25 MB, 40 such OPDs ≈ 9 MB.
PARALLEL_BYTES = 1024 * 1024


def _loader_version() -> bytes:
    digest = hashlib.sha256(f"{yaml.__version__} {yaml.__with_libyaml__} {sys.version}".encode("utf-8"))
    folder = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), "rb") as fh:
                digest.update(name.encode("utf-8") + b"\0" + fh.read())
    return digest.digest()


class ParseCache(ContentStore):
    def __init__(self, folder: str, max_bytes: int = MAX_BYTES):
        super().__init__(folder, max_bytes)
        self._version = _loader_version()
        self._pending: list[tuple[str, bytes]] = []
        # key → (entry, parsed data not handed out yet or None) from parse_ahead
        self._ahead: dict[str, tuple[bytes, tuple | None]] = {}

    def _key(self, raw: bytes) -> str:
        return self.path(hashlib.sha256(self._version + raw).hexdigest())

    def parse_ahead(self, paths: list[str]) -> None:
        """Parse the files among `paths` that are not kept yet on every core, so that the `load`
        calls that follow find them. Only an optimisation: whatever fails here is parsed again,
        and reported, by `load`."""
        misses: list[tuple[str, str, int]] = []
        for path in paths:
            try:
                with open(path, "rb") as fh:
                    raw = fh.read()
            except OSError:
                continue
            key = self._key(raw)
            if not os.path.exists(key):
                misses.append((path, key, len(raw)))
        total = sum(size for _, _, size in misses)
        groups = balanced(list(range(len(misses))), [size for _, _, size in misses],
                          min(_cores(), total // PARALLEL_BYTES + 1))
        shares = [[misses[i] for i in group] for group in groups]
        if len(shares) < 2:
            return
        try:
            with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                others = [pool.submit(_parse_entries, share) for share in shares[1:]]
                # this process keeps its own share parsed; the workers' come back as entries
                self._ahead.update((key, (entry, parsed)) for key, entry, parsed in _parse_entries(shares[0], keep=True))
                for future in others:
                    self._ahead.update((key, (entry, None)) for key, entry, _ in future.result())
        except (OSError, BrokenProcessPool):  # no worker could start, or one died
            pass

    def load(self, raw: bytes, display: str):
        """What `load_bytes(raw, display)` returns, from the store when these bytes were parsed before."""
        key = self._key(raw)
        ahead = self._ahead.get(key)
        if ahead is None:
            kept = self.get(key)
        else:
            kept, parsed = ahead
            self._pending.append((key, kept))
            if parsed is not None:
                self._ahead[key] = (kept, None)  # a second file with these bytes gets its own copy
                return Document(display, *parsed), []
        if kept is not None and hashlib.sha256(kept[_SUM:]).digest() == kept[:_SUM]:
            try:
                data, positions, key_positions = marshal.loads(kept[_SUM:])
                return Document(display, data, positions, key_positions), []
            except (EOFError, ValueError, TypeError):
                pass  # an entry from another Python: parse again
        doc, diags = load_bytes(raw, display)
        entry = _entry(doc, diags)
        if entry is not None:
            self._pending.append((key, entry))
        return doc, diags

    def commit(self) -> None:
        """Keep the parses of this run (call it only when the check found no errors)."""
        for key, entry in self._pending:
            self.put(key, entry)
        self._pending.clear()
        self.prune()


def _entry(doc: Document | None, diags) -> bytes | None:
    """The stored form of a clean parse; None for a parse with problems (never kept)."""
    if doc is None or diags:
        return None
    try:
        payload = marshal.dumps((doc.data, doc.positions, doc.key_positions))
    except ValueError:
        return None
    return hashlib.sha256(payload).digest() + payload


def _parse_entries(share: list[tuple[str, str, int]], keep: bool = False) -> list[tuple[str, bytes, tuple | None]]:
    """(key, entry, parsed data if `keep`) for the clean parses among `share` (in a worker, or in the
    caller for its own share)."""
    out = []
    for path, key, _ in share:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        doc, diags = load_bytes(raw, path)
        entry = _entry(doc, diags)
        if entry is not None:
            out.append((key, entry, (doc.data, doc.positions, doc.key_positions) if keep else None))
    return out


def _cores() -> int:
    if not sys.platform.startswith("linux"):
        # macOS offers fork but its system libraries are not safe across it, and spawn (Windows)
        # would import everything again in each worker: no gain at these sizes
        return 1
    if threading.active_count() > 1:
        return 1  # a fork copies only this thread; a lock another thread holds would stay held
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
