"""Property-based tests: whatever a planner types, the loader and validator answer with diagnostics,
never with an exception."""
from __future__ import annotations

import os
import shutil

from conftest import ROOT, copy_example
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade.load.yaml_strict import load_bytes, load_text
from cascade.pipeline import check

YAMLISH = st.text(alphabet=st.sampled_from(list("abc:- \n\t\"'{}[],&*!|>#%@`0123456789.\u00a0\u201c")), max_size=200)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_loader_never_raises_on_text(text):
    doc, diags = load_text(text, "f.yaml")
    if doc is None:
        assert any(d.severity.value == "galat" for d in diags), "a refused file must say why"
    for d in diags:
        assert d.loc.line >= 1 and d.code[0] == "Y"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_loader_never_raises_on_bytes(raw):
    doc, diags = load_bytes(raw, "f.yaml")
    assert doc is not None or diags


SANDI = os.path.join("data", "opd", "diskominfo", "program", "2.21.02-persandian.yaml")
ORIGINAL = open(os.path.join(ROOT, SANDI), encoding="utf-8").read()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=len(ORIGINAL) - 1), st.integers(min_value=0, max_value=40),
       st.text(max_size=12))
def test_validator_never_raises_on_mutated_example(tmp_path_factory, start, length, insert):
    root = copy_example(tmp_path_factory.mktemp("repo"))
    mutated = ORIGINAL[:start] + insert + ORIGINAL[start + length:]
    with open(os.path.join(root, SANDI), "w", encoding="utf-8") as fh:
        fh.write(mutated)
    checked = check(root, ["diskominfo"])
    for d in checked.report.items:
        assert d.loc.file and d.message
    shutil.rmtree(root)
