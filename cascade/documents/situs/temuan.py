"""The findings of a run as the pages show them: where (file:line:col), code, message, saran, and
which box of the pohon each finding is about (the node whose YAML holds the finding's line)."""
from __future__ import annotations

import bisect
from typing import Iterable, Sequence

from cascade.diagnostics import Diagnostic, Severity
from cascade.model.types import Opd

TINGKAT = {Severity.ERROR: "galat", Severity.WARNING: "peringatan", Severity.INFO: "catatan"}


def row(d: Diagnostic) -> dict:
    """One finding as the list, the banner and the details panel print it."""
    return {"lokasi": str(d.loc), "tingkat": TINGKAT[d.severity], "kode": d.code, "pesan": d.message,
            "saran": d.hint}


def ordered(findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings and notes; each by place, so the same run gives the same page."""
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    unique = {(rank[d.severity], d.sort_key(), d.hint): d for d in findings}
    return [unique[k] for k in sorted(unique)]


def errors(findings: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in ordered(findings) if d.severity is Severity.ERROR]


def by_node(opd: Opd, findings: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """node id → the findings about it: a finding on one of the node's own fields belongs to it;
    otherwise to the node that starts last before the finding's line in the same file (the
    innermost node around it, as YAML lists a node's children inside it)."""
    fields: dict[tuple[str, int], str] = {}
    starts: dict[str, list[tuple[int, str]]] = {}
    for node in opd.nodes():
        for loc in [node.loc, *node.locs.values(), *(i.loc for i in node.indikator)]:
            if loc.line:
                fields.setdefault((loc.file, loc.line), node.id)
        if node.loc.line:
            starts.setdefault(node.loc.file, []).append((node.loc.line, node.id))
    for lines in starts.values():
        lines.sort()
    found: dict[str, list[Diagnostic]] = {}
    for d in ordered(findings):
        node_id = fields.get((d.loc.file, d.loc.line))
        if node_id is None and d.loc.line and d.loc.file in starts:
            lines = starts[d.loc.file]
            i = bisect.bisect_right(lines, (d.loc.line, "\uffff")) - 1
            node_id = lines[i][1] if i >= 0 else None
        if node_id is not None:
            found.setdefault(node_id, []).append(d)
    return found


def marks(details: dict) -> dict[str, str]:
    """box → "galat" when a finding in its details (`temuan` rows) is an error, else "peringatan" for
    a warning; boxes without either are left out."""
    out = {}
    for name, d in details.items():
        levels = {t["tingkat"] for t in d["temuan"]}
        mark = next((m for m in ("galat", "peringatan") if m in levels), None)
        if mark:
            out[name] = mark
    return out
