"""Shared fixtures: the example Pemda as a model, throw-away copies of it, and real converters."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from cascade.pipeline import check  # noqa: E402


@pytest.fixture(scope="session")
def example():
    """The checked example repository (data/ of this checkout); fails loudly if it is not clean."""
    checked = check(ROOT)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    return checked


@pytest.fixture(scope="session")
def repo(example):
    return example.repo


def copy_example(dest) -> str:
    """A writable copy of the example data (data/, schema/, templates/) for tests that edit it."""
    dest = str(dest)
    for name in ("data", "schema", "templates"):
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, name))
    return dest


@pytest.fixture
def tmp_repo(tmp_path):
    return copy_example(tmp_path / "repo")


def tree_files(folder) -> dict[str, bytes]:
    """Every file below `folder`, by path relative to it, with its bytes."""
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, folder)] = fh.read()
    return out


def run_cli(*args, cwd=ROOT, env=None):
    """Run `python -m cascade` as a planner would; returns the CompletedProcess (text)."""
    full_env = dict(os.environ, PYTHONPATH=ROOT, **(env or {}))
    return subprocess.run([sys.executable, "-m", "cascade", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600)


def docx_to_pdf_text(docx_path, workdir) -> str:
    """Convert a .docx with real LibreOffice (own profile, so tests may run in parallel) and return the PDF text."""
    workdir = str(workdir)
    profile = os.path.join(workdir, "lo-profile")
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", workdir, str(docx_path)],
        capture_output=True, text=True, timeout=300)
    pdf = os.path.join(workdir, os.path.splitext(os.path.basename(str(docx_path)))[0] + ".pdf")
    assert result.returncode == 0 and os.path.exists(pdf), f"LibreOffice gagal: {result.stdout} {result.stderr}"
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return text


def mutate(root: str, rel: str, old: str, new: str) -> int:
    """Replace `old` (which must occur) in one file; returns the 1-based line where it starts."""
    path = os.path.join(root, rel)
    text = open(path, encoding="utf-8").read()
    assert old in text, f"{old!r} not in {rel}"
    line = text[: text.index(old)].count("\n") + 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, 1))
    return line


# The browser tests' Chromium (tests/browser.py): fixtures `chromium` (one per session) and `tab`.
from browser import chromium, tab  # noqa: E402,F401
