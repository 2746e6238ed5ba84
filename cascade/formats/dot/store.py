"""Files kept by a hash of what produced them, shared by parallel builds and capped in size.

Entries are written atomically (a parallel `make -j` shares the folder), touched when used, and the
least recently used are dropped beyond the cap. `make clean` removes them with the rest of build/.
A store that cannot be read or written only costs time, never a wrong result.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from typing import Callable


class ContentStore:
    def __init__(self, folder: str, max_bytes: int):
        self.folder, self.max_bytes = folder, max_bytes

    def path(self, digest: str) -> str:
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
        tmp = None
        try:
            os.makedirs(os.path.dirname(key), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(key), prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, key)
        except OSError:  # a full disk or a file-size limit: no entry, and no partial file left
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def prune(self) -> None:
        """Drop the least recently used entries while the store is larger than its cap."""
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


_VERDICTS: dict[str, bool] = {}
_VERDICTS_LOCK = threading.Lock()


def kept_verdict(cache: ContentStore | None, what: str, decide: Callable[[], bool]) -> bool:
    """`decide()`, asked once per process for `what` and kept in `cache` for later processes: checks
    of the installed tools (does this Graphviz batch like single runs) that cost a few `dot` runs
    and hold until a version named in `what` changes."""
    with _VERDICTS_LOCK:
        if what not in _VERDICTS:
            key = None if cache is None else cache.path(hashlib.sha256(what.encode("utf-8")).hexdigest())
            kept = None if key is None else cache.get(key)
            if kept is None:
                kept = b"1" if decide() else b"0"
                if key is not None:
                    cache.put(key, kept)
            _VERDICTS[what] = kept == b"1"
        return _VERDICTS[what]
