"""Pohon kinerja (performance trees) as Graphviz SVG, PNG and DOT under `pohon/`.

Per OPD: `ikhtisar.*` (the overview) and `sasaran-<id>.*` per sasaran PD, split into
`sasaran-<id>-<program>.*` when the whole sasaran would not be readable on a landscape page.
For the Pemda: `pohon-pemda.*`.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace

from cascade.documents import Job, Output, PemdaJob
from cascade.documents.pohon.graph import Ctx, default_columns, make_ctx, overview, sasaran_tree
from cascade.documents.pohon.pemda import pemda_tree
from cascade.formats.dot.run import Graph, run_dot, run_dot_many, settle, svg_size_px

# Largest drawing that still prints readably on A3 landscape (400 × 277 mm usable) at ≥ 60 % scale,
# i.e. 9 pt text stays above ~5.5 pt; in PNG pixels at 150 dpi.
PAGE_W, PAGE_H = 3900, 2700


@dataclass(frozen=True)
class Drawing:
    """A tree whose layout is settled: its DOT source and SVG, the PNG still to rasterise."""

    stem: str
    source: str
    svg: bytes


def tree_outputs(drawings: list[Drawing], cache, folder: str = "pohon") -> list[Output]:
    """The .dot, .svg and .png of every drawing under `folder`. Rasterising the PNG at 150 dpi is
    most of a tree's cost (`make bench`), so the PNGs are drawn on every core, each core's share by
    one `dot`."""
    pngs = run_dot_many([d.source for d in drawings], "png", cache, workers=os.cpu_count() or 1)
    return [out for d, png in zip(drawings, pngs) for out in (
        Output(f"{folder}/{d.stem}.dot", d.source.encode("utf-8")), Output(f"{folder}/{d.stem}.svg", d.svg),
        Output(f"{folder}/{d.stem}.png", png))]


def _fits(svg: bytes) -> bool:
    w, h = svg_size_px(svg)
    return w <= PAGE_W and h <= PAGE_H


# The layout decisions below are generators for `settle`: `svg = yield graph` lays a graph out,
# `results = yield [plans]` runs plans side by side, so every step of every sasaran shares one `dot`.

def laid_out(stem: str, g: Graph):
    """A plan that takes the graph as it is."""
    svg = yield g
    return [Drawing(stem, g.source(), svg)]


def _sasaran_plan(ctx: Ctx, sasaran):
    programs = list(sasaran.children)
    g = sasaran_tree(ctx, sasaran, programs)
    svg = yield g
    if _fits(svg):
        return [Drawing(f"sasaran-{sasaran.id}", g.source(), svg)]
    parts = yield [_program_plan(ctx, sasaran, p, f"sasaran-{sasaran.id}" if len(programs) == 1
                                 else f"sasaran-{sasaran.id}-{p.id}") for p in programs]
    return [d for part in parts for d in part]


def _program_plan(ctx: Ctx, sasaran, program, stem: str):
    """One program's tree, its kegiatan in as many columns as make it fit; halves while it cannot fit."""
    kegiatan = list(program.children)
    most = max(len(kegiatan), 1)
    columns = default_columns(ctx, program)
    while True:
        g = sasaran_tree(ctx, sasaran, [program], columns, part=stem[len(f"sasaran-{sasaran.id}"):])
        svg = yield g
        w, h = svg_size_px(svg)
        if _fits(svg):
            return [Drawing(stem, g.source(), svg)]
        if w > PAGE_W or columns >= most:
            break
        # each Graphviz layout is the costly step: jump to the column count the height asks for
        # (height shrinks about in proportion) instead of trying every count in turn
        columns = min(most, max(columns + 1, -(-columns * h // PAGE_H)))
    if len(kegiatan) <= 1 or w <= PAGE_W:
        # every kegiatan already has its own column, so one box alone is taller than a page:
        # splitting cannot help, and dropping rows would hide data
        return [Drawing(stem, g.source(), svg)]
    half = -(-len(kegiatan) // 2)
    parts = yield [_program_plan(ctx, sasaran, replace(program, children=tuple(chunk)), f"{stem}-bagian-{n}")
                   for n, chunk in enumerate((kegiatan[:half], kegiatan[half:]), start=1)]
    return [d for part in parts for d in part]


def render(job: Job) -> list[Output]:
    ctx = make_ctx(job.repo, job.opd, job.tahun)
    plans = [laid_out("ikhtisar", overview(ctx))]
    plans += [_sasaran_plan(ctx, s) for t in job.opd.tujuan for s in t.children]
    probe = functools.partial(run_dot_many, fmt="svg", cache=job.dot_cache)
    drawings = [d for found in settle(plans, probe) for d in found]
    return tree_outputs(drawings, job.dot_cache)


def render_pemda(job: PemdaJob) -> list[Output]:
    source = pemda_tree(job.repo, job.tahun).source()
    return tree_outputs([Drawing("pohon-pemda", source, run_dot(source, "svg", job.dot_cache))], job.dot_cache)
