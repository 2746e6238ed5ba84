"""`python -m cascade review`: load both sides, validate both, diff the models and the documents."""
from __future__ import annotations

import os
import tempfile

from cascade.diagnostics import Diagnostic
from cascade.formats.dot.cache import DotCache
from cascade.load.sources import known_opds
from cascade.pipeline import check
from cascade.review.diff import diff_opd
from cascade.review.docs import changed_documents, templates
from cascade.review.gitsrc import commit_of, default_base, export_revision, git
from cascade.review.report import render_report


def _key(d: Diagnostic) -> tuple:
    return (d.loc.file, d.code, d.message)


def review(root: str, base: str | None, keys: list[str] | None, tahun: int | None, with_documents: bool = True) -> tuple[str, bool]:
    """Returns (Markdown report, whether the head side has validation errors)."""
    root = os.path.abspath(root)
    base = base or default_base(root)
    base_label = git(root, "rev-parse", "--short", commit_of(root, base))  # GitError, told by the CLI, when none
    with tempfile.TemporaryDirectory(prefix="cascade-base-") as tmp:
        export_revision(root, base, tmp)
        all_keys = sorted(set(known_opds(root)) | set(known_opds(tmp)))
        wanted = keys or all_keys
        head_keys = [k for k in wanted if k in known_opds(root)]
        base_keys = [k for k in wanted if k in known_opds(tmp)]
        head = check(root, head_keys, tahun)
        before = check(tmp, base_keys, tahun)
        old = {_key(d) for d in before.report.items}
        new_problems = [d for d in head.report.sorted() if _key(d) not in old]
        diffs, documents = [], ({} if with_documents else None)
        # the builds' Graphviz cache (build/.cache/dot): trees already built, and every tree the
        # change left alone on the second side, are not drawn again
        trees = DotCache(os.path.join(root, "build", ".cache", "dot"))
        same_templates = templates(tmp) == templates(root)
        pemda = (head.repo or before.repo).pemda if (head.repo or before.repo) else None
        if pemda is not None:
            for key in wanted:
                a = before.repo.opds.get(key) if before.repo else None
                b = head.repo.opds.get(key) if head.repo else None
                diffs.append(diff_opd(key, a, b, pemda))
                if documents is not None:  # rendered while the base checkout still exists
                    documents[key] = changed_documents(before.repo, head.repo, key, head.tahun or before.tahun,
                                                       dot_cache=trees, same_templates=same_templates)
        trees.prune()
    report = render_report(base_label, "pohon kerja", new_problems, diffs, documents)
    return report, bool(head.report.errors)
