"""The benchmark (issue 9): how long each stage takes, against the floor for the same work.

    python -m bench [--size kecil|sedang|penuh] [--hasil bench/hasil.md] [--kerja DIR]
    make bench size=kecil

Measures, for the example OPD (diskominfo) and for synthetic Pemdas written by `synth`:
load+validate with its throughput, each renderer, `make` (serial, -j2, no-op, one OPD touched) and
peak memory; and the floors for the same work: the C YAML parser alone on the same files, `dot`
alone on the same .dot files, and zipfile alone re-writing the members of the same .docx files.
Cost growth is measured from 1× to 4× the data size. No figure here is asserted by the tests.

`make` runs in the synthetic folder exactly as in a checkout: the folder gets symbolic links to this
checkout's Makefile, cascade/, schema/, templates/, scripts/, requirements.txt and .venv, so the
Makefile's relative paths (data/, build/) point at the synthetic data and nothing is edited.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field

import yaml

from bench import synth

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINKED = ("Makefile", "cascade", "schema", "templates", "scripts", "requirements.txt", ".venv")


@dataclass(frozen=True)
class Size:
    """One benchmark size: the repo built with make, the validation series and the render series (1×, 2×, 4×)."""

    make: tuple[int, int, int]  # OPD, sub kegiatan per OPD, jabatan per OPD
    validasi: tuple[int, ...]  # OPD counts, 300 sub kegiatan and 30 jabatan each
    render: tuple[int, ...]  # sub kegiatan of one OPD
    sub_validasi: int = 300
    pejabat: int = 30


SIZES = {
    "mini": Size(make=(2, 4, 4), validasi=(1, 2, 4), render=(2, 4, 8), sub_validasi=4, pejabat=4),  # smoke test
    "kecil": Size(make=(4, 75, 15), validasi=(2, 4, 8), render=(75, 150, 300)),
    "sedang": Size(make=(10, 150, 30), validasi=(5, 10, 20), render=(75, 150, 300)),
    "penuh": Size(make=(40, 300, 30), validasi=(10, 20, 40), render=(75, 150, 300)),
}


@dataclass
class Row:
    bagian: str  # "contoh" (diskominfo) or the synthetic size it ran on
    nama: str
    detik: float
    lantai: float | None = None  # the floor for the same work
    target: float | None = None  # seconds, from issue 9
    catatan: str = ""

    @property
    def rasio(self) -> float | None:
        return self.detik / self.lantai if self.lantai else None


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    growth: list[tuple[str, list[tuple[str, float]]]] = field(default_factory=list)  # (what, [(size label, s)])
    notes: list[str] = field(default_factory=list)

    def add(self, *args, **kw) -> Row:
        row = Row(*args, **kw)
        self.rows.append(row)
        print(f"  {row.bagian:<22} {row.nama:<48} {row.detik:9.2f} s" + (f"  (batas bawah {row.lantai:.2f} s)" if row.lantai else ""),
              flush=True)
        return row


# ---------------------------------------------------------------- measuring


def timed(fn, *args, **kw):
    start = time.perf_counter()
    value = fn(*args, **kw)
    return time.perf_counter() - start, value


def run_cmd(cmd: list[str], cwd: str, log) -> tuple[float, int | None, int]:
    """Run a command; (wall seconds, peak RSS in MB of its largest process, exit code).

    The peak comes from GNU time (`%M`): getrusage/wait4 from this process would count the benchmark's
    own memory, because a forked child keeps its parent's high-water mark across exec.
    """
    fd, memfile = tempfile.mkstemp(prefix="cascade-bench-rss-")
    os.close(fd)
    timer = ["/usr/bin/time", "-f", "%M", "-o", memfile] if os.path.exists("/usr/bin/time") else []
    start = time.perf_counter()
    rc = subprocess.run(timer + cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
    rss = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        rss = int(open(memfile, encoding="utf-8").read().split()[-1]) // 1024
    os.unlink(memfile)
    return seconds, rss, rc


def machine() -> dict:
    cpu = mem = "?"
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    try:
        dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    except OSError:
        dot = "tidak ada"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memori": mem, "python": platform.python_version(), "graphviz": dot,
            "sistem": f"{platform.system()} {platform.release()}", "beban": " ".join(f"{x:.2f}" for x in os.getloadavg())}


# ---------------------------------------------------------------- floors


def parse_floor(root: str) -> float:
    """libyaml (C) parsing the same YAML files: the floor for reading them."""
    paths = [os.path.join(d, n) for d, _, names in os.walk(os.path.join(root, "data")) for n in sorted(names)
             if n.endswith(".yaml")]
    start = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def dot_floor(outputs) -> float:
    """`dot` alone producing the same SVG and PNG (same dpi) from the same .dot files, one `dot` per
    core each drawing its share of the files, as the renderer does."""
    return _dot_alone([o.data for o in outputs if o.path.endswith(".dot")], os.cpu_count() or 1)


def trees_floor(build: str, jobs: int) -> float:
    """`dot` alone drawing every tree of a whole build (SVG and PNG), `jobs` processes side by side:
    no build of the same documents can be faster than this."""
    sources = []
    for folder, _, names in os.walk(build):
        for name in sorted(names):
            if name.endswith(".dot"):
                with open(os.path.join(folder, name), "rb") as fh:
                    sources.append(fh.read())
    return _dot_alone(sources, jobs)


def _dot_alone(sources: list[bytes], processes: int) -> float:
    """Seconds for `processes` `dot` runs side by side to draw `sources` as SVG and as PNG, each run
    a share of about equal size read from one stream (starting `dot` costs as much as a layout)."""
    from concurrent.futures import ThreadPoolExecutor

    from cascade.formats.dot.run import DPI, streams

    shares = [b"".join(sources[i] for i in run) for run in streams([s.decode("utf-8") for s in sources], processes)]

    def draw(data: bytes) -> None:
        for args in (["dot", "-Tsvg"], ["dot", "-Tpng", f"-Gdpi={DPI}"]):
            subprocess.run(args, input=data, stdout=subprocess.DEVNULL, check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=processes) as pool:
        list(pool.map(draw, shares))
    return time.perf_counter() - start


def zip_floor(outputs) -> float:
    """zipfile alone writing the same .docx / .xlsx members (DEFLATE level 6, as the renderers do)."""
    total = 0.0
    for out in outputs:
        if not out.path.endswith((".docx", ".xlsx")):
            continue
        src = zipfile.ZipFile(io.BytesIO(out.data))
        members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
        start = time.perf_counter()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
            for name, data in members:
                dst.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        total += time.perf_counter() - start
    return total


@contextlib.contextmanager
def docxtpl_timer():
    """Time every docxtpl render by template file, so each Renstra chapter shows up separately."""
    from docxtpl import DocxTemplate

    spent: dict[str, list[float]] = {}
    original = DocxTemplate.render

    def render(self, *args, **kw):
        start = time.perf_counter()
        try:
            return original(self, *args, **kw)
        finally:
            name = os.path.basename(str(getattr(self, "template_file", "?")))
            spent.setdefault(name, []).append(time.perf_counter() - start)

    DocxTemplate.render = render
    try:
        yield spent
    finally:
        DocxTemplate.render = original


def done_once_first(render, job) -> str:
    """What a build does once, done before a renderer is timed; says what it took. For a renderer
    filling Word templates: a first run, so the timed run fills templates this process already
    prepared. For the trees: the checks of the installed Graphviz (kept in build/.cache/dot), not the
    trees themselves."""
    from cascade.formats.dot import run as pohon_dot
    from cascade.pipeline import without_gc

    name = render.__module__.rsplit(".", 1)[-1]
    if name == "pohon":
        t, _ = timed(pohon_dot.batches_like_single)
        return f"pemeriksaan Graphviz sekali per versi {t:.2f} s tidak dihitung" if t >= 0.005 else ""
    if name not in ("renstra", "pk"):
        return ""
    with without_gc():
        t, _ = timed(render, job)
    return f"panggilan pertama {t:.2f} s (termasuk menyiapkan templat yang belum disiapkan proses ini)"


def _notes(*notes: str) -> str:
    """A Keterangan cell of the notes that say something."""
    return "; ".join(n for n in notes if n)


# ---------------------------------------------------------------- stages


def check_stage(root: str, keys=None):
    from cascade.load.sources import load_sources
    from cascade.pipeline import check, without_gc

    with without_gc():  # as check() reads them
        t_load, _ = timed(load_sources, root)
    t_check, checked = timed(check, root, keys)
    if checked.report.errors or checked.repo is None:
        raise RuntimeError("data tidak lolos pemeriksaan: " + "; ".join(d.format() for d in checked.report.errors[:5]))
    return t_load, t_check, checked


def model_size(checked, keys) -> tuple[int, int, int]:
    opds = [checked.repo.opds[k] for k in keys]
    nodes = sum(1 for o in opds for _ in o.nodes())
    files = sum(len(o.files) for o in opds) + 2
    size = sum(os.path.getsize(os.path.join(checked.repo.root, f)) for o in opds for f in o.files)
    return nodes, files, size


def render_opd(res: Result, bagian: str, checked, key: str) -> dict[str, float]:
    """Each renderer of one OPD, against its floor; returns renderer → seconds."""
    from cascade.documents import Job, renderers
    from cascade.pipeline import without_gc

    job = Job(checked.repo, checked.repo.opds[key], checked.tahun)
    times = {}
    for render in renderers():
        name = render.__module__.rsplit(".", 1)[-1]
        first = done_once_first(render, job)
        with docxtpl_timer() as spent, without_gc():  # as `build` runs them
            t, outputs = timed(render, job)
        times[name] = t
        docx = [o for o in outputs if o.path.endswith(".docx")]
        if name == "pohon":
            dots = sum(o.path.endswith(".dot") for o in outputs)
            res.add(bagian, f"pohon kinerja ({dots} pohon, SVG+PNG)", t, dot_floor(outputs),
                    catatan=_notes("batas: dot saja", first))
        elif name == "renstra":
            res.add(bagian, f"Renstra ({len(docx)} berkas .docx)", t, zip_floor(docx),
                    catatan=_notes("batas: zipfile saja", first))
            for tpl, ts in sorted(spent.items()):
                res.add(bagian, f"  isi templat {tpl} ({len(ts)}×, docxtpl)", sum(ts))
        elif name == "pk":
            res.add(bagian, f"semua PK ({len(docx)} berkas .docx)", t, zip_floor(docx),
                    catatan=_notes("batas: zipfile saja", first))
            for tpl, ts in sorted(spent.items()):
                res.add(bagian, f"  isi templat {tpl} ({len(ts)}×, docxtpl)", sum(ts))
        elif name == "excel":
            res.add(bagian, f"excel ({len(outputs)} berkas .xlsx)", t, zip_floor(outputs), catatan="batas: zipfile saja")
        else:
            res.add(bagian, f"{name} ({len(outputs)} berkas)", t)
    return times


def link_repo(folder: str) -> None:
    """Make the synthetic folder a checkout-like repo: links to this checkout's code, own data/ and build/."""
    for name in LINKED:
        dst = os.path.join(folder, name)
        if os.path.lexists(dst):
            os.unlink(dst)
        os.symlink(os.path.join(PROJECT, name), dst)


