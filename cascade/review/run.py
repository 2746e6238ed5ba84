"""`python -m cascade review`: load both sides, validate both, compare the models and the documents
into one `Review` (review/result.py), which the reporters print."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace

from cascade.diagnostics import Diagnostic
from cascade.formats.dot.cache import DotCache
from cascade.load.sources import known_opds
from cascade.model.types import Opd, Pemda, Repo
from cascade.pipeline import check
from cascade.review.diff import OpdDiff, forget_series, node_label, opd_total, series
from cascade.review.docs import changed_documents, changed_pemda_documents, templates
from cascade.review.gitsrc import commit_of, default_base, export_revision, head_state, short
from cascade.review.narrative import diff_narratives
from cascade.review.pemda import diff_pemda
from cascade.review.people import diff_people
from cascade.review.realisasi import diff_realisasi
from cascade.review.rencana_aksi import diff_rencana_aksi
from cascade.review.result import OpdReview, Problem, Review, Revision, Rollup, YearValue


@dataclass
class ReviewRun:
    review: Review
    pictures: dict[str, dict[str, tuple]] = field(default_factory=dict)  # opd → tree → (SVG before, SVG after)


def _key(d: Diagnostic) -> tuple:
    return (d.loc.file, d.code, d.message)


def _problem(d: Diagnostic) -> Problem:
    return Problem(d.loc.file, d.loc.line, d.loc.column, d.severity.value, d.code, d.message, d.hint)


def _names(before: Repo | None, after: Repo | None):
    """How crosscutting partners are named: the OPD and the box, from whichever side has them."""
    def crosscutting(c) -> str:
        for repo in (after, before):
            opd = repo.opds.get(c.opd) if repo else None
            if opd:
                node = opd.node(c.node)
                return f"{opd.nama}: {node_label(node)}" if node else opd.nama
        return c.opd
    return crosscutting


def review_opd(key: str, before: Opd | None, after: Opd | None, pemda: Pemda, crosscutting) -> OpdReview:
    present = after or before
    if before == after:  # the same data, realisasi and narrative: nothing to compare (most OPDs of a change)
        return OpdReview(key, present.nama, "sama")
    empty = Opd(loc=present.loc, key=key)
    a, b = before or empty, after or empty
    status = "baru" if before is None else "dihapus" if after is None else "berubah"
    jabatan = {**a.jabatan_by_id(), **b.jabatan_by_id()}
    model = OpdDiff(a, b, pemda, lambda jid: jabatan[jid].nama if jid in jabatan else jid, crosscutting)
    indicators, numbers = model.indicators()
    found = {i.id: (i.nama, i.satuan) for opd in (a, b) for n in opd.nodes() for i in n.indikator}
    nodes = {n.id: node_label(n) for opd in (a, b) for n in opd.nodes()}
    realisasi = diff_realisasi(a, b, lambda i: found.get(i, (i, "")), lambda n: nodes.get(n, n))
    jabatan_changes, holders, effects = diff_people(a, b, pemda)
    review = OpdReview(key, present.nama, status, tuple(model.nodes()), tuple(indicators), tuple(numbers),
                       tuple(model.node_numbers()), tuple(model.rollups()), tuple(realisasi), tuple(jabatan_changes),
                       tuple(holders), tuple(effects), tuple(diff_narratives(a.narratives, b.narratives)))
    review = replace(review, rencana_aksi=tuple(diff_rencana_aksi(
        a, b, lambda i: found.get(i, (i, "")), lambda j: jabatan[j].nama if j in jabatan else j)))
    if status == "berubah" and not review.model_changed:
        review = replace(review, status="sama")
    return review


def _totals(before: Repo | None, after: Repo | None, keys) -> tuple[Rollup, ...]:
    """Every series summed over the compared OPDs, the years whose sum changed."""
    def summed(repo, name):
        out: dict[int, float] = {}
        for key in keys:
            opd = repo.opds.get(key) if repo else None
            for year, v in (opd_total(opd, name) if opd else {}).items():
                out[year] = out.get(year, 0) + v
        return out
    names = sorted({n for repo in (before, after) if repo for k in keys if k in repo.opds
                    for node in repo.opds[k].nodes() for n in series(node)})
    out = []
    for name in names:
        a, b = summed(before, name), summed(after, name)
        years = tuple(YearValue(y, a.get(y), b.get(y)) for y in sorted(set(a) | set(b)) if a.get(y) != b.get(y))
        if years:
            out.append(Rollup("berubah", name, "pemda", "", "", years))
    return tuple(out)


def _revisions(root: str, base: str | None) -> tuple[str, Revision, Revision]:
    if base:
        base_commit, base_name = commit_of(root, base), base  # GitError, told by the CLI, when none
    else:
        base_commit, ref = default_base(root)
        base_name = f"titik cabang dari {ref}" if ref else ""
    branch, head_commit, dirty = head_state(root)
    head = Revision(branch or os.environ.get("GITHUB_HEAD_REF", ""), head_commit, dirty)
    return base_commit, Revision(base_name, short(root, base_commit)), head


def review(root: str, base: str | None, keys: list[str] | None, tahun: int | None,
           with_documents: bool = True) -> ReviewRun:
    try:
        return _review(root, base, keys, tahun, with_documents)
    finally:
        forget_series()  # the two models are no longer needed


def _review(root: str, base: str | None, keys: list[str] | None, tahun: int | None, with_documents: bool) -> ReviewRun:
    root = os.path.abspath(root)
    base_commit, base_rev, head_rev = _revisions(root, base)
    with tempfile.TemporaryDirectory(prefix="cascade-base-") as tmp:
        export_revision(root, base_commit, tmp)
        all_keys = sorted(set(known_opds(root)) | set(known_opds(tmp)))
        wanted = keys or all_keys
        head = check(root, [k for k in wanted if k in known_opds(root)], tahun)
        before = check(tmp, [k for k in wanted if k in known_opds(tmp)], tahun)
        old = {_key(d) for d in before.report.items}
        problems = tuple(_problem(d) for d in head.report.sorted() if _key(d) not in old)
        unreadable = tuple(side for side, c in (("pembanding", before), ("usulan", head)) if c.repo is None)
        a_repo, b_repo = before.repo, head.repo
        pemda = (b_repo or a_repo).pemda if (b_repo or a_repo) else None
        opds, pictures = [], {}
        year = head.tahun or before.tahun
        if pemda is not None and not unreadable:
            # the builds' Graphviz cache (build/.cache/dot): trees already built, and every tree the
            # change left alone on the second side, are not drawn again
            trees = DotCache(os.path.join(root, "build", ".cache", "dot"))
            same_templates = templates(tmp) == templates(root)
            crosscutting = _names(a_repo, b_repo)
            for key in wanted:
                a, b = a_repo.opds.get(key), b_repo.opds.get(key)
                if a is None and b is None:
                    continue
                opd = review_opd(key, a, b, pemda, crosscutting)
                if with_documents:  # rendered while the base checkout still exists
                    docs, pictures[key], note = changed_documents(a_repo, b_repo, key, year, trees, same_templates)
                    opd = replace(opd, documents=tuple(docs), documents_note=note)
                opds.append(opd)
        totals = _totals(a_repo, b_repo, wanted) if not unreadable else ()
        pemda_review = diff_pemda(a_repo, b_repo) if not unreadable else None
        if pemda_review is not None and pemda_review.changed and with_documents:  # build/pemda/ follows the RPJMD
            docs, pictures["pemda"], note = changed_pemda_documents(a_repo, b_repo, year, trees)
            pemda_review = replace(pemda_review, documents=tuple(docs), documents_note=note)
        if pemda is not None and not unreadable:
            trees.prune()
    result = Review(base_rev, head_rev, year or 0, problems, tuple(opds), totals, unreadable, with_documents,
                    pemda_review)
    return ReviewRun(result, {k: v for k, v in pictures.items() if v})
