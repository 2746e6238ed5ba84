"""What the IKU documents of an OPD or of the Pemda hold, gathered once: every tujuan and sasaran
indicator in plan order with the group it sits in and who answers for it, the owner's names, the
period, the kop and the signature. The Word and Excel layouts (tabel, manual, kke) only arrange it.

An OPD's tujuan/sasaran are numbered as in its Renstra ("Sasaran 1.2: …"), the Pemda's as in the
RPJMD; the Pemda's IKU are the RPJMD tujuan and sasaran indicators, answered for by the kepala
daerah (tujuan) and by the heads of the OPDs whose tujuan or sasaran support the RPJMD sasaran.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cascade.documents import resmi
from cascade.documents.renstra.tabel_tc import _support, renstra_date
from cascade.fmt import TARGET_KOSONG
from cascade.formats.docx.report import Kop, Pengesahan
from cascade.model.iku import formula_tampil, sumber_komponen
from cascade.model.nomor import node_name, opd_nomor, rpjmd_nomor
from cascade.model.types import Indikator, Opd, Pemda, Repo

# what the IKU table and the Manual IKU say of a plan that has chosen no IKU yet (a draft, e.g. an import)
BELUM_ADA = "Belum ada indikator yang ditetapkan sebagai Indikator Kinerja Utama (IKU)."


@dataclass(frozen=True)
class BarisIku:
    """One tujuan or sasaran indicator where the documents show it."""

    tujuan: str  # "Tujuan 1: …", the outer group
    sasaran: str | None  # "Sasaran 1.2: …", the inner group; None for a tujuan's own indicator
    indikator: Indikator
    penanggung_jawab: str  # jabatan name(s)

    @property
    def tempat(self) -> str:
        """The tujuan or sasaran the indicator measures."""
        return self.sasaran or self.tujuan


@dataclass(frozen=True)
class IsiIku:
    pemilik: str  # "Dinas Komunikasi dan Informatika Kota Arunika" / "Pemerintah Kota Arunika"
    singkat: str  # the running header's short name
    years: tuple[int, ...]
    tahun_dasar: int
    baris: tuple[BarisIku, ...]  # every tujuan/sasaran indicator, IKU or not, in plan order
    kop: Kop
    pengesahan: Pengesahan | None
    tanggal: dt.date
    pemda: Pemda

    @property
    def periode(self) -> str:
        return f"{self.years[0]}–{self.years[-1]}" if self.years else ""

    def iku(self) -> list[BarisIku]:
        return [b for b in self.baris if b.indikator.iku]


def dari_opd(repo: Repo, opd: Opd) -> IsiIku:
    pemda = repo.pemda
    nomor = opd_nomor(opd)
    jabatan = opd.jabatan_by_id()

    def pj(node) -> str:
        return jabatan[node.penanggung_jawab].nama if node.penanggung_jawab in jabatan else ""

    rows = []
    for t in opd.tujuan:
        tujuan = node_name(t, nomor)
        rows += [BarisIku(tujuan, None, i, pj(t)) for i in t.indikator]
        for s in t.children:
            rows += [BarisIku(tujuan, node_name(s, nomor), i, pj(s)) for i in s.indikator]
    day = renstra_date(pemda)
    return IsiIku(f"{opd.nama} {pemda.nama}", opd.singkatan, pemda.years, pemda.tahun_dasar, tuple(rows),
                  resmi.kop(pemda, opd, repo.root), resmi.pengesahan(pemda, opd, day), day, pemda)


def dari_pemda(repo: Repo) -> IsiIku:
    pemda = repo.pemda
    nomor = rpjmd_nomor(pemda)
    heads: dict[str, list[str]] = {}  # RPJMD sasaran id → jabatan of the heads of the OPDs supporting it
    for _, opd in sorted(repo.opds.items()):
        head = opd.kepala()
        if head is None:
            continue
        supported = {x for t in opd.tujuan for x in t.mendukung}
        supported |= {x for t in opd.tujuan for s in t.children for x in _support(t, s)}
        for x in sorted(supported):
            heads.setdefault(x, []).append(head.nama)
    rows = []
    for t in pemda.rpjmd_tujuan():
        tujuan = f"Tujuan {nomor[t.id]}: {t.uraian}"
        rows += [BarisIku(tujuan, None, i, pemda.kepala_daerah.jabatan) for i in t.indikator]
        for s in t.sasaran:
            pj = "; ".join(heads.get(s.id, ())) or TARGET_KOSONG
            rows += [BarisIku(tujuan, f"Sasaran {nomor[s.id]}: {s.uraian}", i, pj) for i in s.indikator]
    day = renstra_date(pemda)
    return IsiIku(pemda.nama if pemda.nama.lower().startswith("pemerintah") else f"Pemerintah {pemda.nama}",
                  pemda.nama, pemda.years, pemda.tahun_dasar, tuple(rows), resmi.kop(pemda, None, repo.root),
                  resmi.pengesahan_kepala_daerah(pemda, day), day, pemda)


def groups(rows) -> list[tuple[int, str, BarisIku | None]]:
    """The rows with their group rows before them: (1, "Tujuan …", None), (2, "Sasaran …", None),
    (0, "", row) — a group row each time the tujuan or the sasaran changes."""
    out: list[tuple[int, str, BarisIku | None]] = []
    tujuan = sasaran = None
    for b in rows:
        if b.tujuan != tujuan:
            tujuan, sasaran = b.tujuan, None
            out.append((1, tujuan, None))
        if b.sasaran is not None and b.sasaran != sasaran:
            sasaran = b.sasaran
            out.append((2, sasaran, None))
        out.append((0, "", b))
    return out


def definisi_formula(ind: Indikator) -> str:
    """The "definisi operasional / formula" cell: the definition, the formula, and what each symbol is."""
    lines = [ind.definisi or TARGET_KOSONG]
    if ind.formula:
        lines.append(f"Formula: {formula_tampil(ind.formula)}")
    lines += [f"{k.simbol} = {k.uraian}" for k in ind.komponen]
    return "\n".join(lines)


def komponen_teks(ind: Indikator) -> str:
    """Each component on its lines: symbol, what it is, and where its value comes from."""
    return "\n".join(f"{k.simbol} = {k.uraian}\nSumber data: {sumber_komponen(ind, k) or TARGET_KOSONG}"
                     for k in ind.komponen) or TARGET_KOSONG
