"""The command line's own mistakes, told in Bahasa Indonesia as one diagnostic line (codes A001–A007).

argparse says them in English (`usage:`, `invalid int value: '20x6'`) and prints its usage text
first. Here every mistake raises ArgumentProblem, which `cli.main` prints as
`--tahun: galat A005: … (saran: …)` before leaving with status 2; the help text is Indonesian too.
argparse's English is only read to tell its remaining messages apart (their wording has been
stable across Python 3 releases), never shown.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re

from cascade.diagnostics import Loc, error

# a value to show in "write it like this" hints, by option (dest)
EXAMPLES = {"tahun": "2026", "opd": "diskominfo", "port": "8000", "out": "build", "jobs": "2", "format": "teks", "sejak": "main",
            "base": "main", "keluaran": "laporan.md", "root": "."}
# a value for each positional argument (by metavar), for the same hints
POSITIONAL_EXAMPLES = {"NAMA": "dinkes", "FOLDER": "kab-contoh", "DOKUMEN": "pk", "LAMA": "hasil-lama hasil-baru",
                       "BARU": "hasil-lama hasil-baru", "--opd": "--opd diskominfo"}


class ArgumentProblem(Exception):
    def __init__(self, code: str, message: str, hint: str = "", where: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint, self.where = code, message, hint, where


def problem_line(problem: ArgumentProblem) -> str:
    return error(Loc(problem.where or Parser.root_prog), problem.code, problem.message, problem.hint).format()


def year(text: str) -> int:
    """`--tahun`: a year of four digits (make passes `tahun=20x6` as `--tahun 20x6`)."""
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ArgumentProblem("A005", f"tahun harus empat angka, bukan `{text}`",
                              "tulis tahunnya saja, misalnya `tahun=2026` (make) atau `--tahun 2026`")
    return int(text)


def positive(text: str) -> int:
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise ArgumentProblem("A006", f"nilainya harus bilangan bulat 1 atau lebih, bukan `{text}`",
                              "misalnya `--jobs 2`")
    return int(text)


def port(text: str) -> int:
    """`--port` of the preview: 0 (any free port) to 65535."""
    if not re.fullmatch(r"[0-9]{1,5}", text) or int(text) > 65535:
        raise ArgumentProblem("W012", f"port harus bilangan 0 sampai 65535, bukan `{text}`",
                              "misalnya `--port 8000`, atau hapus --port agar port bebas dipilih otomatis")
    return int(text)


def with_period(problem: ArgumentProblem, argv: list[str]) -> ArgumentProblem:
    """A bad `--tahun` told with the RPJMD period of data/pemda.yaml, when that file can be read."""
    if problem.code != "A005":
        return problem
    period = rpjmd_period(_root_in(argv))
    if period is None:
        return problem
    first, last, current = period
    example = current if first <= current <= last else first
    problem.hint = (f"tulis tahun empat angka dalam periode RPJMD {first}–{last}, misalnya `tahun={example}` (make) "
                    f"atau `--tahun {example}`")
    return problem


def _root_in(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--root" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--root="):
            return arg.split("=", 1)[1]
    return "."


def rpjmd_period(root: str) -> tuple[int, int, int] | None:
    """(first year, last year, dokumen.tahun_berjalan or 0) of the RPJMD, or None when data/pemda.yaml
    cannot tell (the validation says why, once the command is right)."""
    import yaml

    try:
        with open(os.path.join(root, "data", "pemda.yaml"), encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        periode = data["rpjmd"]["periode"]
        first, last = int(periode["awal"]), int(periode["akhir"])
        current = (data.get("dokumen") or {}).get("tahun_berjalan")
        return first, last, current if isinstance(current, int) else 0
    except Exception:  # noqa: BLE001 — only a better hint is lost
        return None


def _name(action: argparse.Action) -> str:
    return max(action.option_strings, key=len) if action.option_strings else (action.metavar or action.dest)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "pemakaian: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Indonesian help, whose every error raises ArgumentProblem."""

    last_prog = ""  # the (sub)command read last: its --help is the one a hint points at
    root_prog = "python -m cascade"  # how the planner started Cascade: `cascade` or `python -m cascade`

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="tampilkan bantuan ini lalu keluar")

    def parse_known_args(self, args=None, namespace=None):
        Parser.last_prog = self.prog
        return super().parse_known_args(args, namespace)

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except ArgumentProblem as problem:  # raised by the option's type (year, positive)
            problem.where = problem.where or _name(action)
            raise

    def _check_value(self, action, value):
        if action.choices is None or value in action.choices:
            return
        choices = [str(c) for c in action.choices]
        near = difflib.get_close_matches(str(value), choices, n=1)
        guess = f"maksudnya `{near[0]}`? " if near else ""
        if isinstance(action, argparse._SubParsersAction):
            raise ArgumentProblem("A001", f"perintah `{value}` tidak dikenal",
                                  f"{guess}perintah yang ada: {', '.join(choices)}", self.prog)
        raise ArgumentProblem("A004", f"`{value}` bukan pilihan untuk {_name(action)}",
                              f"{guess}pilih salah satu: {', '.join(choices)}", _name(action))

    def error(self, message):
        raise _explained(message, self)


def _explained(message: str, parser: Parser) -> ArgumentProblem:
    """argparse's own message (English) as the planner is told it."""
    help_of = f"lihat `{Parser.last_prog or parser.prog} --help`"
    m = re.match(r"argument (?P<arg>[^:]+): (?P<msg>.*)", message, re.S)
    if m:
        arg = max(m["arg"].split("/"), key=len)
        action = parser._option_string_actions.get(arg)
        example = EXAMPLES.get(action.dest, "…") if action else "…"
        if m["msg"].startswith("expected"):
            return ArgumentProblem("A003", f"opsi {arg} butuh nilai",
                                   f"tulis nilainya sesudah opsi itu, misalnya `{arg} {example}`", arg)
        if m["msg"].startswith("ignored explicit argument"):
            return ArgumentProblem("A003", f"opsi {arg} tidak memakai nilai", f"tulis {arg} saja, tanpa `=…`", arg)
        return ArgumentProblem("A002", f"nilai untuk {arg} tidak dapat dibaca", help_of, arg)
    if message.startswith("the following arguments are required") and "PERINTAH" not in message:
        missing = message.split(": ", 1)[1].split(", ")[0]
        example = POSITIONAL_EXAMPLES.get(missing, "…")
        return ArgumentProblem("A016", f"argumen {missing} belum diberikan",
                               f"misalnya `{Parser.last_prog} {example}`; lihat `{Parser.last_prog} --help`", Parser.last_prog)
    if message.startswith("the following arguments are required"):
        return ArgumentProblem("A001", "perintah belum diberikan",
                               f"misalnya `{Parser.root_prog} validate`; daftar perintah: `{Parser.root_prog} --help`",
                               parser.prog)
    if message.startswith("unrecognized arguments: "):
        rest = message.split(": ", 1)[1]
        return ArgumentProblem("A002", f"`{rest}` tidak dikenal oleh perintah ini", f"{help_of} untuk opsi yang ada",
                               rest.split()[0])
    m = re.match(r"ambiguous option: (?P<opt>[^=\s]+)\S* could match (?P<matches>.*)", message)
    if m:
        return ArgumentProblem("A007", f"opsi `{m['opt']}` bisa berarti {m['matches']}", "tulis nama opsinya lengkap",
                               m["opt"])
    return ArgumentProblem("A002", "argumen perintah tidak dapat dibaca", help_of, parser.prog)
