"""Matriks penjenjangan kinerja of one OPD for one year (issue 28; AKIP criterion "kinerja diukur berjenjang").

For every official who signs a PK, from the Kepala OPD down the atasan tree: each result of their PK
(tujuan, sasaran, sasaran program/kegiatan, sub kegiatan) with its indicators and the year's targets,
beside the result of the atasan it supports with the atasan's indicators and targets. The Kepala OPD
supports the RPJMD sasaran of the kepala daerah's PK. One row per result, a group row per jabatan;
nodes are named by their Renstra numbers and nomenklatur codes, never by the data's ids.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cascade.fmt import target as fmt_target
from cascade.formats.docx.report import Baris, Judul, Kop, Paragraf, Pengesahan, Tabel
from cascade.formats.xlsx import Column, HeaderCell, Sheet
from cascade.model.jenjang import Dukungan, indikator_tahun, signers
from cascade.model.nomor import node_name, opd_nomor, rpjmd_nomor
from cascade.model.types import LEVEL_LABEL, Indikator, Jabatan, Node, Opd, Pemda

BELUM_TERKAIT = "(belum dikaitkan dengan sasaran RPJMD)"
LOWONG = "(lowong)"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
NBSP = "\u00a0"  # "a. 86,84 %" and "2,75 Nilai" never break inside: a target stays on one line


def kepala(tahun: int) -> tuple[str, ...]:
    return ("No", "Sasaran / Hasil Kerja", "Indikator Kinerja", f"Target {tahun}",
            "Sasaran Atasan yang Didukung", "Indikator Kinerja Atasan", f"Target Atasan {tahun}")


def hasil_kerja(node: Node, nomor: dict[str, str]) -> str:
    """How the matriks names a result: "Sasaran 1.2: …"; a sasaran program or kegiatan with the program or
    kegiatan (nomenklatur code and name) on the next line; a sub kegiatan by its code and name."""
    if node.level in ("tujuan", "sasaran", "subkegiatan"):
        text = node_name(node, nomor)
        return f"{LEVEL_LABEL[node.level]} {text}" if node.level == "subkegiatan" else text
    program = f"{LEVEL_LABEL[node.level]} {node_name(node, nomor)}"
    return program if not node.nama or node.uraian == node.nama else f"{node.uraian}\n({program})"


def _lettered(texts: list[str], space: str = " ") -> str:
    """One line per item, lettered "a. …" when there are several (the indicator and target columns
    name the same letters, so a target reads against its indicator however the names wrap)."""
    if len(texts) == 1:
        return texts[0]
    return "\n".join(f"{LETTERS[i % 26]}.{space}{t}" for i, t in enumerate(texts))


def target_text(ind: Indikator, tahun: int) -> str:
    return fmt_target(ind.target.get(tahun), ind.satuan, True).replace(" ", NBSP)


def indikator_cells(indikator: tuple[Indikator, ...], tahun: int) -> tuple[str, str]:
    return _lettered([i.nama for i in indikator]), _lettered([target_text(i, tahun) for i in indikator], NBSP)


@dataclass(frozen=True)
class Grup:
    jabatan: Jabatan
    pemangku: str  # the holder's name on the PK date, LOWONG when vacant
    awalan: str  # "Plt. " (or "Pj. ") before the jabatan when its holder acts in it, as the PK names it
    atasan: str  # the atasan's jabatan (the kepala daerah's for the Kepala OPD)
    baris: tuple[Dukungan, ...]


def groups(pemda: Pemda, opd: Opd, tahun: int, day: dt.date) -> list[Grup]:
    """The officials who sign a PK in `tahun`, top down (as the PKs are numbered), with their rows."""
    jabatan = opd.jabatan_by_id()
    out = []
    for j, found in signers(opd, tahun, pemda.settings.pk_tujuan):
        holder = j.pemangku(day)
        atasan = jabatan[j.atasan].nama if j.atasan in jabatan else pemda.kepala_daerah.jabatan
        out.append(Grup(j, holder.nama if holder else LOWONG, holder.awalan if holder else "", atasan, found))
    return out


def group_title(no: int, g: Grup) -> str:
    return f"{no}. {g.awalan}{g.jabatan.nama} — {g.pemangku}; atasan: {g.atasan}"


def row_cells(d: Dukungan, pemda: Pemda, tahun: int, nomor: dict[str, str], nomor_rpjmd: dict[str, str]) -> list[str]:
    """The six cells after the row number: the result, its indicators and targets; the atasan's result,
    indicators and targets."""
    own = list(indikator_cells(indikator_tahun(d.node, tahun), tahun))
    if d.atas is not None:
        above = [hasil_kerja(d.atas, nomor), *indikator_cells(indikator_tahun(d.atas, tahun), tahun)]
    else:
        rpjmd = {s.id: s for s in pemda.rpjmd_sasaran()}
        sasaran = [rpjmd[x] for x in d.rpjmd if x in rpjmd]
        if sasaran:
            names = [f"Sasaran RPJMD {nomor_rpjmd.get(s.id, '')}: {s.uraian}" for s in sasaran]
            inds = tuple(i for s in sasaran for i in s.indikator if tahun in i.target)
            above = ["\n".join(names), *indikator_cells(inds, tahun)] if inds else ["\n".join(names), "", ""]
        else:
            above = [BELUM_TERKAIT, "", ""]
    return [hasil_kerja(d.node, nomor), *own, *above]


def table_rows(pemda: Pemda, opd: Opd, tahun: int, day: dt.date) -> list[tuple[int, str | list[str]]]:
    """(group level, text) for a group row, (0, cells) for a result row; results numbered through the OPD."""
    nomor, nomor_rpjmd = opd_nomor(opd), rpjmd_nomor(pemda)
    out: list = []
    no = 0
    for k, g in enumerate(groups(pemda, opd, tahun, day), 1):
        out.append((1, group_title(k, g)))
        for d in g.baris:
            no += 1
            out.append((0, [str(no), *row_cells(d, pemda, tahun, nomor, nomor_rpjmd)]))
    return out


def judul(opd: Opd, tahun: int) -> str:
    return f"Matriks Penjenjangan Kinerja {opd.nama} Tahun {tahun}"


PENGANTAR = ("Matriks ini menjabarkan kinerja {opd} secara berjenjang untuk tahun {tahun}: setiap pejabat yang "
             "menandatangani Perjanjian Kinerja, mulai dari Kepala Perangkat Daerah, beserta sasaran atau hasil "
             "kerja dan indikator kinerjanya, di samping sasaran dan indikator kinerja atasan yang didukungnya. "
             "Target adalah target tahun {tahun} pada Renstra Perangkat Daerah dan Perjanjian Kinerja.")


def blocks(pemda: Pemda, opd: Opd, tahun: int, day: dt.date, kop: Kop | None,
           pengesahan: Pengesahan | None) -> list:
    rows = []
    for level, content in table_rows(pemda, opd, tahun, day):
        rows.append(Baris((content,), grup=level) if level else Baris(tuple(content)))
    items: list = [kop] if kop else []
    items += [Judul(judul(opd, tahun), 0),
              Paragraf(PENGANTAR.format(opd=opd.nama, tahun=tahun)),
              Tabel(kepala(tahun), tuple(rows), judul=f"Penjenjangan Kinerja Tahun {tahun}", nomor_kolom=True)]
    if pengesahan:
        items.append(pengesahan)
    return items


def sheet(pemda: Pemda, opd: Opd, tahun: int, day: dt.date) -> Sheet:
    """The same rows as a worksheet: a group row merged across the table, kept with the row under it."""
    body, merges, emphasis, keep = [], [], set(), set()
    ncols = len(kepala(tahun))
    for level, content in table_rows(pemda, opd, tahun, day):
        if level:
            merges.append((len(body), 0, len(body), ncols - 1))
            emphasis.add(len(body))
            keep.add(len(body))
            body.append((content,) + (None,) * (ncols - 1))
        else:
            body.append((int(content[0]), *content[1:]))
    columns = (Column("nomor", 5, 4), Column("teks", 40), Column("teks", 40), Column("teks", 16, 10),
               Column("teks", 40), Column("teks", 40), Column("teks", 16, 10))
    header = tuple(HeaderCell(0, c, text) for c, text in enumerate(kepala(tahun)))
    heading = ("Matriks Penjenjangan Kinerja", f"{opd.nama} {pemda.nama}", f"Tahun {tahun}")
    # an official's rows rather start a page than run from the foot of one onto the next
    return Sheet("Penjenjangan Kinerja", heading, columns, header, 1, tuple(body), tuple(merges),
                 frozenset(emphasis), frozenset(keep), sections=frozenset(emphasis))
