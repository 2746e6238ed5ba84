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

Given the schema gate (`cascade.validate.schema.GATE`), the cache also remembers which files passed
it: the verdict is a pure function of the parsed data and the gate, so a file that passed is not
judged again (a fifth of checking a large Pemda), and files parsed ahead are judged where they
were parsed. Only "passed" is remembered; a file with schema errors is always judged, and reported,
afresh.
"""
from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import yaml

from ..balance import balanced
from ..content_store import ContentStore
from ..forking import cores, stop, worker_start
from .yaml_strict import Document, load_bytes

MAX_BYTES = 256 * 1024 * 1024
_SUM = 32  # bytes of sha256 in front of each entry
_PASSED = b"1"  # a schema verdict entry: the file's data passed the gate it is keyed with
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
    def __init__(self, folder: str, max_bytes: int = MAX_BYTES, gate=None):
        """`gate`: the schema gate (`cascade.validate.schema.GATE`) whose verdicts are remembered too."""
        super().__init__(folder, max_bytes)
        self._version = _loader_version()
        self._gate = gate
        self._pending: list[tuple[str, bytes]] = []
        # key → (entry, parsed data not handed out yet or None) from parse_ahead
        self._ahead: dict[str, tuple[bytes, tuple | None]] = {}
        self._passed_ahead: set[str] = set()  # verdict keys of files that passed in parse_ahead
        self._keys: dict[int, tuple[Document, str]] = {}  # id(document) → (document, its key)

    def _key(self, raw: bytes) -> str:
        return self.path(hashlib.sha256(self._version + raw).hexdigest())

    def _verdict_key(self, key: str, kind: str) -> str:
        made_from = f"schema\0{kind}\0{self._gate.version(kind)}\0{os.path.basename(key)}"
        return self.path(hashlib.sha256(made_from.encode("utf-8")).hexdigest())

    def passed(self, doc: Document, kind: str) -> bool:
        """Did these very bytes pass the `kind` gate in an earlier run, or while parsed ahead?"""
        known = self._keys.get(id(doc))
        if self._gate is None or known is None or known[0] is not doc:
            return False
        verdict = self._verdict_key(known[1], kind)
        if verdict in self._passed_ahead:
            self._pending.append((verdict, _PASSED))
            return True
        return self.get(verdict) is not None

    def note_passed(self, doc: Document, kind: str) -> None:
        """`doc` passed the `kind` gate: remember it at `commit()`."""
        known = self._keys.get(id(doc))
        if self._gate is not None and known is not None and known[0] is doc:
            self._pending.append((self._verdict_key(known[1], kind), _PASSED))

    def parse_ahead(self, paths: list[str], kinds: dict[str, str] | None = None) -> None:
        """Parse the files among `paths` that are not kept yet on every core, so that the `load`
        calls that follow find them, and judge them by the gate of their kind (`kinds`: path → the
        schema they are checked against). Only an optimisation: whatever fails here is parsed
        again, and reported, by `load`; whatever does not pass is judged again."""
        kinds = kinds if self._gate is not None and kinds else {}
        misses: list[tuple[str, str, int, str | None, str | None]] = []
        for path in paths:
            try:
                with open(path, "rb") as fh:
                    raw = fh.read()
            except OSError:
                continue
            key = self._key(raw)
            if not os.path.exists(key):
                kind = kinds.get(path)
                verdict = self._verdict_key(key, kind) if kind else None
                misses.append((path, key, len(raw), kind, verdict))
        total = sum(size for _, _, size, _, _ in misses)
        groups = balanced(list(range(len(misses))), [size for _, _, size, _, _ in misses],
                          min(cores(), total // PARALLEL_BYTES + 1))
        shares = [[misses[i] for i in group] for group in groups]
        if len(shares) < 2:
            return
        results = []  # this process keeps its own share parsed; the workers' come back as entries
        try:
            pool = ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork"),
                                       initializer=worker_start)
            try:
                others = [pool.submit(_parse_entries, share, False, self._gate) for share in shares[1:]]
                results.append(_parse_entries(shares[0], True, self._gate))
                results.extend(future.result() for future in others)
            except BaseException:  # also Ctrl-C, which a pool left by `with` would wait out
                stop(pool)
                raise
            pool.shutdown()
        except (OSError, BrokenProcessPool):  # no worker could start, or one died
            pass
        for key, entry, parsed, verdict in (item for entries in results for item in entries):
            self._ahead[key] = (entry, parsed)
            if verdict is not None:
                self._passed_ahead.add(verdict)

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
                return self._known(Document(display, *parsed), key), []
        if kept is not None and hashlib.sha256(kept[_SUM:]).digest() == kept[:_SUM]:
            try:
                data, positions, key_positions = marshal.loads(kept[_SUM:])
                return self._known(Document(display, data, positions, key_positions), key), []
            except (EOFError, ValueError, TypeError):
                pass  # an entry from another Python: parse again
        doc, diags = load_bytes(raw, display)
        entry = _entry(doc, diags)
        if entry is not None:
            self._pending.append((key, entry))
            self._known(doc, key)
        return doc, diags

    def _known(self, doc: Document, key: str) -> Document:
        self._keys[id(doc)] = (doc, key)
        return doc

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


def _parse_entries(share: list[tuple], keep: bool = False, gate=None) -> list[tuple[str, bytes, tuple | None, str | None]]:
    """(key, entry, parsed data if `keep`, verdict key if it passed its gate) for the clean parses
    among `share` (in a worker, or in the caller for its own share)."""
    out = []
    for path, key, _, kind, verdict in share:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        doc, diags = load_bytes(raw, path)
        entry = _entry(doc, diags)
        if entry is not None:
            passed = verdict if gate is not None and kind and _passes(gate, doc.data, kind) else None
            out.append((key, entry, (doc.data, doc.positions, doc.key_positions) if keep else None, passed))
    return out


def _passes(gate, data, kind: str) -> bool:
    try:
        return gate.passes(data, kind)
    except Exception:  # noqa: BLE001 — only an optimisation: the check judges the file again, and reports
        return False
