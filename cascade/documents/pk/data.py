"""The Perjanjian Kinerja as data: who signs with whom, and what each official answers for in one year.

A PK is a projection of the cascading (primer §4): the nodes a jabatan owns with that year's targets,
and the budget of the nodes directly below them. Nothing here is PK-specific input, so a PK cannot
drift from the Renstra. Everything is plain frozen data that the Word template reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from cascade.documents import RenderError
from cascade.fmt import rupiah, target
from cascade.model.types import Jabatan, Node, Opd, Pemda, Repo

# Which table a node's own indicators go into (primer §3.2 / §4.3: PK level follows tree level).
KINERJA_KOLOM = {"tujuan": "Sasaran Strategis", "sasaran": "Sasaran Strategis", "program": "Sasaran Program",
                 "kegiatan": "Sasaran Kegiatan", "subkegiatan": "Sub Kegiatan"}
ANGGARAN_KOLOM = {"program": "Program", "kegiatan": "Kegiatan", "subkegiatan": "Sub Kegiatan"}
# Levels whose children are the budget lines of the official who owns them.
BUDGET_PARENT = ("sasaran", "program", "kegiatan")


@dataclass(frozen=True)
class Pihak:
    nama: str
    jabatan: str  # with "Plt. " / "Plh. " / "Pj. " when acting
    pangkat: str  # "" for the kepala daerah: no pangkat line is printed
    nip: str  # printed form "19691015 199003 1 007"; "" for the kepala daerah


@dataclass(frozen=True)
class BarisIndikator:
    nama: str
    target: str
    satuan: str


@dataclass(frozen=True)
class BarisSasaran:
    no: int
    uraian: str
    node_id: str
    indikator: tuple[BarisIndikator, ...]


@dataclass(frozen=True)
class TabelKinerja:
    judul_kolom: str
    baris: tuple[BarisSasaran, ...]


@dataclass(frozen=True)
class BarisAnggaran:
    no: int
    nama: str
    anggaran: str
    keterangan: str
    nilai: int
    node_id: str


@dataclass(frozen=True)
class GrupAnggaran:
    judul: str  # the parent program/kegiatan (or OPD); "" when the rows need no heading
    baris: tuple[BarisAnggaran, ...]


@dataclass(frozen=True)
class TabelAnggaran:
    judul_kolom: str
    grup: tuple[GrupAnggaran, ...]
    jumlah: str
    nilai: int


@dataclass(frozen=True)
class PerjanjianKinerja:
    nomor: int  # position in hierarchy order, 1-based
    jabatan_id: str
    jabatan_judul: str  # the lampiran heading: jabatan in capitals, without the acting prefix
    pertama: Pihak
    kedua: Pihak
    kinerja: tuple[TabelKinerja, ...]
    anggaran: tuple[TabelAnggaran, ...]
    jumlah: str
    nilai: int


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


def active(node: Node, tahun: int) -> bool:
    """A node is part of year `tahun` when it has a target or a budget in that year."""
    return any(tahun in i.target for i in node.indikator) or node.pagu.get(tahun, 0) > 0


def _walk(opd: Opd) -> Iterator[tuple[Node, tuple[Node, ...]]]:
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
    for node, ancestors in _walk(opd):
        if node.penanggung_jawab != jabatan_id or not active(node, tahun):
            continue
        if node.level == "tujuan" and not tujuan:
            continue
        if node.level in ANGGARAN_KOLOM and any(
                a.penanggung_jawab == jabatan_id and a.level in BUDGET_PARENT for a in ancestors):
            continue
        found.append((node, ancestors))
    return found


def owners(opd: Opd, tahun: int) -> set[str]:
    return {n.penanggung_jawab for n in opd.nodes() if active(n, tahun)}


def _pihak_jabatan(jabatan: Jabatan, day: dt.date, role: str, whose: str) -> Pihak:
    p = jabatan.pemangku(day)
    if p is None:
        raise RenderError("P001", f"jabatan `{jabatan.id}` ({jabatan.nama}) kosong pada {day.isoformat()}, "
                                  f"sehingga {role} PK {whose} tidak dapat ditentukan",
                          "tambahkan pemangku di `pejabat:` (boleh Plt/Plh) dengan `mulai` sebelum tanggal PK")
    return Pihak(p.nama, p.awalan + jabatan.nama, p.pangkat_tampil, p.nip_tampil)


def kepala_daerah_pihak(pemda: Pemda, day: dt.date) -> Pihak:
    kd = pemda.kepala_daerah
    p = kd.pemangku(day)
    if p is None:
        raise RenderError("P001", f"tidak ada kepala daerah yang menjabat pada {day.isoformat()}",
                          "tambahkan pejabat kepala daerah di data/pemda.yaml dengan `mulai` sebelum tanggal PK")
    return Pihak(p.nama, p.awalan + kd.jabatan, "", "")  # primer §4.2: no pangkat or NIP for the Wali Kota/Bupati


def _indikator(node_indikator, tahun: int) -> tuple[BarisIndikator, ...]:
    return tuple(BarisIndikator(i.nama, target(i.target[tahun]), i.satuan)
                 for i in node_indikator if tahun in i.target)


def _kinerja(nodes: list[Node], tahun: int) -> tuple[TabelKinerja, ...]:
    tables = []
    for kolom in dict.fromkeys(KINERJA_KOLOM[n.level] for n in nodes):  # keeps level order of first appearance
        rows = [n for n in nodes if KINERJA_KOLOM[n.level] == kolom and _indikator(n.indikator, tahun)]
        if rows:
            tables.append(TabelKinerja(kolom, tuple(
                BarisSasaran(no, n.uraian, n.id, _indikator(n.indikator, tahun))
                for no, n in enumerate(rows, 1))))
    return tuple(tables)


def _label(node: Node) -> str:
    return f"{node.kode} {node.judul}" if node.kode else node.judul


def _anggaran(items: list[tuple[Node, Node | None]], tahun: int, jabatan_id: str,
              jabatan_nama: dict[str, str]) -> tuple[TabelAnggaran, ...]:
    """Budget lines (node, parent) → one table per level, grouped under their parent below program level."""
    tables = []
    for level, kolom in ANGGARAN_KOLOM.items():
        lines = [(n, parent) for n, parent in items if n.level == level]
        if not lines:
            continue
        groups: dict[str, list[BarisAnggaran]] = {}
        for no, (n, parent) in enumerate(lines, 1):
            judul = "" if level == "program" or parent is None else _label(parent)
            ket = "" if n.penanggung_jawab == jabatan_id else jabatan_nama.get(n.penanggung_jawab, "")
            value = n.pagu.get(tahun, 0)
            groups.setdefault(judul, []).append(BarisAnggaran(no, _label(n), rupiah(value, sign=False), ket, value, n.id))
        total = sum(r.nilai for rows in groups.values() for r in rows)
        tables.append(TabelAnggaran(kolom, tuple(GrupAnggaran(j, tuple(rows)) for j, rows in groups.items()),
                                    rupiah(total, sign=False), total))
    return tuple(tables)


def build_pk(opd: Opd, pemda: Pemda, jabatan: Jabatan, tahun: int, nomor: int, day: dt.date | None = None) -> PerjanjianKinerja:
    day = day or pemda.settings.pk_date(tahun)
    by_id = opd.jabatan_by_id()
    pertama = _pihak_jabatan(jabatan, day, "Pihak Pertama", jabatan.id)
    if jabatan.atasan == "kepala_daerah" or jabatan.atasan not in by_id:
        kedua = kepala_daerah_pihak(pemda, day)
    else:
        kedua = _pihak_jabatan(by_id[jabatan.atasan], day, "Pihak Kedua", jabatan.id)
    chosen = kinerja_nodes(opd, jabatan.id, tahun, pemda.settings.pk_tujuan)
    budget: list[tuple[Node, Node | None]] = []
    for node, ancestors in chosen:
        if node.level in BUDGET_PARENT:
            budget.extend((c, node) for c in node.children if active(c, tahun))
        elif node.level == "subkegiatan":
            budget.append((node, ancestors[-1] if ancestors else None))
    anggaran = _anggaran(budget, tahun, jabatan.id, {j.id: j.nama for j in opd.jabatan})
    total = sum(t.nilai for t in anggaran)
    return PerjanjianKinerja(nomor, jabatan.id, jabatan.nama.upper(), pertama, kedua,
                             _kinerja([n for n, _ in chosen], tahun), anggaran, rupiah(total, sign=False), total)


def build_all(opd: Opd, pemda: Pemda, tahun: int, day: dt.date | None = None) -> list[PerjanjianKinerja]:
    """One PK per jabatan that owns a node in `tahun`, in hierarchy order; none for the others.
    `day` is the signing date (the PK murni's by default): it decides who signs."""
    owning = owners(opd, tahun)
    chosen = [j for j in hierarchy(opd) if j.id in owning]
    return [build_pk(opd, pemda, j, tahun, no, day) for no, j in enumerate(chosen, 1)]


@dataclass(frozen=True)
class PerjanjianKinerjaPemda:
    """The kepala daerah's one-party PK: RPJMD sasaran with that year's targets, every OPD's programs."""

    pihak: Pihak
    kinerja: TabelKinerja
    anggaran: TabelAnggaran


def build_pemda_pk(repo: Repo, tahun: int, day: dt.date | None = None) -> PerjanjianKinerjaPemda:
    pemda = repo.pemda
    pihak = kepala_daerah_pihak(pemda, day or pemda.settings.pk_date(tahun))
    sasaran = [s for s in pemda.rpjmd_sasaran() if _indikator(s.indikator, tahun)]
    kinerja = TabelKinerja("Sasaran Strategis", tuple(
        BarisSasaran(no, s.uraian, s.id, _indikator(s.indikator, tahun)) for no, s in enumerate(sasaran, 1)))
    groups, no = [], 0
    for key in sorted(repo.opds):  # sorted: the same data gives the same document
        opd = repo.opds[key]
        rows = []
        for n in opd.nodes():
            if n.level == "program" and active(n, tahun):
                no += 1
                value = n.pagu.get(tahun, 0)
                rows.append(BarisAnggaran(no, _label(n), rupiah(value, sign=False), "", value, n.id))  # the OPD heads its group
        if rows:
            groups.append(GrupAnggaran(opd.nama, tuple(rows)))
    total = sum(r.nilai for g in groups for r in g.baris)
    return PerjanjianKinerjaPemda(pihak, kinerja, TabelAnggaran("Program", tuple(groups), rupiah(total, sign=False), total))
