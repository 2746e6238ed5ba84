"""Pohon kinerja (performance trees) as Graphviz SVG, PNG and DOT under `pohon/`.

Per OPD: `ikhtisar.*` (the overview) and `sasaran-<id>.*` per sasaran PD, split into
`sasaran-<id>-<program>.*` when the whole sasaran would not be readable on a landscape page.
For the Pemda: `pohon-pemda.*`.
"""
from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from . import Job, Output, PemdaJob
from .pohon_dot import Graph, run_dot, svg_size_px
from .pohon_graph import Ctx, make_ctx, overview, sasaran_tree
from .pohon_pemda import pemda_tree

# Largest drawing that still prints readably on A3 landscape (400 × 277 mm usable) at ≥ 60 % scale,
# i.e. 9 pt text stays above ~5.5 pt; in PNG pixels at 150 dpi.
PAGE_W, PAGE_H = 3900, 2700


@dataclass(frozen=True)
class _Drawing:
    """A tree whose layout is settled: its DOT source and SVG, the PNG still to rasterise."""

    stem: str
    source: str
    svg: bytes


def _drawing(stem: str, g: Graph, draw, svg: bytes | None = None) -> _Drawing:
    source = g.source()
    return _Drawing(stem, source, svg if svg is not None else draw(source, "svg"))


def _outputs(drawings: list[_Drawing], draw, pngs: dict[str, bytes] | None = None) -> list[Output]:
    """Rasterising the PNG at 150 dpi is ~90 % of a tree's cost (`make bench`); each `dot` is its
    own process, so the PNGs are drawn side by side on every core."""
    pngs = dict(pngs or {})
    todo = [d for d in drawings if d.stem not in pngs]
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1))) as pool:
        pngs.update(zip((d.stem for d in todo), pool.map(lambda d: draw(d.source, "png"), todo)))
    return [out for d in drawings for out in (
        Output(f"pohon/{d.stem}.dot", d.source.encode("utf-8")), Output(f"pohon/{d.stem}.svg", d.svg),
        Output(f"pohon/{d.stem}.png", pngs[d.stem]))]


def _fits(svg: bytes) -> bool:
    w, h = svg_size_px(svg)
    return w <= PAGE_W and h <= PAGE_H


def _sasaran_drawings(ctx: Ctx, sasaran, draw) -> list[_Drawing]:
    programs = list(sasaran.children)
    g = sasaran_tree(ctx, sasaran, programs)
    svg = draw(g.source(), "svg")
    if _fits(svg):
        return [_drawing(f"sasaran-{sasaran.id}", g, draw, svg)]
    out = []
    for p in programs:
        stem = f"sasaran-{sasaran.id}" if len(programs) == 1 else f"sasaran-{sasaran.id}-{p.id}"
        out += _program_drawings(ctx, sasaran, p, stem, draw)
    return out


def _program_drawings(ctx: Ctx, sasaran, program, stem: str, draw) -> list[_Drawing]:
    """One program's tree, its kegiatan in as many columns as make it fit; halves while it cannot fit."""
    kegiatan = list(program.children)
    columns, most = 1, max(len(kegiatan), 1)
    while True:
        g = sasaran_tree(ctx, sasaran, [program], columns, part=stem[len(f"sasaran-{sasaran.id}"):])
        svg = draw(g.source(), "svg")
        w, h = svg_size_px(svg)
        if _fits(svg):
            return [_drawing(stem, g, draw, svg)]
        if w > PAGE_W or columns >= most:
            break
        # each Graphviz layout is the costly step: jump to the column count the height asks for
        # (height shrinks about in proportion) instead of trying every count in turn
        columns = min(most, max(columns + 1, -(-columns * h // PAGE_H)))
    if len(kegiatan) <= 1 or w <= PAGE_W:
        # every kegiatan already has its own column, so one box alone is taller than a page:
        # splitting cannot help, and dropping rows would hide data
        return [_drawing(stem, g, draw, svg)]
    half = -(-len(kegiatan) // 2)
    out = []
    for n, chunk in enumerate((kegiatan[:half], kegiatan[half:]), start=1):
        out += _program_drawings(ctx, sasaran, replace(program, children=tuple(chunk)), f"{stem}-bagian-{n}", draw)
    return out


def render(job: Job) -> list[Output]:
    ctx = make_ctx(job.repo, job.opd, job.tahun)
    draw = functools.partial(run_dot, cache=job.dot_cache)
    drawings = [_drawing("ikhtisar", overview(ctx), draw)]
    for t in job.opd.tujuan:
        for s in t.children:
            drawings += _sasaran_drawings(ctx, s, draw)
    return _outputs(drawings, draw, {"ikhtisar": overview_png(job)})


def overview_png(job: Job) -> bytes:
    """PNG of the OPD overview tree, for BAB IV of the Renstra; drawn once per job for both users."""
    if "overview_png" not in job.memo:
        source = overview(make_ctx(job.repo, job.opd, job.tahun)).source()
        job.memo["overview_png"] = run_dot(source, "png", job.dot_cache)
    return job.memo["overview_png"]


def render_pemda(job: PemdaJob) -> list[Output]:
    draw = functools.partial(run_dot, cache=job.dot_cache)
    return _outputs([_drawing("pohon-pemda", pemda_tree(job.repo, job.tahun), draw)], draw)
