"""Word templates are prepared and compiled once per process (render/docx_compiled.compiled): the
documents of an OPD share them, and an edited template or other paper is prepared again, giving what
it gives prepared afresh."""
from __future__ import annotations

import dataclasses
import os
import shutil
import zipfile

import pytest
from conftest import ROOT

from cascade.documents import Job, pk, renstra
from cascade.formats.docx import template as docx_compiled

# BAB IV, V, VI, VII, the BAB I–III template, BAB VIII, the lampiran of pohon kinerja and the PK of
# an OPD (renstra-lengkap.docx is filled whole by docxtpl)
PREPARED_PER_OPD = 8


@pytest.fixture
def prepares(monkeypatch):
    """Counts templates opened and prepared, from a process's start (nothing prepared yet)."""
    count = [0]
    real = docx_compiled.CompiledTemplate._prepare

    def counting(self, prepare):
        count[0] += 1
        return real(self, prepare)

    monkeypatch.setattr(docx_compiled.CompiledTemplate, "_prepare", counting)
    monkeypatch.setattr(docx_compiled, "_CACHE", {})
    return count


def _documents(repo) -> dict[str, bytes]:
    job = Job(repo, repo.opds["diskominfo"], 2026)
    return {o.path: o.data for render in (renstra.render, pk.render) for o in render(job)}


def _afresh(repo, monkeypatch) -> dict[str, bytes]:
    """The documents as a new process writes them."""
    monkeypatch.setattr(docx_compiled, "_CACHE", {})
    return _documents(repo)


def test_each_template_is_prepared_once_per_process(repo, prepares):
    first = _documents(repo)
    assert prepares[0] == PREPARED_PER_OPD
    assert _documents(repo) == first
    assert prepares[0] == PREPARED_PER_OPD


def test_an_edited_template_or_other_paper_is_prepared_again(repo, tmp_path, prepares, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(os.path.join(ROOT, "templates"), root / "templates")
    edited = dataclasses.replace(repo, root=str(root))
    first = _documents(edited)
    assert prepares[0] == PREPARED_PER_OPD

    bab6 = root / "templates" / "renstra" / "bab-6.docx"
    with zipfile.ZipFile(bab6) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    assert b"RENCANA" in members["word/document.xml"]
    members["word/document.xml"] = members["word/document.xml"].replace(b"RENCANA", b"RANCANGAN", 1)
    with zipfile.ZipFile(bab6, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    changed = _documents(edited)
    assert prepares[0] == PREPARED_PER_OPD + 1  # only BAB VI
    assert changed["renstra/bab-6.docx"] != first["renstra/bab-6.docx"]
    assert {p: d for p, d in changed.items() if "bab-6" not in p and "lengkap" not in p} == {
        p: d for p, d in first.items() if "bab-6" not in p and "lengkap" not in p}
    assert _afresh(edited, monkeypatch) == changed

    a4 = dataclasses.replace(edited, pemda=dataclasses.replace(
        edited.pemda, settings=dataclasses.replace(edited.pemda.settings, kertas="A4")))
    prepares[0] = 0
    on_a4 = _documents(a4)
    assert prepares[0] == PREPARED_PER_OPD
    assert on_a4["renstra/bab-6.docx"] != changed["renstra/bab-6.docx"]
    assert _afresh(a4, monkeypatch) == on_a4
