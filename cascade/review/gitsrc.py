"""Materialise the data of a git revision in a temporary folder, so both sides of a change can be
loaded and validated with the same (current) code.

Every way git can fail here (not installed, not a repository, an unknown revision, a shallow clone
without it, a repository of another user) is a GitError with an Indonesian message and hint (codes
G003–G011); git's own English text is only used to tell those cases apart, never shown.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile

PATHS = ("data", "schema", "templates")
# git's messages in English whatever the planner's language, so they can be told apart
_C_LOCALE = {"LC_ALL": "C", "LANGUAGE": "C"}


class GitError(Exception):
    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def git(root: str, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, errors="replace",
                                env={**os.environ, **_C_LOCALE})
    except FileNotFoundError as exc:
        if exc.filename == "git" or os.path.isdir(root):
            raise GitError("G003", "program `git` tidak ditemukan",
                           "pasang git (`sudo apt-get install git`), lalu jalankan lagi") from exc
        raise _not_a_repository(root) from exc
    except (NotADirectoryError, PermissionError) as exc:
        raise _not_a_repository(root) from exc
    if result.returncode != 0:
        raise _failure(root, args, result.stderr)
    return result.stdout.strip()


def _failure(root: str, args: tuple[str, ...], stderr: str) -> GitError:
    if "dubious ownership" in stderr:
        where = os.path.abspath(root)
        return GitError("G010", f"git menolak membaca repositori {where} karena pemiliknya pengguna lain",
                        f"percayai repositori itu dengan `git config --global --add safe.directory {where}`")
    if "not a git repository" in stderr:
        return _not_a_repository(root)
    return GitError("G011", f"perintah `git {args[0]}` gagal", "jalankan perintah git itu sendiri di folder "
                    "repositori untuk melihat sebabnya; pastikan repositorinya utuh (`git fsck`)")


def _not_a_repository(root: str) -> GitError:
    return GitError("G004", f"folder {os.path.abspath(root)} bukan repositori git",
                    "jalankan di dalam repositori git (hasil `git clone`), atau tanpa `--sejak`/`base=`")


def _is_shallow(root: str) -> bool:
    try:
        return git(root, "rev-parse", "--is-shallow-repository") == "true"
    except GitError:
        return False


def _fetch_hint(rev: str) -> str:
    """How to fetch the branch a revision names (`origin/main~3` → `git fetch origin main`); empty for
    HEAD~n or a commit hash, which name no branch."""
    name = re.split(r"[~^@:]", rev, maxsplit=1)[0]
    name = name.split("/", 1)[1] if name.startswith("origin/") else name
    if not name or name == "HEAD" or name.startswith("-") or re.fullmatch(r"[0-9a-f]{7,40}", name):
        return ""
    return f"`git fetch origin {name}`"


def commit_of(root: str, rev: str) -> str:
    """The commit `rev` names, or a GitError saying why there is none."""
    if rev and not rev.startswith("-"):  # a revision never starts with "-"; git would read an option
        try:
            return git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        except GitError as exc:
            if exc.code != "G011":  # git missing, not a repository: that, not the revision, is the problem
                raise
    if rev != "HEAD" and not _has_commits(root):
        raise GitError("G007", "repositori git ini belum punya commit, jadi revisi `%s` tidak ada" % rev,
                       "buat commit pertama dulu (`git add -A` lalu `git commit`)")
    fetch = _fetch_hint(rev)
    if _is_shallow(root):
        raise GitError("G006", f"revisi `{rev}` tidak ada di klon dangkal (shallow) ini",
                       "ambil riwayatnya dengan `git fetch --unshallow origin`" + (f" atau {fetch}" if fetch else "")
                       + " (di GitHub Actions: `fetch-depth: 0` pada actions/checkout)")
    if rev == "HEAD":
        raise GitError("G007", "repositori git ini belum punya commit",
                       "buat commit pertama dulu (`git add -A` lalu `git commit`)")
    raise GitError("G005", f"revisi `{rev}` tidak ada di repositori ini",
                   "periksa ejaannya (`git branch -a`, `git log --oneline`)"
                   + (f"; bila ada di server, ambil dulu dengan {fetch}" if fetch else ""))


def _has_commits(root: str) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        return True
    except GitError as exc:
        if exc.code != "G011":
            raise
        return False


def default_base(root: str) -> tuple[str, str]:
    """(commit, branch): the merge-base with the main branch (origin/main when it exists), as a PR
    review expects; HEAD itself (branch "") when there is no main branch."""
    head = commit_of(root, "HEAD")
    for ref in ("origin/main", "main", "origin/master", "master"):
        try:
            commit = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except GitError as exc:
            if exc.code != "G011":
                raise
            continue
        try:
            return git(root, "merge-base", head, commit), ref
        except GitError as exc:
            if exc.code != "G011":
                raise
            shallow = _is_shallow(root)
            raise GitError("G008", f"HEAD dan `{ref}` tidak punya commit leluhur bersama"
                           + (" di klon dangkal (shallow) ini" if shallow else ""),
                           ("ambil riwayatnya dengan `git fetch --unshallow origin`, " if shallow else "")
                           + f"atau beri revisi pembanding sendiri, misalnya `base={ref}`") from exc
    return head, ""


def short(root: str, commit: str) -> str:
    return git(root, "rev-parse", "--short", commit)


def head_state(root: str) -> tuple[str, str, bool]:
    """(branch, short commit, whether data/, schema/ or templates/ differ from it, untracked files
    included); branch "" when HEAD is detached (a pull request's merge commit in CI)."""
    commit = commit_of(root, "HEAD")
    branch = git(root, "rev-parse", "--abbrev-ref", "HEAD")
    changed = git(root, "status", "--porcelain", "--untracked-files=all", "--", *PATHS)
    return ("" if branch == "HEAD" else branch), short(root, commit), bool(changed)


def export_revision(root: str, rev: str, dest: str) -> None:
    """Write data/ (and schema/, templates/ when present) as they are at `rev` into `dest`."""
    commit = commit_of(root, rev)
    unreadable = GitError("G009", f"isi revisi `{rev}` tidak dapat diambil dari git (objeknya tidak lengkap)",
                          "lengkapi riwayatnya dengan `git fetch --unshallow origin` atau `git fetch origin`, "
                          "lalu jalankan lagi")
    try:
        present = [p for p in PATHS if git(root, "ls-tree", "--name-only", commit, p)]
    except GitError as exc:
        raise (unreadable if exc.code == "G011" else exc) from exc
    archive = subprocess.run(["git", "archive", "--format=tar", commit, *present], cwd=root, capture_output=True,
                             env={**os.environ, **_C_LOCALE})
    if archive.returncode != 0:
        raise unreadable
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, OSError) as exc:  # e.g. a link pointing outside the repository
        raise GitError("G009", f"isi revisi `{rev}` tidak dapat disalin untuk dibandingkan (ada tautan atau nama "
                       "berkas yang tidak aman di data/, schema/ atau templates/)",
                       "hapus tautan (symlink) yang menunjuk ke luar repositori dari revisi itu") from exc
