"""The matriks cascading (primer §3.5, E-Sakip Pringsewu columns) as a worksheet.

Tujuan RPJMD → Sasaran RPJMD → Tujuan PD → Sasaran PD (eselon II) → Sasaran Program (eselon III) →
Sasaran Kegiatan (eselon IV/JF) → Sub Kegiatan, each with its indicators. One row per leaf (normally
a sub kegiatan), each repeating its parents' text: a cell merged down over many rows prints blank on
the pages after its first and is cut at the page break (neither Excel nor LibreOffice repeats it),
while a row that stands alone is never cut and names its tujuan and sasaran on every page.
"""
from __future__ import annotations

import math

from cascade.documents.renstra.tabel_tc import _support, common_context
from cascade.fmt import target as fmt_target
from cascade.formats.xlsx import Column, HeaderCell, Sheet
from cascade.model.types import Indikator, Node, Opd, Pemda

HEADERS = (
    "Tujuan RPJMD", "Sasaran RPJMD", "Tujuan Perangkat Daerah", "Indikator Tujuan",
    "Sasaran Perangkat Daerah (Eselon II)", "Indikator Sasaran", "Sasaran Program (Eselon III)", "Indikator Program",
    "Sasaran Kegiatan (Eselon IV/JF)", "Indikator Kegiatan", "Sub Kegiatan", "Indikator Sub Kegiatan",
    "Penanggung Jawab Sub Kegiatan",
)
# cascading levels in column order: (statement column, indicator column)
LEVEL_COLS = {"tujuan": 2, "sasaran": 4, "program": 6, "kegiatan": 8, "subkegiatan": 10}
PJ_COL, PAGU_COL = 12, 13
NCOLS = len(HEADERS) + 1  # the pagu column's header names the period, so it is built in `sheet`
BELUM_TERKAIT = "(belum dikaitkan dengan sasaran RPJMD)"


def _target_of(ind: Indikator, pemda: Pemda, tahun: int) -> tuple[object, int | str]:
    # the same choice the pohon kinerja makes (dokumen.pohon_target): the year built or the period's end
    if pemda.settings.pohon_target == "akhir":
        return ind.kondisi_akhir(pemda.years), pemda.years[-1] if pemda.years else ""
    return ind.target.get(tahun), tahun


def indikator_text(node: Node, pemda: Pemda, tahun: int) -> str | None:
    lines = []
    for ind in node.indikator:
        value, year = _target_of(ind, pemda, tahun)
        shown = fmt_target(value, ind.satuan, True)
        bullet = "• " if len(node.indikator) > 1 else ""
        lines.append(f"{bullet}{ind.nama}\n{'  ' if bullet else ''}Target {year}: {shown}")
    return "\n".join(lines) or None


def _statement(node: Node, jabatan: dict) -> str:
    """Sasaran text, then the program/kegiatan it belongs to and who answers for it."""
    lines = [node.uraian or node.judul]
    if node.level in ("program", "kegiatan") and node.nama:
        lines.append(f"{node.kode or ''} {node.nama}".strip())
    if node.level in ("sasaran", "program", "kegiatan") and node.penanggung_jawab in jabatan:
        lines.append(f"Penanggung jawab: {jabatan[node.penanggung_jawab].nama}")
    return "\n".join(lines)


def _leaves(node: Node, path: tuple[Node, ...]):
    if not node.children:
        yield (*path, node)
    for child in node.children:
        yield from _leaves(child, (*path, node))


def rows(pemda: Pemda, opd: Opd, tahun: int) -> list[tuple]:
    order = {rs.id: i for i, rs in enumerate(pemda.rpjmd_sasaran())}
    parent = {rs.id: rt for rt in pemda.rpjmd_tujuan() for rs in rt.sasaran}
    sasaran_by_id = {rs.id: rs for rs in pemda.rpjmd_sasaran()}
    jabatan = opd.jabatan_by_id()

    # (tujuan, sasaran-or-None) groups, ordered by the RPJMD sasaran they support so the rows of one
    # RPJMD sasaran follow each other; Python's stable sort keeps the Renstra order inside a block
    groups = []
    for t in opd.tujuan:
        for s in t.children or (None,):
            support = tuple(x for x in (_support(t, s) if s else t.mendukung) if x in order)
            groups.append((min((order[x] for x in support), default=math.inf), t, s, support))
    groups.sort(key=lambda g: g[0])

    result = []
    for _, t, s, support in groups:
        rt_text = "\n".join(dict.fromkeys(parent[x].uraian for x in support)) or BELUM_TERKAIT
        rs_text = "\n".join(sasaran_by_id[x].uraian for x in support) or BELUM_TERKAIT
        chains = list(_leaves(s, ())) if s else [()]
        for chain in chains:
            cells: list = [rt_text, rs_text] + [None] * (NCOLS - 2)
            for node in (t, *chain):
                col = LEVEL_COLS[node.level]
                cells[col] = _statement(node, jabatan) if node.level != "subkegiatan" else \
                    f"{node.kode or ''} {node.judul}".strip()
                cells[col + 1] = indikator_text(node, pemda, tahun)
            leaf = chain[-1] if chain else t
            if leaf.penanggung_jawab in jabatan and leaf.level in ("program", "kegiatan", "subkegiatan"):
                cells[PJ_COL] = jabatan[leaf.penanggung_jawab].nama
            if leaf.level in ("program", "kegiatan", "subkegiatan"):
                cells[PAGU_COL] = leaf.pagu_total()
            result.append(tuple(cells))
    return result


def sheet(pemda: Pemda, opd: Opd, tahun: int) -> Sheet:
    ctx = common_context(pemda, opd)
    baris = rows(pemda, opd, tahun)
    label = f"Pagu Indikatif {ctx['periode']} (Rp)"
    header = tuple(HeaderCell(0, c, text) for c, text in enumerate((*HEADERS, label)))
    target = (f"akhir periode ({pemda.years[-1]})" if pemda.settings.pohon_target == "akhir" and pemda.years
              else f"tahun {tahun}")
    columns = (Column("teks", 30), Column("teks", 30), Column("teks", 30), Column("teks", 30),
               Column("teks", 30), Column("teks", 30), Column("teks", 32), Column("teks", 30),
               Column("teks", 32), Column("teks", 30), Column("teks", 32), Column("teks", 30),
               Column("teks", 24), Column("rupiah", 16, 14))
    heading = ("Matriks Cascading Kinerja Perangkat Daerah", f"{opd.nama} {pemda.nama}",
               f"Periode {ctx['periode']}; target indikator {target}")
    return Sheet("Matriks Cascading", heading, columns, header, 1, tuple(baris))
