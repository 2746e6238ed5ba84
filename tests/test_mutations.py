"""Structural mutations of the example data: whatever shape a planner's edit leaves the YAML in, the
check answers with located diagnostics and the build either writes every document or nothing.

Each example edits a copy of the example (a key deleted, a value of another type, an empty or
invisible string, a huge number, a list item duplicated or two swapped, an id or kode replaced by
another existing one, a file dropped or renamed), then checks and renders the OPD Diskominfo in
process; a few examples run the real command line instead.
"""
from __future__ import annotations

import copy
import os
import shutil

import pytest
import yaml
from conftest import ROOT, copy_example, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cascade.build import render_opd, render_pemda
from cascade.documents import Job
from cascade.documents.evaluasi import render as render_evaluasi
from cascade.load.yaml_strict import load_text
from cascade.pipeline import check

OPD = "diskominfo"
FOLDER = f"data/opd/{OPD}"
# the files a Diskominfo check reads: its own, the Pemda's, and Bappeda's (its crosscutting partner)
FILES = sorted(
    ["data/pemda.yaml"]
    + [f"{FOLDER}/{n}" for n in ("opd.yaml", "renstra.yaml", "kinerja-periode-lalu.yaml")]
    + [f"{FOLDER}/program/{n}" for n in os.listdir(os.path.join(ROOT, FOLDER, "program"))]
    + [f"{FOLDER}/realisasi/{n}" for n in os.listdir(os.path.join(ROOT, FOLDER, "realisasi"))]
    + ["data/opd/bappeda/renstra.yaml", "data/opd/bappeda/opd.yaml"]
)
SANDI = f"{FOLDER}/program/2.21.02-persandian.yaml"
REALISASI = f"{FOLDER}/realisasi/2025.yaml"
DROPPABLE = FILES + ["data/referensi/nomenklatur.csv", f"{FOLDER}/bab-1.md"]
REQUIRED = {"data/pemda.yaml", f"{FOLDER}/opd.yaml", f"{FOLDER}/renstra.yaml",
            "data/opd/bappeda/opd.yaml", "data/opd/bappeda/renstra.yaml"}
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000\u200e\u202e"
# values of other types and odd values, each once-plausible for some field
ODD_VALUES = ["", " ", INVISIBLE, 0, -1, 7, 2.5, 1e-300, 10 ** 30, 1e300, -1e300, 10 ** 15, True, None, [], {}, ["x"],
              {"a": 1}, "2.16", "2025-02-30", "x" * 300, "\u202eterbalik", 1990, 2024, 2025, 2030, 2100, "BB",
              "__HUGE__", "__INF__"]
# numbers no Python value dumps to: written into the YAML text in place of these markers
NUMBER_TEXT = {"__HUGE__": "9" * 5000, "__INF__": "1.0e999"}
# keys whose values name other things: replaced by another value the data already uses for such a key
REFERENCE_KEYS = ("id", "kode", "penanggung_jawab", "atasan", "sasaran", "node", "opd", "sama_dengan", "skala",
                  "mendukung", "bidang_urusan", "tahun", "nip")


def _read(rel: str):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        doc, diags = load_text(fh.read(), rel)
    assert doc is not None, diags
    return doc.data


ORIGINAL = {rel: _read(rel) for rel in FILES}


