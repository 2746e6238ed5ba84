"""Writing DOT text and running the Graphviz `dot` binary (the only process the renderer starts)."""
from __future__ import annotations

import functools
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from cascade.formats import RenderError
from cascade.formats.dot.balance import balanced
from cascade.formats.dot.store import kept_verdict
from cascade.systools import install_hint, program

DPI = 150
# cairo refuses bitmaps of 32,768 px or more and dot then silently scales the whole drawing down.
MAX_PX = 32_000


def _dot_program() -> str:
    """Graphviz `dot`: on PATH, or where its installer put it (cascade/systools.py); looked up at each
    run, as PATH may change (a test's, or a planner's who just installed it)."""
    return program("dot") or "dot"

FONT = "DejaVu Sans"  # present wherever fonts-dejavu-core is; Bookman is not on CI machines


def quote(name: str) -> str:
    """A DOT double-quoted ID; node names come from data ids and must not break the file."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@dataclass
class Graph:
    """DOT statements in insertion order; callers add them in sorted data order, so output is stable."""

    name: str
    rankdir: str = "TB"
    lines: list[str] = field(default_factory=list)
    label: str = ""  # an HTML-like graph label (title block), already escaped by the caller

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
            f'splines="polyline" concentrate="false" fontname={quote(FONT)} pad="0.2" ordering="out" '
            # beyond the cairo bitmap limit dot would scale anyway, but with a warning and uneven results
            f'size="{MAX_PX / DPI:.1f},{MAX_PX / DPI:.1f}"'
            + (f' label={self.label} labelloc="t" labeljust="l"' if self.label else "") + "];",
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


def _args(fmt: str) -> list[str]:
    # dpi only for bitmaps: in the graph it would also scale the SVG's own size (in pt)
    return [_dot_program(), f"-T{fmt}"] + ([f"-Gdpi={DPI}"] if fmt == "png" else [])


def run_dot(source: str, fmt: str, cache=None) -> bytes:
    """Run `dot -T<fmt>`, or take its earlier output for the same source from `cache` (a DotCache);
    a missing binary or a failed layout becomes a RenderError with an Indonesian hint."""
    return run_dot_many([source], fmt, cache)[0]


def run_dot_many(sources: list[str], fmt: str, cache=None, workers: int = 1) -> list[bytes]:
    """What `run_dot` gives for each source, with the sources not in `cache` drawn by as few `dot`
    processes as `workers`: starting `dot` costs about as much as laying out a whole tree
    (`make bench`), and one process draws graph after graph the same as one process each."""
    args = _args(fmt)
    keys = [cache.key(s, args) if cache is not None else None for s in sources]
    found = [cache.get(k) if k is not None else None for k in keys]
    todo = [i for i, data in enumerate(found) if data is None]
    if len(todo) > 1 and batches_like_single(cache):
        groups = [[todo[j] for j in run] for run in streams([sources[i] for i in todo], workers)]
    else:
        groups = [[i] for i in todo]
    if len(groups) > 1 and workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(lambda g: _dot_many([sources[i] for i in g], args), groups))
    else:
        drawn = [_dot_many([sources[i] for i in g], args) for g in groups]
    for group, outs in zip(groups, drawn):
        for i, data in zip(group, outs):
            found[i] = data
            if keys[i] is not None:
                cache.put(keys[i], data)
    return found


def _sample(name: str, boxes: int) -> str:
    """A small graph with what the trees use: HTML tables with ports, edges to ports, same-rank rows."""
    g = Graph(name)
    for i in range(boxes):
        g.node(f"n{i}", f'<<TABLE BORDER="1" CELLBORDER="0"><TR><TD PORT="p" BGCOLOR="#CC3333"><B>{name} {i}</B>'
                        f'</TD></TR><TR><TD ALIGN="LEFT">uraian &amp; indikator {i}<BR ALIGN="LEFT"/></TD></TR></TABLE>>')
        if i:
            g.edge("n0", at_port(f"n{i}", "p", "w"), style="dashed" if i % 2 else "solid")
    g.same_rank([f"n{i}" for i in range(1, boxes)])
    return g.source()


def batches_like_single(cache=None) -> bool:
    """Whether this Graphviz draws a graph that follows another in one stream byte for byte as it
    draws it alone (true of 2.43 once the page id is set right); decided once per Graphviz version
    and kept in `cache`, since a version that differs would make outputs depend on batching."""
    version = cache.graphviz() if cache is not None else graphviz_version()
    if not version:
        return False
    return kept_verdict(cache, f"{version}\0batch-check-1", _same_in_stream)


def _same_in_stream() -> bool:
    first, second = _sample("uji-aliran-1", 4), _sample("uji-aliran-2", 3)
    for fmt in ("svg", "png"):
        args = _args(fmt)
        alone = _spawn(second, args)
        both = _spawn(first + second, args)
        if alone.returncode or both.returncode:
            return False
        drawn = _split_stream(both.stdout, fmt, 2)
        if drawn is None or drawn[1] != alone.stdout:
            return False
    return True


@functools.lru_cache(maxsize=1)
def graphviz_version() -> str:
    return read_graphviz_version()


def read_graphviz_version() -> str:
    """`dot -V` as printed, or "" when Graphviz cannot be run."""
    try:
        done = subprocess.run([_dot_program(), "-V"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stderr.decode("utf-8", "replace").strip() if done.returncode == 0 else ""


def streams(sources: list[str], n: int) -> list[list[int]]:
    """Which sources one `dot` run draws together: at most `n` runs of about equal size, and a run
    of its own for every graph with `constraint=` edges (the Pemda tree): dot 2.43 frees memory
    twice on the next graph of a stream after such a graph ("double free or corruption")."""
    alone = [i for i, s in enumerate(sources) if "constraint=" in s]
    shared = sorted(set(range(len(sources))) - set(alone))
    return balanced(shared, [len(sources[i]) for i in shared], n) + [[i] for i in alone]


# Where one output ends in `dot`'s stream of several graphs.
_END = {"svg": b"</svg>\n", "png": b"IEND\xaeB`\x82"}
# dot 2.43 names the graph group of every graph after the first in a stream as a page
# ("page0,1_graph0"), though nothing else in the drawing differs from a run of its own.
_PAGED_GROUP = re.compile(rb'<g id="page\d+,\d+_graph0" class="graph"')


def _dot_many(sources: list[str], args: list[str]) -> list[bytes]:
    if len(sources) == 1:
        return [_dot(sources[0], args)]
    fmt = args[1][2:]
    done = _spawn("".join(sources), args) if fmt in _END else None
    if done is None or done.returncode != 0:
        return [_dot(s, args) for s in sources]  # each on its own, so a failure names its graph
    outs = _split_stream(done.stdout, fmt, len(sources))
    return outs if outs is not None else [_dot(s, args) for s in sources]


def _split_stream(stream: bytes, fmt: str, count: int) -> list[bytes] | None:
    """The `count` outputs in one run's stream, each as a run of its own gives it; None if the
    stream does not hold exactly that many."""
    end = _END[fmt]
    parts = stream.split(end)
    if len(parts) != count + 1 or parts[-1]:
        return None
    outs = [part + end for part in parts[:-1]]
    if fmt == "svg":
        outs = [_PAGED_GROUP.sub(b'<g id="graph0" class="graph"', o, count=1) for o in outs]
    return outs


def _spawn(source: str, args: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, input=source.encode("utf-8"), capture_output=True, timeout=300)
    except FileNotFoundError as exc:
        raise RenderError("G001", "program Graphviz `dot` tidak ditemukan, pohon kinerja tidak dapat digambar",
                          install_hint("dot") + "; periksa dengan `cascade periksa-alat`") from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError("G002", "Graphviz `dot` terlalu lama menggambar pohon kinerja (lebih dari 300 detik)",
                          "pecah sasaran yang sangat besar menjadi beberapa program") from exc


def _dot(source: str, args: list[str]) -> bytes:
    done = _spawn(source, args)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[:3]
        raise RenderError("G002", f"Graphviz `dot` gagal menggambar pohon kinerja: {' '.join(detail)}",
                          "laporkan galat ini beserta berkas .dot di folder build")
    return done.stdout


class _Plan:
    """A layout decision in progress: a generator that yields a Graph to get its SVG back, or a
    list of generators to get their results back, and returns its own result."""

    def __init__(self, gen, parent: "_Plan | None" = None):
        self.gen, self.parent = gen, parent
        self.children: list[_Plan] = []
        self.waiting = 0
        self.result = None


def settle(plans: list, probe) -> list:
    """Run layout decisions side by side and return their results in order; the graphs all of them
    ask for at the same step go to `probe` (a list of DOT sources -> a list of SVGs) together."""
    roots = [_Plan(gen) for gen in plans]
    ready = [(plan, None) for plan in roots]
    while ready:
        asks: list[tuple[_Plan, Graph]] = []
        while ready:
            plan, value = ready.pop(0)
            try:
                ask = plan.gen.send(value)
            except StopIteration as stop:
                plan.result = stop.value
                parent = plan.parent
                if parent is not None:
                    parent.waiting -= 1
                    if not parent.waiting:
                        ready.append((parent, [c.result for c in parent.children]))
                continue
            if isinstance(ask, Graph):
                asks.append((plan, ask))
            else:
                plan.children = [_Plan(gen, plan) for gen in ask]
                plan.waiting = len(plan.children)
                ready += [(c, None) for c in plan.children] if plan.children else [(plan, [])]
        if asks:
            ready = list(zip((plan for plan, _ in asks), probe([g.source() for _, g in asks])))
    return [plan.result for plan in roots]


_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size_px(svg: bytes) -> tuple[int, int]:
    """Width and height the PNG of this drawing gets at DPI (SVG sizes are in points)."""
    m = _SIZE.search(svg)
    if not m:
        return (0, 0)
    return round(float(m.group(1)) * DPI / 72), round(float(m.group(2)) * DPI / 72)
