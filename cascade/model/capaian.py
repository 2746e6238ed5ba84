"""Capaian (achievement) of the cascading against its realisasi: pure computation, no rendering.

Formulas (shown in every output, so a reader can redo the arithmetic):

* numeric, polaritas positif: capaian = realisasi ÷ target × 100;
* numeric, polaritas negatif (lower is better): capaian = (2 × target − realisasi) ÷ target × 100,
  never below 0. Meeting the target gives 100 like the positif form, and each unit above the target
  costs as much as a unit short of it costs a positif indicator (the inverse form used in LKjIP);
  realisasi ÷ target inverted (target ÷ realisasi) would reward a zero realisasi with infinity;
* predikat on a scale (pemda.yaml `skala`, worst first): capaian = rank of realisasi ÷ rank of target
  × 100 with rank 1 the worst predikat, so the scale's order decides; polaritas does not apply;
* target 0: 100 when the realisasi meets it (positif: ≥ 0, negatif: = 0), else 0.

Which realisasi counts for a year follows the indicator's pola_ukur (primer §3.6 rule 8): the annual
`nilai` when written; otherwise, for hitungan (cumulative) and posisi (state at a date), the value at
the end of the latest quarter written (Q4 is the year; Q1–Q3 give a provisional capaian "s.d. TW n");
rilis values (released indices) are never taken from quarters. A missing realisasi stays None, never 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from cascade.model.realisasi import (
    Catatan,
    RealisasiAnggaran,
    RealisasiIndikator,
    RealisasiTahun,
    by_year,
)
from cascade.model.types import Indikator, Node, Opd, Pemda, Value

KATEGORI = ("sangat_tinggi", "tinggi", "sedang", "rendah", "sangat_rendah")
KATEGORI_LABEL = {
    "sangat_tinggi": "Sangat tinggi",
    "tinggi": "Tinggi",
    "sedang": "Sedang",
    "rendah": "Rendah",
    "sangat_rendah": "Sangat rendah",
    None: "Belum ada data",
}
BELUM_ADA = "belum ada data"

RUMUS_POSITIF = "realisasi ÷ target × 100"
RUMUS_NEGATIF = "(2 × target − realisasi) ÷ target × 100, paling kecil 0"
RUMUS_SKALA = "peringkat realisasi ÷ peringkat target × 100 (peringkat 1 = predikat terburuk pada skala)"
RUMUS_NOL = "100 bila target 0 terpenuhi, 0 bila tidak"


def kategori(persen: float | None, batas: dict) -> str | None:
    """The band of a capaian: the first whose lower bound it reaches; None (no data) stays None."""
    if persen is None:
        return None
    for key in KATEGORI[:-1]:
        if persen >= batas[key]:
            return key
    return "sangat_rendah"


def rumus(ind: Indikator, target: Value = None) -> str:
    if ind.skala:
        return RUMUS_SKALA
    if target == 0:
        return RUMUS_NOL
    return RUMUS_NEGATIF if ind.polaritas == "negatif" else RUMUS_POSITIF


def hitung(ind: Indikator, target: Value, realisasi: Value, urutan: tuple[str, ...] = ()) -> float | None:
    """Capaian in percent, or None when it cannot be known (no target, no realisasi, off-scale text,
    or a ratio beyond any float: realisasi 1e300 of a target 1e-300)."""
    persen = _hitung(ind, target, realisasi, urutan)
    return persen if persen is None or math.isfinite(persen) else None


def _hitung(ind: Indikator, target: Value, realisasi: Value, urutan: tuple[str, ...]) -> float | None:
    if target is None or realisasi is None:
        return None
    if ind.skala:
        if target not in urutan or realisasi not in urutan:
            return None
        return (urutan.index(realisasi) + 1) / (urutan.index(target) + 1) * 100
    if isinstance(target, str) or isinstance(realisasi, str):
        return None
    if target == 0:
        met = realisasi >= 0 if ind.polaritas != "negatif" else realisasi == 0
        return 100.0 if met else 0.0
    if ind.polaritas == "negatif":
        return max(0.0, (2 * target - realisasi) / target * 100)
    return realisasi / target * 100


def realisasi_tahun(ind: Indikator, r: RealisasiIndikator | None) -> tuple[Value, int | None]:
    """(value, quarter): the realisasi that counts for the year, and the quarter it stands at when it
    is provisional (1–3), None when it is the year's value. (None, None) when there is no data."""
    if r is None:
        return None, None
    if r.ada_nilai:
        return r.nilai_tertulis, None
    if ind.pola_ukur == "rilis" or not r.triwulan:
        return None, None
    last = max(r.triwulan)
    return r.triwulan[last], (None if last == 4 else last)


