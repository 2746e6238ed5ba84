"""Graphviz outputs kept by content, so a rebuild draws only the trees whose DOT source changed.

Drawing the PNGs is most of a build (`make bench`), and after a planner's edit most trees are the
same as before. The same DOT source, output format, options and Graphviz version give the same
bytes, so the key is a hash of all four; an upgraded Graphviz simply misses. Entries are written
atomically (a parallel `make -j` shares the cache), touched when used, and the least recently used
are dropped beyond a size cap. `make clean` removes the cache with the rest of build/.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import threading

MAX_BYTES = 512 * 1024 * 1024


class DotCache:
    def __init__(self, folder: str, max_bytes: int = MAX_BYTES):
        self.folder, self.max_bytes = folder, max_bytes
        self._version: str | None = None
        self._lock = threading.Lock()

    def _graphviz(self) -> str:
        with self._lock:
            if self._version is None:
                try:
                    done = subprocess.run(["dot", "-V"], capture_output=True, timeout=30)
                    self._version = done.stderr.decode("utf-8", "replace").strip() if done.returncode == 0 else ""
                except (OSError, subprocess.TimeoutExpired):
                    self._version = ""  # no Graphviz: nothing is cached, and run_dot says why
            return self._version

    def key(self, source: str, args: list[str]) -> str | None:
        version = self._graphviz()
        if not version:
            return None
        digest = hashlib.sha256("\0".join([version, *args, source]).encode("utf-8")).hexdigest()
        return os.path.join(self.folder, digest[:2], digest)

    def get(self, key: str) -> bytes | None:
        try:
            with open(key, "rb") as fh:
                data = fh.read()
            os.utime(key)
        except OSError:
            return None
        return data or None

    def put(self, key: str, data: bytes) -> None:
        try:
            os.makedirs(os.path.dirname(key), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(key), prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, key)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self) -> None:
        """Drop the least recently used entries while the cache is larger than its cap."""
        entries = []
        for folder, _, names in os.walk(self.folder):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            try:
                os.remove(path)
            except OSError:
                pass  # another build removed it first
            total -= size
