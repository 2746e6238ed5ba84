"""Jinja templates compiled once across processes (issue 9): a later build process takes the code an
earlier one compiled, and the documents are byte for byte those compiled afresh."""
from __future__ import annotations

import marshal
import os

import jinja2
import pytest

from cascade.render import Job, jinja_env, pk, renstra
from cascade.template_cache import TemplateCache, cacheable
from conftest import run_cli, tree_files


@pytest.fixture
def compiles(monkeypatch):
    """Counts Jinja compilations; every test starts as a new process would, with no environment yet."""
    monkeypatch.setattr(jinja_env, "_ENVS", {})
    count = [0]
    real = jinja2.Environment.compile

    def counting(self, *args, **kwargs):
        count[0] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return count


def _documents(repo, cache) -> dict[str, bytes]:
    job = Job(repo, repo.opds["diskominfo"], 2026, template_cache=cache)
    return {o.path: o.data for render in (renstra.render, pk.render) for o in render(job)}


def _entries(folder) -> dict[str, bytes]:
    return {path: data for path, data in tree_files(folder).items() if not os.path.basename(path).startswith(".")}


def test_a_new_process_compiles_nothing_and_writes_the_same(repo, tmp_path, compiles, monkeypatch):
    fresh = _documents(repo, None)
    compiled_fresh = compiles[0]
    assert compiled_fresh >= 10  # Renstra chapters with their headers and footers, the PK

    cache = TemplateCache(str(tmp_path / "jinja"))
    monkeypatch.setattr(jinja_env, "_ENVS", {})
    compiles[0] = 0
    assert _documents(repo, cache) == fresh
    assert compiles[0] == compiled_fresh
    kept = _entries(tmp_path / "jinja")
    assert len(kept) == compiled_fresh

    monkeypatch.setattr(jinja_env, "_ENVS", {})  # the next process
    compiles[0] = 0
    assert _documents(repo, TemplateCache(str(tmp_path / "jinja"))) == fresh
    assert compiles[0] == 0
    assert _entries(tmp_path / "jinja") == kept


def test_damaged_entries_are_compiled_again(repo, tmp_path, compiles, monkeypatch):
    cache = TemplateCache(str(tmp_path / "jinja"))
    fresh = _documents(repo, cache)
    kept = _entries(tmp_path / "jinja")
    for i, path in enumerate(sorted(kept)):
        # cut short, not marshal at all, or marshal of something that is not code
        (tmp_path / "jinja" / path).write_bytes([kept[path][:40], b"\x00rusak", marshal.dumps({"bukan": "kode"})][i % 3])

    monkeypatch.setattr(jinja_env, "_ENVS", {})
    compiles[0] = 0
    assert _documents(repo, TemplateCache(str(tmp_path / "jinja"))) == fresh
    assert compiles[0] == len(kept)
    assert _entries(tmp_path / "jinja") == kept


def test_the_key_covers_what_shapes_the_code(tmp_path):
    cache = TemplateCache(str(tmp_path / "jinja"))
    source = "{{ nilai | angka }} {% if x %}<w:t>{{ x }}</w:t>{% endif %}"
    envs = [
        jinja_env.CompilingEnv(cache, {"angka": str}),
        jinja_env.CompilingEnv(cache, {"angka": str, "rupiah": str}),
    ]
    raw = jinja_env.CompilingEnv(cache, {"angka": str})
    raw.autoescape = False  # escaping is decided when compiling
    envs.append(raw)
    trimmed = jinja_env.CompilingEnv(cache, {"angka": str})
    trimmed.trim_blocks = True
    envs.append(trimmed)
    for env in envs:
        env.from_string(source)
    assert len(_entries(tmp_path / "jinja")) == len(envs)
    outputs = [env.from_string(source).render(nilai=1, x="a&b") for env in envs]
    assert outputs[0] == "1 <w:t>a&amp;b</w:t>" and outputs[2] == "1 <w:t>a&b</w:t>"

    # an autoescape chosen by a function shapes the code by what the function returns: not kept
    guessing = jinja_env.CompilingEnv(TemplateCache(str(tmp_path / "lain")), {})
    guessing.autoescape = lambda name: True
    assert not cacheable(guessing)
    assert guessing.from_string("{{ x }}").render(x="<") == "&lt;"
    assert not (tmp_path / "lain").exists()


def test_build_processes_share_the_compiled_templates(tmp_path):
    out = tmp_path / "build"
    first = run_cli("build", "--opd", "diskominfo", "--out", str(out))
    assert first.returncode == 0, first.stdout + first.stderr
    folder = out / ".cache" / "jinja"
    kept = _entries(folder)
    assert kept, "the first build keeps its compiled templates"
    documents = {p: d for p, d in tree_files(out / "diskominfo").items() if not p.startswith(".")}
    inodes = {p: os.stat(folder / p).st_ino for p in kept}
    for path in kept:
        os.utime(folder / path, ns=(1, 1))  # so a read by the second process shows

    second = run_cli("build", "--opd", "diskominfo", "--out", str(out))
    assert second.returncode == 0, second.stdout + second.stderr
    assert _entries(folder) == kept
    # read back (touched), not compiled and written again (which would replace the file)
    assert all(os.stat(folder / p).st_mtime_ns > 1 for p in kept)
    assert {p: os.stat(folder / p).st_ino for p in kept} == inodes
    assert {p: d for p, d in tree_files(out / "diskominfo").items() if not p.startswith(".")} == documents
