"""Which budget figure a document shows for a node in a year: the adopted budget where it is recorded.

The Renstra shows the pagu indikatif (`pagu:`). A PK is signed after the DPA and shows the DPA amount;
a PK Perubahan after the APBD Perubahan shows the changed amount (`anggaran: {2026: {dpa, perubahan}}`
on each sub kegiatan, primer §4.1). Where the adopted amount is not recorded yet, the pagu indikatif
stands in, and the caller is told so it can say where the figure came from.
"""
from __future__ import annotations

from dataclasses import dataclass

from cascade.model.types import Node

PAGU, DPA, PERUBAHAN = "pagu", "dpa", "perubahan"


@dataclass(frozen=True)
class Jumlah:
    nilai: int
    sumber: frozenset[str]  # the sources of the leaves summed: some of PAGU, DPA, PERUBAHAN
    tanpa_dpa: int = 0  # how many sub kegiatan in the sum have no DPA amount recorded (pagu used instead)


def leaf_amount(node: Node, tahun: int, perubahan: bool) -> tuple[int, str]:
    """One sub kegiatan: the APBD-P amount in a PK Perubahan when it changed, else the DPA, else the pagu."""
    a = node.anggaran.get(tahun)
    if a is not None and perubahan and a.perubahan is not None:
        return a.perubahan, PERUBAHAN
    if a is not None and a.dpa is not None:
        return a.dpa, DPA
    return node.pagu.get(tahun, 0), PAGU


def amount(node: Node, tahun: int, perubahan: bool = False) -> Jumlah:
    """A node's adopted budget: its sub kegiatan's amounts summed (a sub kegiatan: its own)."""
    leaves = [n for n in node.walk() if n.level == "subkegiatan"] or [node]
    total, sources, missing = 0, set(), 0
    for leaf in leaves:
        if leaf.level != "subkegiatan":
            value, source = node.pagu.get(tahun, 0), PAGU
        else:
            value, source = leaf_amount(leaf, tahun, perubahan)
        if value == 0 and source == PAGU:
            continue  # not in this year's budget at all
        total += value
        sources.add(source)
        missing += source == PAGU
    return Jumlah(total, frozenset(sources), missing)


def has_dpa(node: Node, tahun: int) -> bool:
    a = node.anggaran.get(tahun)
    return a is not None and a.dpa is not None
