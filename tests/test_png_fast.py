"""PNGs drawn without libpng's row-filter search (issue 9, cascade/render/png_fast.py): the same
pixels as `dot -Tpng` draws by default, and `dot` as it is wherever the library is absent or fails."""
from __future__ import annotations

import os
import random
import shutil
import struct
import subprocess
import sys
import zlib

import pytest

from cascade import content_store
from cascade.dot_cache import DotCache
from cascade.render import Job, png_fast, pohon, pohon_dot

PLAIN = ["dot", "-Tpng", f"-Gdpi={pohon_dot.DPI}"]


def _plain(source: str) -> bytes:
    return subprocess.run(PLAIN, input=source.encode("utf-8"), capture_output=True, check=True).stdout


@pytest.fixture
def fresh(monkeypatch):
    """No verdict taken yet in this process, as in a new build process."""
    monkeypatch.setattr(content_store, "_VERDICTS", {})


def test_make_test_built_the_library():
    # `make test` installs a C compiler and compiles png_fast.c before the tests (Linux)
    hint = "run `make test`: it installs a C compiler and compiles cascade/render/png_fast.c"
    assert sys.platform.startswith("linux") and shutil.which("cc"), hint
    assert os.path.exists(png_fast.library_path()), hint


def test_trees_have_the_same_pixels_in_unfiltered_rows(repo, fresh):
    outputs = {o.path: o.data for o in pohon.render(Job(repo, repo.opds["diskominfo"], 2026))}
    pngs = {path: data for path, data in outputs.items() if path.endswith(".png")}
    assert len(pngs) >= 5
    for path, data in pngs.items():
        assert png_fast.filters(data) == {0}, path
    smallest = min(pngs, key=lambda p: len(pngs[p]))
    plain = _plain(outputs[smallest[:-4] + ".dot"].decode("utf-8"))
    assert png_fast.filters(plain) - {0}, "dot on its own filters rows"
    assert png_fast.decode(pngs[smallest]) == png_fast.decode(plain)
    assert len(pngs[smallest]) < len(plain)


def test_without_the_library_dot_draws_as_it_is(tmp_path, monkeypatch, fresh):
    source = pohon_dot._sample("tanpa-pustaka", 3)
    cache = DotCache(str(tmp_path / "dot"))
    fast = pohon_dot.run_dot(source, "png", cache)
    assert png_fast.filters(fast) == {0}

    monkeypatch.setattr(png_fast, "library_path", lambda: str(tmp_path / "tidak-ada.so"))
    assert pohon_dot.png_environment(cache) is None
    # the cache keeps the two apart: the PNG drawn with the library is not handed out here
    assert pohon_dot.run_dot(source, "png", cache) == _plain(source)
    assert png_fast.decode(fast) == png_fast.decode(_plain(source))


def _compile(tmp_path, body: str) -> str:
    src = tmp_path / "pustaka.c"
    src.write_text("#include <stdlib.h>\n" + body)
    lib = tmp_path / "pustaka.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    return str(lib)


@pytest.mark.parametrize("body", [
    # another libpng, say: dot dies drawing a PNG
    "void png_set_IHDR(void *p, void *i, unsigned w, unsigned h, int d, int c, int l, int m, int f) { abort(); }",
    # draws nothing at all: dot writes no image
    "void png_write_image(void *p, void *rows) { }",
])
def test_a_library_that_would_change_the_picture_is_not_used(tmp_path, monkeypatch, fresh, body):
    monkeypatch.setattr(png_fast, "library_path", lambda: _compile(tmp_path, body))
    cache = DotCache(str(tmp_path / "dot"))
    assert pohon_dot.png_environment(cache) is None
    source = pohon_dot._sample("pustaka-rusak", 2)
    assert pohon_dot.run_dot(source, "png", cache) == _plain(source)
    # the verdict is kept: a later process does not ask again
    monkeypatch.setattr(content_store, "_VERDICTS", {})
    monkeypatch.setattr(png_fast, "same_pixels", lambda *a: pytest.fail("verdict asked again"))
    assert pohon_dot.png_environment(cache) is None


