"""T-C.25 and T-C.27 as worksheets, from the very rows BAB IV and BAB VI print (`renstra_data`).

The row builders run with `RawFmt`, so the cells hold numbers instead of formatted text but the
rows, subtotals and totals are the Word tables' own. T-C.27 has BAB VI's group rows ("Tujuan 1: …",
"Sasaran 1.1: …") instead of two tujuan/sasaran columns: its 19 columns then print one page wide
on F4 with the text at 7 pt or more (cascade/formats/xlsx.py).
"""
from __future__ import annotations

from cascade.documents.renstra.tabel_tc import (
    YEARS,
    RawFmt,
    common_context,
    tabel_4_1,
    tabel_6_1,
    with_groups,
)
from cascade.formats.xlsx import Column, HeaderCell, Sheet
from cascade.model.types import Opd, Pemda

TOTAL_LABEL = "JUMLAH TOTAL PENDANAAN INDIKATIF"  # as in templates/renstra/bab-6.docx


def blank_run_merges(rows: list[tuple], cols: tuple[int, ...], closing: set[int] = frozenset()) -> list[tuple]:
    """Vertical merges by the rule BAB IV/VI use in Word (`renstra_layout.merge_blank_runs`).

    In the columns `cols` (outermost first) a filled cell and the blank cells below it are one
    group; a new group in an outer column closes the inner ones, and a row in `closing` (the grand
    total, which spans these columns) closes them all.
    """
    start: list[int | None] = [None] * len(cols)
    merges = []

    def close(i: int, last: int) -> None:
        if start[i] is not None and last > start[i]:
            merges.append((start[i], cols[i], last, cols[i]))
        start[i] = None

    for r, row in enumerate(rows):
        if r in closing:
            for i in range(len(cols)):
                close(i, r - 1)
            continue
        for i, c in enumerate(cols):
            if row[c] not in (None, ""):
                for j in range(i, len(cols)):
                    close(j, r - 1)
                start[i] = r
    for i in range(len(cols)):
        close(i, len(rows) - 1)
    return sorted(merges)


def _blank(value):
    return None if value == "" else value


def _heading(pemda: Pemda, opd: Opd, tabel: str) -> tuple[str, ...]:
    ctx = common_context(pemda, opd)
    return (tabel, f"{opd.nama} {pemda.nama}", f"Periode {ctx['periode']}")


def tc25(pemda: Pemda, opd: Opd) -> Sheet:
    f = RawFmt(years=pemda.years, in_cell=False)
    ctx = common_context(pemda, opd)
    years = [y["label"] for y in ctx["tahun"]]
    header = [
        HeaderCell(0, 0, "No", rows=2), HeaderCell(0, 1, "Tujuan", rows=2), HeaderCell(0, 2, "Sasaran", rows=2),
        HeaderCell(0, 3, "Indikator Tujuan/Sasaran", rows=2), HeaderCell(0, 4, "Satuan", rows=2),
        HeaderCell(0, 5, f"Kondisi Awal ({ctx['tahun_dasar']})", rows=2),
        HeaderCell(0, 6, "Target Kinerja Tujuan/Sasaran pada Tahun", cols=YEARS),
        *[HeaderCell(1, 6 + i, label) for i, label in enumerate(years)],
        HeaderCell(0, 6 + YEARS, f"Kondisi Akhir ({ctx['tahun_akhir']})", rows=2),
    ]
    rows = []
    for r in tabel_4_1(opd, f):
        no = int(r["no"]) if r["no"].isdigit() else None
        rows.append(tuple(_blank(v) for v in (no, r["tujuan"], r["sasaran"], r["indikator"], r["satuan"], r["awal"],
                                              *r["target"], r["akhir"])))
    columns = (Column("nomor", 5, 4), Column("teks", 40), Column("teks", 40), Column("teks", 45),
               Column("teks", 14), *[Column("angka", 14, 9)] * (YEARS + 2))
    return Sheet("T-C.25", _heading(pemda, opd, "Tabel T-C.25 Tujuan dan Sasaran Jangka Menengah Pelayanan "
                                                 "Perangkat Daerah"),
                 columns, tuple(header), 2, tuple(rows), tuple(blank_run_merges(rows, (0, 1, 2))))


