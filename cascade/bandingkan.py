"""`cascade bandingkan-hasil LAMA BARU`: what a new version of Cascade changes in a Pemda's documents.

Upgrading Cascade is a one-line change of its pin in the Pemda's requirements.txt. The data stay the
same, so the review report (which checks and renders both sides with the installed version) would show
nothing; the Pemda's workflow instead builds the same data with the old and the new version into two
folders and appends this comparison to the report: the findings that appear or disappear, and every
document that is new, gone or different, with the table rows that differ.
"""
from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

from cascade import __version__
from cascade.review.tables import docx_grids

MAX_ROWS = 20
_FINDING = (": galat ", ": peringatan ")


def _outputs(folder: Path) -> dict[str, Path]:
    """The documents below `folder` by relative path: no hidden file or folder (the caches, the build
    manifests), no PDF preview."""
    found = {}
    for here, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith((".", "~$")):
                path = Path(here, name)
                found[path.relative_to(folder).as_posix()] = path
    return found


def _digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def _findings(path: str | None) -> list[str]:
    if not path:
        return []
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if any(w in line for w in _FINDING)]


def _rows(data: bytes) -> list[str]:
    """Every table row of a .docx as one line "a | b | c", as the review report reads tables."""
    return [" | ".join(row) for grid in docx_grids(data) for row in grid.header + grid.rows]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def compare(old: str | os.PathLike, new: str | os.PathLike, old_label: str = "versi lama",
            old_findings: str | None = None, new_findings: str | None = None) -> str:
    """The Markdown section for the review report."""
    old, new = Path(old), Path(new)
    before, after = _outputs(old), _outputs(new)
    lines = [f"## Dampak pembaruan Cascade: {old_label} → cascade {__version__}", "",
             "Data tidak berubah dalam perbandingan ini; semua perbedaan di bawah datang dari versi Cascade yang baru.", ""]
    was, now = _findings(old_findings), _findings(new_findings)
    appeared = [f for f in now if f not in set(was)]
    gone = [f for f in was if f not in set(now)]
    lines += ["### Temuan pemeriksaan", ""]
    if not appeared and not gone:
        lines.append("Temuan pemeriksaan sama.")
    lines += [f"- temuan baru: `{_cell(f)}`" for f in appeared]
    lines += [f"- temuan hilang: `{_cell(f)}`" for f in gone]
    lines += ["", "### Dokumen", ""]
    changes = []
    for rel in sorted(set(before) | set(after)):
        if rel not in before:
            changes.append((rel, "baru", [], []))
        elif rel not in after:
            changes.append((rel, "dihapus", [], []))
        elif _digest(before[rel]) != _digest(after[rel]):
            removed, added = [], []
            if rel.endswith(".docx"):
                try:
                    diff = difflib.ndiff(_rows(before[rel].read_bytes()), _rows(after[rel].read_bytes()))
                except Exception:  # noqa: BLE001 — a document one side could not write whole: told as changed
                    diff = []
                for line in diff:
                    if line.startswith("- "):
                        removed.append(line[2:])
                    elif line.startswith("+ "):
                        added.append(line[2:])
            changes.append((rel, "berubah", removed, added))
    if not changes:
        lines.append("Tidak ada dokumen yang berubah.")
    for rel, status, removed, added in changes:
        lines.append(f"- `build/{rel}` ({status})")
        lines += [f"  - baris lama: {_cell(r)}" for r in removed[:MAX_ROWS]]
        lines += [f"  - baris baru: {_cell(a)}" for a in added[:MAX_ROWS]]
        if len(removed) > MAX_ROWS or len(added) > MAX_ROWS:
            lines.append("  - … (baris lainnya tidak ditampilkan)")
    return "\n".join(lines) + "\n"
