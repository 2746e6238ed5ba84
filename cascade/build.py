"""Render every output of one OPD and write them; renderer failures become diagnostics."""
from __future__ import annotations

import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Callable

from cascade.diagnostics import Diagnostic, Loc, internal
from cascade.documents import Job, PemdaJob, RenderError, draws_only, pemda_renderers, renderers
from cascade.formats.docx.house import mark_draf
from cascade.formats.dot.cache import DotCache
from cascade.freshness import Inputs, manifest_bytes
from cascade.model.types import Repo
from cascade.oserrors import describe
from cascade.pipeline import without_gc
from cascade.write import write_outputs


@dataclass(frozen=True)
class Provenance:
    """What a folder is built from, recorded in its manifest once every output is written."""

    inputs: Inputs
    warnings: int = 0
    keep: Callable[[str], bool] = lambda sub_folder: False  # another producer's current outputs live there


def _run(render_fns, job, where: str) -> tuple[list, list[Diagnostic]]:
    """Run the renderers and keep their outputs in renderer order.

    The trees, which wait on `dot` and build no document, run in a thread beside the others; the Word
    and Excel renderers run one after another in this thread. python-docx, docxtpl and openpyxl build
    on lxml, whose parsers and trees are not to be shared between threads: side by side they once
    failed a CI build inside lxml and, once, gave a document other bytes, and they gained ≈ 0.25 s of
    a 3 s build (the GIL runs one of them at a time anyway).
    """
    trees = [render for render in render_fns if draws_only(render)]
    with without_gc(), ThreadPoolExecutor(max_workers=1) as pool:
        drawn = {render: pool.submit(_attempt, render, job, where) for render in trees}
        done = {render: _attempt(render, job, where) for render in render_fns if render not in drawn}
        done.update((render, future.result()) for render, future in drawn.items())
    outputs, diags = [], []
    for render in render_fns:
        made, problems = done[render]
        outputs.extend(made)
        diags.extend(problems)
    return outputs, diags


def _attempt(render, job, where: str) -> tuple[list, list[Diagnostic]]:
    """(outputs, problems) of one renderer; its failure is a located finding, never a traceback."""
    try:
        return list(render(job)), []
    except RenderError as exc:
        return [], exc.diagnostics(where)
    except OSError as exc:  # a library's temporary file (openpyxl writes one per sheet) on a full disk
        return [], [describe(exc, "menyiapkan dokumen", shown=where)]
    except Exception as exc:  # noqa: BLE001 — a bug in one renderer: this folder fails, named, the others go on
        if os.environ.get("CASCADE_DEBUG"):
            traceback.print_exception(exc)
        return [], [internal(exc, Loc(where), f"menyusun dokumen {_document_of(render)}")]


def _document_of(render) -> str:
    """The document group a renderer makes ("iku" for cascade.documents.iku.render)."""
    return render.__module__.rsplit(".", 1)[-1]


def render_opd(repo: Repo, key: str, tahun: int, dot_cache: DotCache | None = None) -> tuple[list, list[Diagnostic]]:
    job = Job(repo, repo.opds[key], tahun, dot_cache=dot_cache)
    outputs, diags = _run(renderers(job.draf), job, f"data/opd/{key}")
    return marked(outputs, job.draf), diags


def render_pemda(repo: Repo, tahun: int, dot_cache: DotCache | None = None) -> tuple[list, list[Diagnostic]]:
    job = PemdaJob(repo, tahun, dot_cache=dot_cache)
    outputs, diags = _run(pemda_renderers(job.draf), job, "data/pemda.yaml")
    return marked(outputs, job.draf), diags


def marked(outputs: list, draf: bool) -> list:
    """A draft's Word documents with "DRAF" on every page (images and sheets say it in their titles)."""
    if not draf:
        return outputs
    return [replace(o, data=mark_draf(o.data)) if o.path.endswith(".docx") else o for o in outputs]


def _cache_folder(out_dir: str, name: str) -> str:
    # beside the OPD folders (build/.cache/<name>), shared by every OPD and by parallel builds
    return os.path.join(os.path.dirname(os.path.abspath(out_dir)), ".cache", name)


def dot_cache_for(out_dir: str) -> DotCache:
    return DotCache(_cache_folder(out_dir, "dot"))


def build_opd_outputs(repo: Repo, key: str, tahun: int, out_dir: str,
                      provenance: Provenance | None = None) -> tuple[list[str], list[str], list[Diagnostic]]:
    """(written, removed, problems). Nothing is written unless every renderer succeeded: a partial
    set of documents would look complete."""
    cache = dot_cache_for(out_dir)
    outputs, diags = render_opd(repo, key, tahun, cache)
    return write_folder(out_dir, outputs, diags, (cache,), provenance)


def build_pemda_outputs(repo: Repo, tahun: int, out_dir: str,
                        provenance: Provenance | None = None) -> tuple[list[str], list[str], list[Diagnostic]]:
    cache = dot_cache_for(out_dir)
    outputs, diags = render_pemda(repo, tahun, cache)
    return write_folder(out_dir, outputs, diags, (cache,), provenance)


def write_folder(out_dir: str, outputs: list, diags: list[Diagnostic], caches=(),
                 provenance: Provenance | None = None) -> tuple[list[str], list[str], list[Diagnostic]]:
    if diags:
        return [], [], diags
    manifest = None if provenance is None else manifest_bytes(provenance.inputs, [o.path for o in outputs], provenance.warnings)
    keep = (lambda sub: False) if provenance is None else provenance.keep
    try:
        done = write_outputs(out_dir, outputs, manifest, keep)
    except OSError as exc:
        return [], [], [describe(exc)]
    for cache in caches:
        cache.prune()
    return done.written, done.removed, []
