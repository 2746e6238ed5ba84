"""Writing DOT text and running the Graphviz `dot` binary (the only process the renderer starts)."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field

from . import RenderError
from .pohon_label import FONT

DPI = 150
# cairo refuses bitmaps of 32,768 px or more and dot then silently scales the whole drawing down.
MAX_PX = 32_000
_INSTALL = ("pasang Graphviz: `sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS), "
            "atau penginstal resmi graphviz.org (Windows, tambahkan folder bin ke PATH); cek dengan `make doctor`")


def quote(name: str) -> str:
    """A DOT double-quoted ID; node names come from data ids and must not break the file."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@dataclass
class Graph:
    """DOT statements in insertion order; callers add them in sorted data order, so output is stable."""

    name: str
    rankdir: str = "TB"
    lines: list[str] = field(default_factory=list)

    def node(self, name: str, label: str, **attrs: str) -> None:
        extra = "".join(f" {k}={quote(v)}" for k, v in sorted(attrs.items()))
        self.lines.append(f"  {quote(name)} [label={label}{extra}];")

    def edge(self, tail: str, head: str, label: str = "", **attrs: str) -> None:
        extra = " ".join(f"{k}={quote(v)}" for k, v in sorted(attrs.items()))
        if label:  # an HTML-like label, already escaped by the caller
            extra = f"label={label} " + extra
        self.lines.append(f"  {tail_port(tail)} -> {tail_port(head)}" + (f" [{extra}]" if extra else "") + ";")

    def same_rank(self, names: list[str]) -> None:
        if len(names) > 1:
            self.lines.append("  { rank=same; " + " ".join(quote(n) for n in names) + " }")

    def source(self) -> str:
        head = [
            f"digraph {quote(self.name)} {{",
            f'  graph [rankdir={self.rankdir} bgcolor="white" nodesep="0.3" ranksep="0.45" '
            f'splines="polyline" fontname={quote(FONT)} pad="0.2" ordering="out" '
            # beyond the cairo bitmap limit dot would scale anyway, but with a warning and uneven results
            f'size="{MAX_PX / DPI:.1f},{MAX_PX / DPI:.1f}"];',
            f'  node [shape=plain fontname={quote(FONT)} fontsize="9"];',
            f'  edge [arrowhead=none color="#333333" penwidth="1.4" fontname={quote(FONT)} fontsize="7"];',
        ]
        return "\n".join(head + self.lines + ["}", ""])


def tail_port(end: str) -> str:
    """`name` or `name:port[:compass]` (a row inside an HTML table) as DOT, each part quoted."""
    parts = end.split("\x1f")
    return ":".join([quote(parts[0]), *(quote(p) for p in parts[1:2]), *parts[2:3]])


def at_port(name: str, port: str, compass: str = "") -> str:
    # \x1f cannot occur in a cleaned id, so it safely separates node, port and compass until tail_port
    return f"{name}\x1f{port}" + (f"\x1f{compass}" if compass else "")


def run_dot(source: str, fmt: str, cache=None) -> bytes:
    """Run `dot -T<fmt>`, or take its earlier output for the same source from `cache` (a DotCache);
    a missing binary or a failed layout becomes a RenderError with an Indonesian hint."""
    # dpi only for bitmaps: in the graph it would also scale the SVG's own size (in pt)
    args = ["dot", f"-T{fmt}"] + ([f"-Gdpi={DPI}"] if fmt == "png" else [])
    key = cache.key(source, args) if cache is not None else None
    if key is not None:
        found = cache.get(key)
        if found is not None:
            return found
    out = _dot(source, args)
    if key is not None:
        cache.put(key, out)
    return out


def _dot(source: str, args: list[str]) -> bytes:
    try:
        done = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, timeout=300)
    except FileNotFoundError as exc:
        raise RenderError("G001", "program Graphviz `dot` tidak ditemukan, pohon kinerja tidak dapat digambar",
                          _INSTALL) from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError("G002", "Graphviz `dot` terlalu lama menggambar pohon kinerja (lebih dari 300 detik)",
                          "pecah sasaran yang sangat besar menjadi beberapa program") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[:3]
        raise RenderError("G002", f"Graphviz `dot` gagal menggambar pohon kinerja: {' '.join(detail)}",
                          "laporkan galat ini beserta berkas .dot di folder build")
    return done.stdout


_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size_px(svg: bytes) -> tuple[int, int]:
    """Width and height the PNG of this drawing gets at DPI (SVG sizes are in points)."""
    m = _SIZE.search(svg)
    if not m:
        return (0, 0)
    return round(float(m.group(1)) * DPI / 72), round(float(m.group(2)) * DPI / 72)
