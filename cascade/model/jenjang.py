"""Penjenjangan kinerja: which results each official answers for in a year (the rows of their PK), and
which result of their atasan each of them supports (the "rencana hasil kerja pimpinan yang diintervensi"
of the SKP, PermenPANRB 6/2022).

What a PK holds comes from cascade/model/perjanjian.py, which the PK renderer reads too, so the PK, the
matriks penjenjangan, the SKP sheets (cascade/documents/jenjang/) and rule R140 cannot disagree on it.
"""
from __future__ import annotations

from dataclasses import dataclass

from cascade.model.perjanjian import kinerja_nodes, owners, pk_indikator
from cascade.model.types import Indikator, Jabatan, Node, Opd


def hierarchy(opd: Opd) -> list[Jabatan]:
    """Kepala first, then depth-first down the atasan tree, siblings in opd.yaml order."""
    ids = {j.id for j in opd.jabatan}
    below: dict[str, list[Jabatan]] = {}
    for j in opd.jabatan:
        below.setdefault(j.atasan, []).append(j)
    order: list[Jabatan] = []
    seen: set[str] = set()

    def visit(j: Jabatan) -> None:
        if j.id in seen:  # a cycle is a validation finding; never loop here
            return
        seen.add(j.id)
        order.append(j)
        for child in below.get(j.id, []):
            visit(child)

    for j in opd.jabatan:
        if j.atasan == "kepala_daerah" or j.atasan not in ids:
            visit(j)
    for j in opd.jabatan:  # anything only reachable through a cycle still gets its place
        visit(j)
    return order


def indikator_tahun(node: Node, tahun: int) -> tuple[Indikator, ...]:
    """The indicators the node's PK row lists in `tahun` (perjanjian.pk_indikator: with a target that
    year; of a tujuan/sasaran PD its IKU)."""
    return pk_indikator(node, tahun)


@dataclass(frozen=True)
class Dukungan:
    """One PK row of an official and the result above it that it supports."""

    node: Node
    ancestors: tuple[Node, ...]
    atas: Node | None  # the nearest PK row above, of another official; None at the top (Kepala OPD)
    rpjmd: tuple[str, ...]  # at the top: the RPJMD sasaran (ids) the Kepala OPD's tujuan/sasaran support

    @property
    def induk(self) -> Node | None:
        return self.ancestors[-1] if self.ancestors else None


def pk_rows(opd: Opd, tahun: int, tujuan: bool = True) -> dict[str, set[str]]:
    """jabatan id → ids of the nodes printed as performance rows of that official's PK in `tahun`
    (with at least one indicator target that year)."""
    return {j: {n.id for n, _ in kinerja_nodes(opd, j, tahun, tujuan) if indikator_tahun(n, tahun)}
            for j in owners(opd, tahun)}


def _rpjmd_support(ancestors: tuple[Node, ...], node: Node) -> tuple[str, ...]:
    """RPJMD sasaran a Kepala OPD's tujuan or sasaran supports: a sasaran's own `mendukung` when written,
    else its tujuan's (as T-C.25 and Tabel 7.1 read it)."""
    if node.level == "sasaran" and "mendukung" in node.locs:
        return node.mendukung
    top = ancestors[0] if ancestors else node
    return top.mendukung


def dukungan(opd: Opd, jabatan_id: str, tahun: int, tujuan: bool = True,
             rows: dict[str, set[str]] | None = None) -> list[Dukungan]:
    """The official's PK rows (with an indicator target in `tahun`), each with the result above it that
    it supports: the nearest ancestor that is a PK row of another official. A sub kegiatan under a
    kegiatan its owner's atasan holds only as a budget line (because that atasan also owns the program)
    supports the atasan's program, which is the atasan's PK row."""
    rows = pk_rows(opd, tahun, tujuan) if rows is None else rows
    found = []
    for node, ancestors in kinerja_nodes(opd, jabatan_id, tahun, tujuan):
        if not indikator_tahun(node, tahun):
            continue
        atas = next((a for a in reversed(ancestors)
                     if a.penanggung_jawab != jabatan_id and a.id in rows.get(a.penanggung_jawab, ())), None)
        mine = all(a.penanggung_jawab == jabatan_id for a in ancestors)
        found.append(Dukungan(node, ancestors, atas, _rpjmd_support(ancestors, node) if mine else ()))
    return found


def signers(opd: Opd, tahun: int, tujuan: bool = True) -> list[tuple[Jabatan, tuple[Dukungan, ...]]]:
    """Every post that signs a PK in `tahun` (it owns a node with a target that year), top down as the
    PKs are numbered, with its rows; the matriks lists them all, the SKP those with a holder."""
    rows = pk_rows(opd, tahun, tujuan)
    owning = owners(opd, tahun)
    out = []
    for j in hierarchy(opd):
        if j.id not in owning:
            continue
        found = tuple(dukungan(opd, j.id, tahun, tujuan, rows))
        if found:
            out.append((j, found))
    return out


# --- aspek of an indicator in the SKP (PermenPANRB 6/2022: kuantitas, kualitas, waktu, biaya) ----------

# How the aspek is read from an indicator when the data does not name it (docs/penjenjangan.md):
SATUAN_BIAYA = {"rp", "rp.", "rupiah", "ribu rupiah", "juta rupiah", "miliar rupiah"}
SATUAN_WAKTU = {"hari", "hari kerja", "minggu", "bulan", "tahun", "jam", "menit", "triwulan", "semester"}
SATUAN_KUALITAS = {"%", "persen", "indeks", "nilai", "skor", "predikat", "level", "tingkat", "peringkat", "opini",
                   "kategori"}


def aspek(ind: Indikator) -> str:
    """The indicator's aspek: written in the data (`aspek`), else from its satuan and pola ukur:
    money → Biaya; a duration → Waktu; a percentage, index, score or predikat, or any value released by
    another party (pola ukur rilis) → Kualitas; any other count (Dokumen, Layanan, Orang …) → Kuantitas."""
    if ind.aspek:
        return ind.aspek.capitalize()
    satuan = " ".join(ind.satuan.split()).casefold()
    if satuan in SATUAN_BIAYA:
        return "Biaya"
    if satuan in SATUAN_WAKTU:
        return "Waktu"
    if ind.skala or ind.pola_ukur == "rilis" or satuan in SATUAN_KUALITAS:
        return "Kualitas"
    return "Kuantitas"
