"""Formats: Word (docx), spreadsheets (xlsx) and Graphviz (dot). They know how to lay content out and
write bytes, never which document they serve: no module here imports cascade.documents."""
from __future__ import annotations

from dataclasses import dataclass


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
        from cascade.diagnostics import Loc, error

        return [error(Loc(e.file or where, e.line), e.code, e.message, e.hint) for e in (self, *self.others)]
