"""The whole run, stage by stage: load → validate (schema, rules) → model → render → write.

Each stage takes and returns plain data; only `load.sources` and `write` touch files.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field

from cascade.diagnostics import Loc, Report, Severity, error
from cascade.load.sources import (
    check_opd_name,
    known_opds,
    load_opd_sources,
    load_sources,
)
from cascade.model.build import build_nomenklatur, build_opd, build_pemda
from cascade.model.types import Opd, Pemda, Repo
from cascade.validate.isian import check_document
from cascade.validate.rules import Context, run_rules


@dataclass
class Checked:
    """The result of loading and validating: the model when it could be built, and every finding."""

    report: Report
    repo: Repo | None = None
    tahun: int = 0
    keys: list[str] = field(default_factory=list)


def _resolve_tahun(pemda: Pemda, tahun: int | None, report: Report) -> int:
    years = pemda.years
    if tahun is None:
        tahun = pemda.settings.tahun_berjalan
        if tahun not in years:
            report.add(error(pemda.settings.at("tahun_berjalan"), "C002",
                             f"tahun_berjalan {tahun} berada di luar periode RPJMD {years[0]}–{years[-1]}",
                             "perbaiki `tahun_berjalan` di data/pemda.yaml"))
        return tahun
    if tahun not in years:
        report.add(error(Loc("tahun"), "C002", f"tahun {tahun} berada di luar periode RPJMD {years[0]}–{years[-1]}",
                         f"pilih tahun {years[0]} sampai {years[-1]}, misalnya `tahun={pemda.settings.tahun_berjalan}`"))
    return tahun


def _referenced_opds(sources) -> set[str]:
    """OPD keys named by `crosscutting` / `crosscutting_diterima` anywhere in the loaded OPD files."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("crosscutting", "crosscutting_diterima") and isinstance(item, list):
                    found.update(c["opd"] for c in item if isinstance(c, dict) and isinstance(c.get("opd"), str))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for src in sources.opds.values():
        for doc in [src.renstra, *src.programs]:
            if doc is not None:
                walk(doc.data)
    return found


@contextmanager
def without_gc():
    """Loading allocates a million small, acyclic objects that all live to the end of the run; the
    cycle collector would only re-scan them again and again (a third of a 40-OPD check, issue 9).
    Rendering likewise (`build._run`): its garbage is freed by reference counting, and what is
    cyclic is collected once the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(root: str, keys: list[str] | None = None, tahun: int | None = None) -> Checked:
    with without_gc():
        return _check(root, keys, tahun)


def _errors(found) -> bool:
    return any(d.severity is Severity.ERROR for d in found)


def _marked_draf(data, path: tuple) -> bool:
    """`status: draf` in a file not yet checked (the model's `is_draf` comes later), read defensively."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return isinstance(data, dict) and data.get("status") == "draf"


def _check(root: str, keys: list[str] | None, tahun: int | None) -> Checked:
    """Load and validate the Pemda and the OPDs in `keys` (every OPD when None).

    Besides the OPDs asked for, only the OPDs their crosscutting links name are loaded (so those
    links can be checked and drawn): checking one OPD costs the same in a Pemda of 5 or 60 OPDs.
    Only the problems of the OPDs asked for (and of data/pemda.yaml) are reported.
    """
    report = Report()
    root = os.path.abspath(root)
    if keys is None:
        keys = known_opds(root)
    for key in keys:
        report.extend(check_opd_name(root, key))
    if report.errors:
        return Checked(report, keys=keys)

    whole = set(keys) >= set(known_opds(root))
    sources, diags = load_sources(root, None if whole else keys)
    if not whole:
        for ref in sorted(_referenced_opds(sources) - set(sources.opds)):
            if ref in known_opds(root):
                src, found = load_opd_sources(root, ref)
                sources.opds[ref] = src
                diags.extend(found)
    wanted = set(keys)
    shown = {sources.opds[k].folder for k in wanted}

    def mine(d) -> bool:
        return not d.loc.file.startswith("data/opd/") or any(d.loc.file.startswith(f + "/") for f in shown)

    report.extend(d for d in diags if mine(d))

    pemda_ok = sources.pemda is not None
    pemda_draf = pemda_ok and _marked_draf(sources.pemda.data, ())
    if pemda_ok:
        found = check_document(sources.pemda, "pemda", pemda_draf)
        report.extend(found)
        pemda_ok = not _errors(found)
    opds: dict[str, Opd] = {}
    orphans: dict[str, tuple] = {}
    for key, src in sources.opds.items():
        docs = [(src.opd, "opd"), (src.renstra, "renstra")] + [(d, "program") for d in src.programs] + [(d, "realisasi") for d in src.realisasi]
        docs += [(d, "rencana-aksi") for d in src.rencana_aksi]
        docs += [(src.kinerja_lalu, "kinerja-periode-lalu")] if src.kinerja_lalu is not None else []
        ok = all(doc is not None for doc, _ in docs[:2]) and not any(
            d.loc.file.startswith(src.folder + "/") and d.severity.value == "galat" for d in diags)
        draf = pemda_draf or (src.opd is not None and _marked_draf(src.opd.data, ("opd",)))
        for doc, kind in docs:
            if doc is not None:
                found = check_document(doc, kind, draf)
                if key in wanted:
                    report.extend(found)
                ok = ok and not _errors(found)
        if ok:
            opds[key], orphans[key] = build_opd(src)
    if not pemda_ok or report.errors:
        return Checked(report, keys=keys)

    pemda = build_pemda(sources.pemda)
    nomenklatur = build_nomenklatur(sources)
    # the period first: every other rule, and the year being built, are about the years of the period
    report.extend(run_rules(Context(pemda, None, {}, nomenklatur, 0), "periode"))
    if report.errors:
        return Checked(report, keys=keys)
    tahun = _resolve_tahun(pemda, tahun, report)
    repo = Repo(root=root, pemda=pemda, opds=opds, nomenklatur=nomenklatur)
    # Pemda-wide rules see every OPD; what they find inside an OPD's folder belongs to that OPD's check.
    pemda_ctx = Context(pemda, None, opds, nomenklatur, tahun, root=root)
    report.extend(d for d in run_rules(pemda_ctx, "pemda") if mine(d))
    if whole:  # whole-Pemda findings need every OPD in view
        report.extend(run_rules(pemda_ctx, "semua"))
    for key in keys:
        others = {k: v for k, v in opds.items() if k != key}
        ctx = Context(pemda, opds[key], others, nomenklatur, tahun, orphans.get(key, ()))
        report.extend(run_rules(ctx, "opd"))
    return Checked(report, repo, tahun, keys)
