"""Which nodes and indicators a year's Perjanjian Kinerja holds: the projection of the cascading that
the PK document prints (cascade/documents/pk/) and the Rencana Aksi rules check against (R131), in one
place so the two never disagree.

A PK is signed by every jabatan that owns a node active in the year; it lists the nodes it owns with
that year's targets (primer §4). A tujuan or sasaran PD lists its IKU only (PermenPANRB 53/2014: the
Kepala OPD, eselon II, signs for the Indikator Kinerja Utama; primer §4): `pk_indikator` decides, and the
PK document, the Rencana Aksi (document and rules R131/R139), the penjenjangan and the SKP all ask it.
"""
from __future__ import annotations

from typing import Iterator

from cascade.model.anggaran import has_dpa
from cascade.model.types import Indikator, Node, Opd

# Levels whose children are the budget lines of the official who owns them.
BUDGET_PARENT = ("sasaran", "program", "kegiatan")
BUDGET_LEVELS = ("program", "kegiatan", "subkegiatan")
# Levels whose PK row carries the IKU only, once the node marks any (`iku: true`).
IKU_LEVELS = ("tujuan", "sasaran")


def pk_indikator(node: Node, tahun: int) -> tuple[Indikator, ...]:
    """The indicators a PK row of `node` lists in `tahun`: those with a target that year; of a tujuan or
    sasaran PD only its IKU among them. A tujuan/sasaran with no IKU (with a target that year) keeps all
    its indicators rather than leaving the PK: rule R120 asks for its IKU."""
    found = tuple(i for i in node.indikator if tahun in i.target)
    iku = tuple(i for i in found if i.iku)
    return iku if node.level in IKU_LEVELS and iku else found


def active(node: Node, tahun: int) -> bool:
    """A node is part of year `tahun` when it has a target, a pagu or a DPA amount in that year."""
    return (any(tahun in i.target for i in node.indikator) or node.pagu.get(tahun, 0) > 0
            or (has_dpa(node, tahun) and node.anggaran[tahun].dpa > 0))


def walk(opd: Opd) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    def go(node: Node, ancestors: tuple[Node, ...]):
        yield node, ancestors
        for child in node.children:
            yield from go(child, ancestors + (node,))

    for t in opd.tujuan:
        yield from go(t, ())


def kinerja_nodes(opd: Opd, jabatan_id: str, tahun: int, tujuan: bool = True) -> list[tuple[Node, tuple[Node, ...]]]:
    """The nodes whose indicators this official signs for, in tree order; tujuan PD only when
    `tujuan` (dokumen.pk_tujuan: some Pemda list only the sasaran strategis).

    A program, kegiatan or sub kegiatan under a sasaran/program/kegiatan the same official owns is
    left out: it already appears as a budget line of that parent (a Kasubbag owning a kegiatan and
    one of its sub kegiatan signs for the kegiatan), and listing it twice would double the total.
    """
    found = []
    for node, ancestors in walk(opd):
        if node.penanggung_jawab != jabatan_id or not active(node, tahun):
            continue
        if node.level == "tujuan" and not tujuan:
            continue
        if node.level in BUDGET_LEVELS and any(
                a.penanggung_jawab == jabatan_id and a.level in BUDGET_PARENT for a in ancestors):
            continue
        found.append((node, ancestors))
    return found


def owners(opd: Opd, tahun: int) -> set[str]:
    return {n.penanggung_jawab for n in opd.nodes() if active(n, tahun)}


def pk_indicators(opd: Opd, tahun: int, tujuan: bool = True) -> dict[str, tuple[Node, Indikator]]:
    """indicator id → (node, indicator) for every indicator some PK of `tahun` prints (it has a target
    that year), in tree order."""
    found: dict[str, tuple[Node, Indikator]] = {}
    for jabatan_id in sorted(o for o in owners(opd, tahun) if o):
        for node, _ in kinerja_nodes(opd, jabatan_id, tahun, tujuan):
            for ind in pk_indikator(node, tahun):
                found[ind.id] = (node, ind)
    order = {n.id: k for k, n in enumerate(opd.nodes())}
    return dict(sorted(found.items(), key=lambda kv: order.get(kv[1][0].id, 0)))
