"""Parsed YAML kept by content (issue 9): a second check parses only what changed, and gives the
same documents and the same messages as parsing everything again."""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from cascade.load import parse_cache
from cascade.load.parse_cache import ParseCache
from cascade.load.yaml_strict import load_bytes
from cascade.pipeline import check
from conftest import ROOT, mutate, run_cli, tree_files

FILES = sorted(glob.glob(os.path.join(ROOT, "data", "**", "*.yaml"), recursive=True)
               + glob.glob(os.path.join(ROOT, "tests", "corpus", "*.yaml")))


def _entries(folder) -> list[str]:
    return [os.path.join(d, n) for d, _, names in os.walk(folder) for n in names]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return (a.path, a.data, a.positions, a.key_positions) == (b.path, b.data, b.positions, b.key_positions)


def test_kept_parse_is_the_parse(tmp_path):
    cache = ParseCache(str(tmp_path))
    assert len(FILES) > 80
    for path in FILES:
        raw = open(path, "rb").read()
        fresh, fresh_diags = load_bytes(raw, "x.yaml")
        for _ in range(2):  # once parsed and kept, once read back
            doc, diags = cache.load(raw, "x.yaml")
            cache.commit()
            assert _same(doc, fresh), path
            assert [d.format() for d in diags] == [d.format() for d in fresh_diags], path
    results = [load_bytes(open(p, "rb").read(), "x.yaml") for p in FILES]
    clean = sum(1 for doc, diags in results if doc is not None and not diags)
    assert 0 < len(_entries(tmp_path)) <= clean < len(FILES), "only clean parses are kept"


def test_a_damaged_or_foreign_entry_is_parsed_again(tmp_path, monkeypatch):
    raw = open(os.path.join(ROOT, "data", "opd", "diskominfo", "renstra.yaml"), "rb").read()
    cache = ParseCache(str(tmp_path))
    first, _ = cache.load(raw, "renstra.yaml")
    assert _entries(tmp_path) == [], "nothing is written before commit()"
    cache.commit()
    [entry] = _entries(tmp_path)
    data = bytearray(open(entry, "rb").read())
    data[-10] ^= 0xFF
    open(entry, "wb").write(bytes(data))
    calls = []
    monkeypatch.setattr(parse_cache, "load_bytes", lambda *a: calls.append(a) or load_bytes(*a))
    again, _ = cache.load(raw, "renstra.yaml")
    assert calls and _same(again, first)
    # other loader code (another version of cascade/load) does not see this loader's entries
    monkeypatch.setattr(parse_cache, "_loader_version", lambda: b"another loader")
    calls.clear()
    ParseCache(str(tmp_path)).load(raw, "renstra.yaml")
    assert calls


def test_check_with_the_cache_parses_only_edited_files(tmp_repo, monkeypatch):
    cache = ParseCache(os.path.join(tmp_repo, "build", ".cache", "yaml"))
    cold = check(tmp_repo, cache=cache)
    assert cold.repo is not None
    cache.commit()
    parsed = []
    monkeypatch.setattr(parse_cache, "load_bytes", lambda raw, display: parsed.append(display) or load_bytes(raw, display))
    warm = check(tmp_repo, cache=cache)
    assert parsed == []
    assert warm.repo == cold.repo
    assert [d.format() for d in warm.report.items] == [d.format() for d in cold.report.items]

    mutate(tmp_repo, "data/opd/diskominfo/renstra.yaml", "Meningkatnya kualitas layanan pemerintahan",
           "Meningkatnya mutu layanan pemerintahan")
    edited = check(tmp_repo, cache=cache)
    assert parsed == ["data/opd/diskominfo/renstra.yaml"]
    assert any("mutu layanan" in (n.uraian or "") for n in edited.repo.opds["diskominfo"].nodes())


