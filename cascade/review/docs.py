"""Which generated documents a change alters, found by rendering both sides in memory.

Builds are byte-reproducible, so equal hashes mean equal documents; for a changed .docx the table
rows that differ are shown as text, which is what a mentor checks.
"""
from __future__ import annotations

import difflib
import hashlib
import io
from dataclasses import dataclass

from ..build import render_opd
from ..model.types import Repo


@dataclass(frozen=True)
class DocChange:
    path: str
    status: str  # baru | dihapus | berubah
    rows_removed: tuple[str, ...] = ()
    rows_added: tuple[str, ...] = ()


def _outputs(repo: Repo | None, key: str, tahun: int) -> dict[str, bytes]:
    if repo is None or key not in repo.opds:
        return {}
    outputs, diags = render_opd(repo, key, tahun)
    return {o.path: o.data for o in outputs} if not diags else {}


def docx_rows(data: bytes) -> list[str]:
    """Every table row of a .docx as one line of text, cells separated by " | "."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    rows = []
    for table in doc.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if not cells or cells[-1] != text:  # merged cells repeat their text
                    cells.append(text)
            rows.append(" | ".join(cells))
    return rows


def changed_documents(before: Repo | None, after: Repo | None, key: str, tahun: int, max_rows: int = 40) -> list[DocChange]:
    old, new = _outputs(before, key, tahun), _outputs(after, key, tahun)
    out = []
    for path in sorted(set(old) | set(new)):
        if path not in old:
            out.append(DocChange(path, "baru"))
        elif path not in new:
            out.append(DocChange(path, "dihapus"))
        elif hashlib.sha256(old[path]).digest() != hashlib.sha256(new[path]).digest():
            removed: list[str] = []
            added: list[str] = []
            if path.endswith(".docx"):
                for line in difflib.ndiff(docx_rows(old[path]), docx_rows(new[path])):
                    if line.startswith("- "):
                        removed.append(line[2:])
                    elif line.startswith("+ "):
                        added.append(line[2:])
            out.append(DocChange(path, "berubah", tuple(removed[:max_rows]), tuple(added[:max_rows])))
    return out
