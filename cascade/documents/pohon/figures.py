"""The pohon kinerja as the Renstra prints it, on landscape pages: BAB IV one figure per tujuan (to
program), the lampiran one per sasaran (to sub kegiatan); each split (per sasaran, per group of
programs, kegiatan or sub kegiatan) until its smallest text prints at `MIN_PRINT_PT` or more.

A figure's smallest text is `SMALLEST_PT` in the drawing (indicator and PJ rows, label.py); placed
at scale s on the page it prints at SMALLEST_PT × s. Left-to-right is tried before top-down: a
landscape page is wider than high.
"""
from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass, replace

from cascade.documents import Job
from cascade.documents.pohon.graph import Ctx, make_ctx, opd_numbers, overview, sasaran_tree
from cascade.formats.dot.run import Graph, run_dot_many, settle
from cascade.model.types import Node

SMALLEST_PT = 8  # the smallest POINT-SIZE in any box, title block or legend
MIN_PRINT_PT = 7
_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


@dataclass(frozen=True)
class Figure:
    """One picture for the Renstra: what its caption says after "Gambar X.Y", the PNG, and its size in pt."""

    title: str
    png: bytes
    width_pt: float
    height_pt: float
    svg: bytes = b""  # the same drawing as SVG, for reading it back

    def scale(self, box_w_pt: float, box_h_pt: float) -> float:
        """The scale that fits it into the box, never enlarged."""
        return min(1.0, box_w_pt / self.width_pt, box_h_pt / self.height_pt)


def size_pt(svg: bytes) -> tuple[float, float]:
    m = _SIZE.search(svg)
    return (float(m.group(1)), float(m.group(2))) if m else (1.0, 1.0)


def _fit(svg: bytes, box: tuple[float, float]) -> float:
    w, h = size_pt(svg)
    return min(1.0, box[0] / w, box[1] / h)


def _readable(svg: bytes, box) -> bool:
    return SMALLEST_PT * _fit(svg, box) >= MIN_PRINT_PT


def _laid_out(g: Graph):
    return (yield g)


def _first_readable(graphs: list[Graph], box):
    """A plan step: the first of `graphs` that is readable in `box`, else None and the best of them.
    All are laid out in one step: a layout alone is cheap, a step waits for the slowest `dot`."""
    svgs = yield [_laid_out(g) for g in graphs]
    best = None
    for g, svg in zip(graphs, svgs):
        if _readable(svg, box):
            return (g, svg), True
        if best is None or _fit(svg, box) > _fit(best[1], box):
            best = (g, svg)
    return best, False