def tc27(pemda: Pemda, opd: Opd) -> Sheet:
    f = RawFmt(years=pemda.years, in_cell=False)
    ctx = common_context(pemda, opd)
    years = [y["label"] for y in ctx["tahun"]]
    header = [
        HeaderCell(0, 0, "Kode", rows=3), HeaderCell(0, 1, "Program, Kegiatan dan Sub Kegiatan", rows=3),
        HeaderCell(0, 2, "Indikator Kinerja Program (outcome) dan Kegiatan (output)", rows=3),
        HeaderCell(0, 3, "Satuan", rows=3), HeaderCell(0, 4, f"Data Capaian Awal ({ctx['tahun_dasar']})", rows=3),
        HeaderCell(0, 5, "Target Kinerja Program dan Kerangka Pendanaan", cols=2 * YEARS),
        HeaderCell(0, 5 + 2 * YEARS, "Kondisi Kinerja pada Akhir Periode Renstra", cols=2),
        HeaderCell(1, 5 + 2 * YEARS, ctx["tahun_akhir"], cols=2),
        HeaderCell(0, 7 + 2 * YEARS, "Unit Kerja Penanggung Jawab", rows=3),
        HeaderCell(0, 8 + 2 * YEARS, "Lokasi", rows=3),
    ]
    for i, label in enumerate(years + [None]):
        if label is not None:
            header.append(HeaderCell(1, 5 + 2 * i, label, cols=2))
        header += [HeaderCell(2, 5 + 2 * i, "Target"), HeaderCell(2, 6 + 2 * i, "Rp")]
    last = 8 + 2 * YEARS

    table, grand = tabel_6_1(opd, f)
    rows, merges, emphasis, keep = [], [], set(), set()
    heading = False  # inside a group row's block: it and its own indicator rows stay with the next row
    for r in with_groups(table):
        if r["grup"]:  # "Tujuan 1: …" / "Sasaran 1.1: …" across the table
            merges.append((len(rows), 0, len(rows), last))
            emphasis.add(len(rows))
            heading = True
            keep.add(len(rows))
            rows.append((r["label"], *[None] * last))
            continue
        if r["jumlah"]:  # subtotal of a program: the label spans Kode … Data Capaian Awal, as in Word
            keep.add(len(rows) - 1)  # never alone at the top of a page, apart from its program
            money = [v for rp in r["rp"] for v in (None, rp)]
            merges.append((len(rows), 0, len(rows), 4))
            emphasis.add(len(rows))
            rows.append(tuple(_blank(v) for v in (r["label"], "", "", "", "", *money, "", r["akhir_rp"], "", "")))
            continue
        heading = heading and not r["kode"]["lengkap"]
        if heading:
            keep.add(len(rows))
        pairs = [v for t, rp in zip(r["target"], r["rp"]) for v in (t, rp)]
        rows.append(tuple(_blank(v) for v in (r["kode"]["lengkap"], r["nama"], r["indikator"], r["satuan"],
                                              r["awal"], *pairs, r["akhir"], r["akhir_rp"], r["unit"],
                                              r["lokasi"])))
    total_row = len(rows)
    keep.add(total_row - 1)
    rows.append((TOTAL_LABEL, *[None] * 4, *[v for rp in grand["rp"] for v in (None, rp)], None, grand["akhir_rp"],
                 None, None))
    merges.append((total_row, 0, total_row, 4))
    emphasis.add(total_row)
    # least widths come from the content (a code, an amount, the longest word); these are the most a
    # column takes before its text wraps
    columns = (Column("kode", 19, 6), Column("teks", 36), Column("teks", 36), Column("teks", 12),
               Column("angka", 12, 6),
               *[c for _ in range(YEARS + 1) for c in (Column("angka", 10, 6), Column("rupiah", 16, 8))],
               Column("teks", 26), Column("teks", 16))
    return Sheet("T-C.27", _heading(pemda, opd, "Tabel T-C.27 Rencana Program, Kegiatan, dan Pendanaan "
                                                 "Perangkat Daerah"),
                 columns, tuple(header), 3, tuple(rows), tuple(sorted(merges)), frozenset(emphasis),
                 keep_with_next=frozenset(keep))
