"""Render every output of one OPD and write them; renderer failures become diagnostics."""
from __future__ import annotations

from .diagnostics import Diagnostic, Loc, error
from .model.types import Repo
from .render import Job, RenderError, renderers
from .write import write_outputs


def render_opd(repo: Repo, key: str, tahun: int) -> tuple[list, list[Diagnostic]]:
    job = Job(repo, repo.opds[key], tahun)
    outputs, diags = [], []
    for render in renderers():
        try:
            outputs.extend(render(job))
        except RenderError as exc:
            diags.append(error(Loc(f"data/opd/{key}"), exc.code, exc.message, exc.hint))
    return outputs, diags


def build_opd_outputs(repo: Repo, key: str, tahun: int, out_dir: str) -> tuple[list[str], list[Diagnostic]]:
    """Nothing is written unless every renderer succeeded: a partial set of documents would look complete."""
    outputs, diags = render_opd(repo, key, tahun)
    if diags:
        return [], diags
    return write_outputs(out_dir, outputs), []
