"""The run, stage by stage, for every command that checks or builds: load → validate (schema, rules) →
model (cascade.pipeline.check) → render → write (cascade.build, cascade.batch, cascade.write), with the
decisions between them: which folders are stale (cascade.freshness), which OPDs may still be built when
others have errors, what a build removes. The CLI parses options into `Options` and calls one function
here; `Say` is where the messages go.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace

from cascade.diagnostics import Loc, Report, error
from cascade.pipeline import Checked, check


@dataclass
class Options:
    """What a command was asked to do (the command line's options, with their defaults)."""

    root: str = "."
    out: str = "build"
    opd: list[str] | None = None  # None: every OPD
    tahun: int | None = None
    strict: bool = False
    format: str = "teks"
    sejak: str | None = None
    jobs: int | None = None
    semua: bool = False
    pemda: bool = False

    @classmethod
    def of(cls, args) -> "Options":
        return cls(**{name: getattr(args, name) for name in cls.__dataclass_fields__ if hasattr(args, name)})


class Say:
    """Where a run's messages go: plain lines, and findings (with GitHub annotations when asked)."""

    def __init__(self, fmt: str = "teks", out=None):
        self.fmt, self.out = fmt, out

    def line(self, text: str) -> None:
        print(text, file=self.out or sys.stdout)

    def problems(self, report: Report) -> None:
        for d in report.sorted():
            self.line(d.format())
            if self.fmt == "github":
                self.line(d.format_github())

    def flush(self) -> None:
        (self.out or sys.stdout).flush()


# Paths outside data/opd/ whose change can alter what any OPD's check or documents give.
SHARED_INPUTS = ("data/", "templates/", "schema/", "cascade/", "requirements.txt", "pyproject.toml")


def changed_opds(root: str, rev: str) -> list[str] | None:
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


def validate(opts: Options, say: Say, misnamed: list | None = None) -> tuple[Checked, int]:
    """Load, check and print every finding; returns the check and the exit code. `opts.opd` is narrowed to
    the changed OPDs by `--sejak`; `misnamed`: the B007 findings of folders under data/opd/ that are not
    read, when every OPD was asked for."""
    if opts.sejak:
        from cascade.review.gitsrc import GitError
        try:
            opts.opd = changed_opds(opts.root, opts.sejak)
        except GitError as exc:
            say.line(error(Loc("git"), exc.code, exc.message, exc.hint).format())
            return Checked(Report()), 1
        if opts.opd == []:
            say.line(f"Tidak ada data OPD yang berubah sejak {opts.sejak}.")
            return Checked(Report()), 0
    checked = check(opts.root, opts.opd, opts.tahun)
    checked.report.extend(misnamed or [])  # that folder's problem: the other OPDs still get their documents
    say.problems(checked.report)
    failed = checked.report.failed(opts.strict)
    status = "GAGAL" if failed else "OK"
    names = ", ".join(checked.keys) or "-"
    say.line(f"Pemeriksaan {names}: {checked.report.summary()} — {status}")
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


def _stale(opts: Options, prints, keys: list[str], pemda: bool) -> tuple[list[str], bool]:
    """The folders among `keys` (and the Pemda's) whose manifest no longer matches their inputs."""
    from cascade.batch import PEMDA
    from cascade.freshness import is_current

    if opts.semua:
        return keys, pemda
    opds = [k for k in keys if not is_current(os.path.join(opts.out, k),
                                               lambda linked, k=k: prints.opd(k, linked, opts.tahun), opts.strict)]
    return opds, pemda and not is_current(os.path.join(opts.out, PEMDA), lambda _: prints.pemda(opts.tahun), opts.strict)


def _remove_orphans(out: str, keys: list[str], say: Say) -> None:
    """Documents of an OPD whose folder left data/opd/ must not stay looking current."""
    import shutil

    from cascade.batch import PEMDA
    from cascade.freshness import orphans

    for folder in orphans(out, keys, PEMDA):
        shutil.rmtree(folder)
        say.line(f"  dihapus {os.path.relpath(folder)}/ (OPD-nya tidak ada lagi di data/opd/)")


def _provenance(opts: Options, prints, repo, folders: list[str], warnings: int) -> dict:
    from cascade.batch import PEMDA
    from cascade.build import Provenance
    from cascade.freshness import current_elsewhere, linked_opds

    made = {}
    for f in folders:
        if f == PEMDA:
            made[f] = Provenance(prints.pemda(opts.tahun), warnings)
        else:
            made[f] = Provenance(prints.opd(f, linked_opds(repo.opds[f]), opts.tahun), warnings, current_elsewhere(prints, f))
    return made


def _print_done(done, say: Say) -> None:
    for path in done.written:
        say.line(f"  ditulis {os.path.relpath(path)}")
    for path in done.removed:
        say.line(f"  dihapus {os.path.relpath(path)} (tidak dihasilkan lagi oleh data sekarang)")
    if not done.written and not done.removed and not done.diags:
        say.line(f"  {done.folder}: tidak ada dokumen yang berubah")


def build(opts: Options, say: Say, pemda_only: bool = False) -> int:
    """`cascade build` (and `build-pemda` with `pemda_only`): the stale folders checked, built and written."""
    opts = replace(opts)
    from cascade.batch import PEMDA, build_folders
    from cascade.forking import make_jobs
    from cascade.freshness import Fingerprints
    from cascade.load.sources import check_opd_name, known_opds, misnamed_opd_folders

    pemda = pemda_only or opts.pemda
    misnamed = misnamed_opd_folders(opts.root) if opts.opd is None and not pemda_only else []
    keys = known_opds(opts.root)
    opds = [] if pemda_only else (keys if opts.opd is None else opts.opd)
    bad = [d for k in opds for d in check_opd_name(opts.root, k)]
    if bad:
        say.problems(Report(bad))
        say.line("Tidak ada dokumen yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    _remove_orphans(opts.out, keys, say)
    prints = Fingerprints(opts.root)
    opds, pemda = _stale(opts, prints, opds, pemda)
    if not opds and not pemda and not opts.sejak:
        if misnamed:
            say.problems(Report(misnamed))
            say.line("Dokumen OPD lainnya sudah mutakhir.")
            return 1
        say.line("Semua dokumen sudah mutakhir; tidak ada yang dibangun.")
        return 0
    prints.pemda(opts.tahun)  # every data file hashed before it is read: an edit during the build leaves it stale
    if pemda:  # the Pemda documents need every OPD checked
        opts.opd, opts.sejak = None, None
    else:
        opts.opd = opds
    checked, code = validate(opts, say, misnamed)
    wanted = opds if pemda else checked.keys
    repo = checked.repo
    if repo is None and not code:  # --sejak: no OPD changed
        return 0
    if code:
        skipped = "OPD yang bergalat di atas" + (" dan dokumen Pemda" if pemda else "")
        pemda = False
        wanted = _clean_opds(checked.report, wanted, opts.strict) if checked.report.failed(opts.strict) else []
        if wanted:  # the OPDs without problems of their own still get their documents
            checked = check(opts.root, wanted, opts.tahun)
            repo = None if checked.report.failed(opts.strict) else checked.repo
        if repo is None or not wanted:
            say.line("Tidak ada dokumen yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
            return 1
        say.line(f"Dokumen {skipped} tidak dibangun; yang dibangun: {_folders_text(wanted)}.")
    folders = ([PEMDA] if pemda else []) + list(wanted)
    jobs = opts.jobs or make_jobs(os.environ.get("MAKEFLAGS"))
    provenance = _provenance(opts, prints, repo, folders, len(checked.report.warnings))
    report = Report()
    for done in build_folders(repo, checked.tahun, opts.out, folders, jobs, provenance):
        _print_done(done, say)
        report.extend(done.diags)
        say.flush()  # under make stdout is a pipe: show each folder as it is done
    if report.items:
        say.problems(report)
        say.line(f"Pembangunan gagal: {report.summary()}")
        return 1
    tanpa_pk = _draf_folders(repo, folders)
    if tanpa_pk:
        say.line(f"Perjanjian Kinerja {_folders_text(tanpa_pk)} tidak dibuat karena rencananya masih berstatus draf; "
                 "dokumen lain bertanda \"DRAF\".")
    where = os.path.join(opts.out, PEMDA) if folders == [PEMDA] else opts.out
    say.line(f"Selesai: dokumen {_folders_text(folders)} tahun {checked.tahun} ada di {where}/")
    return code


def _draf_folders(repo, folders: list[str]) -> list[str]:
    """The folders built from a draft plan, which therefore hold no PK."""
    from cascade.batch import PEMDA
    from cascade.model.types import is_draf

    return [f for f in folders if is_draf(repo.pemda, None if f == PEMDA else repo.opds[f])]


def evaluasi(opts: Options, say: Say) -> int:
    """`cascade evaluasi`: check, then each OPD's evaluasi for the year into build/<opd>/evaluasi/<tahun>/."""
    opts = replace(opts)
    from cascade.build import Provenance, dot_cache_for, marked, write_folder
    from cascade.documents import Job, RenderError
    from cascade.documents.evaluasi import daftar_di_bawah_target, folder, render
    from cascade.freshness import Fingerprints, linked_opds

    opts.sejak = None
    prints = Fingerprints(opts.root)
    prints.pemda(opts.tahun)  # every data file hashed before it is read
    checked, code = validate(opts, say)
    if code or checked.repo is None:
        say.line("Tidak ada dokumen evaluasi yang ditulis; perbaiki galat di atas lalu jalankan lagi.")
        return 1
    for key in checked.keys:
        trees = dot_cache_for(os.path.join(opts.out, key))  # the builds' Graphviz cache
        job = Job(checked.repo, checked.repo.opds[key], checked.tahun, dot_cache=trees)
        try:
            outputs = marked(render(job), job.draf)
        except RenderError as exc:
            for d in exc.diagnostics(f"data/opd/{key}"):
                say.line(d.format())
            return 1
        base = folder(checked.tahun)
        # the evaluasi owns build/<opd>/evaluasi/<tahun>/; the OPD's build keeps it while it is current
        inside = [replace(o, path=o.path[len(base) + 1:]) for o in outputs]
        inputs = prints.opd(key, linked_opds(job.opd), checked.tahun)
        written, removed, diags = write_folder(os.path.join(opts.out, key, base), inside, [], [trees],
                                               Provenance(inputs, len(checked.report.warnings)))
        for path in written:
            say.line(f"  ditulis {os.path.relpath(path)}")
        for path in removed:
            say.line(f"  dihapus {os.path.relpath(path)} (tidak dihasilkan lagi oleh data sekarang)")
        if diags:
            say.problems(Report(diags))
            return 1
        if not any(r.tahun_berkas == checked.tahun for r in job.opd.realisasi):
            say.line(f"Catatan: belum ada data/opd/{key}/realisasi/{checked.tahun}.yaml; semua realisasi tampil \"belum ada data\".")
        say.line("\n".join(daftar_di_bawah_target(job)))
        say.line(f"Selesai: evaluasi {key} tahun {checked.tahun} ada di {os.path.join(opts.out, key, base)}/")
    return 0