def test_build_compiles_once_and_drops_older_versions(tmp_path, monkeypatch):
    target = tmp_path / "__pycache__" / "png_fast-baru.so"
    monkeypatch.setattr(png_fast, "library_path", lambda: str(target))
    older = tmp_path / "__pycache__" / "png_fast-lama.so"
    older.parent.mkdir()
    older.write_bytes(b"versi lama")
    assert png_fast.build() == str(target)
    assert target.exists() and not older.exists()
    assert sorted(os.listdir(target.parent)) == ["png_fast-baru.so"]
    made = target.stat().st_mtime_ns
    monkeypatch.setenv("CC", "/tidak/ada/cc")  # not asked again: the library is there
    assert png_fast.build() == str(target) and target.stat().st_mtime_ns == made


def test_decode_reads_every_row_filter():
    """decode() is the check's eye: hold it to dot's own filtered PNGs and their unfiltered twins."""
    source = pohon_dot._sample("semua-filter", 4)
    plain = _plain(source)
    env = pohon_dot.png_environment()
    assert env is not None
    fast = subprocess.run(PLAIN, input=source.encode("utf-8"), capture_output=True, check=True, env=env).stdout
    assert png_fast.filters(plain) >= {1, 2, 4}
    header, pixels = png_fast.decode(plain)
    assert (header, pixels) == png_fast.decode(fast)
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    assert len(pixels) == width * height * 4
    assert pixels[:4] == b"\xff\xff\xff\xff"  # the white corner of the page


def _png(width: int, height: int, pixels: bytes, kinds: list[int]) -> bytes:
    """An RGBA PNG whose row i is stored with filter kinds[i], written from the PNG specification."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    stride, bpp, out, prev = width * 4, 4, bytearray(), bytes(width * 4)
    for y in range(height):
        row = pixels[y * stride:(y + 1) * stride]
        left = lambda i: row[i - bpp] if i >= bpp else 0  # noqa: E731
        corner = lambda i: prev[i - bpp] if i >= bpp else 0  # noqa: E731

        def paeth(i):
            a, b, c = left(i), prev[i], corner(i)
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            return a if pa <= pb and pa <= pc else b if pb <= pc else c

        predict = [lambda i: 0, left, lambda i: prev[i], lambda i: (left(i) + prev[i]) // 2, paeth][kinds[y]]
        out += bytes([kinds[y]]) + bytes((row[i] - predict(i)) & 255 for i in range(stride))
        prev = row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(out)))
            + chunk(b"IEND", b""))


def test_decode_undoes_each_filter_of_the_specification():
    rng = random.Random(9)
    width, height = 7, 10
    pixels = bytes(rng.randrange(256) for _ in range(width * height * 4))
    kinds = [0, 1, 2, 3, 4, 4, 3, 2, 1, 0]
    png = _png(width, height, pixels, kinds)
    assert png_fast.filters(png) == set(kinds)
    assert png_fast.decode(png)[1] == pixels
    assert png_fast.decode(png[:40]) is None  # cut short: not an image


def test_without_a_compiler_or_a_writable_folder_nothing_is_built(tmp_path, monkeypatch):
    target = tmp_path / "__pycache__" / "png_fast-x.so"
    monkeypatch.setattr(png_fast, "library_path", lambda: str(target))
    monkeypatch.setenv("CC", str(tmp_path / "tidak-ada-cc"))
    assert png_fast.build() is None and not target.exists()

    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.write_bytes(b"bukan folder")  # the folder cannot be made
    monkeypatch.setenv("CC", "cc -O0")  # a compiler named with its flags, as make users write CC
    assert png_fast.build() is None

    target.parent.unlink()
    assert png_fast.build() == str(target) and target.exists()
