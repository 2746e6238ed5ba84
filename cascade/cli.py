"""Command line: `python -m cascade validate|build|evaluasi|daftar-aturan|daftar-opd`.

A thin layer: parse options (cascade/arguments.py), hand them to cascade/orchestrator.py, return the
exit code (0 clean, 1 problems found, 2 usage or internal error). Output is Bahasa Indonesia.
"""
from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
import traceback

from cascade.arguments import ArgumentProblem, problem_line, with_period
from cascade.arguments import Parser as _Parser
from cascade.arguments import port as _port
from cascade.arguments import positive as _positive
from cascade.arguments import year as _year
from cascade.diagnostics import Loc, error, internal


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a cancelled CI job) met as Ctrl-C is: the workers are stopped,
    nothing is left half-written, and the planner reads why the run ended."""


def _terminated(signum, frame):
    raise Terminated


# The exit status of a command stopped by a signal: 128 + its number, as shells report it.
# A GitHub job summary takes at most 1 MiB; a review appended to it stays well below, more detail in --lampiran.
SUMMARY_LIMIT = 500 * 1024
STOPPED = {KeyboardInterrupt: 128 + signal.SIGINT, Terminated: 128 + signal.SIGTERM}


def _parser(prog: str = "python -m cascade") -> argparse.ArgumentParser:
    from cascade import __version__

    p = _Parser(prog=prog, description="Cascade: Renstra, Perjanjian Kinerja dan pohon kinerja dari YAML.")
    p.add_argument("--version", action="version", version=f"cascade {__version__}", help="tampilkan versi Cascade lalu keluar")
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
    rv = sub.add_parser("review", help="laporan perubahan cascading untuk mentor, dibanding revisi git lain",
                        description="laporan perubahan cascading dibanding revisi git lain; status keluar 0: tidak ada "
                                    "galat baru, 1: perubahan ini menambah galat, 2: laporan tidak dapat dibuat")
    rv.add_argument("--base", help="revisi pembanding (bawaan: merge-base dengan cabang main)")
    rv.add_argument("--opd", action="append", help="nama folder OPD; boleh diulang (bawaan: semua OPD)")
    rv.add_argument("--tahun", type=_year, help="tahun dokumen tahunan yang dibandingkan")
    rv.add_argument("--tanpa-dokumen", action="store_true", help="jangan bandingkan dokumen hasil (lebih cepat)")
    rv.add_argument("--format", choices=["markdown", "json"], default="markdown",
                    help="markdown untuk dibaca orang, json untuk alat lain (isinya sama)")
    rv.add_argument("--keluaran", help="tambahkan laporan ke berkas ini (misalnya $GITHUB_STEP_SUMMARY); Markdown "
                                       "diringkas bila lebih dari 500 KB")
    rv.add_argument("--lampiran", help="folder untuk laporan lengkap (laporan.md, laporan.json) dan gambar pohon "
                                       "yang berubah, sebelum dan sesudah")
    pd = sub.add_parser("pdf", help="ubah semua .docx dan .xlsx di build/<opd>/ dan build/pemda/ menjadi PDF (LibreOffice) "
                                    "dan pratinjau PNG",
                        description="ubah setiap .docx dan .xlsx hasil build menjadi PDF di sebelahnya (Daftar Isi, "
                                    "Daftar Tabel dan Daftar Gambar diperbarui dengan nomor halaman), ditambah pratinjau "
                                    "PNG halaman pertama")
    pd.add_argument("--opd", action="append", help="nama folder OPD, atau pemda untuk dokumen Pemda; boleh diulang "
                                                   "(bawaan: semua OPD yang sudah dibangun dan build/pemda/)")
    pd.add_argument("--out", default="build", help="folder hasil (bawaan: build)")
    pd.add_argument("--semua", action="store_true", help="ubah ulang walaupun PDF-nya sudah lebih baru dari .docx")
    pd.add_argument("--jobs", type=_positive, default=0, help="proses LibreOffice sekaligus (bawaan: jumlah CPU)")
    co = sub.add_parser("codeowners", help="tulis .github/CODEOWNERS dari mentor tiap OPD")
    co.add_argument("--periksa", action="store_true", help="hanya periksa bahwa berkasnya mutakhir")
    r = sub.add_parser("daftar-aturan", help="tampilkan daftar aturan beserta kodenya")
    r.add_argument("--markdown", action="store_true", help="sebagai tabel Markdown (untuk README)")
    sub.add_parser("daftar-opd", help="tampilkan OPD yang ada di data/opd/", description="tampilkan OPD yang ada di data/opd/")
    _setup_commands(sub)
    _import_commands(sub)
    _web_commands(sub)
    return p


def _web_commands(sub) -> None:
    """The OPD's page served live while editing, and the static site of the whole Pemda (cascade/web/)."""
    text = ("tampilkan halaman OPD (pohon kinerja, tabel, temuan) di peramban dan perbarui otomatis setiap kali "
            "berkas datanya disimpan")
    pr = sub.add_parser("pratinjau", help=text, description=text + "; hanya dapat dibuka dari komputer ini")
    pr.add_argument("--opd", required=True, metavar="NAMA", help="nama folder OPD di data/opd/, misalnya diskominfo")
    pr.add_argument("--tahun", type=_year, help="tahun yang ditampilkan (bawaan: dokumen.tahun_berjalan di data/pemda.yaml)")
    pr.add_argument("--port", type=_port, default=0, help="port di 127.0.0.1 (bawaan: port bebas yang dipilih otomatis)")
    pr.add_argument("--tanpa-peramban", action="store_true", help="jangan buka peramban; cukup tampilkan alamatnya")
    text = ("periksa semua OPD, bangun dokumennya, lalu tulis situs statis Pemda ke build/situs/ (RPJMD, pohon "
            "kinerja, halaman tiap OPD, evaluasi, unduhan dokumen); dapat dibuka langsung dari disk")
    si = sub.add_parser("situs", help=text, description=text)
    si.add_argument("--out", default="build", help="folder hasil; situsnya di FOLDER/situs/ (bawaan: build)")
    si.add_argument("--tahun", type=_year, help="tahun yang dibangun (bawaan: dokumen.tahun_berjalan di data/pemda.yaml)")
    si.add_argument("--strict", action="store_true", help="peringatan juga menggagalkan")