def test_a_broken_edit_is_reported_even_after_clean_runs(tmp_repo):
    for _ in range(2):  # the second run reads every file from the cache
        ok = run_cli("--root", tmp_repo, "validate")
        assert ok.returncode == 0, ok.stdout + ok.stderr
    assert _entries(os.path.join(tmp_repo, "build", ".cache", "yaml"))
    kept = tree_files(os.path.join(tmp_repo, "build"))
    line = mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "  singkatan: Diskominfo\n",
                  "  singkatan: Diskominfo\n  singkatan: Ganda\n")
    for _ in range(2):  # and a broken file is never kept: reported the same every time
        bad = run_cli("--root", tmp_repo, "validate")
        assert bad.returncode == 1
        assert f"data/opd/diskominfo/opd.yaml:{line + 1}:" in bad.stdout, bad.stdout
    assert tree_files(os.path.join(tmp_repo, "build")) == kept, "a failed check writes nothing"
    # a schema error: the YAML parses, but a failed check still keeps nothing
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "  singkatan: Ganda\n", "  tidak_dikenal: 1\n")
    assert run_cli("--root", tmp_repo, "validate").returncode == 1
    assert tree_files(os.path.join(tmp_repo, "build")) == kept


def _parsed_in(monkeypatch, log):
    """Make every parse record the process it ran in (forked workers inherit the patch)."""
    def logged(raw, display):
        with open(log, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return load_bytes(raw, display)
    monkeypatch.setattr(parse_cache, "load_bytes", logged)


def test_parsed_ahead_on_two_cores_is_the_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(parse_cache, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parse_cache, "cores", lambda: 2)
    log = str(tmp_path / "pids")
    _parsed_in(monkeypatch, log)
    ahead = ParseCache(str(tmp_path / "ahead"))
    ahead.parse_ahead(FILES)
    pids = set(open(log).read().split())
    assert len(pids) == 2 and str(os.getpid()) in pids, "this process and one worker each parsed a share"

    os.remove(log)
    for path in FILES:
        raw = open(path, "rb").read()
        doc, diags = ahead.load(raw, "x.yaml")
        fresh, fresh_diags = load_bytes(raw, "x.yaml")
        assert _same(doc, fresh), path
        assert [d.format() for d in diags] == [d.format() for d in fresh_diags], path
    # only the files with problems were parsed again (to report them); the clean ones came from ahead
    broken = sum(1 for p in FILES if load_bytes(open(p, "rb").read(), "x.yaml")[1])
    assert 0 < len(open(log).read().split()) == broken
    serial = ParseCache(str(tmp_path / "serial"))
    for path in FILES:
        serial.load(open(path, "rb").read(), "x.yaml")
    ahead.commit()
    serial.commit()
    kept = {os.path.basename(p): open(p, "rb").read() for p in _entries(tmp_path / "ahead")}
    assert kept and kept == {os.path.basename(p): open(p, "rb").read() for p in _entries(tmp_path / "serial")}


def test_a_worker_that_cannot_start_costs_only_time(tmp_path, monkeypatch):
    monkeypatch.setattr(parse_cache, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parse_cache, "cores", lambda: 2)

    def refused(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(parse_cache, "ProcessPoolExecutor", refused)
    cache = ParseCache(str(tmp_path))
    cache.parse_ahead(FILES)
    for path in FILES[:20]:
        raw = open(path, "rb").read()
        assert _same(cache.load(raw, "x.yaml")[0], load_bytes(raw, "x.yaml")[0]), path


def test_whole_check_parsed_ahead_is_the_same_check(tmp_repo, monkeypatch):
    mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "  singkatan: Diskominfo\n",
           "  singkatan: Diskominfo\n  singkatan: Ganda\n")
    plain = check(tmp_repo, cache=ParseCache(os.path.join(tmp_repo, "plain")))
    monkeypatch.setattr(parse_cache, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parse_cache, "cores", lambda: 2)
    log = os.path.join(tmp_repo, "pids")
    _parsed_in(monkeypatch, log)
    ahead = check(tmp_repo, cache=ParseCache(os.path.join(tmp_repo, "ahead")))
    assert len(set(open(log).read().split())) == 2
    assert [d.format() for d in ahead.report.items] == [d.format() for d in plain.report.items]
    assert any(d.code == "Y003" or "singkatan" in d.format() for d in ahead.report.errors)


def test_no_worker_is_forked_beside_another_thread():
    import threading
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parse_cache.cores() == 1
    finally:
        stop.set()
        other.join()


def test_output_printed_before_parsing_ahead_appears_once(tmp_path):
    """A forked worker must not write out again what this process had buffered (stdout to a pipe,
    as under make or CI): multiprocessing flushes before it forks, a bare os.fork would not."""
    script = f"""
import glob, sys
sys.path.insert(0, {ROOT!r})
print("sebelum membaca")
from cascade.load import parse_cache
parse_cache.PARALLEL_BYTES = 1
parse_cache.cores = lambda: 2
parse_cache.ParseCache({str(tmp_path)!r}).parse_ahead({FILES!r})
print("sesudah membaca")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["sebelum membaca", "sesudah membaca"]


# ---------------------------------------------------------------- schema verdicts kept with the parse


def _judged_in(monkeypatch, log):
    """Make every schema gate verdict record its kind and process (forked workers inherit the patch)."""
    from cascade.validate import schema

    real = schema._valid_fast

    def logged(data, kind):
        with open(log, "a") as fh:
            fh.write(f"{os.getpid()} {kind}\n")
        return real(data, kind)
    monkeypatch.setattr(schema, "_valid_fast", logged)


def _judgements(log) -> list[str]:
    if not os.path.exists(log):
        return []
    with open(log) as fh:
        lines = fh.read().split("\n")
    os.remove(log)
    return sorted(line.split()[1] for line in lines if line)


def test_files_that_passed_the_schema_are_not_judged_again(tmp_repo, monkeypatch):
    from cascade.validate.schema import GATE

    folder = os.path.join(tmp_repo, "build", ".cache", "yaml")
    log = os.path.join(tmp_repo, "judged")
    _judged_in(monkeypatch, log)
    cold = check(tmp_repo, cache=(cache := ParseCache(folder, gate=GATE)))
    cache.commit()
    every = _judgements(log)
    assert len(every) > 20 and "pemda" in every and "program" in every
    warm = check(tmp_repo, cache=(cache := ParseCache(folder, gate=GATE)))
    cache.commit()
    assert _judgements(log) == []
    assert warm.repo == cold.repo
    assert [d.format() for d in warm.report.items] == [d.format() for d in cold.report.items]

    mutate(tmp_repo, "data/opd/diskominfo/renstra.yaml", "Meningkatnya kualitas layanan pemerintahan",
           "Meningkatnya mutu layanan pemerintahan")
    check(tmp_repo, cache=(cache := ParseCache(folder, gate=GATE)))
    cache.commit()
    assert _judgements(log) == ["renstra"], "only the edited file"

    # a file with schema errors is never taken as passed: judged, and reported, every time
    line = mutate(tmp_repo, "data/opd/diskominfo/opd.yaml", "  singkatan: Diskominfo\n",
                  "  singkatan: Diskominfo\n  tidak_dikenal: 1\n")
    for _ in range(2):
        bad = check(tmp_repo, cache=(cache := ParseCache(folder, gate=GATE)))
        cache.commit()  # as if it were kept anyway: the verdict must still not be "passed"
        assert _judgements(log) == ["opd"]
        assert any(d.loc.file == "data/opd/diskominfo/opd.yaml" and d.loc.line == line + 1
                   for d in bad.report.errors), [d.format() for d in bad.report.errors]

    # another gate (an edited schema, another fastjsonschema) judges everything again
    monkeypatch.setattr(GATE, "version", lambda kind: "another schema")
    check(tmp_repo, cache=ParseCache(folder, gate=GATE))
    assert len(_judgements(log)) == len(every)


def test_files_parsed_ahead_are_judged_where_they_were_parsed(tmp_repo, monkeypatch):
    from cascade.validate.schema import GATE

    mutate(tmp_repo, "data/opd/bappeda/opd.yaml", "  singkatan: Bappeda\n", "  singkatan: Bappeda\n  tidak_dikenal: 1\n")
    plain = check(tmp_repo)
    monkeypatch.setattr(parse_cache, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parse_cache, "cores", lambda: 2)
    log = os.path.join(tmp_repo, "judged")
    _judged_in(monkeypatch, log)
    ahead = check(tmp_repo, cache=ParseCache(os.path.join(tmp_repo, "ahead"), gate=GATE))
    lines = open(log).read().split("\n")
    pids = {line.split()[0] for line in lines if line}
    assert len(pids) == 2 and str(os.getpid()) in pids, "this process and one worker each judged a share"
    judged = _judgements(log)
    plain_judged = _judgements_of(tmp_repo, log)
    # each file judged once, bappeda's opd.yaml twice: it did not pass ahead, so it is judged again
    # for its messages
    assert sorted(judged) == sorted(plain_judged + ["opd"])
    assert [d.format() for d in ahead.report.items] == [d.format() for d in plain.report.items]
    assert any("tidak_dikenal" in d.format() for d in ahead.report.errors)


def _judgements_of(root, log) -> list[str]:
    """The kinds a check without the cache judges (each file once)."""
    check(root)
    return _judgements(log)


def test_each_data_file_is_judged_by_the_schema_the_check_uses():
    from cascade.load.sources import known_opds, schema_kind, yaml_paths

    kinds = {os.path.relpath(p, ROOT): schema_kind(ROOT, p) for p in yaml_paths(ROOT, known_opds(ROOT))}
    assert kinds["data/pemda.yaml"] == "pemda"
    assert kinds["data/opd/diskominfo/opd.yaml"] == "opd"
    assert kinds["data/opd/diskominfo/renstra.yaml"] == "renstra"
    assert {k for p, k in kinds.items() if "/program/" in p} == {"program"}
    assert {k for p, k in kinds.items() if "/realisasi/" in p} == {"realisasi"}
    assert schema_kind(ROOT, os.path.join(ROOT, "data", "referensi", "x.yaml")) is None
    assert schema_kind(ROOT, os.path.join(ROOT, "data", "opd", "diskominfo", "program", "sub", "x.yaml")) is None


# ---------------------------------------------------------------- Ctrl-C while workers parse

def _validate(folder) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cascade", "validate"], cwd=folder,
                            env=dict(os.environ, PYTHONPATH=ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True,  # as from a terminal, even under a background job
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _worker_lifetime(folder) -> tuple[float, float]:
    """When, after its start, a cold check first and last had a forked parse worker."""
    start = time.monotonic()
    proc = _validate(folder)
    seen = []
    while proc.poll() is None:
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True).stdout
        if children.strip():
            seen.append(time.monotonic() - start)
        time.sleep(0.01)
    proc.communicate()
    assert proc.returncode == 0 and seen, "the check parsed with a worker"
    return seen[0], seen[-1]


@pytest.mark.parametrize("signum, to_group, status", [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)],
                         ids=["ctrl-c", "kill-term"])
def test_a_check_stopped_while_workers_parse_ends_at_once(tmp_path, signum, to_group, status):
    """Ctrl-C (the whole group) or SIGTERM (the check's own process) at any moment of the parallel
    parse ends the check with "Dihentikan.": no traceback from a worker, and no hang (a worker killed
    while sending its share back left the pool waiting for the rest of the message, for ever). The
    moments crowd the end, where the shares travel."""
    from cascade.bench import synth

    synth.generate(str(tmp_path), 20, 300, 30, 1)
    cold = tmp_path / "build"
    first, last = _worker_lifetime(tmp_path)
    for fraction in (0.5, 0.75, 0.85, 0.9, 0.95, 1.0):
        shutil.rmtree(cold, ignore_errors=True)
        proc = _validate(tmp_path)
        time.sleep(first + (last - first) * fraction)
        (os.killpg if to_group else os.kill)(proc.pid, signum)
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError(f"the check still ran two minutes after the signal at {fraction:.0%} of the parse")
        assert proc.returncode in (0, status), (fraction, out, err)  # 0: the check was already over
        assert "Traceback" not in err, (fraction, err)
        if proc.returncode == status:
            assert err.strip() == "Dihentikan.", err
