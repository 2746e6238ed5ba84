"""One table as one worksheet, and a workbook as reproducible bytes (openpyxl).

The table modules (`excel_tabel`, `excel_matriks`) describe *what* a sheet holds — columns, header
cells, data rows, merges — as plain data; this module decides *how* it looks: Indonesian number
formats on real numbers, bold grey headers repeated on every printed page, frozen panes, landscape
A3/F4 with fit-to-width, fitted column widths and wrapped text.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from copy import copy
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.writer.excel import ExcelWriter

from ..fmt import angka
from ..model.types import Settings
from . import ooxml

# Column kinds: "teks" wraps, "kode" stays text (leading zeros), "angka" shows up to 2 decimals,
# "rupiah" whole numbers with thousands separators, "nomor" a centred row number.
RUPIAH_FORMAT = "#,##0"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMATS = {1: "#,##0.0", 2: "#,##0.00"}
FONT = "Arial"  # a spreadsheet font every office suite has; Bookman stays in the Word documents
FONT_SIZE = 10
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_PT = 12.75  # one line of Arial 10
MIN_ROW_PT = 15.0
PAPER_A3 = 8
PAPER_FOLIO = 14  # Excel's "Folio 8½ × 13 in" (215.9 × 330.2 mm): the nearest built-in size to F4


@dataclass(frozen=True)
class Column:
    kind: str = "teks"  # teks | kode | angka | rupiah | nomor
    max_width: float = 40  # characters; longer text wraps
    min_width: float = 6


@dataclass(frozen=True)
class HeaderCell:
    row: int  # 0-based within the header block
    col: int
    text: str
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Sheet:
    name: str  # worksheet tab, at most 31 characters
    heading: tuple[str, ...]  # title lines printed above the table
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int  # rows of `header`; a numbered "(1) (2) …" row is added below them
    rows: tuple[tuple, ...]  # one tuple of cell values per data row (None = empty)
    merges: tuple[tuple[int, int, int, int], ...] = ()  # (first_row, first_col, last_row, last_col), data-relative
    emphasis: frozenset[int] = field(default_factory=frozenset)  # data rows shown bold (subtotals, totals)
    freeze_cols: int = 0


def number_format(value, kind: str) -> str:
    if kind == "rupiah":
        return RUPIAH_FORMAT
    if isinstance(value, float) and not value.is_integer():
        # at most two decimals (primer §7), but no trailing zeros beyond what the value needs
        decimals = 1 if round(value, 1) == round(value, 2) else 2
        return DECIMAL_FORMATS[decimals]
    return INTEGER_FORMAT


def _display_len(value, kind: str) -> int:
    """Roughly how many characters the cell shows; wrapped text counts its longest line."""
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return len(angka(value))
    return max((len(line) for line in str(value).split("\n")), default=0)


def _set(cell, value) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # planner text, never a formula (openpyxl treats "=…" as one)


ALIGN = {
    "kepala": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "tengah": Alignment(horizontal="center", vertical="top"),
    "kanan": Alignment(horizontal="right", vertical="top"),
    "teks": Alignment(horizontal="left", vertical="top", wrap_text=True),
}


class _Styles:
    """Each distinct look is built through openpyxl's style descriptors once and then copied:
    every descriptor assignment hashes the whole style object (70 % of a large sheet's time, most
    of it in merge_cells re-deriving the same edge borders cell by cell)."""

    def __init__(self):
        self.font = Font(name=FONT, size=FONT_SIZE)
        self.bold = Font(name=FONT, size=FONT_SIZE, bold=True)
        self._built: dict[tuple, object] = {}

    def apply(self, cell, bold: bool, fill, align: str, number_format: str | None) -> None:
        key = (bold, fill is not None and fill.fgColor.rgb, align, number_format)
        built = self._built.get(key)
        if built is not None:
            cell._style = copy(built)
            return
        cell.font, cell.border, cell.alignment = self.bold if bold else self.font, BORDER, ALIGN[align]
        if fill is not None:
            cell.fill = fill
        if number_format is not None:
            cell.number_format = number_format
        self._built[key] = copy(cell._style)

    def merge(self, ws, r0: int, c0: int, r1: int, c1: int) -> None:
        """ws.merge_cells, with the edge borders openpyxl's MergedCellRange.format() would give the
        covered cells (their sides of BORDER, which every table cell has) applied from the cache."""
        ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"))
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                if row == r0 and col == c0:
                    continue
                cell = ws._cells[row, col] = MergedCell(ws, row, col)
                edges = (row == r0, col == c0, col == c1, row == r1)
                built = self._built.get(edges)
                if built is None:
                    cell.border = Border(**{side: THIN for side, on in zip(("top", "left", "right", "bottom"), edges) if on})
                    built = self._built[edges] = copy(cell._style)
                cell._style = copy(built)


def _write(ws, sheet: Sheet, top: int) -> None:
    styles = _Styles()
    # header block, then the "(1) (2) …" row that Renstra tables carry under their headers
    for r in range(sheet.header_rows + 1):
        for c in range(len(sheet.columns)):
            styles.apply(ws.cell(top + r, c + 1), True, HEADER_FILL, "kepala", None)
    for h in sheet.header:
        ws.cell(top + h.row, h.col + 1, h.text)
        if h.rows > 1 or h.cols > 1:
            styles.merge(ws, top + h.row, h.col + 1, top + h.row + h.rows - 1, h.col + h.cols)
    for c in range(len(sheet.columns)):
        ws.cell(top + sheet.header_rows, c + 1, f"({c + 1})")

    first = top + sheet.header_rows + 1
    for i, values in enumerate(sheet.rows):
        emphasis = i in sheet.emphasis
        fill = TOTAL_FILL if emphasis else None
        for c, (value, col) in enumerate(zip(values, sheet.columns)):
            cell = ws.cell(first + i, c + 1)
            if value is not None and value != "":
                _set(cell, value)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                align = "tengah" if col.kind == "nomor" else "kanan"
                styles.apply(cell, emphasis, fill, align, number_format(value, col.kind))
            elif col.kind in ("angka", "rupiah"):  # "-" for a year outside a short (RPD) period
                styles.apply(cell, emphasis, fill, "tengah", None)
            else:
                styles.apply(cell, emphasis, fill, "teks", "@" if col.kind == "kode" else None)
    for r0, c0, r1, c1 in sheet.merges:
        styles.merge(ws, first + r0, c0 + 1, first + r1, c1 + 1)


def _fit_columns(ws, sheet: Sheet) -> None:
    widths = [_display_len(f"({c + 1})", "teks") for c in range(len(sheet.columns))]
    for h in sheet.header:
        if h.cols == 1:  # a spanning header shares its width with its columns
            widths[h.col] = max(widths[h.col], min(_display_len(h.text, "teks"), 16))
    spanned = {(r0 + i, c0) for r0, c0, r1, c1 in sheet.merges if c1 > c0 for i in range(r1 - r0 + 1)}
    for i, values in enumerate(sheet.rows):
        for c, value in enumerate(values):
            if (i, c) not in spanned:
                widths[c] = max(widths[c], _display_len(value, sheet.columns[c].kind))
    for c, col in enumerate(sheet.columns):
        width = min(max(widths[c] + 2, col.min_width), col.max_width)
        ws.column_dimensions[get_column_letter(c + 1)].width = round(width, 1)


def _lines(text, width_chars: float) -> int:
    """Wrapped lines a text needs in a column this wide (an estimate; words do not break)."""
    if text is None or text == "":
        return 0
    per_line = max(1.0, (width_chars - 1.5) * 1.15)  # Arial 10 averages narrower than the "0" a width counts
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _fit_rows(ws, sheet: Sheet, top: int) -> None:
    """Row heights from the wrapped text, because neither Excel nor LibreOffice grows a row for a
    merged cell; a tall merged cell shares its height out over the rows it covers."""
    widths = [ws.column_dimensions[get_column_letter(c + 1)].width for c in range(len(sheet.columns))]
    first = top + sheet.header_rows + 1
    cells = [(top + h.row, h.col, h.rows, h.cols, h.text) for h in sheet.header]
    merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in sheet.merges}
    covered = {(r, c) for r0, c0, r1, c1 in sheet.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    for i, values in enumerate(sheet.rows):
        for c, value in enumerate(values):
            if (i, c) in covered:
                continue
            r1, c1 = merged.get((i, c), (i, c))
            cells.append((first + i, c, r1 - i + 1, c1 - c + 1, value))
    heights: dict[int, float] = {}
    for row, col, nrows, ncols, text in sorted(cells, key=lambda x: x[2]):  # single rows first
        need = _lines(text, sum(widths[col:col + ncols])) * LINE_PT + 3
        rows = range(row, row + nrows)
        have = sum(heights.get(r, MIN_ROW_PT) for r in rows)
        if need > have:
            extra = (need - have) / nrows
            for r in rows:
                heights[r] = heights.get(r, MIN_ROW_PT) + extra
    for r, h in heights.items():
        ws.row_dimensions[r].height = round(h, 1)


def _print_setup(ws, sheet: Sheet, settings: Settings, top: int) -> None:
    ws.page_setup.orientation = "landscape"
    if settings.kertas == "F4":
        # F4 has no Excel paper code: Folio as the fallback, the exact size for applications that read it
        ws.page_setup.paperSize = PAPER_FOLIO
        ws.page_setup.paperWidth, ws.page_setup.paperHeight = "210mm", "330mm"
    else:  # A4 landscape cuts these wide tables; planners print them on A3 (primer §7, Pringsewu)
        ws.page_setup.paperSize = PAPER_A3
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.5, 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.6
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{top}:{top + sheet.header_rows}"
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.freeze_panes = ws.cell(top + sheet.header_rows + 1, sheet.freeze_cols + 1).coordinate


def workbook_bytes(sheets: list[Sheet], settings: Settings, when: dt.datetime, title: str) -> bytes:
    """The .xlsx file: same sources → same bytes (fixed document dates and zip timestamps)."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        for n, line in enumerate(sheet.heading, 1):
            _set(ws.cell(n, 1), line)
            ws.cell(n, 1).font = Font(name=FONT, size=FONT_SIZE + 2, bold=True)
        top = len(sheet.heading) + 2  # one blank row between the title and the table
        _write(ws, sheet, top)
        _fit_columns(ws, sheet)
        _fit_rows(ws, sheet, top)
        _print_setup(ws, sheet, settings, top)
    props = wb.properties
    props.created = props.modified = when  # openpyxl would stamp the clock time here
    props.creator = props.lastModifiedBy = "Cascade"
    props.title = title
    buf = io.BytesIO()
    # ExcelWriter directly: Workbook.save() sets `modified` to now just before writing
    with ooxml.FixedTimeZip(buf) as archive:
        ExcelWriter(wb, archive).write_data()
    return buf.getvalue()
