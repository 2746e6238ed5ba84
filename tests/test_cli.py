"""The command line as a planner uses it: messages, ordering, counts, exit codes."""
from __future__ import annotations

import os
import re
import subprocess

from conftest import ROOT, run_cli
from test_rules import IKP, SANDI, mutate

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>galat|peringatan|catatan) (?P<code>[A-Z]\d{3}): .+ \(saran: .+\)$")


def test_clean_example_exits_zero():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout
    assert re.search(r": 0 galat, \d+ peringatan — OK$", result.stdout.strip())


def test_errors_are_formatted_sorted_and_counted(tmp_repo):
    mutate(tmp_repo, SANDI, "penanggung_jawab: kabid-statsan", "penanggung_jawab: kabid-statsn")
    mutate(tmp_repo, SANDI, "sasaran: S3", "sasaran: S33")
    mutate(tmp_repo, IKP, "kode: \"2.16.02.2.01.0014\"", "kode: \"2.16.02.2.01.0099\"")
    result = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    problems = [LINE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    keys = [(m["file"], int(m["line"]), int(m["col"])) for m in problems]
    assert keys == sorted(keys)
    n_err = sum(m["sev"] == "galat" for m in problems)
    n_warn = sum(m["sev"] == "peringatan" for m in problems)
    assert n_err >= 1 and n_warn >= 1
    assert lines[-1] == f"Pemeriksaan diskominfo: {n_err} galat, {n_warn} peringatan — GAGAL"


def test_warnings_alone_pass_unless_strict(tmp_repo):
    mutate(tmp_repo, IKP, "kode: \"2.16.02.2.01.0014\"", "kode: \"2.16.02.2.01.0099\"")
    assert run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo).returncode == 0
    strict = run_cli("validate", "--opd", "diskominfo", "--strict", cwd=tmp_repo)
    assert strict.returncode == 1 and "peringatan R012" in strict.stdout


def test_github_annotations(tmp_repo):
    mutate(tmp_repo, SANDI, "sasaran: S3", "sasaran: S33")
    result = run_cli("validate", "--opd", "diskominfo", "--format", "github", cwd=tmp_repo)
    assert f"::error file={SANDI},line=7,col=12,title=R009::" in result.stdout


def test_unknown_and_unsafe_opd_names():
    for name in ("dinkes", "../etc", "Diskominfo", "dinas kesehatan", "pemda", "diskominfö"):
        result = run_cli("build", "--opd", name, "--out", "/tmp/cascade-should-not-exist")
        assert result.returncode == 1, name
        assert "bappeda, diskominfo" in result.stdout, result.stdout
        assert "Traceback" not in result.stdout + result.stderr
    assert not os.path.exists("/tmp/cascade-should-not-exist")


def test_symlinked_opd_folder_outside_repo_is_refused(tmp_repo, tmp_path):
    outside = tmp_path / "outside"
    os.makedirs(outside)
    os.symlink(outside, os.path.join(tmp_repo, "data", "opd", "luar"))
    result = run_cli("validate", "--opd", "luar", cwd=tmp_repo)
    assert result.returncode == 1 and "B005" in result.stdout


def test_symlinked_file_outside_repo_is_refused(tmp_repo, tmp_path):
    secret = tmp_path / "rahasia.yaml"
    secret.write_text("program: {}\n")
    os.symlink(secret, os.path.join(tmp_repo, "data", "opd", "diskominfo", "program", "luar.yaml"))
    result = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert result.returncode == 1 and "luar.yaml: galat B005" in result.stdout


def test_missing_data_folder(tmp_path):
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "data/pemda.yaml: galat B003" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_year_outside_period():
    result = run_cli("validate", "--opd", "diskominfo", "--tahun", "2030")
    assert result.returncode == 1 and "galat C002" in result.stdout and "2025" in result.stdout


def test_bad_command_line_is_indonesian():
    result = run_cli("periksa")
    assert result.returncode == 2 and "galat A001: perintah `periksa` tidak dikenal" in result.stderr
    assert "Traceback" not in result.stderr and "usage" not in result.stderr


def test_rule_list_lists_every_code():
    from cascade.validate.rules import RULES
    result = run_cli("daftar-aturan")
    for r in RULES:
        assert r.code in result.stdout


def test_make_unknown_opd_lists_known_ones():
    result = subprocess.run(["make", "-s", "validate", "opd=dinkes"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "dinkes" in result.stdout + result.stderr and "diskominfo" in result.stdout + result.stderr


def test_readme_rule_table_is_current():
    table = run_cli("daftar-aturan", "--markdown").stdout.strip()
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    assert table in readme, "refresh the rule table in README.md with `python -m cascade daftar-aturan --markdown`"


def test_make_targets_named_like_folders_still_run():
    """`bench`, `build` and `tests`-like targets share names with folders; make must not think them done."""
    for target, expected in (("bench", "bench"), ("validate", "cascade validate"), ("test", "pytest")):
        result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0 and expected in result.stdout, (target, result.stdout, result.stderr)