def _paths(value, path=()):
    """Every position in a document: (path, value), parents before children."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, path + (i,))


def _references() -> dict[str, list]:
    """key → every scalar value written under that key anywhere in the files (list items too)."""
    found: dict[str, list] = {}
    for data in ORIGINAL.values():
        for path, value in _paths(data):
            keys = [p for p in path if isinstance(p, str)]
            if keys and keys[-1] in REFERENCE_KEYS and isinstance(value, (str, int)) and value not in found.get(keys[-1], []):
                found.setdefault(keys[-1], []).append(value)
    return found


REFERENCES = _references()


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value):
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


@st.composite
def edit(draw, data):
    """One structural edit of a document's data (a deep copy is edited); returns (new data, description)."""
    data = copy.deepcopy(data)
    positions = list(_paths(data))
    path, value = draw(st.sampled_from(positions))
    kinds = ["replace"]
    if path:
        kinds.append("delete")
    if path and isinstance(path[-1], str):
        kinds.append("rekey")
    if isinstance(value, list) and value:
        kinds.append("duplicate")
    if isinstance(value, list) and len(value) > 1:
        kinds.append("swap")
    keys = [p for p in path if isinstance(p, str)]
    if keys and keys[-1] in REFERENCES and not isinstance(value, (dict, list)):
        kinds += ["reference", "reference"]
    kind = draw(st.sampled_from(kinds))
    if kind == "delete":
        parent = _get(data, path[:-1])
        del parent[path[-1]]
    elif kind == "duplicate":
        i = draw(st.integers(0, len(value) - 1))
        value.insert(i + 1, copy.deepcopy(value[i]))
    elif kind == "swap":
        i, j = draw(st.lists(st.integers(0, len(value) - 1), min_size=2, max_size=2, unique=True))
        value[i], value[j] = value[j], value[i]
    elif kind == "rekey":  # a key renamed to another key of the same mapping or a neighbouring year
        parent = _get(data, path[:-1])
        choices = sorted({*map(str, parent), *(str(int(path[-1]) + d) for d in (-6, -1, 1, 5) if path[-1].isdigit())})
        new_key = draw(st.sampled_from(choices))
        parent[new_key] = parent.pop(path[-1])
    elif kind == "reference":
        data = _set(data, path, draw(st.sampled_from(REFERENCES[keys[-1]])))
    else:
        data = _set(data, path, draw(st.sampled_from(ODD_VALUES)))
    return data, f"{kind} at {'/'.join(map(str, path)) or '(root)'}"


@st.composite
def mutation(draw):
    """A list of edits to the repository: ("data", rel, new data), ("drop", rel) or ("rename", rel, new rel)."""
    steps, current = [], {}
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["data"] * 8 + ["drop", "rename"]))
        if what == "data":
            rel = draw(st.sampled_from(FILES))
            new, why = draw(edit(current.get(rel, ORIGINAL[rel])))
            current[rel] = new
            steps.append(("data", rel, new, why))
        elif what == "drop":
            steps.append(("drop", draw(st.sampled_from(DROPPABLE))))
        else:
            rel = draw(st.sampled_from([f for f in FILES if "/program/" in f or "/realisasi/" in f]))
            folder, name = rel.rsplit("/", 1)
            new_name = draw(st.sampled_from([
                "2.16.03-aptika.yaml", "9.99.01-lain.yaml", "persandian.yaml", name[:-5] + ".yml", "2031.yaml",
                "2025.yaml", "tahun-ini.yaml", "2.21.02-persandian.yaml"]))
            steps.append(("rename", rel, f"{folder}/{new_name}"))
    return steps


def apply(root: str, steps) -> set[str]:
    """Apply the edits to the copy at `root`; returns the files that must not be named as existing."""
    gone: set[str] = set()
    for step in steps:
        path = os.path.join(root, step[1])
        if not os.path.exists(path):
            continue  # dropped or renamed by an earlier step
        if step[0] == "data":
            text = yaml.safe_dump(step[2], allow_unicode=True, sort_keys=False, width=1_000_000)
            for marker, number in NUMBER_TEXT.items():
                text = text.replace(marker, number)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        elif step[0] == "drop":
            os.remove(path)
            gone.add(step[1])
        else:
            os.replace(path, os.path.join(root, step[2]))
            gone.add(step[1])
    return gone


def assert_located(root: str, report, gone: set[str]) -> None:
    for d in report.errors:
        assert d.code != "X001", d.format()
        assert d.loc.file and not os.path.isabs(d.loc.file) and "\\" not in d.loc.file, d.format()
        if not d.loc.file.startswith("data/"):
            continue
        path = os.path.join(root, d.loc.file)
        if not os.path.exists(path):
            # only a required file that is missing may be named without existing
            assert d.code == "B003" and d.loc.file in gone | REQUIRED, d.format()
            continue
        if os.path.isfile(path) and path.endswith(".yaml"):
            assert d.loc.line > 0 and d.loc.column > 0, d.format()


