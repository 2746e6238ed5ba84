"""Parsed YAML kept by content: after an edit, a check parses again only the files that changed.

Parsing is half of checking a large Pemda (`make bench`), and a planner's edit touches one or two of
hundreds of files. A parse is a pure function of the file's bytes and of the loader (the code in
cascade/load and the PyYAML it runs on), so the key hashes both; changed code simply misses. Only
clean parses are kept, so a file with a problem is always parsed, and reported, afresh; and they are
written only by `commit()`, after a check without errors, since a failed check writes nothing to
build/. Entries are marshal data (plain values, nothing runs when read) behind a checksum, under
build/.cache/yaml.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys

import yaml

from ..content_store import ContentStore
from .yaml_strict import Document, load_bytes

MAX_BYTES = 256 * 1024 * 1024
_SUM = 32  # bytes of sha256 in front of each entry


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

    def load(self, raw: bytes, display: str):
        """What `load_bytes(raw, display)` returns, from the store when these bytes were parsed before."""
        key = self.path(hashlib.sha256(self._version + raw).hexdigest())
        kept = self.get(key)
        if kept is not None and hashlib.sha256(kept[_SUM:]).digest() == kept[:_SUM]:
            try:
                data, positions, key_positions = marshal.loads(kept[_SUM:])
                return Document(display, data, positions, key_positions), []
            except (EOFError, ValueError, TypeError):
                pass  # an entry from another Python: parse again
        doc, diags = load_bytes(raw, display)
        if doc is not None and not diags:
            try:
                payload = marshal.dumps((doc.data, doc.positions, doc.key_positions))
            except ValueError:
                return doc, diags
            self._pending.append((key, hashlib.sha256(payload).digest() + payload))
        return doc, diags

    def commit(self) -> None:
        """Keep the parses of this run (call it only when the check found no errors)."""
        for key, entry in self._pending:
            self.put(key, entry)
        self._pending.clear()
        self.prune()
