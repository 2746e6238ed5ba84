"""Smoke tests for the benchmark tooling (issue 9) on tiny data. No timing is asserted anywhere."""
from __future__ import annotations

import filecmp
import os
import shutil

import pytest

from bench import run, synth
from cascade.pipeline import check


def _tree(folder):
    return sorted(os.path.relpath(os.path.join(d, n), folder) for d, _, names in os.walk(folder) for n in names)


def test_generator_is_deterministic_from_its_seed(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((a, 7), (b, 7), (c, 8)):
        synth.generate(str(folder), 3, 9, 6, seed)
    assert _tree(a) == _tree(b)
    assert all(filecmp.cmp(a / p, b / p, shallow=False) for p in _tree(a))
    assert not all(filecmp.cmp(a / p, c / p, shallow=False) for p in _tree(a)), "another seed, other data"


def test_generator_replaces_a_larger_earlier_run(tmp_path):
    synth.generate(str(tmp_path), 3, 4, 4, 1)
    synth.generate(str(tmp_path), 1, 4, 4, 1)
    assert os.listdir(tmp_path / "data" / "opd") == ["opd01"]


@pytest.mark.parametrize("n_opd,sub,pejabat", [(1, 1, 3), (2, 7, 4), (3, 20, 8), (2, 61, 30)])
def test_generated_pemda_validates_cleanly(tmp_path, n_opd, sub, pejabat):
    info = synth.generate(str(tmp_path), n_opd, sub, pejabat, 1)
    checked = check(str(tmp_path))
    assert [d.format() for d in checked.report.items] == []
    assert checked.repo is not None and len(checked.repo.opds) == n_opd
    for opd in checked.repo.opds.values():
        assert sum(n.level == "subkegiatan" for n in opd.nodes()) == sub
        assert len(opd.jabatan) == pejabat
    assert info["files"] == len(_tree(tmp_path / "data"))


def test_generator_rejects_impossible_sizes(tmp_path):
    with pytest.raises(ValueError):
        synth.generate(str(tmp_path), 1, 1, 2, 1)
    assert synth.main(["--opd", "0", "--out", str(tmp_path)]) == 2


def test_benchmark_runs_end_to_end_on_tiny_data(tmp_path):
    if shutil.which("dot") is None or shutil.which("make") is None:
        pytest.skip("perlu Graphviz dan make")
    hasil = tmp_path / "hasil.md"
    res = run.bench("mini", str(tmp_path / "kerja"), str(hasil), contoh=False)
    text = hasil.read_text(encoding="utf-8")
    assert text.startswith("# Hasil benchmark Cascade")
    for heading in ("| Data | Pengukuran | Waktu (s) | Batas bawah (s) | Rasio |", "## Pertumbuhan biaya"):
        assert heading in text
    names = " ".join(r.nama for r in res.rows)
    for measured in ("baca + periksa seluruh Pemda", "pohon kinerja", "Renstra", "semua PK",
                     "make all -j1", "make all -j2", "tanpa perubahan", "setelah 1 berkas OPD disunting"):
        assert measured in names
    assert any(r.lantai for r in res.rows if r.nama.startswith("pohon kinerja"))
    assert len(res.growth) >= 2 and all(len(series) == 3 for _, series in res.growth)


def test_report_marks_targets_and_floors():
    res = run.Result()
    res.rows.append(run.Row("x", "cepat", 0.5, target=1.0))
    res.rows.append(run.Row("x", "lambat", 3.0, lantai=1.0))
    res.growth.append(("periksa", [("1×", 1.0), ("2×", 2.0), ("4×", 9.0)]))
    text = run.report(res, run.machine(), "mini")
    assert "| x | cepat | 0,50 | – | – | 1 | tercapai |" in text
    assert "3,0× | – | **> 2× batas**" in text
    assert "**tidak (lebih dari linear)**" in text
