"""Tables for the page from the row models the Word and Excel renderers use: T-C.25 and T-C.27 from
the worksheets of cascade/documents/excel/tabel_tc.py (their header cells, rows, merges and totals),
each cell formatted as the documents print it."""
from __future__ import annotations

from dataclasses import dataclass

from cascade.documents.excel.tabel_tc import tc25, tc27
from cascade.fmt import angka, rupiah
from cascade.formats.xlsx import Sheet
from cascade.model.types import Opd, Pemda


@dataclass(frozen=True)
class Sel:
    teks: str
    baris: int = 1  # rowspan
    kolom: int = 1  # colspan
    angka: bool = False  # right-aligned


@dataclass(frozen=True)
class TabelHtml:
    judul: str
    keterangan: tuple[str, ...]  # the lines under the title (OPD, periode)
    kepala: tuple[tuple[Sel, ...], ...]
    baris: tuple[tuple[tuple[Sel, ...], bool], ...]  # (cells, emphasised)


def _shown(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return rupiah(int(value), sign=False) if kind == "rupiah" else angka(value)
    return str(value)


def from_sheet(sheet: Sheet) -> TabelHtml:
    head = tuple(tuple(Sel(h.text, h.rows, h.cols) for h in sorted(sheet.header, key=lambda h: h.col) if h.row == r)
                 for r in range(sheet.header_rows))
    starts = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merges}
    covered = {(r, c) for r0, c0, r1, c1 in sheet.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    rows = []
    for r, values in enumerate(sheet.rows):
        cells = []
        for c, value in enumerate(values):
            if (r, c) in covered and (r, c) not in starts:
                continue
            span = starts.get((r, c), (1, 1))
            kind = sheet.columns[c].kind
            cells.append(Sel(_shown(value, kind), span[0], span[1], kind in ("angka", "rupiah", "nomor")
                             and isinstance(value, (int, float))))
        rows.append((tuple(cells), r in sheet.emphasis))
    return TabelHtml(sheet.heading[0], tuple(sheet.heading[1:]), head, tuple(rows))


def renstra_tables(pemda: Pemda, opd: Opd) -> list[TabelHtml]:
    return [from_sheet(tc25(pemda, opd)), from_sheet(tc27(pemda, opd))]
