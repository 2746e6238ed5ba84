"""Render stage: one module per output. Each renderer is a pure function

    render(job: Job) -> list[Output]          (one OPD, into build/<opd>/)
    render_pemda(job: PemdaJob) -> list[Output]  (the whole Pemda, into build/pemda/)

that returns file contents as bytes; only `cascade.write` puts them on disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.types import Opd, Repo


@dataclass(frozen=True)
class Job:
    repo: Repo
    opd: Opd
    tahun: int  # the year being built (PK, trees)
    # results one renderer computes and another reuses within this job (the overview tree is also
    # the Renstra's Gambar 4.1); never compared, never outlives the job
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    dot_cache: object = field(default=None, compare=False, repr=False)  # a cascade.dot_cache.DotCache


@dataclass(frozen=True)
class PemdaJob:
    repo: Repo
    tahun: int
    dot_cache: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, forward slashes
    data: bytes


class RenderError(Exception):
    """A renderer cannot run (e.g. a missing external tool, a broken template); carries an Indonesian
    message and hint, and `file` (and `line`) when one file is to blame, e.g. templates/renstra/bab-6.docx.
    `others`: more problems found in the same run (every broken template of the Renstra at once)."""

    def __init__(self, code: str, message: str, hint: str = "", file: str | None = None, line: int = 0,
                 others: tuple["RenderError", ...] = ()):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint
        self.file, self.line, self.others = file, line, tuple(others)

    def diagnostics(self, where: str) -> list:
        """This problem and the `others` as diagnostics, at their file or else at `where` (the folder built)."""
        from ..diagnostics import Loc, error

        return [error(Loc(e.file or where, e.line), e.code, e.message, e.hint) for e in (self, *self.others)]


def renderers():
    """The per-OPD renderers run by `build`, in order. Imported lazily so `validate` stays light."""
    from . import excel, pk, pohon, renstra, summary

    return [summary.render, pohon.render, renstra.render, pk.render, excel.render]


def pemda_renderers():
    """The Pemda-wide renderers run by `build-pemda` (`make pemda`)."""
    from . import keselarasan, pk, pohon

    return [pohon.render_pemda, pk.render_pemda, keselarasan.render_pemda]