def _halves(items: tuple) -> list[tuple]:
    half = -(-len(items) // 2)
    return [items[:half], items[half:]]


# --------------------------------------------------------------------- BAB IV: tujuan → program


def _tujuan_plan(ctx: Ctx, t: Node, box):
    found, ok = yield from _first_readable([overview(ctx, [t], context=False, rankdir=d) for d in ("LR", "TB")], box)
    if ok or not t.children:
        return [found]
    parts = yield [_tujuan_sasaran_plan(ctx, t, s, box) for s in t.children]
    return [d for part in parts for d in part]


def _tujuan_sasaran_plan(ctx: Ctx, t: Node, s: Node, box):
    # always with the tujuan box, so every part draws the levels its legend lists (review #15)
    graphs = [overview(ctx, [t], [s], context=False, rankdir=d) for d in ("LR", "TB")]
    found, ok = yield from _first_readable(graphs, box)
    if ok or len(s.children) <= 1:
        return [found]  # one program alone too big: splitting cannot help, hiding rows would lose data
    parts = yield [_tujuan_sasaran_plan(ctx, t, replace(s, children=chunk), box) for chunk in _halves(s.children)]
    return [d for part in parts for d in part]


# --------------------------------------------------------------------- lampiran: sasaran → sub kegiatan


def _part_name(ctx: Ctx, whole: Node, shown: Node) -> str:
    """Which part of the sasaran `whole` the tree `shown` draws: programs, kegiatan, sub kegiatan by code."""
    name = f"Sasaran Strategis {opd_numbers(ctx.opd).get(whole.id, '')}: {whole.uraian}"
    full = {n.id: n for n in whole.walk()}
    for node in shown.walk():
        if node.children and len(node.children) < len(full[node.id].children):
            kinds = {"sasaran": "program", "program": "kegiatan", "kegiatan": "sub kegiatan"}[node.level]
            codes = ", ".join(c.kode or c.nama or "" for c in node.children)
            name += f"; {kinds} {codes}"
    return name


def _lampiran_plan(ctx: Ctx, whole: Node, s: Node, box):
    name = _part_name(ctx, whole, s)
    # always with the sasaran box (every lampiran figure draws the levels its legend lists); left to
    # right with the crosscutting boxes in a column of their own, then in their nodes' columns, then top-down
    graphs = [sasaran_tree(ctx, s, list(s.children), rankdir=d, name=name, compact=c)
              for d, c in (("LR", False), ("LR", True), ("TB", False))]
    found, ok = yield from _first_readable(graphs, box)
    pieces = [] if ok else _split(s)
    if not pieces:
        return [found]
    # split the first level that has more than one child: programs, then kegiatan, then sub kegiatan
    parts = yield [_lampiran_plan(ctx, whole, piece, box) for piece in pieces]
    return [d for part in parts for d in part]


def _split(s: Node) -> list[Node]:
    if len(s.children) > 1:
        return [replace(s, children=chunk) for chunk in _halves(s.children)]
    for p in s.children:
        if len(p.children) > 1:
            return [replace(s, children=(replace(p, children=chunk),)) for chunk in _halves(p.children)]
        for k in p.children:
            if len(k.children) > 1:
                return [replace(s, children=(replace(p, children=(replace(k, children=chunk),)),))
                        for chunk in _halves(k.children)]
    return []


# --------------------------------------------------------------------- both


def _figures(job: Job, box_w_pt: float, box_h_pt: float) -> dict[str, list[Figure]]:
    """BAB IV's figures ("bab4") and the lampiran's ("lampiran") for a text area of `box_w_pt` ×
    `box_h_pt`, memoised per job; a root split into parts gets "bagian n dari N" in its title. Both
    sets are laid out in the same `dot` steps and rasterised by the same `dot` runs: starting `dot`
    costs about as much as laying out a tree."""
    key = f"figures:{round(box_w_pt)}x{round(box_h_pt)}"
    with job.memo.setdefault(f"{key}_lock", threading.Lock()):
        if key not in job.memo:
            ctx = make_ctx(job.repo, job.opd, job.tahun)
            numbers, box = opd_numbers(job.opd), (box_w_pt, box_h_pt)
            roots = [("bab4", f"Pohon Kinerja {job.opd.nama} Tujuan {numbers[t.id]}", _tujuan_plan(ctx, t, box))
                     for t in job.opd.tujuan]
            roots += [("lampiran", f"Pohon Kinerja {job.opd.nama} Sasaran Strategis {numbers[s.id]}",
                       _lampiran_plan(ctx, s, s, box)) for t in job.opd.tujuan for s in t.children]
            workers = os.cpu_count() or 1
            probe = functools.partial(run_dot_many, fmt="svg", cache=job.dot_cache, workers=workers)
            found = []
            for (which, title, _), parts in zip(roots, settle([plan for _, _, plan in roots], probe)):
                for n, (g, svg) in enumerate(parts, start=1):
                    found.append((which, g, svg, f"{title} (bagian {n} dari {len(parts)})" if len(parts) > 1 else title))
            # rasterising at print resolution is most of the cost: every core draws its share
            pngs = run_dot_many([g.source() for _, g, _, _ in found], "png", job.dot_cache, workers=workers)
            made: dict[str, list[Figure]] = {"bab4": [], "lampiran": []}
            for (which, _, svg, title), png in zip(found, pngs):
                made[which].append(Figure(title, png, *size_pt(svg), svg))
            job.memo[key] = made
        return job.memo[key]


def bab4_figures(job: Job, box_w_pt: float, box_h_pt: float) -> list[Figure]:
    """BAB IV's figures (per tujuan, to program) for a text area of `box_w_pt` × `box_h_pt`, once per job."""
    return _figures(job, box_w_pt, box_h_pt)["bab4"]


def lampiran_figures(job: Job, box_w_pt: float, box_h_pt: float) -> list[Figure]:
    """The lampiran's figures, one or more per sasaran, once per job."""
    return _figures(job, box_w_pt, box_h_pt)["lampiran"]
