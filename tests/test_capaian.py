"""Capaian and its category for each polarity, measurement pattern and predikat scale, computed by hand."""
from __future__ import annotations

import pytest

from cascade.diagnostics import Loc
from cascade.fmt import angka
from cascade.model.capaian import (
    KATEGORI_LABEL,
    RUMUS_NEGATIF,
    RUMUS_POSITIF,
    RUMUS_SKALA,
    evaluate,
    evaluate_period,
    hitung,
    kategori,
    realisasi_tahun,
)
from cascade.model.realisasi import RealisasiIndikator
from cascade.model.types import KATEGORI_BAWAAN, Indikator

SAKIP = ("D", "C", "CC", "B", "BB", "A", "AA")  # data/pemda.yaml skala predikat_sakip, worst first


def ind(polaritas="positif", pola_ukur="hitungan", skala=None, target=None) -> Indikator:
    return Indikator(loc=Loc("uji"), id="X-I1", nama="Uji", satuan="Unit", polaritas=polaritas, pola_ukur=pola_ukur,
                     skala=skala, target=target or {2025: 10})


def real(nilai=None, ada=True, triwulan=None) -> RealisasiIndikator:
    return RealisasiIndikator(loc=Loc("uji"), id="X-I1", nilai_tertulis=nilai, ada_nilai=ada, triwulan=triwulan or {})


# --- formulas ------------------------------------------------------------------------------------


def test_positif_is_realisasi_over_target():
    # 70.48 / 74 × 100 = 95.2432… → "95,24"
    value = hitung(ind(), 74, 70.48)
    assert angka(value) == "95,24"
    assert kategori(value, KATEGORI_BAWAAN) == "sangat_tinggi"


@pytest.mark.parametrize("target,realisasi,expected,band", [
    (10, 12, 80.0, "tinggi"),          # (2 × 10 − 12) / 10 × 100 = 80
    (10, 8, 120.0, "sangat_tinggi"),   # (20 − 8) / 10 × 100 = 120: fewer than the target is better
    (10, 10, 100.0, "sangat_tinggi"),  # meeting the target is 100, as for positif
    (10, 14.5, 55.0, "rendah"),        # (20 − 14.5) / 10 × 100 = 55
    (10, 25, 0.0, "sangat_rendah"),    # (20 − 25) / 10 × 100 = −50 → floored at 0
])
def test_negatif_uses_the_inverse_form(target, realisasi, expected, band):
    value = hitung(ind("negatif"), target, realisasi)
    assert value == pytest.approx(expected)
    assert kategori(value, KATEGORI_BAWAAN) == band


def test_formula_text_follows_polarity_and_scale():
    assert "realisasi ÷ target" in RUMUS_POSITIF
    assert "2 × target − realisasi" in RUMUS_NEGATIF
    from cascade.model.capaian import rumus
    assert rumus(ind("negatif"), 5) == RUMUS_NEGATIF
    assert rumus(ind(skala="predikat_sakip"), "B") == RUMUS_SKALA


@pytest.mark.parametrize("target,realisasi,expected", [
    ("B", "CC", 75.0),   # rank CC = 3, rank B = 4 → 3 / 4 × 100 = 75
    ("BB", "A", 120.0),  # 6 / 5 × 100 = 120
    ("B", "B", 100.0),
    ("A", "D", 100 / 6),  # 1 / 6 × 100 = 16.67
])
def test_predikat_compared_on_the_ordered_scale(target, realisasi, expected):
    assert hitung(ind(skala="predikat_sakip"), target, realisasi, SAKIP) == pytest.approx(expected)


def test_predikat_off_the_scale_has_no_capaian():
    assert hitung(ind(skala="predikat_sakip"), "B", "XX", SAKIP) is None


def test_target_zero():
    assert hitung(ind("negatif"), 0, 0) == 100.0  # zero incidents against a target of zero
    assert hitung(ind("negatif"), 0, 2) == 0.0
    assert hitung(ind("positif"), 0, 3) == 100.0


@pytest.mark.parametrize("persen,band", [
    (91, "sangat_tinggi"), (90.99, "tinggi"), (76, "tinggi"), (75.99, "sedang"), (66, "sedang"),
    (65.99, "rendah"), (51, "rendah"), (50.99, "sangat_rendah"), (0, "sangat_rendah"), (None, None),
])
def test_category_bands(persen, band):
    assert kategori(persen, KATEGORI_BAWAAN) == band


def test_category_bands_are_a_setting():
    strict = {"sangat_tinggi": 95.0, "tinggi": 80.0, "sedang": 70.0, "rendah": 60.0}
    assert kategori(92.31, strict) == "tinggi"  # sangat tinggi with the default bands
    assert kategori(92.31, KATEGORI_BAWAAN) == "sangat_tinggi"


# --- pola ukur ---------------------------------------------------------------------------------------


