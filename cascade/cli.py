"""Command line: `python -m cascade validate|build|daftar-aturan|daftar-opd`.

A thin layer: parse options, run the pipeline, print the report, return the exit code
(0 clean, 1 problems found, 2 usage or internal error). Output is Bahasa Indonesia.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from .diagnostics import Loc, Report, error
from .pipeline import Checked, check


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own messages are English; say it in the users' language
        self.print_usage(sys.stderr)
        print(f"galat: perintah tidak lengkap atau tidak dikenal ({message}). Lihat `python -m cascade --help`.", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m cascade", description="Cascade: Renstra, Perjanjian Kinerja dan pohon kinerja dari YAML.")
    p.add_argument("--root", default=".", help="folder repositori Pemda (bawaan: folder ini)")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH")
    sub.required = True
    for name, text in [("validate", "periksa data (skema dan aturan)"), ("build", "periksa lalu bangun semua dokumen OPD"),
                       ("build-pemda", "periksa semua OPD lalu bangun dokumen tingkat Pemda ke build/pemda/")]:
        c = sub.add_parser(name, help=text, description=text)
        c.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
        c.add_argument("--tahun", type=int, help="tahun yang dibangun (bawaan: dokumen.tahun_berjalan di data/pemda.yaml)")
        c.add_argument("--strict", action="store_true", help="peringatan juga menggagalkan")
        c.add_argument("--format", choices=["teks", "github"], default="teks", help="github: juga anotasi GitHub Actions")
        if name.startswith("build"):
            c.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    r = sub.add_parser("daftar-aturan", help="tampilkan daftar aturan beserta kodenya")
    r.add_argument("--markdown", action="store_true", help="sebagai tabel Markdown (untuk README)")
    sub.add_parser("daftar-opd", help="tampilkan OPD yang ada di data/opd/")
    return p


def _print_report(report: Report, fmt: str) -> None:
    for d in report.sorted():
        print(d.format())
        if fmt == "github":
            print(d.format_github())


def _validate(args) -> tuple[Checked, int]:
    checked = check(args.root, args.opd, args.tahun)
    _print_report(checked.report, args.format)
    failed = checked.report.failed(args.strict)
    status = "GAGAL" if failed else "OK"
    names = ", ".join(checked.keys) or "-"
    print(f"Pemeriksaan {names}: {checked.report.summary()} — {status}")
    return checked, 1 if failed else 0


def _build(args) -> int:
    from .build import build_opd_outputs

    checked, code = _validate(args)
    if code or checked.repo is None:
        print("Tidak ada dokumen yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    report = Report()
    for key in checked.keys:
        out_dir = os.path.join(args.out, key)
        written, diags = build_opd_outputs(checked.repo, key, checked.tahun, out_dir)
        report.extend(diags)
        for path in written:
            print(f"  ditulis {os.path.relpath(path)}")
    if report.items:
        _print_report(report, args.format)
        print(f"Pembangunan gagal: {report.summary()}")
        return 1
    print(f"Selesai: dokumen {', '.join(checked.keys)} tahun {checked.tahun} ada di {args.out}/")
    return 0


def _build_pemda(args) -> int:
    from .build import build_pemda_outputs

    args.opd = None
    checked, code = _validate(args)
    if code or checked.repo is None:
        print("Tidak ada dokumen yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    written, diags = build_pemda_outputs(checked.repo, checked.tahun, os.path.join(args.out, "pemda"))
    if diags:
        report = Report(diags)
        _print_report(report, args.format)
        print(f"Pembangunan gagal: {report.summary()}")
        return 1
    for path in written:
        print(f"  ditulis {os.path.relpath(path)}")
    print(f"Selesai: dokumen Pemda tahun {checked.tahun} ada di {os.path.join(args.out, 'pemda')}/")
    return 0


def _rules(markdown: bool) -> int:
    from .validate.rules import rule_table

    if markdown:
        print("| Kode | Tingkat | Aturan |\n|---|---|---|")
    for code, severity, title in rule_table():
        print(f"| {code} | {severity} | {title} |" if markdown else f"{code}  {severity:<10}  {title}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)[1]
        if args.command == "build":
            return _build(args)
        if args.command == "build-pemda":
            return _build_pemda(args)
        if args.command == "daftar-aturan":
            return _rules(args.markdown)
        if args.command == "daftar-opd":
            from .load.sources import known_opds
            print("\n".join(known_opds(args.root)) or "(belum ada OPD di data/opd/)")
            return 0
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("Dihentikan.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: planners never see a traceback
        if os.environ.get("CASCADE_DEBUG"):
            traceback.print_exc()
        print(error(Loc("cascade"), "X001", f"galat internal Cascade ({type(exc).__name__}: {exc})",
                    "laporkan ke pengembang beserta perintah yang dijalankan; CASCADE_DEBUG=1 menampilkan rinciannya").format(),
              file=sys.stderr)
        return 2
    return 2