def make_stage(res: Result, bagian: str, folder: str, log, touch: str, target: list[str], jobs=(1, 2)) -> None:
    """`make` serial and -j2 from scratch, a no-op rebuild, and a rebuild after touching one OPD."""
    env_make = ["make", "--no-print-directory"]
    for j in jobs:
        shutil.rmtree(os.path.join(folder, "build"), ignore_errors=True)
        t, rss, rc = run_cmd(env_make + [f"-j{j}"] + target, folder, log)
        _check_rc(rc, log)
        floor = trees_floor(os.path.join(folder, "build"), j)
        res.add(bagian, f"make {' '.join(target)} -j{j} (bangun penuh)", t, floor,
                target=90.0 if "all" in target and j == 2 and bagian.startswith("40 OPD") else None,
                catatan=f"batas: dot saja untuk semua pohon, {j} proses berdampingan; puncak memori {rss} MB")
    t, rss, rc = run_cmd(env_make + ["-j2"] + target, folder, log)
    _check_rc(rc, log)
    res.add(bagian, f"make {' '.join(target)} tanpa perubahan", t, target=1.0, catatan=f"puncak memori {rss} MB")
    with edited(touch):
        t, rss, rc = run_cmd(env_make + ["-j2"] + target, folder, log)
    _check_rc(rc, log)
    res.add(bagian, f"make {' '.join(target)} -j2 setelah 1 berkas OPD disunting", t,
            catatan=f"OPD itu dan dokumen Pemda dibangun ulang, pohon dari cache Graphviz; puncak memori {rss} MB")


