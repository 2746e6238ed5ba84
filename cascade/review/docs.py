"""Which generated documents a change alters, found by rendering both sides in memory, and how.

Builds are byte-reproducible, so equal hashes mean equal documents. A changed table document (Word,
Excel, Markdown) is compared cell by cell (review/tables.py); a changed tree by its boxes, read from
its Graphviz source (review/trees.py), its picture files told as one tree.
"""
from __future__ import annotations

import hashlib
import os
import posixpath

from cascade.build import render_opd, render_pemda
from cascade.model.types import Repo
from cascade.review.result import DocChange
from cascade.review.tables import TableDiff, diff_grids, docx_grids, text_grids, xlsx_grids
from cascade.review.trees import diff_trees

_GRIDS = {".docx": docx_grids, ".xlsx": xlsx_grids, ".md": text_grids}
_TREE_FORMATS = (".dot", ".svg", ".png")


def _outputs(repo: Repo | None, key: str, tahun: int, dot_cache=None) -> dict[str, bytes] | None:
    """The OPD's documents; {} when the side has no such OPD, None when they cannot be built."""
    if repo is None or key not in repo.opds:
        return {}
    outputs, diags = render_opd(repo, key, tahun, dot_cache)
    return None if diags else {o.path: o.data for o in outputs}


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


def changed_documents(before: Repo | None, after: Repo | None, key: str, tahun: int, dot_cache=None,
                      same_templates: bool | None = None) -> tuple[list[DocChange], dict[str, tuple], str]:
    """(changes, pictures of changed trees: path → (SVG before, SVG after), a note when a side's
    documents cannot be built). `dot_cache`: a DotCache, so a tree the change left alone is drawn
    once, not once per side. `same_templates`: whether both sides' `templates/` are equal, when known."""
    if same_inputs(before, after, key, same_templates):
        return [], {}, ""
    old, new = _outputs(before, key, tahun, dot_cache), _outputs(after, key, tahun, dot_cache)
    if old is None or new is None:
        side = "usulan" if new is None else "pembanding"
        return [], {}, f"Dokumen sisi {side} tidak dapat dibangun karena ada galat, jadi dokumen tidak dibandingkan."
    return (*_compare(old, new), "")


def changed_pemda_documents(before: Repo, after: Repo, tahun: int,
                            dot_cache=None) -> tuple[list[DocChange], dict[str, tuple], str]:
    """As `changed_documents`, for the Pemda's own documents (build/pemda/: the kepala daerah's PK, the
    IKU Pemda, keselarasan, the Pemda tree)."""
    sides = []
    for repo in (before, after):
        outputs, diags = render_pemda(repo, tahun, dot_cache)
        sides.append(None if diags else {o.path: o.data for o in outputs})
    old, new = sides
    if old is None or new is None:
        side = "usulan" if new is None else "pembanding"
        return [], {}, f"Dokumen Pemda sisi {side} tidak dapat dibangun karena ada galat, jadi tidak dibandingkan."
    return (*_compare(old, new), "")


def _compare(old: dict[str, bytes], new: dict[str, bytes]) -> tuple[list[DocChange], dict[str, tuple]]:
    """The changed documents of two sides' outputs (path → bytes), and the SVGs of the changed trees."""
    changes: dict[str, DocChange] = {}
    trees: dict[str, dict[str, tuple]] = {}
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is not None and b is not None and hashlib.sha256(a).digest() == hashlib.sha256(b).digest():
            continue
        stem, ext = posixpath.splitext(path)
        if ext in _TREE_FORMATS and (stem + ".dot" in old or stem + ".dot" in new):
            trees.setdefault(stem, {})[ext] = (a, b)
            continue
        status = "baru" if a is None else "dihapus" if b is None else "berubah"
        reader = _GRIDS.get(ext)
        if reader is None:
            changes[path] = DocChange(path, status, "berkas")
            continue
        diff = diff_grids(reader(a) if a is not None else [], reader(b) if b is not None else [])
        changes[path] = _table_change(path, status, diff)
    pictures = {}
    for stem, files in trees.items():
        a_dot, b_dot = files.get(".dot", (old.get(stem + ".dot"), new.get(stem + ".dot")))
        status = "baru" if a_dot is None else "dihapus" if b_dot is None else "berubah"
        boxes = diff_trees((a_dot or b"").decode("utf-8"), (b_dot or b"").decode("utf-8"))
        changes[stem] = DocChange(stem, status, "pohon", tuple(sorted(e.lstrip(".") for e in files)), boxes=boxes)
        if ".svg" in files:
            pictures[stem] = files[".svg"]
    return [changes[p] for p in sorted(changes)], pictures


def _table_change(path: str, status: str, diff: TableDiff) -> DocChange:
    return DocChange(path, status, "tabel", (), diff.rows_changed, diff.cells_changed, diff.rows_added,
                     diff.rows_removed, diff.cells, diff.rows)
