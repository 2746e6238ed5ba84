"""Review for mentors on a real temporary git repository with two commits."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import ROOT, copy_example, run_cli
from test_rules import RENSTRA, SANDI, mutate

from cascade.review.codeowners import codeowners_text
from cascade.review.run import review


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def init_repo(root):
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "perencana@example.go.id")
    git(root, "config", "user.name", "Perencana")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "awal")


@pytest.fixture
def two_commits(tmp_path):
    root = copy_example(tmp_path / "repo")
    init_repo(root)
    # add a sub kegiatan, remove one, rename a sasaran, move a program, change targets and pagu
    mutate(root, SANDI, "          pagu: {2025: 60000000, 2026: 65000000",
           "          pagu: {2025: 60000000, 2026: 70000000")
    text = open(os.path.join(root, SANDI), encoding="utf-8").read()
    start = text.index("        - id: SK-SANDI-1-1")
    end = text.index("        - id: SK-SANDI-1-2")
    removed = text[start:end]
    added = removed.replace("SK-SANDI-1-1", "SK-SANDI-2-2").replace("2.21.02.2.01.0002", "2.21.02.2.02.0002")
    text = text[:start] + text[end:]
    text = text.rstrip("\n") + "\n" + added.rstrip("\n") + "\n"
    with open(os.path.join(root, SANDI), "w", encoding="utf-8") as fh:
        fh.write(text)
    for year in ("2025", "2026"):  # realisasi follows the renamed sub kegiatan, as a planner would do
        realisasi = f"data/opd/diskominfo/realisasi/{year}.yaml"
        path = os.path.join(root, realisasi)
        if os.path.exists(path):
            text = open(path, encoding="utf-8").read().replace("SK-SANDI-1-1", "SK-SANDI-2-2")
            open(path, "w", encoding="utf-8").write(text)
    mutate(root, SANDI, "sasaran: S3", "sasaran: S1")
    mutate(root, SANDI, "target: {2025: 70, 2026: 80, 2027: 90,", "target: {2025: 70, 2026: 75, 2027: 95,")
    mutate(root, RENSTRA, "uraian: Meningkatnya keamanan informasi pemerintah daerah",
           "uraian: Meningkatnya keamanan siber pemerintah daerah")
    git(root, "commit", "-qam", "ubah")
    return root


def test_report_states_each_change(two_commits):
    text, failed = review(two_commits, "HEAD~1", None, None, with_documents=False)
    assert not failed
    assert "| ditambah | Sub Kegiatan | `SK-SANDI-2-2` |" in text
    assert "| dihapus | Sub Kegiatan | `SK-SANDI-1-1` |" in text
    assert ("| diubah | Sasaran | `S3` | Meningkatnya keamanan informasi pemerintah daerah | "
            "Meningkatnya keamanan siber pemerintah daerah |") in text
    assert "| dipindah | Program | `P-SANDI` | di bawah `S3` | di bawah `S1` |" in text
    assert re.search(r"\| `P-SANDI-I1` .*\| `P-SANDI` \| 2026 \| 80 \| 75 \| ⚠️ turun \(berlawanan", text)
    assert re.search(r"\| `P-SANDI-I1` .*\| `P-SANDI` \| 2027 \| 90 \| 95 \| naik \|", text)
    assert "| 2026 | Rp65.000.000 | Rp70.000.000 | +Rp5.000.000 |" in text
    # totals per year: 2026 gains 5.000.000 for the pagu change; the moved sub kegiatan keeps its pagu
    assert re.search(r"\| 2026 \| Rp17\.592\.500\.000 \| Rp17\.597\.500\.000 \| \+Rp5\.000\.000 \|", text)
    assert "## bappeda — Badan Perencanaan Pembangunan Daerah\n\nTidak ada perubahan." in text
    # problems introduced by the change come first
    problems = text.split("## Masalah validasi baru")[1].split("## diskominfo")[0]
    assert "R012" in problems and "2.21.02.2.02.0002" in problems
    assert "R026" in problems and "`S3`" in problems


def test_unchanged_repository_reports_nothing(tmp_path):
    root = copy_example(tmp_path / "repo")
    init_repo(root)
    text, failed = review(root, "HEAD", None, None, with_documents=False)
    assert not failed
    assert text.count("Tidak ada perubahan.") == len(os.listdir(os.path.join(root, "data", "opd")))
    assert "Tidak ada masalah validasi baru." in text


def test_changed_documents_are_exactly_those_whose_bytes_changed(tmp_path):
    root = copy_example(tmp_path / "repo")
    init_repo(root)
    mutate(root, SANDI, "target: {2025: 70, 2026: 80, 2027: 90,", "target: {2025: 70, 2026: 75, 2027: 90,")
    text, _ = review(root, "HEAD", ["diskominfo", "bappeda"], 2026, with_documents=True)
    docs = text.split("## diskominfo")[1].split("### Dokumen yang berubah")[1].split("## bappeda")[0]
    listed = set(re.findall(r"`build/diskominfo/([^`]+)` \(berubah\)", docs))
    assert "ringkasan.md" not in listed, "the summary holds no targets"
    assert "renstra/bab-6.docx" in listed and any(p.startswith("pk/2026/") for p in listed)
    assert any(p.startswith("pohon/") for p in listed)
    # table cells are joined by " | ", escaped as "\|" inside the Markdown list
    assert re.search(r"baris lama: .*PROGRAM PENYELENGGARAAN PERSANDIAN.*\\\| 80 \\\|", docs)
    assert re.search(r"baris baru: .*PROGRAM PENYELENGGARAAN PERSANDIAN.*\\\| 75 \\\|", docs)
    bappeda = text.split("## bappeda")[1]
    assert "Tidak ada perubahan." in bappeda


def test_codeowners_from_mentors(repo, tmp_repo):
    text = codeowners_text(repo)
    assert "/data/opd/diskominfo/ @agus-pranowo\n" in text
    assert run_cli("codeowners", "--periksa").returncode == 0, "committed .github/CODEOWNERS is out of date"
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "github: agus-pranowo", "github: mentor-baru")
    os.makedirs(os.path.join(tmp_repo, ".github"))
    check = run_cli("codeowners", "--periksa", cwd=tmp_repo)
    assert check.returncode == 1 and "C004" in check.stdout
    assert run_cli("codeowners", cwd=tmp_repo).returncode == 0
    written = open(os.path.join(tmp_repo, ".github", "CODEOWNERS"), encoding="utf-8").read()
    assert "/data/opd/diskominfo/ @mentor-baru\n" in written
    assert run_cli("codeowners", "--periksa", cwd=tmp_repo).returncode == 0


def test_pull_request_workflow_steps_run_locally(tmp_path):
    """Every `make` step of the PR workflow, run on a temporary clone with a changed branch."""
    root = str(tmp_path / "proyek")
    files = git(ROOT, "ls-files").splitlines()
    for rel in files:
        src = os.path.join(ROOT, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(root, rel)) or root, exist_ok=True)
            shutil.copy2(src, os.path.join(root, rel))
    init_repo(root)
    git(root, "checkout", "-qb", "usulan")
    mutate(root, SANDI, "target: {2025: 70, 2026: 80,", "target: {2025: 70, 2026: 85,")
    git(root, "commit", "-qam", "naikkan target")
    workflow = yaml.safe_load(open(os.path.join(ROOT, ".github", "workflows", "pull-request.yml"), encoding="utf-8"))
    steps = [s["run"] for s in workflow["jobs"]["tinjau"]["steps"] if str(s.get("run", "")).startswith("make ")]
    assert any("validate-changed" in s for s in steps) and any("review" in s for s in steps)
    summary = tmp_path / "summary.md"
    venv = os.path.join(ROOT, ".venv")
    os.makedirs(os.path.join(root, ".venv"))
    for step in steps:
        if step == "make test":
            continue  # this test is itself part of `make test`
        command = (step.replace('"origin/$BASE_REF"', "main").replace('"$GITHUB_STEP_SUMMARY"', str(summary))
                   .removesuffix(" || true"))
        result = subprocess.run(f"{command} VENV={venv}", shell=True, cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    report = summary.read_text(encoding="utf-8")
    assert re.search(r"\| 2026 \| 80 \| 85 \| naik \|", report)
    assert os.path.exists(os.path.join(root, "build", "diskominfo", "ringkasan.md"))


def test_trees_the_change_left_alone_are_drawn_once(two_commits, tmp_path):
    from test_dot_cache import _logging_dot, _runs

    trees = {}  # the PNG trees of each OPD, as one side's documents hold them
    for key in ("bappeda", "diskominfo", "dispusip", "inspektorat"):
        built = run_cli("build", "--opd", key, "--out", str(tmp_path / "satu-sisi"), cwd=two_commits)
        assert built.returncode == 0, built.stdout + built.stderr
        trees[key] = sum(1 for n in os.listdir(tmp_path / "satu-sisi" / key / "pohon") if n.endswith(".png"))
    env, log = _logging_dot(tmp_path)
    first = run_cli("review", "--base", "HEAD~1", cwd=two_commits, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    drawn = sum(_runs(log, "png"))
    # every tree once at most, and again only those of diskominfo, the only OPD the change touched
    assert 0 < drawn <= sum(trees.values()) + trees["diskominfo"], (trees, drawn)
    again = run_cli("review", "--base", "HEAD~1", cwd=two_commits, env=env)
    assert again.returncode == 0 and again.stdout == first.stdout
    assert sum(_runs(log, "png")) == drawn, "a second review draws nothing: every tree is in build/.cache/dot"


def test_an_opd_whose_inputs_are_equal_is_not_rendered_and_the_report_is_the_same(two_commits, monkeypatch):
    from cascade.review import docs

    rendered = []
    real = docs._outputs
    monkeypatch.setattr(docs, "_outputs", lambda repo, key, *rest: rendered.append(key) or real(repo, key, *rest))
    fast, _ = review(two_commits, "HEAD~1", None, None)
    # inspektorat names no other OPD and the change left it alone; bappeda and dispusip name
    # diskominfo in their crosscutting, so their trees may show the change
    assert sorted(set(rendered)) == ["bappeda", "diskominfo", "dispusip"]
    monkeypatch.setattr(docs, "same_inputs", lambda *args: False)
    rendered.clear()
    slow, _ = review(two_commits, "HEAD~1", None, None)
    assert "inspektorat" in rendered and slow == fast


def test_same_inputs_sees_data_narratives_and_templates(tmp_path):
    from cascade.pipeline import check
    from cascade.review.docs import same_inputs

    a, b = copy_example(tmp_path / "a"), copy_example(tmp_path / "b")
    keys = ["bappeda", "diskominfo", "dispusip", "inspektorat"]
    assert all(same_inputs(check(a).repo, check(b).repo, k) for k in keys)
    with open(os.path.join(b, "data", "opd", "inspektorat", "bab-1.md"), "w", encoding="utf-8") as fh:
        fh.write("# Pendahuluan\n\nNarasi baru.\n")
    left, right = check(a).repo, check(b).repo
    assert [k for k in keys if not same_inputs(left, right, k)] == ["inspektorat"]
    with open(os.path.join(b, "templates", "pk", "catatan.txt"), "w", encoding="utf-8") as fh:
        fh.write("templat diubah")
    assert not any(same_inputs(left, check(b).repo, k) for k in keys)


def _rows_as_python_docx_reads_them(data: bytes) -> list[str]:
    """The reference: python-docx's `row.cells` (spans repeated, vertical merges as the cell they continue)."""
    import io

    from docx import Document

    rows = []
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if not cells or cells[-1] != text:
                    cells.append(text)
            rows.append(" | ".join(cells))
    return rows


def test_table_rows_are_read_as_python_docx_reads_them(repo):
    import io
    import zipfile

    from cascade.build import render_opd, render_pemda
    from cascade.review.docs import docx_rows

    outputs = render_opd(repo, "diskominfo", 2026)[0] + render_pemda(repo, 2026)[0]
    documents = [o for o in outputs if o.path.endswith(".docx")]
    assert len(documents) > 20
    merged = 0
    for o in documents:
        expected = _rows_as_python_docx_reads_them(o.data)
        assert docx_rows(o.data) == expected, o.path
        with zipfile.ZipFile(io.BytesIO(o.data)) as z:
            merged += b"w:vMerge" in z.read("word/document.xml")
    assert merged >= 3  # the T-C tables' merged tujuan/sasaran cells are among them
