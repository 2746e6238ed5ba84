"""How a domain rule is declared and run: a function `(Context) -> iterable of Diagnostic` registered with
`@rule(code, title)`. The rule modules (rules.py and the rules_*.py beside it) import this one; rules.py
imports them all, so `run_rules` and `rule_table` see every rule once cascade.validate.rules is imported.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from cascade.diagnostics import Diagnostic, Severity
from cascade.model.types import LEVEL_LABEL, Indikator, Node, Opd, Pemda, is_draf


@dataclass(frozen=True)
class Context:
    pemda: Pemda
    opd: Opd | None
    others: dict  # key → Opd for every other OPD whose model could be built
    nomenklatur: dict  # kode → NomenklaturEntry
    tahun: int
    orphans: tuple = ()  # programs whose sasaran does not exist
    root: str = ""  # the Pemda repository (rules that look at files data/ names, e.g. the logo)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Callable[[Context], Iterable[Diagnostic]]
    scopes: tuple[str, ...]  # "opd": run once per OPD; "pemda": run once for data/pemda.yaml
    # A completeness rule finds what a plan still lacks (a target not set, a program without kegiatan, a
    # post without holder): in a plan marked `status: draf` its galat is only a peringatan.
    completeness: bool = False


RULES: list[Rule] = []


def rule(code: str, title: str, severity: Severity = Severity.ERROR, scopes: tuple[str, ...] = ("opd",),
         completeness: bool = False):
    def register(fn):
        RULES.append(Rule(code, severity, title, fn, scopes, completeness))
        return fn
    return register


DRAF_SEVERITY = "galat (peringatan bila draf)"


def rule_table() -> list[tuple[str, str, str]]:
    """(code, severity, title) of every rule, once each, by code: the README's rule list."""
    seen: dict[str, Rule] = {}
    for r in RULES:
        seen.setdefault(r.code, r)
    return [(c, DRAF_SEVERITY if seen[c].completeness else seen[c].severity.value, seen[c].title) for c in sorted(seen)]


def run_rules(ctx: Context, scope: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    draf = is_draf(ctx.pemda, ctx.opd)
    for r in RULES:
        if scope in r.scopes:
            found = r.check(ctx)
            out.extend(as_warnings(found) if draf and r.completeness else found)
    return out


def as_warnings(found: Iterable[Diagnostic]) -> Iterator[Diagnostic]:
    """What a draft still lacks, reported without stopping the build."""
    for d in found:
        yield replace(d, severity=Severity.WARNING, hint=_draf_hint(d.hint))


def _draf_hint(hint: str) -> str:
    note = "rencana masih berstatus draf; pada rencana final temuan ini galat"
    return f"{hint}; {note}" if hint else note


def label(node: Node) -> str:
    return f"{LEVEL_LABEL[node.level].lower()} `{node.id}`"


def all_indicators(opd: Opd) -> Iterator[tuple[Node, Indikator]]:
    for n in opd.nodes():
        for i in n.indikator:
            yield n, i
