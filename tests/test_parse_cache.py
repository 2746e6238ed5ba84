"""Parsed YAML kept by content (issue 9): a second check parses only what changed, and gives the
same documents and the same messages as parsing everything again."""
from __future__ import annotations

import glob
import os

from cascade.load import parse_cache
from cascade.load.parse_cache import ParseCache
from cascade.load.yaml_strict import load_bytes
from cascade.pipeline import check
from conftest import ROOT, mutate, run_cli, tree_files

FILES = sorted(glob.glob(os.path.join(ROOT, "data", "**", "*.yaml"), recursive=True)
               + glob.glob(os.path.join(ROOT, "tests", "corpus", "*.yaml")))


def _entries(folder) -> list[str]:
    return [os.path.join(d, n) for d, _, names in os.walk(folder) for n in names]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return (a.path, a.data, a.positions, a.key_positions) == (b.path, b.data, b.positions, b.key_positions)


def test_kept_parse_is_the_parse(tmp_path):
    cache = ParseCache(str(tmp_path))
    assert len(FILES) > 80
    for path in FILES:
        raw = open(path, "rb").read()
        fresh, fresh_diags = load_bytes(raw, "x.yaml")
        for _ in range(2):  # once parsed and kept, once read back
            doc, diags = cache.load(raw, "x.yaml")
            cache.commit()
            assert _same(doc, fresh), path
            assert [d.format() for d in diags] == [d.format() for d in fresh_diags], path
    results = [load_bytes(open(p, "rb").read(), "x.yaml") for p in FILES]
    clean = sum(1 for doc, diags in results if doc is not None and not diags)
    assert 0 < len(_entries(tmp_path)) <= clean < len(FILES), "only clean parses are kept"


def test_a_damaged_or_foreign_entry_is_parsed_again(tmp_path, monkeypatch):
    raw = open(os.path.join(ROOT, "data", "opd", "diskominfo", "renstra.yaml"), "rb").read()
    cache = ParseCache(str(tmp_path))
    first, _ = cache.load(raw, "renstra.yaml")
    assert _entries(tmp_path) == [], "nothing is written before commit()"
    cache.commit()
    [entry] = _entries(tmp_path)
    data = bytearray(open(entry, "rb").read())
    data[-10] ^= 0xFF
    open(entry, "wb").write(bytes(data))
    calls = []
    monkeypatch.setattr(parse_cache, "load_bytes", lambda *a: calls.append(a) or load_bytes(*a))
    again, _ = cache.load(raw, "renstra.yaml")
    assert calls and _same(again, first)
    # other loader code (another version of cascade/load) does not see this loader's entries
    monkeypatch.setattr(parse_cache, "_loader_version", lambda: b"another loader")
    calls.clear()
    ParseCache(str(tmp_path)).load(raw, "renstra.yaml")
    assert calls


def test_check_with_the_cache_parses_only_edited_files(tmp_repo, monkeypatch):
    cache = ParseCache(os.path.join(tmp_repo, "build", ".cache", "yaml"))
    cold = check(tmp_repo, cache=cache)
    assert cold.repo is not None
    cache.commit()
    parsed = []
    monkeypatch.setattr(parse_cache, "load_bytes", lambda raw, display: parsed.append(display) or load_bytes(raw, display))
    warm = check(tmp_repo, cache=cache)
    assert parsed == []
    assert warm.repo == cold.repo
    assert [d.format() for d in warm.report.items] == [d.format() for d in cold.report.items]

    mutate(tmp_repo, "data/opd/diskominfo/renstra.yaml", "Meningkatnya kualitas layanan pemerintahan",
           "Meningkatnya mutu layanan pemerintahan")
    edited = check(tmp_repo, cache=cache)
    assert parsed == ["data/opd/diskominfo/renstra.yaml"]
    assert any("mutu layanan" in (n.uraian or "") for n in edited.repo.opds["diskominfo"].nodes())


def test_a_broken_edit_is_reported_even_after_clean_runs(tmp_repo):
    for _ in range(2):  # the second run reads every file from the cache
        ok = run_cli("--root", tmp_repo, "validate")
        assert ok.returncode == 0, ok.stdout + ok.stderr
    assert _entries(os.path.join(tmp_repo, "build", ".cache", "yaml"))
    kept = tree_files(os.path.join(tmp_repo, "build"))
    line = mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "  singkatan: Diskominfo\n",
                  "  singkatan: Diskominfo\n  singkatan: Ganda\n")
    for _ in range(2):  # and a broken file is never kept: reported the same every time
        bad = run_cli("--root", tmp_repo, "validate")
        assert bad.returncode == 1
        assert f"data/opd/diskominfo/opd.yaml:{line + 1}:" in bad.stdout, bad.stdout
    assert tree_files(os.path.join(tmp_repo, "build")) == kept, "a failed check writes nothing"
    # a schema error: the YAML parses, but a failed check still keeps nothing
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "  singkatan: Ganda\n", "  tidak_dikenal: 1\n")
    assert run_cli("--root", tmp_repo, "validate").returncode == 1
    assert tree_files(os.path.join(tmp_repo, "build")) == kept
