"""`dot -Tpng` without libpng's search for a row filter, wherever that gives the very same pixels.

Drawing the PNGs is most of a build (`make bench`), and a third of it went to libpng trying five
row filters on every row of every tree (png_fast.c says why that buys nothing here). `make`
compiles png_fast.c, when a C compiler is there, into `cascade/render/__pycache__/png_fast-<hash>.so`
(`python -m cascade.render.png_fast`). Before it is first preloaded into a Graphviz version, a
sample tree is drawn with and without it; it is used only when both decode to the same pixels and
its rows really are unfiltered. That verdict is kept in the Graphviz cache beside the trees.
Anywhere else (no compiler, not Linux, another libpng, a verdict against) `dot` runs as it is:
slower, never different in what the picture shows.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import os
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from typing import Callable

from ..content_store import kept_verdict

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "png_fast.c")


@functools.lru_cache(maxsize=1)
def _source_hash() -> str:
    with open(SOURCE, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()[:16]


def library_path() -> str:
    return os.path.join(os.path.dirname(SOURCE), "__pycache__", f"png_fast-{_source_hash()}.so")


def tag() -> str:
    """Named in the Graphviz cache key of PNGs drawn with the library: their bytes differ."""
    return f"png_fast={_source_hash()}"


def build() -> str | None:
    """Compile png_fast.c unless done already; None where it cannot be (not Linux, no compiler, an error)."""
    if not sys.platform.startswith("linux"):
        return None
    target = library_path()
    if os.path.exists(target):
        return target
    cc = shlex.split(os.environ.get("CC", "")) or [shutil.which("cc") or shutil.which("gcc") or ""]
    if not cc[0]:
        return None
    folder = os.path.dirname(target)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".so")
        os.close(fd)
    except OSError:
        return None  # a read-only checkout: PNGs are drawn as dot draws them
    try:
        done = subprocess.run([*cc, "-shared", "-fPIC", "-O2", "-o", tmp, SOURCE, "-ldl"],
                              capture_output=True, timeout=300)
        if done.returncode != 0:
            return None
        os.replace(tmp, target)
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for old in glob.glob(os.path.join(folder, "png_fast-*.so")):
        if old != target:
            try:
                os.unlink(old)
            except OSError:
                pass  # removed by another build, or not ours to remove: it is never loaded again
    return target


def preload(version: str, sample: Callable[[], str], args: list[str], cache=None) -> dict | None:
    """The environment to run `args` (a `dot -Tpng` command) in with the library preloaded, or None
    to run it as it is. `version`: Graphviz's (`dot -V`); `sample()`: a DOT source like the trees;
    `cache`: a DotCache that keeps the verdict for later processes."""
    lib = library_path()
    if not version or not sys.platform.startswith("linux") or not os.path.exists(lib):
        return None
    before = os.environ.get("LD_PRELOAD")
    env = dict(os.environ, LD_PRELOAD=lib + (f":{before}" if before else ""))
    same = kept_verdict(cache, f"{version}\0{lib}\0same-pixels-1", lambda: same_pixels(sample(), args, env))
    return env if same else None


def same_pixels(sample: str, args: list[str], env: dict) -> bool:
    """Whether `args` draws `sample` with `env` as the same image as without it, with unfiltered rows."""
    drawn = []
    for run_env in (None, env):
        try:
            done = subprocess.run(args, input=sample.encode("utf-8"), capture_output=True, timeout=120, env=run_env)
        except (OSError, subprocess.TimeoutExpired):
            return False
        if done.returncode != 0:
            return False
        drawn.append(done.stdout)
    plain, fast = (decode(png) for png in drawn)
    return plain is not None and plain == fast and filters(drawn[1]) == {0}


# ---------------------------------------------------------------- reading PNGs back

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _chunks(png: bytes):
    pos = 8
    while pos + 8 <= len(png):
        size, kind = struct.unpack(">I4s", png[pos:pos + 8])
        yield kind, png[pos + 8:pos + 8 + size]
        pos += 12 + size


def _scanlines(png: bytes):
    """(header, row length, the filtered rows as one bytes) of a non-interlaced 8-bit PNG, or None."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    chunks = list(_chunks(png))
    if not chunks or chunks[0][0] != b"IHDR":
        return None
    header = chunks[0][1]
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or interlace or color not in _CHANNELS:
        return None
    try:
        data = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    except zlib.error:
        return None
    stride = width * _CHANNELS[color]
    if len(data) != height * (stride + 1):
        return None
    return header, stride, data


def filters(png: bytes) -> set[int]:
    """The row filter types a PNG uses (0 = none)."""
    lines = _scanlines(png)
    if lines is None:
        return set()
    _, stride, data = lines
    return set(data[::stride + 1])


def decode(png: bytes) -> tuple[bytes, bytes] | None:
    """(IHDR, the unfiltered pixel rows) of a non-interlaced 8-bit PNG, or None for anything else.
    Pure Python: meant for checks on small images and for tests."""
    lines = _scanlines(png)
    if lines is None:
        return None
    header, stride, data = lines
    bpp = _CHANNELS[header[9]]
    prev = bytearray(stride)
    rows = []
    for start in range(0, len(data), stride + 1):
        kind, row = data[start], bytearray(data[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 255
        elif kind == 2:
            row = bytearray((a + b) & 255 for a, b in zip(row, prev))
        elif kind == 3:
            for i in range(stride):
                row[i] = (row[i] + (((row[i - bpp] if i >= bpp else 0) + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif kind != 0:
            return None
        rows.append(bytes(row))
        prev = row
    return header, b"".join(rows)


if __name__ == "__main__":
    build()
