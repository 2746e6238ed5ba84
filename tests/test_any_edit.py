"""Whatever edit a planner makes to whatever input file, a build answers with located messages:
never an internal error, and the documents stay exactly as they were while errors remain (issue 21).

Hypothesis edits one file of a copy of the example (YAML data, narrative Markdown, the nomenklatur
CSV, realisasi) by bytes or by whole lines, then runs the build as `make` would, in this process.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil

import pytest
from conftest import copy_example, tree_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade.cli import main

FILES = [
    "data/pemda.yaml",
    "data/referensi/nomenklatur.csv",
    "data/opd/diskominfo/opd.yaml",
    "data/opd/diskominfo/renstra.yaml",
    "data/opd/diskominfo/program/2.21.02-persandian.yaml",
    "data/opd/diskominfo/realisasi/2025.yaml",
    "data/opd/diskominfo/rencana-aksi/2026.yaml",
    "data/opd/diskominfo/kinerja-periode-lalu.yaml",
    "data/opd/diskominfo/bab-2.md",
]
# Bytes a planner's editor, a bad paste or a merge can bring in.
NASTY = [b"\x00", b"\xff", b"\r", b"\t", b"\xe2\x80\x8b", b"\xef\xbb\xbf", b'"', b"'", b":", b"- ", b"#", b"{{",
         b"<<<<<<< HEAD\n", b"=======\n", b">>>>>>> cabang\n", b"&a ", b"*a", b"!!python/object ", b"\n  ", b"2.16.",
         b"null", b"9999999999999999999999", b"\xef\xbf\xbe", b"\xc3", b",", b"\\"]
DIAGNOSTIC = re.compile(r"^(?P<file>[^:]+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<sev>galat|peringatan) (?P<code>[A-Z]\d{3}): ")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("edit"))
    out = os.path.join(root, "build")
    assert _build(root, out)[0] == 0
    return root, out


def _build(root, out) -> tuple[int, str]:
    text = io.StringIO()
    here = os.getcwd()
    os.chdir(root)  # messages name files relative to the working folder, as under make
    try:
        with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
            code = main(["build", "--opd", "diskominfo", "--out", out, "--jobs", "1"])
    finally:
        os.chdir(here)
    return code, text.getvalue()


def _documents(out) -> dict[str, bytes]:
    return {k: v for k, v in tree_files(out).items() if not any(p.startswith(".") for p in k.split(os.sep))}


edits = st.one_of(
    st.tuples(st.just("bytes"), st.floats(0, 1), st.integers(0, 30), st.lists(st.sampled_from(NASTY), max_size=3)),
    st.tuples(st.just("lines"), st.floats(0, 1), st.integers(0, 3), st.sampled_from(["drop", "double", "swap", "indent"])),
)


def _edited(raw: bytes, edit) -> bytes:
    kind, where, n, what = edit
    if kind == "bytes":
        at = int(where * len(raw))
        return raw[:at] + b"".join(what) + raw[at + n:]
    lines = raw.split(b"\n")
    at = min(int(where * len(lines)), len(lines) - 1)
    if what == "drop":
        del lines[at:at + n + 1]
    elif what == "double":
        lines[at:at] = lines[at:at + n + 1]
    elif what == "swap" and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    else:
        lines[at] = b"  " + lines[at]
    return b"\n".join(lines)


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(FILES), edits)
def test_any_edit_gets_located_messages_and_leaves_documents_alone(workspace, rel, edit):
    root, out = workspace
    path = os.path.join(root, rel)
    original = open(path, "rb").read()
    before = _documents(out)
    try:
        with open(path, "wb") as fh:
            fh.write(_edited(original, edit))
        code, text = _build(root, out)
        assert "Traceback" not in text and "X001" not in text and "galat internal" not in text, text
        problems = [m for m in map(DIAGNOSTIC.match, text.splitlines()) if m and m["sev"] == "galat"]
        assert code in (0, 1), text
        if code == 1:
            assert problems, f"a failed build must say why:\n{text}"
            assert _documents(out) == before, "documents changed while errors remain"
        for m in problems:
            assert os.path.exists(os.path.join(root, m["file"])), f"not a file of the repository: {m.group(0)}"
            if m["file"] == rel and rel.endswith((".yaml", ".md", ".csv")) and m["code"][0] in "YMNS":
                assert m["line"], f"a problem inside {rel} names its line: {m.group(0)}"
    finally:
        with open(path, "wb") as fh:
            fh.write(original)


def test_the_workspace_builds_again_after_the_edits(workspace):
    root, out = workspace
    code, text = _build(root, out)
    assert code == 0, text
    shutil.rmtree(out)
    assert _build(root, out)[0] == 0
