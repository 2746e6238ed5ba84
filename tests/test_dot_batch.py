"""Several graphs drawn by one `dot` run (issue 9) give exactly what one run per graph gives, and
the layout decisions of every sasaran share those runs."""
from __future__ import annotations

import pytest

from cascade.documents import Job, PemdaJob, RenderError, pohon
from cascade.formats.dot.run import (
    Graph,
    balanced,
    run_dot,
    run_dot_many,
    settle,
    streams,
)


def _sources(outputs) -> list[str]:
    return [o.data.decode("utf-8") for o in outputs if o.path.endswith(".dot")]


@pytest.fixture(scope="module")
def trees(repo) -> list[str]:
    """The Pemda tree first (graphs after it in one stream crash dot 2.43), then every OPD's trees."""
    found = [s for key in sorted(repo.opds) for s in _sources(pohon.render(Job(repo, repo.opds[key], 2026)))]
    return _sources(pohon.render_pemda(PemdaJob(repo, 2026))) + found


def test_batched_svg_is_byte_identical_to_one_run_per_graph(trees):
    assert len(trees) >= 10
    alone = [run_dot(s, "svg") for s in trees]
    assert run_dot_many(trees, "svg") == alone
    assert run_dot_many(trees, "svg", workers=3) == alone
    # the graph group keeps its own id, not the "page" id dot gives later graphs of a stream
    assert all(b'<g id="graph0" class="graph"' in svg for svg in alone)


def test_batched_png_is_byte_identical_to_one_run_per_graph(repo):
    sources = _sources(pohon.render(Job(repo, repo.opds["diskominfo"], 2026)))
    alone = [run_dot(s, "png") for s in sources]
    assert all(png.startswith(b"\x89PNG") for png in alone)
    assert run_dot_many(sources, "png", workers=2) == alone


def test_a_broken_graph_in_a_batch_is_still_reported(trees):
    broken = trees[:2] + ["digraph { a -> ; }\n"] + trees[2:3]
    with pytest.raises(RenderError) as err:
        run_dot_many(broken, "svg")
    assert err.value.code == "G002"
    assert "syntax error" in err.value.message


def test_the_pemda_tree_is_drawn_in_a_run_of_its_own(trees):
    assert "constraint=" in trees[0] and not any("constraint=" in s for s in trees[1:])
    runs = streams(trees, 2)
    assert [0] in runs
    assert len(runs) == 3 and sorted(i for run in runs for i in run) == list(range(len(trees)))


def test_balanced_groups_cover_every_item_once_and_share_the_weight():
    weights = [50, 3, 8, 8, 21, 1, 13, 34, 2, 5]
    groups = balanced(list(range(len(weights))), weights, 3)
    assert len(groups) == 3
    assert sorted(i for g in groups for i in g) == list(range(len(weights)))
    assert all(g == sorted(g) for g in groups)
    loads = [sum(weights[i] for i in g) for g in groups]
    assert max(loads) - min(loads) <= max(weights)
    assert balanced([0, 1], [1, 1], 8) == [[0], [1]]
    assert balanced([], [], 2) == []


def test_settle_runs_every_plan_one_step_per_round():
    rounds = []

    def probe(sources):
        rounds.append(len(sources))
        return [s.encode("utf-8") for s in sources]  # each answer names the graph it is for

    def leaf(name: str, steps: int):
        for i in range(steps):
            g = Graph(f"{name}{i}")
            answer = yield g
            assert answer == g.source().encode("utf-8")
        return name

    def parent():
        yield Graph("p")
        found = yield [leaf("a", 2), leaf("b", 1)]
        nothing = yield []
        return found + nothing

    assert settle([parent(), leaf("c", 3)], probe) == [["a", "b"], "c"]
    # p and c0; then c1, a0, b0; then c2, a1
    assert rounds == [2, 3, 2]


def test_batching_is_checked_once_per_graphviz_and_kept(tmp_path, monkeypatch):
    from cascade.formats.dot import run as pohon_dot
    from cascade.formats.dot import store as content_store
    from cascade.formats.dot.cache import DotCache

    checks = []
    real = pohon_dot._same_in_stream
    monkeypatch.setattr(pohon_dot, "_same_in_stream", lambda: checks.append(1) or real())
    monkeypatch.setattr(content_store, "_VERDICTS", {})
    cache = DotCache(str(tmp_path))
    assert pohon_dot.batches_like_single(cache), "Graphviz here draws a graph in a stream as alone"
    monkeypatch.setattr(content_store, "_VERDICTS", {})  # a new process: the verdict comes from the cache
    assert pohon_dot.batches_like_single(cache)
    assert checks == [1]


def test_a_graphviz_that_batches_differently_draws_one_graph_per_run(trees, monkeypatch):
    from cascade.formats.dot import run as pohon_dot

    monkeypatch.setattr(pohon_dot, "batches_like_single", lambda cache=None: False)
    runs = []
    real = pohon_dot._spawn
    monkeypatch.setattr(pohon_dot, "_spawn",
                        lambda source, args: runs.append(source.count("digraph ")) or real(source, args))
    sources = trees[1:6]
    assert run_dot_many(sources, "svg", workers=2) == [run_dot(s, "svg") for s in sources]
    assert runs and set(runs) == {1}
