"""Review for mentors on a real temporary git repository with two commits."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_example, mutate, run_cli
from test_rules import RENSTRA, SANDI

from cascade.review.codeowners import codeowners_text
from cascade.review.report import render_markdown
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
    return make_two_commits(copy_example(tmp_path / "repo"))


def make_two_commits(root):
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
    # the Rencana Aksi 2026 ends at the new PK target, as rule R133 asks
    mutate(root, "data/opd/diskominfo/rencana-aksi/2026.yaml",
           "        target: 80\n        aksi:\n          - Mengevaluasi pemanfaatan sertifikat",
           "        target: 75\n        aksi:\n          - Mengevaluasi pemanfaatan sertifikat")
    mutate(root, RENSTRA, "uraian: Meningkatnya keamanan informasi pemerintah daerah",
           "uraian: Meningkatnya keamanan siber pemerintah daerah")
    git(root, "commit", "-qam", "ubah")
    return root


def markdown(root, base, keys=None, tahun=None, with_documents=False) -> str:
    return render_markdown(review(root, base, keys, tahun, with_documents).review)


def test_report_states_each_change(two_commits):
    run = review(two_commits, "HEAD~1", None, None, with_documents=False)
    assert run.review.new_errors == 0
    text = render_markdown(run.review)
    nodes = text.split("### Tujuan, sasaran, program, kegiatan dan sub kegiatan")[1].split("###")[0]
    assert ("| ditambah | Sub Kegiatan | 2.21.02.2.02.0002 Pelaksanaan Analisis Kebutuhan dan Pengelolaan Sumb… | "
            "di bawah: Kegiatan 2.21.02.2.02; penanggung jawab: Ketua Tim Kerja Persandian dan Keamanan Informasi |") in nodes
    assert "| dihapus | Sub Kegiatan | 2.21.02.2.01.0002 Pelaksanaan Analisis" in nodes
    assert "| diubah | Sasaran | Meningkatnya keamanan siber pemerintah daerah | uraian: Meningkatnya keamanan " \
           "~~informasi~~ **siber** pemerintah daerah |" in nodes
    assert ("| dipindah | Program | 2.21.02 PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI | di bawah: "
            "Sasaran Meningkatnya keamanan informasi pemerintah daerah → Sasaran Meningkatnya kualitas layanan "
            "pemerintahan berbasis… |") in nodes
    assert "| ⚠️ 80 → 75 (turun) | 90 → 95 |" in text
    # the moved sub kegiatan keeps its pagu; 2026 gains the 5.000.000 of the changed one
    assert "| Dinas Komunikasi dan Informatika | sebelum | 17.592.500.000 |\n|  | sesudah | 17.597.500.000 |" in text
    # a sasaran left without programs sums to zero
    assert "| Meningkatnya keamanan siber pemerintah daerah | sebelum | 355.000.000 | 390.000.000 | 415.000.000 | " \
           "440.000.000 | 465.000.000 |\n|  | sesudah | 0 | 0 | 0 | 0 | 0 |" in text
    # realisasi that followed its renamed sub kegiatan moved, nothing reported was removed
    assert "⚠️" not in text.split("### Realisasi")[1]
    assert "| 2025 | dipindah | Anggaran 2.21.02.2.02.0002 Pelaksanaan Analisis Kebutuhan dan Pengelolaan Sumb… | " \
           "Rp | 81.100.000 |  |  |  | dari: ~~2.21.02.2.01.0002~~ **2.21.02.2.02.0002**" in text
    assert "Badan Perencanaan Pembangunan Daerah" in text.split("## OPD yang tidak berubah")[1]
    # problems introduced by the change come first
    problems = text.split("## Masalah validasi baru")[1].split("## Dinas")[0]
    assert "R012" in problems and "2.21.02.2.02.0002" in problems
    assert "R026" in problems and "`S3`" in problems


def test_unchanged_repository_reports_nothing(tmp_path):
    root = copy_example(tmp_path / "repo")
    init_repo(root)
    text = markdown(root, "HEAD")
    names = [yaml.safe_load(open(os.path.join(root, "data", "opd", key, "opd.yaml"), encoding="utf-8"))["opd"]["nama"]
             for key in sorted(os.listdir(os.path.join(root, "data", "opd")))]
    assert "## OPD yang tidak berubah\n\n" + ", ".join(names) + "." in text
    assert "| OPD | 0 dari 4 berubah |" in text and "Tidak ada masalah validasi baru." in text
    assert "###" not in text


def test_a_new_opd_shows_its_numbers_and_people_without_before_values(tmp_path):
    root = copy_example(tmp_path / "repo")
    kept = str(tmp_path / "inspektorat")
    shutil.move(os.path.join(root, "data", "opd", "inspektorat"), kept)
    init_repo(root)
    shutil.move(kept, os.path.join(root, "data", "opd", "inspektorat"))
    text = markdown(root, "HEAD")
    opd = yaml.safe_load(open(os.path.join(root, "data/opd/inspektorat/opd.yaml"), encoding="utf-8"))
    section = text.split(f"## {opd['opd']['nama']} — OPD baru")[1]
    renstra = yaml.safe_load(open(os.path.join(root, "data/opd/inspektorat/renstra.yaml"), encoding="utf-8"))
    first = renstra["tujuan"][0]["indikator"][0]
    targets = " | ".join(str(first["target"][y]).replace(".", ",") for y in sorted(first["target"]))
    assert f"| **baru**: {first['nama'][:69]}" in section and f"({first['baseline']['tahun']}) | {targets} |" in section
    for jabatan in opd["jabatan"]:
        for p in jabatan["pejabat"]:
            if p.get("nip"):
                nip = p["nip"]
                assert f"| {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]} |" in section
    # amounts of a new OPD are what it plans, with no "before" and no zero-to-amount rows
    assert "| baru |" in section.split("**Per program**")[1]
    for empty in ("| sebelum |", "| selisih |", "0 →", "— →"):
        assert empty not in section
    assert "| Masalah validasi baru | 0 galat," in text


def test_the_exit_status_says_whether_the_change_adds_errors_and_make_prints_no_error_noise(tmp_path):
    root = copy_example(tmp_path / "repo")
    shutil.copy(os.path.join(ROOT, "Makefile"), root)
    init_repo(root)
    line = mutate(root, SANDI, "penanggung_jawab: kabid-statsan", "penanggung_jawab: kabid-sandi")
    cli = run_cli("review", "--tanpa-dokumen", "--base", "HEAD", cwd=root)
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert "❌ **Perubahan ini menambah 1 galat** — perbaiki dulu sebelum disetujui (status keluar 1)." in cli.stdout
    assert f"`{SANDI}:{line}:" in cli.stdout and "R003" in cli.stdout
    assert "## OPD yang tidak berubah" in cli.stdout, "the report is complete"
    # make: the same report, one Indonesian line instead of make's "Error 1"; STAMP empty: the venv is ready
    # as a planner runs it, not as a sub-make of `make test` (which would print "Entering directory")
    env = {**{k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}, "PYTHONPATH": ROOT}
    made = subprocess.run(["make", "review", "base=HEAD", f"VENV={sys.prefix}", "STAMP="], cwd=root, env=env,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    assert made.stdout.startswith("# Laporan perubahan cascading")
    assert made.stdout.rstrip().endswith("Tinjauan selesai: perubahan ini menambah galat (lihat \"Masalah validasi "
                                         "baru\" di atas); perbaiki sebelum disetujui.")
    for noise in ("Error 1", "make:", "***"):
        assert noise not in made.stdout + made.stderr
    # no report at all (an unknown base) still fails the target
    failed = subprocess.run(["make", "review", "base=tidak-ada", f"VENV={sys.prefix}", "STAMP="], cwd=root, env=env,
                            capture_output=True, text=True)
    assert failed.returncode != 0 and "G005" in failed.stdout


def test_a_report_too_big_for_a_job_summary_drops_detail_documents_first(two_commits):
    result = review(two_commits, "HEAD~1", ["diskominfo"], 2026, with_documents=True).review
    full = render_markdown(result)
    assert "<details>" in full
    shorter = render_markdown(result, limit=len(full.encode("utf-8")) - 1)
    assert "<details>" not in shorter and "rincian lengkapnya ada di `laporan.md`" in shorter
    assert re.search(r"- `renstra/bab-6.docx` \(berubah\): \d+ baris berubah", shorter)
    assert shorter.split("## Masalah validasi baru")[0] == full.split("## Masalah validasi baru")[0]
    assert "| Target | 2 angka target diubah" in shorter and "### Target dan baseline indikator" in shorter
    smallest = render_markdown(result, limit=len(shorter.encode("utf-8")) - 1)
    assert "### " not in smallest and "## Ringkasan" in smallest and "Perubahan: " in smallest


def test_changed_documents_are_exactly_those_whose_bytes_changed(tmp_path):
    root = copy_example(tmp_path / "repo")
    init_repo(root)
    mutate(root, SANDI, "target: {2025: 70, 2026: 80, 2027: 90,", "target: {2025: 70, 2026: 75, 2027: 90,")
    text = markdown(root, "HEAD", ["diskominfo", "bappeda"], 2026, with_documents=True)
    docs = text.split("## Dinas Komunikasi dan Informatika")[1].split("### Dokumen yang berubah")[1].split("## ")[0]
    listed = set(re.findall(r"<code>([^<]+)</code> \(berubah\)", docs))
    assert "ringkasan.md" not in listed, "the summary holds no targets"
    assert "renstra/bab-6.docx" in listed and any(p.startswith("pk/2026/") for p in listed)
    assert "pohon/sasaran-S3" in listed and not any(p.endswith((".png", ".svg", ".dot")) for p in listed)
    # in the tables only the changed target cell, by its column and row
    assert re.search(r"- \*\*2026 / Target\*\*: 2\.21\.02 PROGRAM PENYELENGGARAAN PERSANDIAN[^\n]* — 80 → 75", docs)
    assert "Badan Perencanaan Pembangunan Daerah" in text.split("## OPD yang tidak berubah")[1]


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
    mutate(root, "data/opd/diskominfo/rencana-aksi/2026.yaml",  # the Rencana Aksi ends at the new target (R133)
           "        target: 80\n        aksi:\n          - Mengevaluasi pemanfaatan sertifikat",
           "        target: 85\n        aksi:\n          - Mengevaluasi pemanfaatan sertifikat")
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
    assert "| 80 → 85 |" in report
    assert os.path.exists(os.path.join(root, "build", "diskominfo", "ringkasan.md"))


def test_trees_the_change_left_alone_are_drawn_once(two_commits, tmp_path):
    from test_dot_cache import _logging_dot, _runs

    trees = {}  # the PNG trees of each OPD, as one side's documents hold them
    for key in ("bappeda", "diskominfo", "dispusip", "inspektorat"):
        built = run_cli("build", "--opd", key, "--out", str(tmp_path / "satu-sisi"), cwd=two_commits)
        assert built.returncode == 0, built.stdout + built.stderr
        trees[key] = sum(1 for n in os.listdir(tmp_path / "satu-sisi" / key / "pohon") if n.endswith(".png"))
        # and the pohon figures of the Renstra (BAB IV per tujuan, the lampiran per sasaran), not the lambang
        logo = Path(two_commits, "data", "lambang-arunika.png").read_bytes()
        with zipfile.ZipFile(tmp_path / "satu-sisi" / key / "renstra" / "renstra-lengkap.docx") as z:
            trees[key] += len({z.read(n) for n in z.namelist() if n.startswith("word/media/")} - {logo})
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
    fast = render_markdown(review(two_commits, "HEAD~1", None, None).review)
    # inspektorat names no other OPD and the change left it alone; bappeda and dispusip name
    # diskominfo in their crosscutting, so their trees may show the change
    assert sorted(set(rendered)) == ["bappeda", "diskominfo", "dispusip"]
    monkeypatch.setattr(docs, "same_inputs", lambda *args: False)
    rendered.clear()
    slow = render_markdown(review(two_commits, "HEAD~1", None, None).review)
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


def _rows_as_python_docx_reads_them(data: bytes) -> list[tuple[str, ...]]:
    """The reference: python-docx's `row.cells` (a spanned cell once per grid column, a vertical merge
    as the cell it continues), whitespace folded."""
    import io

    from docx import Document

    return [tuple(" ".join(cell.text.split()) for cell in row.cells)
            for table in Document(io.BytesIO(data)).tables for row in table.rows]


def test_table_cells_are_read_as_python_docx_reads_them(repo):
    import io
    import zipfile

    from lxml import etree

    from cascade.build import render_opd, render_pemda
    from cascade.review.tables import _docx_rows, docx_grids

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    outputs = render_opd(repo, "diskominfo", 2026)[0] + render_pemda(repo, 2026)[0]
    documents = [o for o in outputs if o.path.endswith(".docx")]
    assert len(documents) > 20
    merged = 0
    for o in documents:
        with zipfile.ZipFile(io.BytesIO(o.data)) as z:
            body = etree.fromstring(z.read("word/document.xml")).find(W + "body")
        # each table's rows as read, before group rows are folded into columns and pieces joined (test_review_mentor)
        read = [tuple(cells) for tbl in body.iterchildren(W + "tbl") for _, cells in _docx_rows(tbl)]
        assert read == _rows_as_python_docx_reads_them(o.data), o.path
        assert docx_grids(o.data)[1:] or not read
        with zipfile.ZipFile(io.BytesIO(o.data)) as z:
            merged += b"w:vMerge" in z.read("word/document.xml")
    assert merged >= 3  # the T-C tables' merged tujuan/sasaran cells are among them


def test_spreadsheet_cells_are_read_as_openpyxl_reads_them(repo):
    """The reference: openpyxl, each merged range filled with its first cell's value, the rows above the
    frozen pane as header."""
    import io

    import openpyxl

    from cascade.build import render_opd, render_pemda
    from cascade.review.tables import fold_groups, xlsx_grids

    outputs = render_opd(repo, "diskominfo", 2026)[0] + render_pemda(repo, 2026)[0]
    books = [o for o in outputs if o.path.endswith(".xlsx")]
    assert len(books) >= 3
    for o in books:
        expected = []
        for sheet in openpyxl.load_workbook(io.BytesIO(o.data), data_only=True).worksheets:
            values = [[v for v in row] for row in sheet.iter_rows(values_only=True)]
            for merged in sheet.merged_cells.ranges:
                for r in range(merged.min_row - 1, merged.max_row):
                    for c in range(merged.min_col - 1, merged.max_col):
                        values[r][c] = values[merged.min_row - 1][merged.min_col - 1]
            first = sheet[sheet.freeze_panes].row - 1 if sheet.freeze_panes else 1
            shown = [[_as_shown(v) for v in r] for r in values]
            # group rows ("Tujuan 1: …") become columns of the rows under them, as the reader does
            expected.append((sheet.title, *fold_groups(shown[:first], shown[first:])))
        grids = xlsx_grids(o.data)
        assert [g.title for g in grids] == [title for title, _, _ in expected], o.path
        for g, (_, header, rows) in zip(grids, expected):
            assert [list(r) for r in g.header + g.rows] == [list(r) for r in header + rows], o.path


def _as_shown(value) -> str:
    """A cell as an Indonesian reader sees it: 1.250.000 and 42,5, a year (or a small count) as is."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".") if abs(value) >= 10_000 else str(value)
    return " ".join(str(value).split())