@dataclass(frozen=True)
class CapaianIndikator:
    indikator: Indikator
    tahun: int
    target: Value
    realisasi: Value  # None: belum ada data
    triwulan: dict  # quarter → value as written
    sampai_triwulan: int | None  # 1–3: provisional, "s.d. TW n"
    persen: float | None
    kategori: str | None
    rumus: str
    catatan: Catatan = field(default_factory=Catatan)

    @property
    def di_bawah_target(self) -> bool:
        return self.persen is not None and self.persen < 100


@dataclass(frozen=True)
class Anggaran:
    """Pagu and realised budget of one node in one year; a parent sums its sub kegiatan."""

    pagu: int
    realisasi: int | None  # None: no sub kegiatan below has data
    lengkap: bool  # every sub kegiatan below has data
    catatan: Catatan = field(default_factory=Catatan)

    @property
    def rasio(self) -> float | None:
        if self.realisasi is None or not self.pagu:
            return None
        return self.realisasi / self.pagu * 100


@dataclass(frozen=True)
class EvaluasiNode:
    node: Node
    jalur: tuple[Node, ...]  # from the tujuan down to this node
    indikator: tuple[CapaianIndikator, ...]
    anggaran: Anggaran
    persen: float | None  # mean capaian of the indicators that have one
    kategori: str | None


@dataclass(frozen=True)
class EvaluasiTahun:
    tahun: int
    sampai_triwulan: int | None  # the year is in progress: latest quarter reported (1–3)
    nodes: tuple[EvaluasiNode, ...]  # tree order

    def node(self, node_id: str) -> EvaluasiNode | None:
        return next((e for e in self.nodes if e.node.id == node_id), None)

    def indikator(self):
        for e in self.nodes:
            for c in e.indikator:
                yield e, c

    def di_bawah_target(self) -> list[tuple[EvaluasiNode, CapaianIndikator]]:
        """Indicators below target, worst first; ties in tree order."""
        found = [(i, e, c) for i, (e, c) in enumerate(self.indikator()) if c.di_bawah_target]
        return [(e, c) for _, e, c in sorted(found, key=lambda t: (t[2].persen, t[0]))]

    def belum_ada_data(self) -> list[tuple[EvaluasiNode, CapaianIndikator]]:
        return [(e, c) for e, c in self.indikator() if c.realisasi is None]


def _capaian(pemda: Pemda, ind: Indikator, tahun: int, r: RealisasiIndikator | None) -> CapaianIndikator:
    target = ind.target.get(tahun)
    value, quarter = realisasi_tahun(ind, r)
    urutan = pemda.skala[ind.skala].urutan if ind.skala in pemda.skala else ()
    persen = hitung(ind, target, value, urutan)
    return CapaianIndikator(ind, tahun, target, value, dict(r.triwulan) if r else {}, quarter, persen,
                            kategori(persen, pemda.kategori_capaian), rumus(ind, target),
                            r.catatan if r else Catatan())


def _anggaran(node: Node, tahun: int, rows: dict[str, RealisasiAnggaran]) -> Anggaran:
    subs = [n for n in node.walk() if n.level == "subkegiatan"]
    pagu = sum(s.pagu.get(tahun, 0) for s in subs)
    known = [rows[s.id].realisasi for s in subs if s.id in rows and rows[s.id].realisasi is not None]
    own = rows.get(node.id)
    return Anggaran(pagu, sum(known) if known else None, bool(subs) and len(known) == len(subs),
                    own.catatan if own else Catatan())


def evaluate(pemda: Pemda, opd: Opd, tahun: int) -> EvaluasiTahun:
    """Capaian of every node and indicator of `opd` in `tahun` (no realisasi file: all missing)."""
    data = by_year(list(opd.realisasi)).get(tahun) or RealisasiTahun(loc=opd.loc)
    nodes = []

    def visit(node: Node, path: tuple[Node, ...]) -> None:
        jalur = path + (node,)
        caps = tuple(_capaian(pemda, i, tahun, data.indikator.get(i.id)) for i in node.indikator)
        known = [c.persen for c in caps if c.persen is not None]
        persen = sum(p / len(known) for p in known) if known else None  # divided first: a sum of floats can overflow
        nodes.append(EvaluasiNode(node, jalur, caps, _anggaran(node, tahun, data.anggaran), persen,
                                  kategori(persen, pemda.kategori_capaian)))
        for child in node.children:
            visit(child, jalur)

    for t in opd.tujuan:
        visit(t, ())
    last = data.triwulan_terakhir
    return EvaluasiTahun(tahun, last if 0 < last < 4 else None, tuple(nodes))


def evaluate_period(pemda: Pemda, opd: Opd, tahun: int) -> tuple[EvaluasiTahun, ...]:
    """Every year of the period up to and including `tahun` (the E.80 table of the period so far)."""
    return tuple(evaluate(pemda, opd, y) for y in pemda.years if y <= tahun)