def test_hitungan_quarters_are_cumulative_and_provisional_before_q4():
    # 19 by the end of Q3 against 25 for the year: 19 / 25 × 100 = 76 (provisional, "s.d. TW III")
    i = ind(target={2025: 25})
    value, quarter = realisasi_tahun(i, real(ada=False, triwulan={1: 5, 2: 12, 3: 19}))
    assert (value, quarter) == (19, 3)
    assert hitung(i, 25, value) == pytest.approx(76.0)


def test_q4_is_the_year_for_hitungan_and_posisi():
    for pola in ("hitungan", "posisi"):
        assert realisasi_tahun(ind(pola_ukur=pola), real(ada=False, triwulan={2: 1, 3: 2, 4: 3})) == (3, None)


def test_rilis_is_never_taken_from_quarters():
    i = ind(pola_ukur="rilis")
    assert realisasi_tahun(i, real(ada=False, triwulan={1: 2.6, 2: 2.7})) == (None, None)
    assert realisasi_tahun(i, real(2.71)) == (2.71, None)


def test_missing_is_missing_not_zero():
    i = ind()
    assert realisasi_tahun(i, None) == (None, None)
    assert realisasi_tahun(i, real(None)) == (None, None)  # `nilai: null`
    assert hitung(i, 10, None) is None
    assert kategori(None, KATEGORI_BAWAAN) is None and KATEGORI_LABEL[None] == "Belum ada data"


# --- the example data ------------------------------------------------------------------------------


def test_example_2025(repo):
    ev = evaluate(repo.pemda, repo.opds["diskominfo"], 2025)
    assert ev.sampai_triwulan is None
    c = {c.indikator.id: c for _, c in ev.indikator()}
    assert angka(c["T2-I1"].persen) == "95,24"  # 70.48 / 74 × 100
    assert (c["T3-I1"].realisasi, c["T3-I1"].persen, c["T3-I1"].kategori) == ("CC", 75.0, "sedang")  # 3 / 4 × 100
    assert (c["SK-APTIKA-2-4-I1"].realisasi, c["SK-APTIKA-2-4-I1"].persen) == (3, 75.0)  # Q4 = 3 of 4
    assert c["S2-I1"].realisasi is None and c["S2-I1"].persen is None and c["S2-I1"].kategori is None
    assert c["S2-I1"].catatan.penghambat.startswith("BPS belum merilis")
    # the node's capaian is the mean of its indicators: P-APTIKA (78.95 / 81.58 × 100 = 96.776…, 42 / 50 × 100 = 84)
    assert ev.node("P-APTIKA").persen == pytest.approx((78.95 / 81.58 * 100 + 84) / 2)
    assert ev.node("S2").kategori is None  # its only indicator has no data yet


def test_example_budget_ratio(repo):
    ev = evaluate(repo.pemda, repo.opds["diskominfo"], 2025)
    a = ev.node("SK-IKP-1-3").anggaran
    assert (a.pagu, a.realisasi) == (420_000_000, 285_600_000)
    assert a.rasio == pytest.approx(68.0)  # 285.600.000 / 420.000.000 × 100
    k = ev.node("K-IKP-1").anggaran  # a parent sums its sub kegiatan
    assert k.pagu == sum(ev.node(f"SK-IKP-1-{i}").anggaran.pagu for i in range(1, 6)) and k.lengkap


def test_below_target_is_worst_first(repo):
    ev = evaluate(repo.pemda, repo.opds["diskominfo"], 2025)
    below = ev.di_bawah_target()
    values = [c.persen for _, c in below]
    assert values == sorted(values) and all(v < 100 for v in values)
    assert below[0][1].indikator.id == "SK-APTIKA-2-3-I1"  # 1 / 2 × 100 = 50
    assert [n.id for n in below[0][0].jalur] == ["T1", "S1", "P-APTIKA", "K-APTIKA-2", "SK-APTIKA-2-3"]


def test_year_in_progress(repo):
    ev = evaluate(repo.pemda, repo.opds["diskominfo"], 2026)
    assert ev.sampai_triwulan == 3
    c = {c.indikator.id: c for _, c in ev.indikator()}
    assert (c["SK-APTIKA-2-1-I1"].realisasi, c["SK-APTIKA-2-1-I1"].sampai_triwulan) == (21, 3)
    assert c["SK-APTIKA-2-1-I1"].persen == pytest.approx(70.0)  # 21 / 30 × 100, provisional
    assert c["T1-I1"].realisasi is None  # rilis, not released yet
    a = ev.node("SK-IKP-1-3").anggaran  # budget so far = the Q3 cumulative amount
    assert (a.pagu, a.realisasi) == (440_000_000, 167_200_000)
    assert a.rasio == pytest.approx(38.0)  # 167.200.000 / 440.000.000 × 100


def test_year_without_a_file_is_all_missing(repo):
    ev = evaluate(repo.pemda, repo.opds["diskominfo"], 2027)
    assert all(c.realisasi is None and c.persen is None for _, c in ev.indikator())
    assert all(e.anggaran.realisasi is None for e in ev.nodes)
    assert ev.di_bawah_target() == []


def test_period_so_far(repo):
    assert [e.tahun for e in evaluate_period(repo.pemda, repo.opds["diskominfo"], 2026)] == [2025, 2026]