def _describe(steps) -> str:
    return "; ".join(f"{s[0]} {s[1]}" + (f" ({s[3]})" if s[0] == "data" else f" → {s[2]}" if s[0] == "rename" else "")
                     for s in steps)


def run_in_process(root: str, steps) -> None:
    """Check the OPD; when it is clean, render what `build`, `evaluasi` and `build-pemda` would."""
    gone = apply(root, steps)
    checked = check(root, [OPD])
    assert_located(root, checked.report, gone)
    if checked.report.errors:
        return
    outputs, diags = render_opd(checked.repo, OPD, checked.tahun)
    assert_located(root, type(checked.report)(diags), gone)
    assert diags or outputs, _describe(steps)
    assert render_evaluasi(Job(checked.repo, checked.repo.opds[OPD], checked.tahun))
    outputs, diags = render_pemda(checked.repo, checked.tahun)
    assert_located(root, type(checked.report)(diags), gone)
    assert diags or outputs, _describe(steps)


def _edited(rel: str, path: tuple, value):
    data = copy.deepcopy(ORIGINAL[rel])
    return ("data", rel, _set(data, path, value), f"set {'/'.join(map(str, path))}")


SANDI_TARGET = ("program", "indikator", 0, "target")


# Every internal error the mutations found, as an example that always runs (each also has its own test below)
@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=mutation())
@example(steps=[_edited("data/pemda.yaml", ("rpjmd", "periode", "akhir"), 2024)])
@example(steps=[_edited(SANDI, SANDI_TARGET + ("2026",), 1e300)])
@example(steps=[_edited(SANDI, SANDI_TARGET + ("2025",), "__HUGE__")])
@example(steps=[_edited(SANDI, ("program", "indikator", 0, "baseline", "nilai"), "__INF__")])
@example(steps=[_edited(SANDI, SANDI_TARGET + ("2025",), 1e-300), _edited(REALISASI, ("indikator", "P-SANDI-I1", "nilai"), 1e300)])
@example(steps=[_edited(SANDI, ("program", "nama"), INVISIBLE)])
def test_structural_mutations_are_reported_never_raised(tmp_path_factory, steps):
    root = copy_example(tmp_path_factory.mktemp("mut"))
    try:
        run_in_process(root, steps)
    except AssertionError as exc:
        raise AssertionError(f"{_describe(steps)}: {exc}") from None
    finally:
        shutil.rmtree(root)


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=mutation())
def test_structural_mutations_through_the_command_line(tmp_path_factory, steps):
    """As a planner runs it: no traceback, no internal error, every galat in an existing YAML file has
    its line and column, and an OPD with errors gets no documents at all."""
    root = copy_example(tmp_path_factory.mktemp("cli"))
    try:
        apply(root, steps)
        out = os.path.join(root, "build")
        result = run_cli("--root", root, "build", "--opd", OPD, "--out", out, cwd=root)
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "X001" not in text, (_describe(steps), text)
        errors = [ln for ln in text.splitlines() if ": galat " in ln]
        for line in errors:
            where = line.split(": galat ")[0]
            if where.endswith(".yaml") and os.path.isfile(os.path.join(root, where)):
                raise AssertionError(f"{_describe(steps)}: galat without a line: {line}")
        if errors:
            written = [f for _, _, files in os.walk(out) for f in files] if os.path.isdir(out) else []
            assert result.returncode == 1 and written == [], (_describe(steps), text, written)
        else:
            assert result.returncode == 0, (_describe(steps), text)
    finally:
        shutil.rmtree(root)


# --- what the mutations found, each pinned on its own ----------------------------------------


def test_a_target_of_1e300_is_printed_in_full(tmp_repo):
    """A float target beyond 28 digits made Decimal's quantize fail in every table and tree (X001)."""
    from conftest import mutate

    from cascade.fmt import angka

    assert angka(1e300) == "1" + ".000" * 100
    assert angka(-1.5e20) == "-150.000.000.000.000.000.000"
    assert angka(float("inf")) == angka(float("nan")) == "n/a"
    mutate(tmp_repo, SANDI, "target: {2025: 70, 2026: 80,", "target: {2025: 70, 2026: 1.0e300,")
    run_in_process(tmp_repo, [])