def _import_commands(sub) -> None:
    """`impor excel` (cascade/impor/); the SIPD importer adds `impor sipd` beside it."""
    text = "impor data Renstra yang sudah ada (Excel T-C.27/T-C.25, SIPD RI) menjadi YAML di data/opd/NAMA/"
    im = sub.add_parser("impor", help=text, description=text)
    kinds = im.add_subparsers(dest="sumber", metavar="SUMBER", title="sumber", help="asal data: excel atau sipd")
    kinds.required = True
    text = ("baca tabel T-C.27 dan/atau T-C.25 dari buku kerja Excel (.xlsx) lalu tulis renstra.yaml dan "
            "program/*.yaml OPD; setiap sel yang tidak terbaca dilaporkan dengan alamatnya (BERKAS!LEMBAR!SEL)")
    ex = kinds.add_parser("excel", help=text, description=text)
    ex.add_argument("berkas", metavar="BERKAS", nargs="+", help="buku kerja .xlsx; T-C.25 lebih dulu bila keduanya")
    ex.add_argument("--opd", required=True, help="nama folder OPD tujuan di data/opd/, misalnya dinkes")
    ex.add_argument("--profil", metavar="PROFIL", help="profil kolom (YAML) bila susunan kolomnya tidak terbaca otomatis")
    ex.add_argument("--timpa", action="store_true",
                    help="timpa juga berkas yang sudah diubah tangan sejak impor sebelumnya (periksa git diff sesudahnya)")
    text = "baca baris Renstra SIPD RI (berkas JSON) dan tulis data/opd/NAMA/"
    si = kinds.add_parser("sipd", help=text, description=text)
    si.add_argument("berkas", nargs="+", metavar="BERKAS",
                    help="berkas JSON jawaban SIPD RI: tujuan, sasaran, program, kegiatan dan sub kegiatan Renstra")
    si.add_argument("--opd", required=True, metavar="NAMA", help="nama folder OPD di data/opd/, misalnya dinkes")
    si.add_argument("--timpa", action="store_true", help="timpa juga berkas yang sudah diubah tangan sejak impor sebelumnya")