@contextlib.contextmanager
def edited(path: str):
    """`path` with one comment line more (a change of content, which is what makes a folder stale), put back after."""
    with open(path, "rb") as fh:
        original = fh.read()
    try:
        with open(path, "ab") as fh:
            fh.write(b"\n# disunting untuk pengukuran\n")
        yield
    finally:
        with open(path, "wb") as fh:
            fh.write(original)


def _check_rc(rc: int, log) -> None:
    if rc != 0:
        raise RuntimeError(f"make gagal (kode {rc}); lihat {getattr(log, 'name', 'log')}")


# ---------------------------------------------------------------- the benchmark


def bench_contoh(res: Result, work: str, log) -> None:
    """The example OPD in this checkout: make warm, no-op, and each stage in-process."""
    bagian = "contoh: diskominfo"
    build = os.path.join(work, "build-contoh")
    target = ["opd=diskominfo", f"BUILD={build}"]
    make = ["make", "--no-print-directory", "-C", PROJECT] + target
    _check_rc(run_cmd(make, PROJECT, log)[2], log)  # warm-up: venv check, fonts, page cache
    shutil.rmtree(build, ignore_errors=True)
    t, rss, rc = run_cmd(make, PROJECT, log)
    _check_rc(rc, log)
    res.add(bagian, "make opd=diskominfo dari build/ kosong", t, target=2.0, catatan=f"puncak memori {rss} MB")
    t, rss, rc = run_cmd(make, PROJECT, log)
    _check_rc(rc, log)
    res.add(bagian, "make opd=diskominfo tanpa perubahan", t, target=0.5)
    with edited(os.path.join(PROJECT, "data", "opd", "diskominfo", "renstra.yaml")):
        t, rss, rc = run_cmd(make, PROJECT, log)
    _check_rc(rc, log)
    res.add(bagian, "make opd=diskominfo setelah renstra.yaml disunting", t, target=1.0,
            catatan="sebuah komentar: setiap pohon diambil dari cache Graphviz (build/.cache/dot)")
    t_load, t_check, checked = check_stage(PROJECT, ["diskominfo"])
    nodes, files, size = model_size(checked, ["diskominfo"])
    res.add(bagian, "baca YAML semua OPD (pembaca ketat Cascade)", t_load, parse_floor(PROJECT), catatan="batas: libyaml (C)")
    res.add(bagian, "baca + periksa (skema, aturan)", t_check,
            catatan=f"{nodes / t_check:,.0f} simpul/s, {files / t_check:,.1f} berkas/s ({len(checked.repo.opds)} OPD dibaca)")
    render_opd(res, bagian, checked, "diskominfo")


