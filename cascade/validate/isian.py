"""Parts of a data file still to be filled in (code I001).

The skeletons `cascade init` and `cascade opd-baru` write (cascade/init/) hold "<isi …>" wherever
the planner has to write a value: a name, a date, a number. Such a value is told as one finding,
"fill this in", at its line, instead of the schema's complaint about it (a placeholder where a
number or a date belongs is, to the schema, a value of the wrong type).
"""
from __future__ import annotations

import re

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


def _what(path: tuple, text: str) -> str:
    asked = PLACEHOLDER.search(text).group(0)[4:-1].strip(" :")
    return asked or next((p for p in reversed(path) if isinstance(p, str)), "nilai ini")


def unfilled(doc: Document) -> list[Diagnostic]:
    return [error(doc.loc(path), "I001", f"bagian ini belum diisi: {_what(path, text)}",
                  "ganti seluruh tanda `<isi …>` (beserta tanda kutipnya bila isinya angka) dengan isian yang sebenarnya")
            for path, text in placeholders(doc.data)]


def check_document(doc: Document, kind: str) -> list[Diagnostic]:
    """The schema's findings for `doc`, with every placeholder told as I001 in place of what the schema
    says about the value it stands in."""
    holes = unfilled(doc)
    found = check_schema(doc, kind)
    if not holes:
        return found
    at = {d.loc for d in holes}
    return holes + [d for d in found if d.loc not in at]
