"""Which generated documents a change alters, found by rendering both sides in memory.

Builds are byte-reproducible, so equal hashes mean equal documents; for a changed .docx the table
rows that differ are shown as text, which is what a mentor checks.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import os
from dataclasses import dataclass

from cascade.build import render_opd
from cascade.model.types import Repo


@dataclass(frozen=True)
class DocChange:
    path: str
    status: str  # baru | dihapus | berubah
    rows_removed: tuple[str, ...] = ()
    rows_added: tuple[str, ...] = ()


def _outputs(repo: Repo | None, key: str, tahun: int, dot_cache=None) -> dict[str, bytes]:
    if repo is None or key not in repo.opds:
        return {}
    outputs, diags = render_opd(repo, key, tahun, dot_cache)
    return {o.path: o.data for o in outputs} if not diags else {}


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}


def _cell_text(tc) -> str:
    """A cell's text as python-docx's `_Cell.text` gives it, whitespace folded."""
    parts = []
    for p in tc.iter(_W + "p"):
        for el in p.iter(*_TEXT):
            parts.append(el.text or "" if el.tag == _W + "t" else _TEXT[el.tag])
        parts.append("\n")
    return " ".join("".join(parts).split())


def docx_rows(data: bytes) -> list[str]:
    """Every table row of a .docx (the body's own tables) as one line of text, cells separated by " | ".

    As python-docx's `row.cells` reads them (a spanned cell once per grid column, a vertically merged
    cell as the one it continues; repeats then folded), in one pass: `row.cells` looks up the cell
    above anew for every merged cell, about a second per large Renstra chapter."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(_W + "body")
    rows = []
    for tbl in body.iterchildren(_W + "tbl"):
        above: dict[int, str] = {}  # grid column → text of the cell that starts there in the row above
        for tr in tbl.iterchildren(_W + "tr"):
            before = tr.find(f"{_W}trPr/{_W}gridBefore")
            col = int(before.get(_W + "val")) if before is not None else 0
            cells, here = [], {}
            for tc in tr.iterchildren(_W + "tc"):
                span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
                span = int(span_el.get(_W + "val")) if span_el is not None else 1
                merge = tc.find(f"{_W}tcPr/{_W}vMerge")
                continued = merge is not None and merge.get(_W + "val", "continue") == "continue"
                text = above.get(col, "") if continued else _cell_text(tc)
                here[col] = text
                for _ in range(span):
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                col += span
            above = here
            rows.append(" | ".join(cells))
    return rows


def templates(root: str) -> dict[str, bytes]:
    """The repository's own templates (`templates/`, path → sha256), which renderers prefer to Cascade's."""
    folder = os.path.join(root, "templates")
    found = {}
    for path, _, names in os.walk(folder):
        for name in names:
            try:
                with open(os.path.join(path, name), "rb") as fh:
                    digest = hashlib.sha256(fh.read()).digest()
            except OSError:  # unreadable: differs from every other side (the build then says why)
                digest = os.path.join(path, name).encode("utf-8")
            found[os.path.relpath(os.path.join(path, name), folder)] = digest
    return found


def same_inputs(before: Repo | None, after: Repo | None, key: str, same_templates: bool | None = None) -> bool:
    """Whether everything an OPD's documents are made from is equal on both sides: the Pemda, the
    OPD, the OPDs its crosscutting names (their boxes in its trees) and the templates (compared
    here unless `same_templates` says). Builds are reproducible, so its documents are then the same
    bytes and need not be rendered to know it."""
    if before is None or after is None or key not in before.opds or key not in after.opds:
        return False
    if before.pemda != after.pemda or before.opds[key] != after.opds[key]:
        return False
    named = {c.opd for n in after.opds[key].nodes() for c in n.crosscutting + n.crosscutting_diterima}
    if any(before.opds.get(other) != after.opds.get(other) for other in named):
        return False
    return same_templates if same_templates is not None else templates(before.root) == templates(after.root)


def changed_documents(before: Repo | None, after: Repo | None, key: str, tahun: int, max_rows: int = 40,
                      dot_cache=None, same_templates: bool | None = None) -> list[DocChange]:
    """`dot_cache`: a DotCache; a tree the change left alone is then drawn once, not once per side.
    `same_templates`: whether both sides' `templates/` are equal, when already known."""
    if same_inputs(before, after, key, same_templates):
        return []
    old, new = _outputs(before, key, tahun, dot_cache), _outputs(after, key, tahun, dot_cache)
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
