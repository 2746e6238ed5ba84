"""A corpus of broken planner files: each replaces one file of the example OPD and must give a
located Indonesian message with the expected code, exit 1, no traceback and no output written.
"""
from __future__ import annotations

import os
import shutil

import pytest
from conftest import ROOT, run_cli

CORPUS = os.path.join(ROOT, "tests", "corpus")


def _cases():
    with open(os.path.join(CORPUS, "expected.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                name, target, where, code, fragment = line.rstrip("\n").split("\t")
                yield pytest.param(name, target, where, code, fragment, id=name)


@pytest.mark.parametrize("name,target,where,code,fragment", list(_cases()))
def test_broken_file_gives_located_message(tmp_repo, tmp_path, name, target, where, code, fragment):
    dest = os.path.join(tmp_repo, "data", "opd", "diskominfo", target)
    shutil.copyfile(os.path.join(CORPUS, name), dest)
    out_dir = tmp_path / "build"
    result = run_cli("build", "--opd", "diskominfo", "--out", str(out_dir), cwd=tmp_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{where}: galat {code}: {fragment}" in result.stdout, result.stdout
    assert "saran:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not out_dir.exists(), "a failed validation must write nothing"


def test_corpus_is_not_trivial():
    assert len(list(_cases())) >= 60
    assert len({c.values[3] for c in _cases()}) >= 25, "the corpus must exercise many different checks"


def test_huge_file_is_refused(tmp_repo, tmp_path):
    dest = os.path.join(tmp_repo, "data", "opd", "diskominfo", "program", "2.21.02-persandian.yaml")
    with open(dest, "wb") as fh:
        fh.write(b"program:\n  uraian: " + b"x" * (6 * 1024 * 1024) + b"\n")
    result = run_cli("build", "--opd", "diskominfo", "--out", str(tmp_path / "build"), cwd=tmp_repo)
    assert result.returncode == 1 and "2.21.02-persandian.yaml:1:1: galat Y008: berkas terlalu besar" in result.stdout
    assert not (tmp_path / "build").exists()
