"""SKP-ready sheet per official who signs a PK (PermenPANRB 6/2022, Sasaran Kinerja Pegawai).

The hasil kerja utama of an official's SKP are the results of their PK: each row names the result of
the atasan it intervenes (the atasan's PK row it supports; for the Kepala OPD the RPJMD sasaran of the
kepala daerah's PK), the official's own result, and per indicator its aspek, the indicator as
indikator kinerja individu and the year's target with its satuan. The header names the official and
the pejabat penilai kinerja (the atasan) with their NIP: the sheet is keyed by the official's NIP.
A vacant post gets no sheet (rule R018 already reports it).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cascade.documents.jenjang.matriks import target_text
from cascade.fmt import tanggal
from cascade.formats.xlsx import Column, HeaderCell, Isian, Sheet
from cascade.model.jenjang import Dukungan, aspek, indikator_tahun, signers
from cascade.model.types import Jabatan, Opd, Pejabat, Pemda

KOLOM = ("No", "Rencana Hasil Kerja Pimpinan yang Diintervensi", "Rencana Hasil Kerja", "Aspek",
         "Indikator Kinerja Individu", "Target")
TANPA = "-"  # a kepala daerah has no NIP, pangkat or unit kerja to print


@dataclass(frozen=True)
class Orang:
    nama: str
    nip: str  # printed form, TANPA when none
    pangkat: str
    jabatan: str
    unit_kerja: str
    label_nip: str = "NIP"  # "NI PPPK" for a PPPK


@dataclass(frozen=True)
class Skp:
    jabatan: Jabatan
    pegawai: Orang
    penilai: Orang
    baris: tuple[Dukungan, ...]
    nip: str  # the official's NIP as written in the data (18 digits), "" when none (R141)


def _orang(p: Pejabat | None, jabatan: str, unit: str) -> Orang:
    if p is None:
        return Orang("(lowong)", TANPA, TANPA, jabatan, unit)
    return Orang(p.nama, p.nip_tampil or TANPA, p.pangkat_tampil or TANPA, p.awalan + jabatan, unit, p.label_nip)


# PP 30/2019: the pejabat penilai kinerja is the direct atasan, at the lowest a pejabat pengawas; a Ketua Tim
# Kerja (a jabatan fungsional) leads the work of the pegawai under them but does not assess them.
PENILAI_JENJANG = ("jpt_pratama", "administrator", "pengawas")


def penilai_jabatan(j: Jabatan, jabatan: dict[str, Jabatan]) -> Jabatan | None:
    """The nearest atasan of `j` holding a structural post; None above the Kepala OPD (the kepala daerah)."""
    seen = {j.id}
    current = jabatan.get(j.atasan)
    while current is not None and current.id not in seen:
        if current.jenjang in PENILAI_JENJANG:
            return current
        seen.add(current.id)
        current = jabatan.get(current.atasan)
    return None


def unit(j: Jabatan, opd: Opd) -> str:
    """"Bidang Aplikasi Informatika, Dinas Komunikasi dan Informatika": the unit within the OPD, then the OPD."""
    if not j.unit_kerja or j.unit_kerja == opd.nama:
        return opd.nama
    return f"{j.unit_kerja}, {opd.nama}"


def officials(pemda: Pemda, opd: Opd, tahun: int, day: dt.date) -> list[Skp]:
    """One SKP per held post that signs a PK in `tahun`, top down as the PKs are ordered."""
    jabatan = opd.jabatan_by_id()
    out = []
    for j, found in signers(opd, tahun, pemda.settings.pk_tujuan):
        holder = j.pemangku(day)
        if holder is None:  # a vacant post has nobody to assess
            continue
        a = penilai_jabatan(j, jabatan)
        if a is not None:
            penilai = _orang(a.pemangku(day), a.nama, unit(a, opd))
        else:  # the Kepala OPD: the kepala daerah, who signs their PK as Pihak Kedua
            kd = pemda.kepala_daerah
            p = kd.pemangku(day)
            penilai = Orang(p.nama if p else "(lowong)", TANPA, TANPA, (p.awalan if p else "") + kd.jabatan,
                            f"Pemerintah {pemda.nama}")
        out.append(Skp(j, _orang(holder, j.nama, unit(j, opd)), penilai, found, holder.nip or ""))
    return out


def intervensi(d: Dukungan, pemda: Pemda) -> str:
    """The atasan's result the row intervenes: their PK row's statement, or the RPJMD sasaran."""
    if d.atas is not None:
        return d.atas.uraian or d.atas.judul
    rpjmd = {s.id: s for s in pemda.rpjmd_sasaran()}
    return "\n".join(rpjmd[x].uraian for x in d.rpjmd if x in rpjmd) or "(belum dikaitkan dengan sasaran RPJMD)"


def rows(skp: Skp, pemda: Pemda, tahun: int) -> tuple[list[tuple], list[tuple[int, int, int, int]]]:
    """One row per indicator; the number and both hasil kerja merged down over a result's indicators."""
    body, merges = [], []
    for no, d in enumerate(skp.baris, 1):
        first = len(body)
        for k, ind in enumerate(indikator_tahun(d.node, tahun)):
            lead = (no, intervensi(d, pemda), d.node.uraian or d.node.judul) if k == 0 else (None, None, None)
            body.append((*lead, aspek(ind), ind.nama, target_text(ind, tahun)))
        if len(body) - first > 1:
            merges += [(first, c, len(body) - 1, c) for c in range(3)]
    return body, merges