def _setup_commands(sub) -> None:
    """The commands that make a Pemda repository and keep it working where planners work (cascade/init/)."""
    text = "buat repositori Pemda baru: data/pemda.yaml, satu kerangka OPD, Makefile, alur kerja GitHub, pengaturan VS Code"
    it = sub.add_parser("init", help=text, description=text)
    it.add_argument("folder", metavar="FOLDER", help="folder repositori baru (dibuat bila belum ada; berkas yang sudah ada tidak ditimpa)")
    it.add_argument("--opd", default="bappeda", help="nama folder kerangka OPD pertama (bawaan: bappeda)")
    it.add_argument("--sumber", metavar="PERSYARATAN",
                    help="baris requirements.txt untuk Cascade (bawaan: cascade-sakip==<versi ini>), misalnya berkas .whl atau URL git")
    text = "buat kerangka OPD baru di data/opd/NAMA/ dan baris CODEOWNERS-nya (ditinjau tim Bappeda sampai OPD punya mentor)"
    ob = sub.add_parser("opd-baru", help=text, description=text)
    ob.add_argument("nama", metavar="NAMA", help="nama folder OPD: huruf kecil, angka, `-` atau `_`, misalnya dinkes")
    text = "tulis skema JSON data ke FOLDER, tempat VS Code membacanya untuk memeriksa YAML saat diketik"
    sk = sub.add_parser("skema", help=text, description=text)
    sk.add_argument("folder", metavar="FOLDER", nargs="?", default=".vscode/skema", help="folder tujuan (bawaan: .vscode/skema)")
    text = "salin templat Word bawaan Cascade ke templates/DOKUMEN/ untuk diubah tampilannya"
    st = sub.add_parser("salin-templat", help=text, description=text)
    st.add_argument("dokumen", metavar="DOKUMEN", choices=["pk", "renstra"], help="pk atau renstra")
    text = "periksa program yang dipakai Cascade (Graphviz, LibreOffice, pdftoppm, git) dan cara memasangnya"
    sub.add_parser("periksa-alat", help=text, description=text)
    text = "bandingkan dua folder hasil build (versi Cascade lama dan baru) sebagai Markdown untuk laporan tinjauan"
    bh = sub.add_parser("bandingkan-hasil", help=text, description=text)
    bh.add_argument("lama", metavar="LAMA", help="folder hasil build dengan versi lama")
    bh.add_argument("baru", metavar="BARU", help="folder hasil build dengan versi baru")
    bh.add_argument("--versi-lama", default="versi lama", help="nama versi lama, misalnya keluaran `cascade --version`")
    bh.add_argument("--temuan-lama", metavar="BERKAS", help="keluaran `cascade validate` versi lama")
    bh.add_argument("--temuan-baru", metavar="BERKAS", help="keluaran `cascade validate` versi baru")


def _run(args) -> int:
    """The commands that check and build: options → orchestrator → exit code."""
    from cascade import orchestrator
    from cascade.load.sources import misnamed_opd_folders

    opts, say = orchestrator.Options.of(args), orchestrator.Say(args.format)
    if args.command == "validate":
        return orchestrator.validate(opts, say, misnamed_opd_folders(args.root) if args.opd is None else [])[1]
    if args.command == "evaluasi":
        return orchestrator.evaluasi(opts, say)
    return orchestrator.build(opts, say, pemda_only=args.command == "build-pemda")


