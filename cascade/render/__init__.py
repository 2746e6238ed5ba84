"""Render stage: one module per output. Each renderer is a pure function

    render(job: Job) -> list[Output]

that returns file contents as bytes; only `cascade.write` puts them on disk.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model.types import Opd, Repo


@dataclass(frozen=True)
class Job:
    repo: Repo
    opd: Opd
    tahun: int  # the year being built (PK, trees)


@dataclass(frozen=True)
class Output:
    path: str  # relative to build/<opd>/, forward slashes
    data: bytes


class RenderError(Exception):
    """A renderer cannot run (e.g. a missing external tool); carries an Indonesian message and hint."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def renderers():
    """The renderers run by `build`, in order. Imported lazily so `validate` stays light."""
    from . import summary

    return [summary.render]
