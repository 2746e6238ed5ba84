"""Pohon kinerja (performance trees) as Graphviz SVG, PNG and DOT under `pohon/`.

Per OPD: `ikhtisar.*` (the overview) and `sasaran-<id>.*` per sasaran PD, split into
`sasaran-<id>-<program>.*` when the whole sasaran would not be readable on a landscape page.
For the Pemda: `pohon-pemda.*`.
"""
from __future__ import annotations

from dataclasses import replace

from . import Job, Output, PemdaJob
from .pohon_dot import Graph, run_dot, svg_size_px
from .pohon_graph import Ctx, make_ctx, overview, sasaran_tree
from .pohon_pemda import pemda_tree

# Largest drawing that still prints readably on A3 landscape (400 × 277 mm usable) at ≥ 60 % scale,
# i.e. 9 pt text stays above ~5.5 pt; in PNG pixels at 150 dpi.
PAGE_W, PAGE_H = 3900, 2700


def _outputs(stem: str, g: Graph, svg: bytes | None = None, png: bytes | None = None) -> list[Output]:
    source = g.source()
    svg = svg if svg is not None else run_dot(source, "svg")
    png = png if png is not None else run_dot(source, "png")
    return [Output(f"pohon/{stem}.dot", source.encode("utf-8")), Output(f"pohon/{stem}.svg", svg),
            Output(f"pohon/{stem}.png", png)]


def _fits(svg: bytes) -> bool:
    w, h = svg_size_px(svg)
    return w <= PAGE_W and h <= PAGE_H


def _sasaran_outputs(ctx: Ctx, sasaran) -> list[Output]:
    programs = list(sasaran.children)
    g = sasaran_tree(ctx, sasaran, programs)
    svg = run_dot(g.source(), "svg")
    if _fits(svg):
        return _outputs(f"sasaran-{sasaran.id}", g, svg)
    out = []
    for p in programs:
        stem = f"sasaran-{sasaran.id}" if len(programs) == 1 else f"sasaran-{sasaran.id}-{p.id}"
        out += _program_outputs(ctx, sasaran, p, stem)
    return out


def _program_outputs(ctx: Ctx, sasaran, program, stem: str) -> list[Output]:
    """One program's tree, its kegiatan in as many columns as make it fit; halves while it cannot fit."""
    kegiatan = list(program.children)
    columns, most = 1, max(len(kegiatan), 1)
    while True:
        g = sasaran_tree(ctx, sasaran, [program], columns, part=stem[len(f"sasaran-{sasaran.id}"):])
        svg = run_dot(g.source(), "svg")
        w, h = svg_size_px(svg)
        if _fits(svg):
            return _outputs(stem, g, svg)
        if w > PAGE_W or columns >= most:
            break
        # each Graphviz layout is the costly step: jump to the column count the height asks for
        # (height shrinks about in proportion) instead of trying every count in turn
        columns = min(most, max(columns + 1, -(-columns * h // PAGE_H)))
    if len(kegiatan) <= 1 or w <= PAGE_W:
        # every kegiatan already has its own column, so one box alone is taller than a page:
        # splitting cannot help, and dropping rows would hide data
        return _outputs(stem, g, svg)
    half = -(-len(kegiatan) // 2)
    out = []
    for n, chunk in enumerate((kegiatan[:half], kegiatan[half:]), start=1):
        out += _program_outputs(ctx, sasaran, replace(program, children=tuple(chunk)), f"{stem}-bagian-{n}")
    return out


def render(job: Job) -> list[Output]:
    ctx = make_ctx(job.repo, job.opd, job.tahun)
    out = _outputs("ikhtisar", overview(ctx), png=overview_png(job))
    for t in job.opd.tujuan:
        for s in t.children:
            out += _sasaran_outputs(ctx, s)
    return out


def overview_png(job: Job) -> bytes:
    """PNG of the OPD overview tree, for BAB IV of the Renstra; drawn once per job for both users."""
    if "overview_png" not in job.memo:
        job.memo["overview_png"] = run_dot(overview(make_ctx(job.repo, job.opd, job.tahun)).source(), "png")
    return job.memo["overview_png"]


def render_pemda(job: PemdaJob) -> list[Output]:
    return _outputs("pohon-pemda", pemda_tree(job.repo, job.tahun))