def _review(args) -> int:
    """0: nothing new to fix; 1: the change adds errors (the report is complete either way);
    2: no report (git cannot give the base, an output cannot be written)."""
    from cascade.review.gitsrc import GitError
    from cascade.review.jsonreport import render_json
    from cascade.review.lampiran import write_lampiran
    from cascade.review.report import render_markdown
    from cascade.review.run import review

    try:
        run = review(args.root, args.base, args.opd, args.tahun, not args.tanpa_dokumen)
    except GitError as exc:
        print(error(Loc("git"), exc.code, exc.message, exc.hint).format())
        return 2
    result = run.review
    print(render_json(result) if args.format == "json" else render_markdown(result), end="")
    if args.keluaran:
        text = render_json(result) if args.format == "json" else render_markdown(result, limit=SUMMARY_LIMIT)
        try:
            with open(args.keluaran, "a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            print(_unwritable(args.keluaran, exc).format())
            return 2
    if args.lampiran:
        try:
            write_lampiran(args.lampiran, result, run.pictures)
        except OSError as exc:
            print(_unwritable(getattr(exc, "filename", None) or args.lampiran, exc).format())
            return 2
    return 1 if result.new_errors else 0


def _codeowners(args) -> int:
    from cascade.review.codeowners import PATH, codeowners_from_files
    from cascade.write import atomic_write

    # read straight from the YAML: who reviews a change must not wait for the data to be valid (an OPD
    # skeleton still to be filled in gets its line, owned by Bappeda, in the pull request that adds it)
    text = codeowners_from_files(args.root)
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
            print(error(Loc(PATH), "C004", f"{PATH} tidak sesuai dengan mentor di data/opd/*/opd.yaml dan github_bappeda di data/pemda.yaml",
                        "jalankan `cascade codeowners` (atau `make codeowners`) lalu commit hasilnya").format())
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
    if args.command not in ("daftar-aturan", "init", "periksa-alat", "bandingkan-hasil") and not os.path.isdir(args.root):
        problems.append(error(Loc("--root"), "A008", f"folder repositori `{args.root}` tidak ada",
                              "beri folder yang berisi data/pemda.yaml, misalnya `--root .`"))
        return problems
    if args.command in ("build", "build-pemda", "evaluasi", "situs"):
        problems += _folder_problems("--out", args.out)
    if getattr(args, "lampiran", None):
        problems += _folder_problems("--lampiran", args.lampiran)
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
    table = rule_table()
    width = max(len(severity) for _, severity, _ in table)
    for code, severity, title in table:
        print(f"| {code} | {severity} | {title} |" if markdown else f"{code}  {severity:<{width}}  {title}")
    return 0


def main(argv: list[str] | None = None, prog: str = "python -m cascade") -> int:
    argv = sys.argv[1:] if argv is None else argv
    _Parser.root_prog = prog
    try:
        args = _parser(prog).parse_args(argv)
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
        if args.command in ("validate", "build", "build-pemda", "evaluasi"):
            return _run(args)
        if args.command == "review":
            return _review(args)
        if args.command == "codeowners":
            return _codeowners(args)
        if args.command == "pdf":
            from cascade.pdf import main as pdf_main
            return pdf_main(args.root, args.out, args.opd, args.semua, args.jobs)
        if args.command == "daftar-aturan":
            return _rules(args.markdown)
        if args.command in ("init", "opd-baru", "skema", "salin-templat", "periksa-alat", "bandingkan-hasil"):
            from cascade.setup_commands import run as setup_run
            return setup_run(args)
        if args.command == "impor" and args.sumber == "excel":
            from cascade.impor.perintah import run_excel
            return run_excel(args.root, args.berkas, args.opd, args.profil, args.timpa)
        if args.command == "impor" and args.sumber == "sipd":
            from cascade.impor.sipd import run as impor_sipd
            return impor_sipd(args.root, args.berkas, args.opd, args.timpa)
        if args.command == "pratinjau":
            from cascade.web.pratinjau import run as pratinjau
            return pratinjau(args.root, args.opd, args.tahun, args.port, not args.tanpa_peramban)
        if args.command == "situs":
            from cascade import orchestrator
            from cascade.web.situs import build_site
            return build_site(orchestrator.Options.of(args), orchestrator.Say())
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
        print(internal(exc, Loc("cascade")).format(), file=sys.stderr)
        return 2
    return 2


def run(prog: str = "cascade") -> None:
    """The `cascade` command (pyproject.toml) and `python -m cascade`: run, then leave at once."""
    import gc

    code = main(prog=prog)
    if code in STOPPED.values():
        # Interpreter shutdown would join each process pool's result thread, which may wait forever for a
        # message a worker killed by the same Ctrl-C (or SIGTERM) never finished: leave now, output flushed.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    # The run is over: interpreter shutdown need not walk the model's million objects once more
    # (0.5-1 s after checking 40 OPDs, issue 9); the operating system takes the memory back at once.
    gc.freeze()
    sys.exit(code)