def _identitas(judul: str, o: Orang) -> tuple[tuple[Isian, ...], ...]:
    fields = (("Nama", o.nama), (o.label_nip, o.nip), ("Pangkat/Golongan Ruang", o.pangkat), ("Jabatan", o.jabatan),
              ("Unit Kerja", o.unit_kerja))
    # three columns (No, label, value: the widths of the table's first three), unmerged: a merge costs
    # openpyxl more than the rest of the sheet
    return ((Isian(judul, 3, True),),
            *((Isian(str(n)), Isian(label), Isian(value)) for n, (label, value) in enumerate(fields, 1)))


def sheet(skp: Skp, pemda: Pemda, opd: Opd, tahun: int, day: dt.date) -> Sheet:
    body, merges = rows(skp, pemda, tahun)
    columns = (Column("nomor", 5, 4), Column("teks", 40, 22), Column("teks", 40, 22), Column("teks", 11, 10),
               Column("teks", 40, 22), Column("teks", 16, 12))
    header = tuple(HeaderCell(0, c, text) for c, text in enumerate(KOLOM))
    heading = (f"Sasaran Kinerja Pegawai (SKP) Tahun {tahun}", f"Pemerintah {pemda.nama} — {opd.nama}",
               f"Periode penilaian: 1 Januari s.d. 31 Desember {tahun}")
    # as the SKP form has them: the pegawai signs at the left end of the table, the pejabat penilai, who
    # sets the SKP, at the right end under the place and date (the No, the middle columns left empty)
    skip, middle = Isian(""), (Isian(""), Isian(""))
    signers = ((skip, Isian(""), *middle, Isian(f"{pemda.settings.tempat}, {tanggal(day)}")),
               (skip, Isian("Pegawai yang Dinilai,"), *middle, Isian("Pejabat Penilai Kinerja,")),
               (), (), (),
               (skip, Isian(skp.pegawai.nama, bold=True), *middle, Isian(skp.penilai.nama, bold=True)),
               (skip, Isian(f"{skp.pegawai.label_nip}. {skp.pegawai.nip}"), *middle,
                Isian(f"{skp.penilai.label_nip}. {skp.penilai.nip}" if skp.penilai.nip != TANPA else "")))
    return Sheet(f"SKP {skp.nip or 'tanpa NIP'}", heading, columns, header, 1, tuple(body), tuple(merges),
                 preamble=_identitas("Pegawai yang Dinilai", skp.pegawai) + _identitas("Pejabat Penilai Kinerja",
                                                                                     skp.penilai),
                 closing=signers)