def bench(size_name: str, work: str, hasil: str | None, contoh: bool = True) -> Result:
    size = SIZES[size_name]
    os.makedirs(work, exist_ok=True)
    res = Result()
    started = time.perf_counter()
    info = machine()
    log_path = os.path.join(work, f"make-{size_name}.log")  # one per size: a failed run keeps its log
    with open(log_path, "w", encoding="utf-8") as log:
        if contoh:
            print("Contoh (diskominfo):", flush=True)
            bench_contoh(res, work, log)

        print("Pemda sintetis, pemeriksaan:", flush=True)
        val_growth = []
        for n in size.validasi:
            folder = os.path.join(work, f"validasi-{n}")
            synth.generate(folder, n, size.sub_validasi, size.pejabat, seed=1)
            keys = [f"opd{i + 1:02d}" for i in range(n)]
            t_load, t_check, checked = check_stage(folder)
            nodes, files, nbytes = model_size(checked, keys)
            bagian = f"{n} OPD × {size.sub_validasi} sub"
            res.add(bagian, "baca YAML (pembaca ketat Cascade)", t_load, parse_floor(folder), catatan=f"batas: libyaml (C); {nbytes / 1e6:.1f} MB")
            res.add(bagian, "baca + periksa seluruh Pemda", t_check, target=5.0 if n >= 40 else None,
                    catatan=f"{nodes / t_check:,.0f} simpul/s, {files / t_check:,.0f} berkas/s")
            val_growth.append((f"{n} OPD", t_check))
            if n == size.validasi[-1]:
                command = [sys.executable, "-m", "cascade", "--root", folder, "validate"]
                t_rss, rss, _ = run_cmd(command, PROJECT, log)
                res.add(bagian, "python -m cascade validate (proses utuh)", t_rss, target=5.0 if n >= 40 else None,
                        catatan=f"puncak memori {rss} MB")
                from cascade.documents import PemdaJob, pemda_renderers
                from cascade.pipeline import without_gc
                for render in pemda_renderers():
                    name = render.__module__.rsplit(".", 1)[-1]
                    job = PemdaJob(checked.repo, checked.tahun)
                    first = done_once_first(render, job)
                    with without_gc():  # as `build` runs them
                        t, outputs = timed(render, job)
                    floor = dot_floor(outputs) if name == "pohon" else zip_floor([o for o in outputs if o.path.endswith(".docx")])
                    res.add(bagian, f"dokumen Pemda: {name} ({len(outputs)} berkas)", t, floor or None, catatan=first)
            if n != size.validasi[-1]:
                shutil.rmtree(folder, ignore_errors=True)
        res.growth.append(("baca + periksa seluruh Pemda", val_growth))

        print("Satu OPD sintetis, penyaji:", flush=True)
        growth: dict[str, list] = {}
        for sub in size.render:
            folder = os.path.join(work, f"render-{sub}")
            synth.generate(folder, 2, sub, size.pejabat, seed=1)
            _, t_check, checked = check_stage(folder, ["opd01"])
            times = render_opd(res, f"1 OPD × {sub} sub", checked, "opd01")
            for name, t in times.items():
                growth.setdefault(name, []).append((f"{sub} sub", t))
            shutil.rmtree(folder, ignore_errors=True)
        for name, series in growth.items():
            if name != "summary":
                res.growth.append((f"penyaji {name} (1 OPD)", series))

        n, sub, pejabat = size.make
        print(f"Pemda sintetis {n} OPD, make:", flush=True)
        folder = os.path.join(work, "make")
        synth.generate(folder, n, sub, pejabat, seed=1)
        link_repo(folder)
        make_stage(res, f"{n} OPD × {sub} sub", folder, log, os.path.join(folder, "data/opd/opd01/renstra.yaml"), ["all"])
    res.notes.append(f"Lama benchmark ukuran `{size_name}`: {time.perf_counter() - started:.0f} s. Log make: {log_path}.")
    text = report(res, info, size_name)
    print(text)
    if hasil:
        os.makedirs(os.path.dirname(os.path.abspath(hasil)), exist_ok=True)
        with open(hasil, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"Hasil ditulis ke {hasil}")
    return res


