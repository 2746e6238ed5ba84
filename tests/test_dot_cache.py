"""The Graphviz output cache (issue 9): a rebuild draws only the trees whose DOT source changed, and
gives the same bytes as drawing everything again."""
from __future__ import annotations

import os
import shutil
import stat
import zipfile

from conftest import mutate, run_cli, tree_files

from cascade.formats.dot.cache import DotCache


def _logging_dot(tmp_path) -> tuple[dict, str]:
    """A `dot` first on PATH that records each run (not `dot -V`, nor the batching check made once per
    Graphviz version on sample graphs named "uji-…") with the number of graphs it was given, then runs
    the real Graphviz."""
    real = shutil.which("dot")
    assert real, "Graphviz is installed by `make test`"
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "dot.log"
    script = folder / "dot"
    script.write_text(f'#!/bin/sh\n[ "$1" = "-V" ] && exec "{real}" "$@"\n'
                      f'graphs=$(mktemp)\ncat > "$graphs"\n'
                      f'grep -q "^digraph .uji-" "$graphs" || echo "$(grep -c "^digraph" "$graphs") $*" >> "{log}"\n'
                      f'"{real}" "$@" < "$graphs"\nstatus=$?\nrm -f "$graphs"\nexit $status\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}, str(log)


def _runs(log: str, fmt: str = "") -> list[int]:
    """The number of graphs each `dot` run (of output format `fmt`, or any) drew."""
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as fh:
        runs = [line.split() for line in fh]
    return [int(run[0]) for run in runs if f"-T{fmt}" in run[1]]


def _drawings(log: str) -> int:
    return sum(_runs(log))


def test_rebuild_draws_only_changed_trees_and_gives_the_same_bytes(tmp_repo, tmp_path):
    env, log = _logging_dot(tmp_path)
    out = tmp_path / "build"
    first = run_cli("build", "--opd", "diskominfo", "--out", str(out), cwd=tmp_repo, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    drawn = _drawings(log)
    trees = sum(1 for name in tree_files(out / "diskominfo") if name.endswith(".dot"))
    assert drawn >= 2 * trees  # an SVG and a PNG for every tree
    # layouts tried side by side share a `dot` run; PNGs take one run per core (and the overview)
    assert len(_runs(log, "svg")) < sum(_runs(log, "svg"))
    # the pohon renderer and the Renstra's figures (BAB IV per tujuan, the lampiran) batch their PNGs
    assert len(_runs(log, "png")) < sum(_runs(log, "png"))
    with open(os.path.join(tmp_repo, "data", "lambang-arunika.png"), "rb") as fh:
        logo = fh.read()
    with zipfile.ZipFile(out / "diskominfo" / "renstra" / "renstra-lengkap.docx") as z:
        figures = len({z.read(n) for n in z.namelist() if n.startswith("word/media/")} - {logo})
    assert sum(_runs(log, "png")) == trees + figures, "each PNG is drawn once, the overview's and each figure's too"
    built = tree_files(out / "diskominfo")

    again = run_cli("build", "--opd", "diskominfo", "--out", str(out), cwd=tmp_repo, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _drawings(log) == drawn, "nothing changed, so nothing is drawn again"
    assert tree_files(out / "diskominfo") == built

    # one sasaran's statement changes: its tree and the overview are drawn again, the others not
    mutate(tmp_repo, "data/opd/diskominfo/renstra.yaml", "uraian: Meningkatnya kualitas layanan pemerintahan",
           "uraian: Meningkatnya mutu layanan pemerintahan")
    changed = run_cli("build", "--opd", "diskominfo", "--out", str(out), cwd=tmp_repo, env=env)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    redrawn = _drawings(log) - drawn
    assert 0 < redrawn < drawn
    svg = tree_files(out / "diskominfo")["pohon/ikhtisar.svg"].decode("utf-8")
    assert "mutu layanan" in svg

    # and a build without any cache gives the very same files
    fresh = tmp_path / "fresh"
    clean = run_cli("build", "--opd", "diskominfo", "--out", str(fresh), cwd=tmp_repo)
    assert clean.returncode == 0
    assert tree_files(fresh / "diskominfo") == tree_files(out / "diskominfo")


def test_an_upgraded_graphviz_misses_the_cache(tmp_path):
    cache = DotCache(str(tmp_path))
    cache._version = "dot - graphviz version 2.43.0 (0)"
    old = cache.key("digraph { a }", ["dot", "-Tsvg"])
    cache._version = "dot - graphviz version 12.2.1 (0)"
    assert cache.key("digraph { a }", ["dot", "-Tsvg"]) != old
    assert cache.key("digraph { a }", ["dot", "-Tpng"]) != cache.key("digraph { a }", ["dot", "-Tsvg"])


def test_least_recently_used_entries_go_beyond_the_cap(tmp_path):
    cache = DotCache(str(tmp_path), max_bytes=250)
    cache._version = "test"
    keys = [cache.key(f"digraph {{ n{i} }}", ["dot", "-Tsvg"]) for i in range(4)]
    for age, key in enumerate(keys):
        cache.put(key, b"x" * 100)
        os.utime(key, (1_000_000 + age, 1_000_000 + age))
    assert cache.get(keys[0]) == b"x" * 100  # used now: the most recent
    cache.prune()
    assert [cache.get(k) is not None for k in keys] == [True, False, False, True]


def test_without_graphviz_nothing_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert DotCache(str(tmp_path)).key("digraph { a }", ["dot", "-Tsvg"]) is None


def test_evaluation_trees_come_from_the_cache_too(tmp_repo, tmp_path):
    env, log = _logging_dot(tmp_path)
    out = tmp_path / "build"
    args = ("evaluasi", "--opd", "diskominfo", "--tahun", "2025", "--out", str(out))
    first = run_cli(*args, cwd=tmp_repo, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    drawn = _drawings(log)
    trees = sum(1 for name in tree_files(out / "diskominfo") if name.endswith(".png"))
    assert drawn > 0 and sum(_runs(log, "png")) == trees
    made = tree_files(out / "diskominfo")
    again = run_cli(*args, cwd=tmp_repo, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _drawings(log) == drawn, "the same evaluation draws nothing again"
    assert tree_files(out / "diskominfo") == made
