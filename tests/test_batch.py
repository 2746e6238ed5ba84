"""Several folders built by one process (`make all`, `cascade build --jobs`): the same documents as a
process per folder, only the folders make marked, and one folder's failure not stopping the others."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, mutate, run_cli, tree_files

from bench import run as bench_run
from cascade import batch
from cascade.forking import make_jobs

NEEDS = pytest.mark.skipif(shutil.which("dot") is None or shutil.which("make") is None,
                           reason="perlu Graphviz dan make (`make test` memasangnya)")
FOLDERS = ["bappeda", "diskominfo", "dispusip", "inspektorat", "pemda"]


@pytest.mark.parametrize("makeflags, jobs", [
    (" -j2 --jobserver-auth=3,4", 2),
    ("s -j3 --jobserver-auth=3,4 -- opd=a", 3),
    ("", 1),
    (None, 1),
    ("ks", 1),
    (" -- out=-j4", 1),  # a variable assignment that only looks like the option
    (" -j0", 1),
])
def test_jobs_come_from_make(makeflags, jobs):
    assert make_jobs(makeflags) == jobs


def test_make_j_without_a_number_uses_every_core():
    assert make_jobs(" -j") == (os.cpu_count() or 1)


def _documents(folder) -> dict[str, bytes]:
    return {k: v for k, v in tree_files(folder).items() if not k.startswith(".cache") and not k.endswith("/.dibangun.json")}


@NEEDS
def test_parallel_batch_writes_what_a_process_per_folder_writes(tmp_path):
    alone, together = tmp_path / "alone", tmp_path / "together"
    for opd in FOLDERS[:-1]:
        assert run_cli("build", "--opd", opd, "--out", str(alone)).returncode == 0
    assert run_cli("build-pemda", "--out", str(alone)).returncode == 0
    result = run_cli("build", "--pemda", "--jobs", "2", "--out", str(together))
    assert result.returncode == 0, result.stdout + result.stderr
    expected, got = _documents(alone), _documents(together)
    assert len(expected) > 100 and sorted(expected) == sorted(got)
    assert [k for k in expected if expected[k] != got[k]] == []
    assert "Selesai: dokumen Pemda, bappeda, diskominfo, dispusip, inspektorat" in result.stdout


def test_pemda_is_built_first_then_the_largest_opd(repo):
    order = batch.largest_first(repo, sorted(repo.opds) + [batch.PEMDA])
    assert order[0] == batch.PEMDA
    sizes = [sum(1 for _ in repo.opds[k].nodes()) + len(repo.opds[k].jabatan) for k in order[1:]]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) > 1


def _die_on_dispusip(folder):
    if folder == "dispusip":
        os._exit(3)  # a worker killed (out of memory) mid-build
    return batch.Done(folder, [f"{folder}/ok"], [])


def test_a_dead_worker_is_reported_for_its_folder(repo, monkeypatch):
    monkeypatch.setattr(batch, "_build", _die_on_dispusip)
    monkeypatch.setattr(batch, "cores", lambda: 2)
    done = list(batch.build_folders(repo, 2026, "/nonexistent", ["bappeda", "dispusip", "inspektorat"], 2))
    assert sorted(d.folder for d in done) == ["bappeda", "dispusip", "inspektorat"]
    dead = next(d for d in done if d.folder == "dispusip")
    assert dead.written == [] and [d.code for d in dead.diags] == ["X001"]
    assert "dispusip" in dead.diags[0].message and dead.diags[0].loc.file == "data/opd/dispusip"
    # a folder finished before the worker died keeps its result; one not finished is reported, not lost
    assert all(d.written == [f"{d.folder}/ok"] or d.diags[0].code == "X001" for d in done)


def test_an_invalid_opd_does_not_stop_the_others(tmp_repo, tmp_path):
    line = mutate(tmp_repo, "data/opd/inspektorat/renstra.yaml", "satuan: Predikat", "satuan: 12")
    out = tmp_path / "out"
    result = run_cli("--root", tmp_repo, "build", "--pemda", "--jobs", "2", "--out", str(out), cwd=tmp_repo)
    assert result.returncode == 1
    assert f"data/opd/inspektorat/renstra.yaml:{line}:" in result.stdout
    assert "yang dibangun: bappeda, diskominfo, dispusip" in result.stdout
    built = {p.split(os.sep)[0] for p in _documents(out)}
    assert built == {"bappeda", "diskominfo", "dispusip"}  # neither the broken OPD nor the Pemda documents


def test_a_problem_in_shared_data_builds_nothing(tmp_repo, tmp_path):
    mutate(tmp_repo, "data/pemda.yaml", "tahun_berjalan:", "tahun_berjalan_x:")
    out = tmp_path / "out"
    result = run_cli("--root", tmp_repo, "build", "--jobs", "2", "--out", str(out), cwd=tmp_repo)
    assert result.returncode == 1 and "Tidak ada dokumen yang ditulis" in result.stdout
    assert not out.exists() or _documents(out) == {}


def _make(folder, *args):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=folder, capture_output=True, text=True, timeout=600)


@NEEDS
def test_make_builds_only_stale_folders_and_a_failed_one_stays_stale(tmp_path):
    folder = str(tmp_path / "pemda")
    os.makedirs(folder)
    shutil.copytree(os.path.join(ROOT, "data"), os.path.join(folder, "data"))
    bench_run.link_repo(folder)
    build = os.path.join(folder, "build")

    first = _make(folder, "-j2", "all")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.count("Pemeriksaan ") == 1  # one process checked and built every folder
    for f in FOLDERS:
        assert os.path.exists(os.path.join(build, f, ".dibangun.json")), f
    docs = _documents(build)

    again = _make(folder, "-j2", "all")
    assert again.returncode == 0 and "Pemeriksaan" not in again.stdout and "ditulis" not in again.stdout

    os.utime(os.path.join(folder, "data/opd/dispusip/renstra.yaml"))  # a new time alone changes nothing
    mutate(folder, "data/opd/dispusip/renstra.yaml", "\n", "\n# catatan\n")  # a comment: checked again, same bytes
    line = mutate(folder, "data/opd/inspektorat/renstra.yaml", "satuan: Predikat", "satuan: 12")
    broken = _make(folder, "-j2", "all")
    assert broken.returncode != 0
    assert f"data/opd/inspektorat/renstra.yaml:{line}:" in broken.stdout
    assert "dispusip: tidak ada dokumen yang berubah" in broken.stdout
    assert "build/bappeda/" not in broken.stdout and "ditulis build/inspektorat/" not in broken.stdout
    still = _make(folder, "all")  # nothing else changed: the Pemda and inspektorat stay stale, the error is shown again
    assert still.returncode != 0 and f"data/opd/inspektorat/renstra.yaml:{line}:" in still.stdout
    assert "build/dispusip/" not in still.stdout and "dispusip:" not in still.stdout

    mutate(folder, "data/opd/inspektorat/renstra.yaml", "satuan: 12", "satuan: Predikat")
    fixed = _make(folder, "all")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    # inspektorat's data is again what its documents were built from; the Pemda's changed (a comment)
    assert "  inspektorat:" not in fixed.stdout and "build/inspektorat/" not in fixed.stdout
    assert "pemda: tidak ada dokumen yang berubah" in fixed.stdout
    assert _documents(build) == docs  # the same data again: the same bytes


# How a build is stopped: the signal, whether it reaches the whole process group (Ctrl-C in a
# terminal does, to make and everything it started) or the build's own process alone (`kill`, an
# editor's stop button, `timeout`, a cancelled CI job), and the exit status it must give.
STOPS = {
    "ctrl-c": (signal.SIGINT, True, 130),
    "kill-int": (signal.SIGINT, False, 130),
    "kill-term": (signal.SIGTERM, False, 143),
    "kill-9": (signal.SIGKILL, False, -signal.SIGKILL),  # no cleanup: the workers die with it
}


@NEEDS
@pytest.mark.parametrize("how", list(STOPS))
def test_a_stopped_build_stops_every_worker_without_a_traceback(tmp_path, how):
    from bench import synth

    signum, to_group, status = STOPS[how]
    synth.generate(str(tmp_path), 8, 60, 10, 1)
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.Popen([sys.executable, "-m", "cascade", "build", "--jobs", "2", "--out", str(tmp_path / "out")],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,  # as from a terminal, even when the tests run as a background job
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = ""
    for line in proc.stdout:  # the workers are running once the first folder is written
        if "ditulis" in line:
            first = line
            break
    (os.killpg if to_group else os.kill)(proc.pid, signum)
    try:
        rest, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:  # something of the build still holds its output open
        left = _session(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError(f"two minutes after {how}, the build's workers still ran: {left}") from None
    assert proc.returncode == status, rest + err
    assert "Traceback" not in err
    if signum != signal.SIGKILL:
        assert err.strip() == "Dihentikan.", err
    assert "Selesai" not in rest
    assert first
    # Nothing of the build may still run: every process of its session is gone or a zombie (where no
    # init process reaps orphans, as in containers: a `dot` of a killed worker, or the child that was
    # to become one). Those that got the same signal may still be ending; the wait is a liveness
    # bound, not a measure.
    deadline = time.monotonic() + 60
    while any(not state.startswith("Z") for state in _session(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(state.startswith("Z") for state in _session(proc.pid)), _session(proc.pid)
    started = [f for f in os.listdir(tmp_path / "out") if not f.startswith(".")]
    assert len(started) <= 3, started  # no folder is begun after the stop (workers that went on built all 8)


def _session(leader: int) -> list[str]:
    """The state of each process in `leader`'s session."""
    return subprocess.run(["ps", "-o", "stat=", "-s", str(leader)], capture_output=True, text=True).stdout.split()


def _broken_renderer(job):
    from lxml import etree
    etree.Element("w").set("w", None)  # the kind of bug CI once met: lxml refusing a missing value


_broken_renderer.__module__ = "cascade.documents.iku"  # standing in for the IKU renderer


def test_a_renderer_bug_fails_its_folder_named_and_located(repo, tmp_path, monkeypatch):
    from cascade import build
    from cascade.documents import iku
    monkeypatch.setattr(iku, "render", _broken_renderer)
    monkeypatch.setattr(build, "renderers", lambda draf: [iku.render])  # as cascade.documents.renderers gives them
    written, removed, diags = build.build_opd_outputs(repo, "bappeda", 2026, str(tmp_path / "bappeda"))
    assert written == [] and not (tmp_path / "bappeda").exists()
    [d] = diags
    assert d.code == "X001" and d.loc.file == "data/opd/bappeda"
    assert "saat menyusun dokumen iku (TypeError: " in d.message
    assert " di cascade/build.py:" in d.message and "test_batch" not in d.message  # Cascade's own innermost line
    assert d.message.endswith(")") and "Traceback" not in d.message
