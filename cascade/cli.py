"""Command line: `python -m cascade validate|build|evaluasi|daftar-aturan|daftar-opd`.

A thin layer: parse options, run the pipeline, print the report, return the exit code
(0 clean, 1 problems found, 2 usage or internal error). Output is Bahasa Indonesia.
"""
from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
import traceback
from dataclasses import replace

from cascade.arguments import ArgumentProblem, problem_line, with_period
from cascade.arguments import Parser as _Parser
from cascade.arguments import positive as _positive
from cascade.arguments import year as _year
from cascade.diagnostics import Loc, Report, error
from cascade.pipeline import Checked, check


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a cancelled CI job) met as Ctrl-C is: the workers are stopped,
    nothing is left half-written, and the planner reads why the run ended."""


def _terminated(signum, frame):
    raise Terminated


# The exit status of a command stopped by a signal: 128 + its number, as shells report it.
STOPPED = {KeyboardInterrupt: 128 + signal.SIGINT, Terminated: 128 + signal.SIGTERM}


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m cascade", description="Cascade: Renstra, Perjanjian Kinerja dan pohon kinerja dari YAML.")
    p.add_argument("--root", default=".", help="folder repositori Pemda (bawaan: folder ini)")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", title="perintah")
    sub.required = True
    for name, text in [("validate", "periksa data (skema dan aturan)"), ("build", "periksa lalu bangun semua dokumen OPD"),
                       ("build-pemda", "periksa semua OPD lalu bangun dokumen tingkat Pemda ke build/pemda/")]:
        c = sub.add_parser(name, help=text, description=text)
        c.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
        c.add_argument("--tahun", type=_year, help="tahun yang dibangun (bawaan: dokumen.tahun_berjalan di data/pemda.yaml)")
        c.add_argument("--strict", action="store_true", help="peringatan juga menggagalkan")
        c.add_argument("--format", choices=["teks", "github"], default="teks", help="github: juga anotasi GitHub Actions")
        c.add_argument("--sejak", metavar="REVISI", help="hanya OPD yang datanya berubah sejak revisi git ini")
        if name.startswith("build"):
            c.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
            c.add_argument("--jobs", type=_positive, help="folder yang dibangun sekaligus (bawaan: angka -j dari make, di luar make 1)")
            c.add_argument("--semua", action="store_true",
                           help="bangun ulang walaupun dokumennya sudah mutakhir (bawaan: hanya folder yang sumbernya berubah)")
        if name == "build":
            c.add_argument("--pemda", action="store_true", help="juga dokumen tingkat Pemda (build/pemda/); semua OPD diperiksa")
    ev = sub.add_parser("evaluasi", help="periksa lalu tulis evaluasi capaian kinerja (realisasi) ke build/<opd>/evaluasi/<tahun>/",
                        description="periksa data lalu tulis dokumen evaluasi, pohon kinerja berwarna capaian dan daftar indikator di bawah target")
    ev.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
    ev.add_argument("--tahun", type=_year, help="tahun yang dievaluasi (bawaan: dokumen.tahun_berjalan di data/pemda.yaml)")
    ev.add_argument("--strict", action="store_true", help="peringatan juga menggagalkan")
    ev.add_argument("--format", choices=["teks", "github"], default="teks", help="github: juga anotasi GitHub Actions")
    ev.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    rv = sub.add_parser("review", help="laporan perubahan cascading (Markdown) dibanding revisi git lain")
    rv.add_argument("--base", help="revisi pembanding (bawaan: merge-base dengan cabang main)")
    rv.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
    rv.add_argument("--tahun", type=_year, help="tahun dokumen tahunan yang dibandingkan")
    rv.add_argument("--tanpa-dokumen", action="store_true", help="jangan bandingkan dokumen hasil (lebih cepat)")
    rv.add_argument("--keluaran", help="tulis laporan juga ke berkas ini (misalnya $GITHUB_STEP_SUMMARY)")
    pd = sub.add_parser("pdf", help="ubah semua .docx di build/<opd>/ menjadi PDF (LibreOffice) dan pratinjau PNG",
                        description="ubah setiap .docx hasil build menjadi PDF di sebelahnya, ditambah pratinjau PNG halaman pertama")
    pd.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD yang sudah dibangun)")
    pd.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    pd.add_argument("--semua", action="store_true", help="ubah ulang walaupun PDF-nya sudah lebih baru dari .docx")
    pd.add_argument("--jobs", type=_positive, default=0, help="proses LibreOffice sekaligus (bawaan: jumlah CPU)")
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


# Paths outside data/opd/ whose change can alter what any OPD's check or documents give.
SHARED_INPUTS = ("data/", "templates/", "schema/", "cascade/", "requirements.txt", "pyproject.toml")


def _changed_opds(root: str, rev: str) -> list[str] | None:
    """OPDs whose folder changed since `rev`; None (every OPD) when anything they all read changed:
    data/pemda.yaml, the nomenklatur, a template, the schema or the code (or an OPD folder that is gone,
    which other OPDs' crosscutting may name). Planner docs, tests and CI settings check nothing."""
    from cascade.load.sources import known_opds
    from cascade.review.gitsrc import commit_of, git

    changed = git(root, "diff", "--name-only", "--relative", commit_of(root, rev), "--").splitlines()
    changed += git(root, "ls-files", "--others", "--exclude-standard").splitlines()
    known = set(known_opds(root))
    touched = set()
    for path in changed:
        parts = path.split("/")
        if path.startswith("data/opd/") and len(parts) >= 4 and parts[2] in known:
            touched.add(parts[2])
        elif path.startswith(SHARED_INPUTS):
            return None
    return sorted(touched)


def _validate(args, misnamed: list | None = None) -> tuple[Checked, int]:
    """`misnamed`: the B007 findings of folders under data/opd/ that are not read, when every OPD was asked for."""
    if getattr(args, "sejak", None):
        from cascade.review.gitsrc import GitError
        try:
            args.opd = _changed_opds(args.root, args.sejak)
        except GitError as exc:
            print(error(Loc("git"), exc.code, exc.message, exc.hint).format())
            return Checked(Report()), 1
        if args.opd == []:
            print(f"Tidak ada data OPD yang berubah sejak {args.sejak}.")
            return Checked(Report()), 0
    checked = check(args.root, args.opd, args.tahun)
    checked.report.extend(misnamed or [])  # that folder's problem: the other OPDs still get their documents
    _print_report(checked.report, args.format)
    failed = checked.report.failed(args.strict)
    status = "GAGAL" if failed else "OK"
    names = ", ".join(checked.keys) or "-"
    print(f"Pemeriksaan {names}: {checked.report.summary()} — {status}")
    return checked, 1 if failed else 0


def _clean_opds(report: Report, keys: list[str], strict: bool) -> list[str]:
    """The OPDs among `keys` with no problem of their own; none when a problem lies outside data/opd/<key>/
    (data/pemda.yaml, the nomenklatur), which every OPD's documents depend on."""
    bad = report.errors + (report.warnings if strict else [])  # what makes report.failed(strict)
    parts = [d.loc.file.split("/") for d in bad]
    if any(len(p) < 4 or p[:2] != ["data", "opd"] for p in parts):
        return []
    dirty = {p[2] for p in parts}
    return [k for k in keys if k not in dirty]


def _folders_text(folders: list[str]) -> str:
    from cascade.batch import PEMDA

    names = ["Pemda" if f == PEMDA else f for f in folders]
    if len(names) <= 5:
        return ", ".join(names)
    opds = [n for n in names if n != "Pemda"]
    return ("Pemda dan " if "Pemda" in names else "") + f"{len(opds)} OPD ({', '.join(opds[:3])}, …)"


def _stale(args, prints, keys: list[str], pemda: bool) -> tuple[list[str], bool]:
    """The folders among `keys` (and the Pemda's) whose manifest no longer matches their inputs."""
    from cascade.batch import PEMDA
    from cascade.freshness import is_current

    if args.semua:
        return keys, pemda
    opds = [k for k in keys if not is_current(os.path.join(args.out, k),
                                               lambda linked, k=k: prints.opd(k, linked, args.tahun), args.strict)]
    return opds, pemda and not is_current(os.path.join(args.out, PEMDA), lambda _: prints.pemda(args.tahun), args.strict)


def _remove_orphans(out: str, keys: list[str]) -> None:
    """Documents of an OPD whose folder left data/opd/ must not stay looking current."""
    import shutil

    from cascade.batch import PEMDA
    from cascade.freshness import orphans

    for folder in orphans(out, keys, PEMDA):
        shutil.rmtree(folder)
        print(f"  dihapus {os.path.relpath(folder)}/ (OPD-nya tidak ada lagi di data/opd/)")


def _provenance(args, prints, repo, folders: list[str], warnings: int) -> dict:
    from cascade.batch import PEMDA
    from cascade.build import Provenance
    from cascade.freshness import current_elsewhere, linked_opds

    made = {}
    for f in folders:
        if f == PEMDA:
            made[f] = Provenance(prints.pemda(args.tahun), warnings)
        else:
            made[f] = Provenance(prints.opd(f, linked_opds(repo.opds[f]), args.tahun), warnings, current_elsewhere(prints, f))
    return made


def _print_done(done) -> None:
    for path in done.written:
        print(f"  ditulis {os.path.relpath(path)}")
    for path in done.removed:
        print(f"  dihapus {os.path.relpath(path)} (tidak dihasilkan lagi oleh data sekarang)")
    if not done.written and not done.removed and not done.diags:
        print(f"  {done.folder}: tidak ada dokumen yang berubah")


def _build(args, pemda_only: bool = False) -> int:
    from cascade.batch import PEMDA, build_folders
    from cascade.forking import make_jobs
    from cascade.freshness import Fingerprints
    from cascade.load.sources import check_opd_name, known_opds, misnamed_opd_folders

    pemda = pemda_only or getattr(args, "pemda", False)
    misnamed = misnamed_opd_folders(args.root) if args.opd is None and not pemda_only else []
    keys = known_opds(args.root)
    opds = [] if pemda_only else (keys if args.opd is None else args.opd)
    bad = [d for k in opds for d in check_opd_name(args.root, k)]
    if bad:
        _print_report(Report(bad), args.format)
        print("Tidak ada dokumen yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    _remove_orphans(args.out, keys)
    prints = Fingerprints(args.root)
    opds, pemda = _stale(args, prints, opds, pemda)
    if not opds and not pemda and not args.sejak:
        if misnamed:
            _print_report(Report(misnamed), args.format)
            print("Dokumen OPD lainnya sudah mutakhir.")
            return 1
        print("Semua dokumen sudah mutakhir; tidak ada yang dibangun.")
        return 0
    prints.pemda(args.tahun)  # every data file hashed before it is read: an edit during the build leaves it stale
    if pemda:  # the Pemda documents need every OPD checked
        args.opd, args.sejak = None, None
    else:
        args.opd = opds
    checked, code = _validate(args, misnamed)
    wanted = opds if pemda else checked.keys
    repo = checked.repo
    if repo is None and not code:  # --sejak: no OPD changed
        return 0
    if code:
        skipped = "OPD yang bergalat di atas" + (" dan dokumen Pemda" if pemda else "")
        pemda = False
        wanted = _clean_opds(checked.report, wanted, args.strict) if checked.report.failed(args.strict) else []
        if wanted:  # the OPDs without problems of their own still get their documents
            checked = check(args.root, wanted, args.tahun)
            repo = None if checked.report.failed(args.strict) else checked.repo
        if repo is None or not wanted:
            print("Tidak ada dokumen yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
            return 1
        print(f"Dokumen {skipped} tidak dibangun; yang dibangun: {_folders_text(wanted)}.")
    folders = ([PEMDA] if pemda else []) + list(wanted)
    jobs = args.jobs or make_jobs(os.environ.get("MAKEFLAGS"))
    provenance = _provenance(args, prints, repo, folders, len(checked.report.warnings))
    report = Report()
    for done in build_folders(repo, checked.tahun, args.out, folders, jobs, provenance):
        _print_done(done)
        report.extend(done.diags)
        sys.stdout.flush()  # under make stdout is a pipe: show each folder as it is done
    if report.items:
        _print_report(report, args.format)
        print(f"Pembangunan gagal: {report.summary()}")
        return 1
    where = os.path.join(args.out, PEMDA) if folders == [PEMDA] else args.out
    print(f"Selesai: dokumen {_folders_text(folders)} tahun {checked.tahun} ada di {where}/")
    return code


def _evaluasi(args) -> int:
    from cascade.build import Provenance, dot_cache_for, write_folder
    from cascade.documents import Job, RenderError
    from cascade.documents.evaluasi import daftar_di_bawah_target, folder, render
    from cascade.freshness import Fingerprints, linked_opds

    args.sejak = None
    prints = Fingerprints(args.root)
    prints.pemda(args.tahun)  # every data file hashed before it is read
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
            for d in exc.diagnostics(f"data/opd/{key}"):
                print(d.format())
            return 1
        base = folder(checked.tahun)
        # the evaluasi owns build/<opd>/evaluasi/<tahun>/; the OPD's build keeps it while it is current
        inside = [replace(o, path=o.path[len(base) + 1:]) for o in outputs]
        inputs = prints.opd(key, linked_opds(job.opd), checked.tahun)
        written, removed, diags = write_folder(os.path.join(args.out, key, base), inside, [], [trees],
                                               Provenance(inputs, len(checked.report.warnings)))
        for path in written:
            print(f"  ditulis {os.path.relpath(path)}")
        for path in removed:
            print(f"  dihapus {os.path.relpath(path)} (tidak dihasilkan lagi oleh data sekarang)")
        if diags:
            _print_report(Report(diags), args.format)
            return 1
        if not any(r.tahun_berkas == checked.tahun for r in job.opd.realisasi):
            print(f"Catatan: belum ada data/opd/{key}/realisasi/{checked.tahun}.yaml; semua realisasi tampil \"belum ada data\".")
        print("\n".join(daftar_di_bawah_target(job)))
        print(f"Selesai: evaluasi {key} tahun {checked.tahun} ada di {os.path.join(args.out, key, base)}/")
    return 0


def _review(args) -> int:
    from cascade.review.gitsrc import GitError
    from cascade.review.run import review

    try:
        text, head_failed = review(args.root, args.base, args.opd, args.tahun, not args.tanpa_dokumen)
    except GitError as exc:
        print(error(Loc("git"), exc.code, exc.message, exc.hint).format())
        return 1
    print(text, end="")
    if args.keluaran:
        try:
            with open(args.keluaran, "a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            print(_unwritable(args.keluaran, exc).format())
            return 1
    return 1 if head_failed else 0


def _codeowners(args) -> int:
    from cascade.review.codeowners import PATH, codeowners_text
    from cascade.write import atomic_write

    checked = check(args.root, None, None)
    if checked.repo is None:
        _print_report(checked.report, "teks")
        return 1
    text = codeowners_text(checked.repo)
    path = os.path.join(args.root, PATH)
    try:
        with open(path, encoding="utf-8") as fh:
            current = fh.read()
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError) as exc:
        print(_unwritable(path, exc, PATH, reading=True).format())
        return 1
    if args.periksa:
        if current != text:
            print(error(Loc(PATH), "C004", f"{PATH} tidak sesuai dengan mentor di data/opd/*/opd.yaml",
                        "jalankan `make codeowners` lalu commit hasilnya").format())
            return 1
        print(f"{PATH} mutakhir.")
        return 0
    if current != text:
        try:
            atomic_write(path, text.encode("utf-8"))
        except OSError as exc:
            print(_unwritable(path, exc, PATH).format())
            return 1
    print(f"ditulis {PATH}")
    return 0


def _unwritable(path: str, exc: Exception, shown: str | None = None, reading: bool = False):
    """A file Cascade must read or write (.github/CODEOWNERS, --keluaran) that the system refuses."""
    shown = shown or path
    if isinstance(exc, UnicodeDecodeError):
        why = "isinya bukan teks UTF-8"
    elif isinstance(exc, PermissionError):
        why = "izin " + ("baca" if reading else "tulis") + " tidak ada"
    elif isinstance(exc, IsADirectoryError):
        why = "di tempatnya ada folder"
    elif isinstance(exc, OSError) and exc.errno == errno.EROFS:
        why = "sistem berkasnya hanya-baca"
    elif isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        why = "ruang disk penuh"
    else:
        why = f"galat sistem {errno.errorcode.get(getattr(exc, 'errno', None) or 0, type(exc).__name__)}"
    folder = os.path.dirname(shown) or "."
    return error(Loc(shown), "A009", f"berkas ini tidak dapat {'dibaca' if reading else 'ditulis'} ({why})",
                 f"periksa izin berkas dan folder {folder} (misalnya `chmod u+rw {shown}`), lalu jalankan lagi")


def _path_problems(args) -> list:
    """Folders and files named on the command line that cannot be used, told before any work is done."""
    problems = []
    if args.command not in ("daftar-aturan",) and not os.path.isdir(args.root):
        problems.append(error(Loc("--root"), "A008", f"folder repositori `{args.root}` tidak ada",
                              "beri folder yang berisi data/pemda.yaml, misalnya `--root .`"))
        return problems
    if args.command in ("build", "build-pemda", "evaluasi"):
        problems += _folder_problems("--out", args.out)
    if getattr(args, "keluaran", None):
        target = args.keluaran
        folder = os.path.dirname(os.path.abspath(target))
        if os.path.isdir(target):
            problems.append(error(Loc("--keluaran"), "A008", f"`{target}` adalah folder, bukan berkas",
                                  "beri nama berkas, misalnya `--keluaran laporan.md`"))
        elif not os.path.isdir(folder):
            problems.append(error(Loc("--keluaran"), "A008", f"folder {folder} untuk `{target}` tidak ada",
                                  f"buat dulu foldernya (`mkdir -p {folder}`) atau beri berkas di folder lain"))
        elif not os.access(target if os.path.exists(target) else folder, os.W_OK):
            problems.append(error(Loc("--keluaran"), "A008", f"`{target}` tidak boleh ditulis",
                                  f"periksa izinnya (misalnya `chmod u+w {target if os.path.exists(target) else folder}`)"))
    return problems


def _folder_problems(option: str, folder: str) -> list:
    """Whether `folder` is (or can become) a folder Cascade may write in."""
    existing = folder
    while not os.path.lexists(existing):
        parent = os.path.dirname(existing.rstrip("/")) or "."
        if parent == existing:
            break
        existing = parent
    if not os.path.isdir(existing):
        what = f"`{existing}` bukan folder" + ("" if existing == folder else f", jadi `{folder}` tidak dapat dibuat")
        return [error(Loc(option), "A008", what, f"beri {option} folder lain, atau pindahkan `{existing}`")]
    if not os.access(existing, os.W_OK | os.X_OK):
        what = f"folder `{existing}` tidak boleh ditulis" + ("" if existing == folder else f", jadi `{folder}` tidak dapat dibuat")
        return [error(Loc(option), "A008", what, f"periksa izinnya (misalnya `chmod u+w {existing}`) atau beri {option} folder lain")]
    return []


def _rules(markdown: bool) -> int:
    from cascade.validate.rules import rule_table

    if markdown:
        print("| Kode | Tingkat | Aturan |\n|---|---|---|")
    for code, severity, title in rule_table():
        print(f"| {code} | {severity} | {title} |" if markdown else f"{code}  {severity:<10}  {title}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = _parser().parse_args(argv)
    except ArgumentProblem as problem:
        print(problem_line(with_period(problem, argv)), file=sys.stderr)
        return 2
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
        if hasattr(signal, "SIGXFSZ"):  # over a file-size limit (`ulimit -f`) a write fails with EFBIG and is
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # reported, instead of the process being killed
    problems = _path_problems(args)
    if problems:
        for d in problems:
            print(d.format(), file=sys.stderr)
        return 2
    try:
        if args.command == "validate":
            from cascade.load.sources import misnamed_opd_folders
            return _validate(args, misnamed_opd_folders(args.root) if args.opd is None else [])[1]
        if args.command == "build":
            return _build(args)
        if args.command == "build-pemda":
            return _build(args, pemda_only=True)
        if args.command == "evaluasi":
            return _evaluasi(args)
        if args.command == "review":
            return _review(args)
        if args.command == "codeowners":
            return _codeowners(args)
        if args.command == "pdf":
            from cascade.pdf import main as pdf_main
            return pdf_main(args.root, args.out, args.opd, args.semua, args.jobs)
        if args.command == "daftar-aturan":
            return _rules(args.markdown)
        if args.command == "daftar-opd":
            from cascade.load.sources import known_opds
            print("\n".join(known_opds(args.root)) or "(belum ada OPD di data/opd/)")
            return 0
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as stopped:
        print("Dihentikan.", file=sys.stderr)
        return STOPPED[type(stopped)]
    except Exception as exc:  # the last line of defence: planners never see a traceback
        if os.environ.get("CASCADE_DEBUG"):
            traceback.print_exc()
        print(error(Loc("cascade"), "X001", f"galat internal Cascade ({type(exc).__name__}: {exc})",
                    "laporkan ke pengembang beserta perintah yang dijalankan; CASCADE_DEBUG=1 menampilkan rinciannya").format(),
              file=sys.stderr)
        return 2
    return 2
