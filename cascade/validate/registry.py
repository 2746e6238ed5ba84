"""How a domain rule is declared and run: a function `(Context) -> iterable of Diagnostic` registered with
`@rule(code, title)`. The rule modules (rules.py and the rules_*.py beside it) import this one; rules.py
imports them all, so `run_rules` and `rule_table` see every rule once cascade.validate.rules is imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from cascade.diagnostics import Diagnostic, Severity
from cascade.model.types import LEVEL_LABEL, Indikator, Node, Opd, Pemda


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


RULES: list[Rule] = []


def rule(code: str, title: str, severity: Severity = Severity.ERROR, scopes: tuple[str, ...] = ("opd",)):
    def register(fn):
        RULES.append(Rule(code, severity, title, fn, scopes))
        return fn
    return register


def rule_table() -> list[tuple[str, str, str]]:
    """(code, severity, title) of every rule, once each, by code: the README's rule list."""
    seen: dict[str, Rule] = {}
    for r in RULES:
        seen.setdefault(r.code, r)
    return [(c, seen[c].severity.value, seen[c].title) for c in sorted(seen)]


def run_rules(ctx: Context, scope: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for r in RULES:
        if scope in r.scopes:
            out.extend(r.check(ctx))
    return out


def label(node: Node) -> str:
    return f"{LEVEL_LABEL[node.level].lower()} `{node.id}`"


def all_indicators(opd: Opd) -> Iterator[tuple[Node, Indikator]]:
    for n in opd.nodes():
        for i in n.indikator:
            yield n, i
