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


def _counted(monkeypatch, owner, name: str) -> list[int]:
    """Counts calls of `owner.name` (a method or a module's function); the count is a one-item list
    the test may reset."""
    count = [0]
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return count


@pytest.fixture
def compiles(monkeypatch):
    """Counts Jinja compilations; every test starts as a new process would, with no environment yet."""
    monkeypatch.setattr(jinja_env, "_ENVS", {})
    return _counted(monkeypatch, jinja2.Environment, "compile")


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

    second = run_cli("build", "--opd", "diskominfo", "--out", str(out), "--semua")
    assert second.returncode == 0, second.stdout + second.stderr
    assert _entries(folder) == kept
    # read back (touched), not compiled and written again (which would replace the file)
    assert all(os.stat(folder / p).st_mtime_ns > 1 for p in kept)
    assert {p: os.stat(folder / p).st_ino for p in kept} == inodes
    assert {p: d for p, d in tree_files(out / "diskominfo").items() if not p.startswith(".")} == documents


# ---------------------------------------------------------------- Word templates prepared once across processes


@pytest.fixture
def prepares(monkeypatch):
    """Counts templates opened and prepared; each test starts as a new process would."""
    from cascade.render import docx_compiled

    count = _counted(monkeypatch, docx_compiled.CompiledTemplate, "_prepare")
    _next_process(monkeypatch, count)
    return count


def _next_process(monkeypatch, prepares):
    from cascade.render import docx_compiled

    monkeypatch.setattr(jinja_env, "_ENVS", {})
    monkeypatch.setattr(docx_compiled, "_CACHE", {})
    prepares[0] = 0


def test_a_new_process_prepares_no_word_template_and_writes_the_same(repo, tmp_path, prepares, monkeypatch):
    fresh = _documents(repo, None)
    prepared_fresh = prepares[0]
    assert prepared_fresh >= 7  # BAB IV–VIII, BAB I–III and the PK templates

    _next_process(monkeypatch, prepares)
    assert _documents(repo, TemplateCache(str(tmp_path / "jinja"))) == fresh
    assert prepares[0] == prepared_fresh
    kept = _entries(tmp_path / "docx")
    assert len(kept) == prepared_fresh

    _next_process(monkeypatch, prepares)
    assert _documents(repo, TemplateCache(str(tmp_path / "jinja"))) == fresh
    assert prepares[0] == 0
    assert _entries(tmp_path / "docx") == kept

    import zlib
    damaged = [lambda d: d[:40], lambda d: b"\x00rusak", lambda d: zlib.compress(b"bukan"),
               lambda d: zlib.compress(marshal.dumps([("word/document.xml", "bukan bytes", None, False)])),
               lambda d: zlib.compress(marshal.dumps(["bukan daftar bagian"]))]
    for i, path in enumerate(sorted(kept)):  # cut short, not zlib, not marshal, marshal of something else
        (tmp_path / "docx" / path).write_bytes(damaged[i % len(damaged)](kept[path]))
    _next_process(monkeypatch, prepares)
    assert _documents(repo, TemplateCache(str(tmp_path / "jinja"))) == fresh
    assert prepares[0] == len(kept)
    assert _entries(tmp_path / "docx") == kept


def test_a_prepared_template_is_kept_by_its_file_and_settings(repo, tmp_path, prepares, monkeypatch):
    """An edited template, or other paper, is prepared again and gives what it gives prepared afresh."""
    import dataclasses
    import shutil

    from conftest import ROOT

    root = tmp_path / "repo"
    shutil.copytree(os.path.join(ROOT, "templates"), root / "templates")
    edited = dataclasses.replace(repo, root=str(root))
    cache = TemplateCache(str(tmp_path / "jinja"))
    first = _documents(edited, cache)
    kept = _entries(tmp_path / "docx")

    bab6 = root / "templates" / "renstra" / "bab-6.docx"
    os.utime(bab6, ns=(1, 1))  # the same bytes, another time: still the kept entry
    _next_process(monkeypatch, prepares)
    assert _documents(edited, TemplateCache(str(tmp_path / "jinja"))) == first
    assert prepares[0] == 0

    import zipfile
    members = {i.filename: zipfile.ZipFile(bab6).read(i.filename) for i in zipfile.ZipFile(bab6).infolist()}
    members["word/document.xml"] = members["word/document.xml"].replace(b"RENCANA", b"RANCANGAN", 1)
    with zipfile.ZipFile(bab6, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    _next_process(monkeypatch, prepares)
    changed = _documents(edited, TemplateCache(str(tmp_path / "jinja")))
    assert prepares[0] == 1 and len(_entries(tmp_path / "docx")) == len(kept) + 1
    _next_process(monkeypatch, prepares)
    assert _documents(edited, None) == changed

    a4 = dataclasses.replace(edited, pemda=dataclasses.replace(
        edited.pemda, settings=dataclasses.replace(edited.pemda.settings, kertas="A4")))
    _next_process(monkeypatch, prepares)
    on_a4 = _documents(a4, TemplateCache(str(tmp_path / "jinja")))
    assert prepares[0] >= 7
    _next_process(monkeypatch, prepares)
    assert _documents(a4, None) == on_a4 != changed
