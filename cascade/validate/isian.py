"""Parts of a data file still to be filled in (code I001).

The skeletons `cascade init` and `cascade opd-baru` write (cascade/init/) hold "<isi …>" wherever
the planner has to write a value: a name, a date, a number. Such a value is told as one finding,
"fill this in", at its line, instead of the schema's complaint about it (a placeholder where a
number or a date belongs is, to the schema, a value of the wrong type).

In a plan marked `status: draf` a placeholder is what the plan still lacks (issue 26: an import asks
for the RPJMD link no table holds): its I001 is a peringatan, and the document is judged, and built,
as if the placeholder were not written, provided the schema lets the plan do without those values; a
placeholder where a value is required is still a galat.
"""
from __future__ import annotations

import re
from dataclasses import replace

from cascade.diagnostics import Diagnostic, error
from cascade.load.yaml_strict import Document
from cascade.validate.schema import check_schema

MARK = "<isi"
PLACEHOLDER = re.compile(r"<isi(?:[\s:][^<>]*)?>")


def placeholders(data, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, text) of every string value in `data` that holds a placeholder, in document order."""
    found = []
    stack = [(path, data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, str):
            if MARK in value and PLACEHOLDER.search(value):
                found.append((here, value))
        elif isinstance(value, dict):
            stack.extend((here + (k,), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((here + (i,), v) for i, v in reversed(list(enumerate(value))))
    return found


_NUMBER_HINTS = {
    "angka": "tulis angkanya tanpa tanda kutip, dengan titik sebagai desimal, misalnya 75 atau 2.5",
    "Rupiah": "tulis Rupiahnya tanpa tanda kutip dan tanpa pemisah ribuan, misalnya 150000000",
}


def _field(path: tuple) -> str:
    """The field a placeholder stands in, as a planner names it: "target tahun 2026", "nilai baseline"."""
    names = [str(p) for p in path if not isinstance(p, int)]
    year = names.pop() if names and re.fullmatch(r"(19|20)[0-9]{2}", names[-1]) else None
    if names[-2:] == ["baseline", "nilai"]:
        return "nilai baseline"
    name = (names[-1] if names else "nilai").replace("_", " ")
    return f"{name} tahun {year}" if year else name


def unfilled(doc: Document) -> list[Diagnostic]:
    if not doc.may_hold_placeholders:  # walking every value costs ~1.7 s in a 40-OPD Pemda; the text search, nothing
        return []
    found = []
    for path, text in placeholders(doc.data):
        asked = PLACEHOLDER.search(text).group(0)[4:-1].strip(" :")
        if asked in _NUMBER_HINTS:
            what, hint = f"{_field(path)} ({asked})", _NUMBER_HINTS[asked]
        else:
            what, hint = asked or _field(path), "ganti seluruh \"<isi …>\" dengan isiannya"
        found.append(error(doc.loc(path), "I001", f"bagian ini belum diisi: {what}", hint))
    return found


def check_document(doc: Document, kind: str, draf: bool = False) -> list[Diagnostic]:
    """The schema's findings for `doc`, with every placeholder told as I001 in place of what the schema
    says about the value it stands in. In a draft (`draf`), the placeholders are taken out of
    `doc.data` (so the model is built without them) and told as peringatan."""
    holes = unfilled(doc)
    if holes and draf:
        return _draft_findings(doc, kind, holes)
    found = check_schema(doc, kind)
    if not holes:
        return found
    at = {d.loc for d in holes}
    return holes + [d for d in found if d.loc not in at]


def _draft_findings(doc: Document, kind: str, holes: list[Diagnostic]) -> list[Diagnostic]:
    """A draft's findings: the document judged without its placeholders. A placeholder whose value the
    schema requires stays a galat (told at its own line, not as the value missing from its parent); the
    others are peringatan, and when nothing else is wrong the model is built from the data without them."""
    from cascade.validate.registry import as_warnings  # registry → model; isian loads before either

    parent = {h.loc: doc.loc(path[:-1]) for h, (path, _) in zip(holes, placeholders(doc.data))}
    stripped = replace(doc, data=without_placeholders(doc.data))
    found = check_schema(stripped, kind)
    blamed = {d.loc for d in found}
    needed = [h for h in holes if h.loc in blamed or parent[h.loc] in blamed]
    if not found:
        doc.data = stripped.data
    told = {h.loc for h in holes} | {parent[h.loc] for h in needed}
    return needed + list(as_warnings(h for h in holes if h not in needed)) + [d for d in found if d.loc not in told]


def without_placeholders(data):
    """`data` without the values that are placeholders: a key holding one is left out, as is a list item
    (positions of later items of that list are then off by one; placeholders sit in short id lists)."""
    if isinstance(data, dict):
        return {k: without_placeholders(v) for k, v in data.items() if not _is_placeholder(v)}
    if isinstance(data, list):
        return [without_placeholders(v) for v in data if not _is_placeholder(v)]
    return data


def _is_placeholder(value) -> bool:
    return isinstance(value, str) and MARK in value and bool(PLACEHOLDER.search(value))
