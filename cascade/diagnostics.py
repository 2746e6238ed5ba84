"""Diagnostics: every problem the pipeline finds, with its source position.

Stages never raise on bad input; they return diagnostics, and the CLI decides the
exit code once, at the end.
"""
from __future__ import annotations

import enum
import os
import traceback
from dataclasses import dataclass, field


class Severity(enum.Enum):
    ERROR = "galat"
    WARNING = "peringatan"
    # Information for the planner and mentor (e.g. a DPA that differs from the Renstra pagu): printed with
    # the others, but neither fails a run nor counts as a warning under --strict.
    INFO = "catatan"


@dataclass(frozen=True, order=True)
class Loc:
    """A position in a source file; line and column are 1-based (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.loc.file, self.loc.line, self.loc.column, self.code, self.message)

    def format(self) -> str:
        text = f"{self.loc}: {self.severity.value} {self.code}: {self.message}"
        if self.hint:
            text += f" (saran: {self.hint})"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so CI shows the problem on the diff line."""
        kind = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(self.severity, "notice")
        msg = self.message + (f" (saran: {self.hint})" if self.hint else "")
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.loc.file},line={self.loc.line or 1},col={self.loc.column or 1},title={self.code}::{msg}"


def error(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, code, message, hint, Severity.ERROR)


def warning(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, code, message, hint, Severity.WARNING)


def info(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, code, message, hint, Severity.INFO)


def internal(exc: BaseException, loc: Loc, doing: str = "") -> Diagnostic:
    """X001 for a bug in Cascade: what broke and where in Cascade's code, so a planner's report (or a
    CI log, where CASCADE_DEBUG is not set) leads a developer to the line without a traceback."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}cascade{os.sep}" in f.filename]
    where = ""
    if ours:
        f = ours[-1]
        where = f" di {f.filename[f.filename.rindex(os.sep + 'cascade' + os.sep) + 1:]}:{f.lineno} ({f.name})"
    during = f" saat {doing}" if doing else ""
    return error(loc, "X001", f"galat internal Cascade{during} ({type(exc).__name__}: {exc}){where}",
                 "laporkan ke pengembang beserta perintah yang dijalankan; CASCADE_DEBUG=1 menampilkan rinciannya")


@dataclass
class Report:
    """Collects diagnostics from every stage; de-duplicates and sorts them for printing."""

    items: list[Diagnostic] = field(default_factory=list)

    def extend(self, diags) -> None:
        self.items.extend(diags)

    def add(self, diag: Diagnostic) -> None:
        self.items.append(diag)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def infos(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.INFO]

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.sort_key(), d.severity.value, d.hint): d for d in self.items}
        return [unique[k] for k in sorted(unique)]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def summary(self) -> str:
        return f"{len(self.errors)} galat, {len(self.warnings)} peringatan"  # catatan are printed, not counted


def relpath(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """A path as the planner sees it: relative to the repository root, with forward slashes."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        rel = str(path)
    return rel.replace(os.sep, "/")