# ---------------------------------------------------------------- report


def _fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def report(res: Result, info: dict, size_name: str) -> str:
    lines = [
        "# Hasil benchmark Cascade",
        "",
        f"Ukuran: `{size_name}` (`make bench size={size_name}`). Mesin: {info['nproc']} inti, {info['cpu']}, "
        f"memori {info['memori']}, {info['sistem']}, Python {info['python']}, {info['graphviz']}. "
        f"Beban mesin saat mulai (load average 1/5/15 menit): {info['beban']}.",
        "",
        "Batas bawah: `dot` saja pada berkas .dot yang sama, PNG dengan resolusi yang sama, sebanyak inti mesin "
        "sekaligus (pohon; untuk `make all`: semua pohon hasil bangun, sebanyak `-j`), zipfile saja menulis ulang "
        "anggota .docx/.xlsx yang sama (Renstra, PK, Excel), libyaml (C) membaca berkas YAML yang sama (baca YAML). "
        "Rasio = waktu ÷ batas bawah (target isu 9: paling banyak 2×).",
        "",
        "| Data | Pengukuran | Waktu (s) | Batas bawah (s) | Rasio | Target (s) | Status | Keterangan |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in res.rows:
        status = ""
        if r.target is not None:
            status = "tercapai" if r.detik <= r.target else "**meleset**"
        if r.rasio is not None:
            status += (" · " if status else "") + ("≤ 2× batas" if r.rasio <= 2 else "**> 2× batas**")
        lines.append(f"| {r.bagian} | {r.nama.strip()} | {_fmt(r.detik)} | {_fmt(r.lantai)} | "
                     f"{_fmt(r.rasio, 1) + '×' if r.rasio is not None else '–'} | {_fmt(r.target, 0) if r.target else '–'} | "
                     f"{status or '–'} | {r.catatan} |")
    lines += ["", "## Pertumbuhan biaya (1× → 2× → 4× data)", "",
              "| Pengukuran | 1× | 2× | 4× | 4× ÷ 1× | Linear? |", "|---|---|---|---|---:|---|"]
    for what, series in res.growth:
        cells = [f"{label}: {_fmt(t)} s" for label, t in series]
        ratio = series[-1][1] / series[0][1] if len(series) > 1 and series[0][1] else None
        verdict = "–" if ratio is None else ("ya" if ratio <= 5 else "**tidak (lebih dari linear)**")
        lines.append(f"| {what} | " + " | ".join(cells + ["–"] * (3 - len(cells))) + f" | {_fmt(ratio, 1)} | {verdict} |")
    lines += [""] + [f"- {n}" for n in res.notes] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="Benchmark Cascade terhadap batas bawahnya.")
    p.add_argument("--size", choices=sorted(SIZES), default="kecil",
                   help="kecil (bawaan, < 10 menit), sedang, penuh (40 OPD × 300 sub kegiatan × 30 jabatan)")
    p.add_argument("--hasil", default=os.path.join(PROJECT, "bench", "hasil.md"), help="berkas hasil Markdown")
    p.add_argument("--kerja", default=os.path.join(tempfile.gettempdir(), "cascade-bench-run"),
                   help="folder kerja untuk data sintetis dan hasil bangun")
    p.add_argument("--tanpa-contoh", action="store_true", help="lewati OPD contoh (diskominfo)")
    a = p.parse_args(argv)
    bench(a.size, a.kerja, a.hasil, contoh=not a.tanpa_contoh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
