"""Command line: `python -m cascade validate|build|evaluasi|daftar-aturan|daftar-opd`.

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
        c.add_argument("--sejak", metavar="REVISI", help="hanya OPD yang datanya berubah sejak revisi git ini")
        if name.startswith("build"):
            c.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    ev = sub.add_parser("evaluasi", help="periksa lalu tulis evaluasi capaian kinerja (realisasi) ke build/<opd>/evaluasi/<tahun>/",
                        description="periksa data lalu tulis dokumen evaluasi, pohon kinerja berwarna capaian dan daftar indikator di bawah target")
    ev.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
    ev.add_argument("--tahun", type=int, help="tahun yang dievaluasi (bawaan: dokumen.tahun_berjalan di data/pemda.yaml)")
    ev.add_argument("--strict", action="store_true", help="peringatan juga menggagalkan")
    ev.add_argument("--format", choices=["teks", "github"], default="teks", help="github: juga anotasi GitHub Actions")
    ev.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    rv = sub.add_parser("review", help="laporan perubahan cascading (Markdown) dibanding revisi git lain")
    rv.add_argument("--base", help="revisi pembanding (bawaan: merge-base dengan cabang main)")
    rv.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
    rv.add_argument("--tahun", type=int, help="tahun dokumen tahunan yang dibandingkan")
    rv.add_argument("--tanpa-dokumen", action="store_true", help="jangan bandingkan dokumen hasil (lebih cepat)")
    rv.add_argument("--keluaran", help="tulis laporan juga ke berkas ini (misalnya $GITHUB_STEP_SUMMARY)")
    pd = sub.add_parser("pdf", help="ubah semua .docx di build/<opd>/ menjadi PDF (LibreOffice) dan pratinjau PNG",
                        description="ubah setiap .docx hasil build menjadi PDF di sebelahnya, ditambah pratinjau PNG halaman pertama")
    pd.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD yang sudah dibangun)")
    pd.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    pd.add_argument("--semua", action="store_true", help="ubah ulang walaupun PDF-nya sudah lebih baru dari .docx")
    pd.add_argument("--jobs", type=int, default=0, help="proses LibreOffice sekaligus (bawaan: jumlah CPU)")
    co = sub.add_parser("codeowners", help="tulis .github/CODEOWNERS dari mentor tiap OPD")
    co.add_argument("--periksa", action="store_true", help="hanya periksa bahwa berkasnya mutakhir")
    r = sub.add_parser("daftar-aturan", help="tampilkan daftar aturan beserta kodenya")
    r.add_argument("--markdown", action="store_true", help="sebagai tabel Markdown (untuk README)")
    sub.add_parser("daftar-opd", help="tampilkan OPD yang ada di data/opd/")
    return p


def _print_report(report: Report, fmt: str) -> None:
    for d in report.sorted():
        print(d.format())
        if fmt == "github":
            print(d.format_github())


def _changed_opds(root: str, rev: str) -> list[str] | None:
    """OPDs whose folder changed since `rev`; None (all) when shared data changed too."""
    from .load.sources import known_opds
    from .review.gitsrc import git

    changed = git(root, "diff", "--name-only", rev, "--", "data").splitlines()
    changed += git(root, "ls-files", "--others", "--exclude-standard", "--", "data").splitlines()
    if any(not p.startswith("data/opd/") for p in changed):
        return None
    touched = {p.split("/")[2] for p in changed if p.count("/") >= 3}
    return [k for k in known_opds(root) if k in touched]


def _parse_cache(args):
    from .load.parse_cache import ParseCache
    from .validate.schema import GATE

    # beside the documents (build/.cache/yaml), where `make clean` removes it
    return ParseCache(os.path.join(getattr(args, "out", None) or os.path.join(args.root, "build"), ".cache", "yaml"), gate=GATE)


def _validate(args) -> tuple[Checked, int]:
    if getattr(args, "sejak", None):
        from .review.gitsrc import GitError
        try:
            args.opd = _changed_opds(args.root, args.sejak)
        except GitError as exc:
            print(error(Loc("git"), "C003", f"revisi `{args.sejak}` tidak dapat dibaca: {exc}", "periksa nama revisinya").format())
            return Checked(Report()), 1
        if args.opd == []:
            print(f"Tidak ada data OPD yang berubah sejak {args.sejak}.")
            return Checked(Report()), 0
    cache = _parse_cache(args)
    checked = check(args.root, args.opd, args.tahun, cache)
    _print_report(checked.report, args.format)
    failed = checked.report.failed(args.strict)
    if not failed:
        cache.commit()
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


def _evaluasi(args) -> int:
    from .build import dot_cache_for
    from .render import Job, RenderError
    from .render.evaluasi import daftar_di_bawah_target, folder, render
    from .write import write_outputs

    args.sejak = None
    checked, code = _validate(args)
    if code or checked.repo is None:
        print("Tidak ada dokumen evaluasi yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    for key in checked.keys:
        trees = dot_cache_for(os.path.join(args.out, key))  # the builds' Graphviz cache
        job = Job(checked.repo, checked.repo.opds[key], checked.tahun, dot_cache=trees)
        try:
            outputs = render(job)
        except RenderError as exc:
            print(error(Loc(f"data/opd/{key}"), exc.code, exc.message, exc.hint).format())
            return 1
        for path in write_outputs(os.path.join(args.out, key), outputs):
            print(f"  ditulis {os.path.relpath(path)}")
        trees.prune()
        if not any(r.tahun_berkas == checked.tahun for r in job.opd.realisasi):
            print(f"Catatan: belum ada data/opd/{key}/realisasi/{checked.tahun}.yaml; semua realisasi tampil \"belum ada data\".")
        print("\n".join(daftar_di_bawah_target(job)))
        print(f"Selesai: evaluasi {key} tahun {checked.tahun} ada di {os.path.join(args.out, key, folder(checked.tahun))}/")
    return 0


def _review(args) -> int:
    from .review.gitsrc import GitError
    from .review.run import review

    try:
        text, head_failed = review(args.root, args.base, args.opd, args.tahun, not args.tanpa_dokumen)
    except GitError as exc:
        print(error(Loc("git"), "C003", f"revisi pembanding tidak dapat dibaca: {exc}",
                    "beri `base=<revisi>` yang ada, misalnya base=HEAD~1, di dalam repositori git").format())
        return 1
    print(text, end="")
    if args.keluaran:
        with open(args.keluaran, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 1 if head_failed else 0


def _codeowners(args) -> int:
    from .review.codeowners import PATH, codeowners_text
    from .write import atomic_write

    checked = check(args.root, None, None)
    if checked.repo is None:
        _print_report(checked.report, "teks")
        return 1
    text = codeowners_text(checked.repo)
    path = os.path.join(args.root, PATH)
    current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
    if args.periksa:
        if current != text:
            print(error(Loc(PATH), "C004", f"{PATH} tidak sesuai dengan mentor di data/opd/*/opd.yaml",
                        "jalankan `make codeowners` lalu commit hasilnya").format())
            return 1
        print(f"{PATH} mutakhir.")
        return 0
    if current != text:
        atomic_write(path, text.encode("utf-8"))
    print(f"ditulis {PATH}")
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
        if args.command == "evaluasi":
            return _evaluasi(args)
        if args.command == "review":
            return _review(args)
        if args.command == "codeowners":
            return _codeowners(args)
        if args.command == "pdf":
            from .pdf import main as pdf_main
            return pdf_main(args.root, args.out, args.opd, args.semua, args.jobs)
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
