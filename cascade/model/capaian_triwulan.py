"""Capaian per triwulan against the Rencana Aksi (issue 28): each quarter's realisasi beside the target
the Rencana Aksi set for that quarter, with the same formulas as the year's capaian (capaian.hitung).

Which realisasi a quarter compares follows the indicator's pola_ukur, as the targets do: hitungan
(cumulative up to the quarter's end) and posisi (the state at its end) take the quarter's value, and
for quarter IV the annual `nilai` when no fourth quarter is written (for both patterns the year's value
is the fourth quarter's); rilis takes the released annual `nilai`, in the quarter the Rencana Aksi
expects the release. A quarter without a Rencana Aksi target is not compared; a missing realisasi stays
None ("belum ada data"), never 0.
"""
from __future__ import annotations

from dataclasses import dataclass

from cascade.model.capaian import hitung, kategori
from cascade.model.realisasi import RealisasiIndikator
from cascade.model.realisasi import by_year as realisasi_by_year
from cascade.model.rencana_aksi import TRIWULAN
from cascade.model.rencana_aksi import by_year as rencana_by_year
from cascade.model.types import Indikator, Node, Opd, Pemda, Value


@dataclass(frozen=True)
class CapaianTriwulan:
    triwulan: int
    target: Value
    realisasi: Value  # None: belum ada data
    persen: float | None
    kategori: str | None


@dataclass(frozen=True)
class TriwulanIndikator:
    node: Node
    indikator: Indikator
    triwulan: tuple[CapaianTriwulan, ...]  # only the quarters the Rencana Aksi gives a target

    def kuartal(self, q: int) -> CapaianTriwulan | None:
        return next((c for c in self.triwulan if c.triwulan == q), None)


def realisasi_triwulan(ind: Indikator, r: RealisasiIndikator | None, q: int) -> Value:
    """The realisasi that quarter `q` is measured by (see the module's docstring)."""
    if r is None:
        return None
    if ind.pola_ukur == "rilis":
        return r.nilai_tertulis if r.ada_nilai else None
    if q in r.triwulan:
        return r.triwulan[q]
    return r.nilai_tertulis if q == 4 and r.ada_nilai else None


def evaluate_triwulan(pemda: Pemda, opd: Opd, tahun: int) -> tuple[TriwulanIndikator, ...]:
    """Every indicator the year's Rencana Aksi gives a quarterly target, in tree order; () without one."""
    plan = rencana_by_year(opd.rencana_aksi).get(tahun)
    if plan is None:
        return ()
    real = realisasi_by_year(list(opd.realisasi)).get(tahun)
    found = []
    for node in opd.nodes():
        for ind in node.indikator:
            entry = plan.indikator.get(ind.id)
            targets = entry.target if entry else {}
            if not targets:
                continue
            r = real.indikator.get(ind.id) if real else None
            urutan = pemda.skala[ind.skala].urutan if ind.skala in pemda.skala else ()
            quarters = []
            for q in TRIWULAN:
                if q not in targets:
                    continue
                value = realisasi_triwulan(ind, r, q)
                persen = hitung(ind, targets[q], value, urutan)
                quarters.append(CapaianTriwulan(q, targets[q], value, persen, kategori(persen, pemda.kategori_capaian)))
            found.append(TriwulanIndikator(node, ind, tuple(quarters)))
    return tuple(found)
