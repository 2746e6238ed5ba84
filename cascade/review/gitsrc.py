"""Materialise the data of a git revision in a temporary folder, so both sides of a change can be
loaded and validated with the same (current) code."""
from __future__ import annotations

import io
import subprocess
import tarfile

PATHS = ("data", "schema", "templates")


class GitError(Exception):
    pass


def git(root: str, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {' '.join(args)} gagal")
    return result.stdout.strip()


def default_base(root: str) -> str:
    """The merge-base with the main branch (origin/main when it exists), as a PR review expects."""
    for ref in ("origin/main", "main", "origin/master", "master"):
        try:
            git(root, "rev-parse", "--verify", "--quiet", ref)
        except GitError:
            continue
        return git(root, "merge-base", "HEAD", ref)
    return git(root, "rev-parse", "HEAD")


def export_revision(root: str, rev: str, dest: str) -> None:
    """Write data/ (and schema/, templates/ when present) as they are at `rev` into `dest`."""
    commit = git(root, "rev-parse", "--verify", f"{rev}^{{commit}}")
    present = [p for p in PATHS if git(root, "ls-tree", "--name-only", commit, p)]
    archive = subprocess.run(["git", "archive", "--format=tar", commit, *present], cwd=root, capture_output=True)
    if archive.returncode != 0:
        raise GitError(archive.stderr.decode("utf-8", "replace").strip())
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
