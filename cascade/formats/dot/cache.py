"""Graphviz outputs kept by content, so a rebuild draws only the trees whose DOT source changed.

Drawing the PNGs is most of a build (`make bench`), and after a planner's edit most trees are the
same as before. The same DOT source, output format, options and Graphviz version give the same
bytes, so the key is a hash of all four; an upgraded Graphviz simply misses. Entries are written
and pruned as every ContentStore (cascade/formats/dot/store.py).
"""
from __future__ import annotations

import hashlib
import threading

from cascade.formats.dot.run import read_graphviz_version
from cascade.formats.dot.store import ContentStore

MAX_BYTES = 512 * 1024 * 1024


class DotCache(ContentStore):
    def __init__(self, folder: str, max_bytes: int = MAX_BYTES):
        super().__init__(folder, max_bytes)
        self._version: str | None = None
        self._lock = threading.Lock()

    def graphviz(self) -> str:
        """The Graphviz version (`dot -V`) the entries are for; "" when dot cannot be run."""
        with self._lock:
            if self._version is None:
                # no Graphviz: nothing is cached, and run_dot says why
                self._version = read_graphviz_version()
            return self._version

    def key(self, source: str, args: list[str]) -> str | None:
        version = self.graphviz()
        if not version:
            return None
        return self.path(hashlib.sha256("\0".join([version, *args, source]).encode("utf-8")).hexdigest())
