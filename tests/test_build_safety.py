"""Builds are reproducible and atomic: same sources, same bytes; a killed build never leaves a
truncated document that looks valid."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from xml.etree import ElementTree as ET

import pytest
from conftest import ROOT, tree_files

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _build(out, *extra, env=None):
    cmd = [sys.executable, "-m", "cascade", "build", "--opd", "diskominfo", "--out", str(out), *extra]
    result = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT, **(env or {})),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _assert_complete(rel: str, data: bytes) -> None:
    """A file is complete when its format parses: zips test clean, XML parses, PNGs carry IEND."""
    if rel.endswith((".docx", ".xlsx")):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None, rel
    elif rel.endswith(".svg"):
        ET.fromstring(data)
    elif rel.endswith(".png"):
        assert data.startswith(PNG_MAGIC) and data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"), rel
    else:
        assert data, rel


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("ref")
    _build(out)
    return out


def test_rebuild_is_byte_identical(reference, tmp_path):
    _build(tmp_path)
    first, second = tree_files(reference), tree_files(tmp_path)
    assert sorted(first) == sorted(second)
    kinds = {os.path.splitext(p)[1] for p in first}
    assert {".docx", ".svg", ".png", ".md"} <= kinds
    different = [p for p in first if first[p] != second[p]]
    assert different == [], f"not reproducible: {different}"


def test_source_date_epoch_sets_document_dates(tmp_path):
    _build(tmp_path, env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01T00:00:00Z
    data = open(os.path.join(tmp_path, "diskominfo", "renstra", "bab-4.docx"), "rb").read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        assert "2026-01-01T00:00:00Z" in core
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())


def test_killed_build_leaves_only_completetree_files(reference, tmp_path):
    """Kill a rebuild at several moments; every visible file must still be a complete document."""
    out = tmp_path / "build"
    _build(out)
    before = tree_files(out)
    env = dict(os.environ, PYTHONPATH=ROOT)
    start = time.monotonic()
    _build(out)
    duration = time.monotonic() - start
    for fraction in (0.2, 0.4, 0.6, 0.8, 0.95):
        proc = subprocess.Popen([sys.executable, "-m", "cascade", "build", "--opd", "diskominfo", "--out", str(out)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        visible = {p: d for p, d in tree_files(out).items() if not os.path.basename(p).startswith(".")}
        assert set(visible) == set(p for p in before if not os.path.basename(p).startswith("."))
        for rel, data in visible.items():
            _assert_complete(rel, data)
            assert data == before[rel], f"{rel} differs from a complete build"
    _build(out)  # the next build clears leftovers of killed ones
    assert not [p for p in tree_files(out) if os.path.basename(p).startswith(".tmp-")]


def test_failed_validation_keeps_previous_outputs(tmp_repo, tmp_path):
    out = tmp_path / "build"
    env = dict(os.environ, PYTHONPATH=ROOT)
    cmd = [sys.executable, "-m", "cascade", "build", "--opd", "diskominfo", "--out", str(out)]
    assert subprocess.run(cmd, cwd=tmp_repo, env=env, capture_output=True).returncode == 0
    before = tree_files(out)
    path = os.path.join(tmp_repo, "data", "opd", "diskominfo", "program", "2.21.02-persandian.yaml")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("  tidak_dikenal: 1\n")
    result = subprocess.run(cmd, cwd=tmp_repo, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "S003" in result.stdout
    assert tree_files(out) == before


def test_outputs_no_longer_produced_are_removed(tmp_repo, tmp_path):
    out = tmp_path / "build"
    env = dict(os.environ, PYTHONPATH=ROOT)
    cmd = [sys.executable, "-m", "cascade", "build", "--opd", "diskominfo", "--out", str(out)]
    assert subprocess.run(cmd, cwd=tmp_repo, env=env, capture_output=True).returncode == 0
    stale = out / "diskominfo" / "pk" / "2026" / "99-jabatan-lama.docx"
    stale.write_bytes(b"dokumen lama")
    assert subprocess.run(cmd + ["--semua"], cwd=tmp_repo, env=env, capture_output=True).returncode == 0
    assert not stale.exists(), "a PK for a post that no longer exists must not survive a rebuild"


def test_a_failed_write_changes_no_file(tmp_path):
    """Outputs are written several at a time: one that cannot be written still raises, no output
    has been replaced yet (the old ones stay as they were) and no temporary file is left behind."""
    from cascade.documents import Output
    from cascade.write import WRITERS, write_outputs

    out = tmp_path / "build"
    outputs = [Output(f"bagian-{i % 3}/berkas-{i:02d}.txt", f"isi baru {i}\n".encode() * (i + 1))
               for i in range(3 * WRITERS)]
    blocked = outputs[WRITERS + 1].path
    (out / blocked).mkdir(parents=True)  # a folder where a file must go: its rename fails
    (out / "bagian-0" / "berkas-00.txt").write_bytes(b"isi lama\n")

    with pytest.raises(OSError):
        write_outputs(str(out), outputs)
    files = tree_files(out)
    assert files == {"bagian-0/berkas-00.txt": b"isi lama\n"}

    (out / blocked).rmdir()
    done = write_outputs(str(out), outputs)
    assert done.written == [os.path.join(str(out), *o.path.split("/")) for o in outputs]
    assert tree_files(out) == {o.path: o.data for o in outputs}