def test_numbers_beyond_any_float_are_located_errors(tmp_repo):
    """A 5,000-digit integer made the loader raise (Python reads at most 4,300 digits); `1.0e999`
    became infinity."""
    from conftest import mutate

    huge = mutate(tmp_repo, SANDI, "target: {2025: 70,", "target: {2025: " + "9" * 5000 + ",")
    inf = mutate(tmp_repo, SANDI, "baseline: {tahun: 2024, nilai: 60}", "baseline: {tahun: 2024, nilai: 1.0e999}")
    out = os.path.join(tmp_repo, "build")
    result = run_cli("--root", tmp_repo, "build", "--opd", OPD, "--out", out, cwd=tmp_repo)
    lines = (result.stdout + result.stderr).splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr and "X001" not in result.stderr
    hint = "(saran: periksa angkanya; mungkin ada angka nol berlebih atau angka yang tersalin dua kali)"
    assert [ln for ln in lines if ": galat " in ln] == [
        f"{SANDI}:{inf}:38: galat R063: angka 1.0e999 terlalu besar untuk dihitung {hint}",
        f"{SANDI}:{huge}:22: galat R063: angka 999999999999…999999 (5000 karakter) terlalu besar untuk dihitung {hint}",
    ]
    assert not os.path.exists(out)


def test_a_capaian_beyond_any_float_is_unknown_not_infinite(tmp_repo):
    """realisasi 1e300 of a target 1e-300 gave an infinite capaian, which no table could print."""
    from conftest import mutate

    from cascade.model.capaian import evaluate

    shutil.rmtree(os.path.join(tmp_repo, FOLDER, "rencana-aksi"))  # its quarters would follow the target (R133)
    mutate(tmp_repo, SANDI, "target: {2025: 70, 2026: 80,", "target: {2025: 1.0e-300, 2026: 80,")
    mutate(tmp_repo, f"{FOLDER}/realisasi/2025.yaml", "  P-SANDI-I1:\n    nilai: 72", "  P-SANDI-I1:\n    nilai: 1.0e300")
    checked = check(tmp_repo, [OPD])
    assert checked.report.errors == [], [d.format() for d in checked.report.errors]
    ev = evaluate(checked.repo.pemda, checked.repo.opds[OPD], 2025)
    cap = ev.node("P-SANDI").indikator[0]
    assert cap.realisasi == 1e300 and cap.persen is None and cap.kategori is None
    out = os.path.join(tmp_repo, "build")
    result = run_cli("--root", tmp_repo, "evaluasi", "--opd", OPD, "--tahun", "2025", "--out", out, cwd=tmp_repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_capaian_near_the_largest_float_average_without_overflow(tmp_repo):
    """A program's capaian is the mean of its indicators'; summed first, two of 1.5e308 % made infinity."""
    from conftest import mutate

    from cascade.model.capaian import evaluate

    ikp, realisasi = f"{FOLDER}/program/2.16.02-ikp.yaml", f"{FOLDER}/realisasi/2025.yaml"
    shutil.rmtree(os.path.join(tmp_repo, FOLDER, "rencana-aksi"))  # its quarters would follow the targets (R133)
    mutate(tmp_repo, ikp, "target: {2025: 75,", "target: {2025: 1,")
    mutate(tmp_repo, ikp, "target: {2025: 90,", "target: {2025: 1,")
    mutate(tmp_repo, realisasi, "  P-IKP-I1:\n    nilai: 72", "  P-IKP-I1:\n    nilai: 1.5e306")
    mutate(tmp_repo, realisasi, "  P-IKP-I2:\n    triwulan: {1: 88.5, 2: 89, 3: 90.5, 4: 91.5}\n    nilai: 91.5",
           "  P-IKP-I2:\n    nilai: 1.5e306")
    checked = check(tmp_repo, [OPD])
    assert checked.report.errors == [], [d.format() for d in checked.report.errors]
    node = evaluate(checked.repo.pemda, checked.repo.opds[OPD], 2025).node("P-IKP")
    assert [c.persen for c in node.indikator] == [pytest.approx(1.5e308)] * 2
    assert node.persen == pytest.approx(1.5e308) and node.kategori == "sangat_tinggi"
