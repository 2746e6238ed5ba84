"""One table as one worksheet, and a workbook as reproducible bytes (openpyxl).

The table modules (`excel_tabel`, `excel_matriks`) describe *what* a sheet holds — columns, header
cells, data rows, merges — as plain data; this module decides *how* it looks: Indonesian number
formats on real numbers, bold grey headers repeated on every printed page, frozen panes, landscape on
the Pemda's paper, scaled to the page width (as many pages down as needed, with row breaks that keep
a group row with the rows it names), and column widths
from the content measured with font metrics (cascade/formats/docx/widths.py): a number, code or word
never breaks, and the columns are kept narrow enough (text wraps more) that the print scale
leaves the text at least MIN_PRINT_PT on paper.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.writer.excel import ExcelWriter

from cascade.fmt import angka
from cascade.formats.docx import ooxml
from cascade.formats.docx.house import PAPER_MM
from cascade.formats.docx.widths import share_width, text_width_pt, words
from cascade.model.types import Settings

# Column kinds: "teks" wraps, "kode" stays text (leading zeros), "angka" shows up to 2 decimals,
# "rupiah" whole numbers with thousands separators, "nomor" a centred row number.
RUPIAH_FORMAT = "#,##0"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMATS = {1: "#,##0.0", 2: "#,##0.00"}
FONT = "Arial"  # a spreadsheet font every office suite has; Bookman stays in the Word documents
FONT_SIZE = 10
PLAIN = Font(name=FONT, size=FONT_SIZE)
BOLD = Font(name=FONT, size=FONT_SIZE, bold=True)
TITLE = Font(name=FONT, size=FONT_SIZE + 2, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_PT = 12.75  # one line of Arial 10
MIN_ROW_PT = 15.0
# Excel's paper codes. F4 (210 × 330 mm) has none: Folio, 8½ × 13 in (215.9 × 330.2 mm), is the nearest
# built-in size (0.2 mm longer, 5.9 mm wider, so nothing measured for F4 is cut); the exact size is also
# written (paperWidth/paperHeight) for applications that read it.
PAPER_CODES = {"A4": 9, "A3": 8, "F4": 14}
PAPER_FOLIO = PAPER_CODES["F4"]
MARGIN_IN = {"left": 0.5, "right": 0.4, "top": 0.6, "bottom": 0.6}
# the page number's distance from the paper's edge: openpyxl's 0.5 left it 0.1 in of room inside the
# bottom margin, and LibreOffice cut the lower half of "Halaman 1 dari 2" off
HEADER_FOOTER_IN = 0.25
MIN_PRINT_PT = 7.0  # the smallest text size a printed sheet may have at its print scale
BREAK_SLACK = 0.95  # share of a page's height the rows may fill before a manual break
SECTION_SHARE = 0.5  # a page filled this far may end early, before a tujuan, rather than after its first rows
# LibreOffice lays the columns out a few per cent wider than Excel's width units say: the widths are
# chosen to fit at this much more than the print scale, so the sheet stays one page wide in both
WIDTH_SLACK = 1.04
PX_PER_MM = 96 / 25.4
DIGIT_PX = 7  # a column width unit: the default font's digit width (Arial 10, as Excel rounds it) at 96 dpi
CELL_PAD_PX = 5  # Excel adds this to every column's width units


@dataclass(frozen=True)
class Column:
    kind: str = "teks"  # teks | kode | angka | rupiah | nomor
    max_width: float = 40  # characters; longer text wraps (a longer word or number still widens it)
    min_width: float = 6


@dataclass(frozen=True)
class HeaderCell:
    row: int  # 0-based within the header block
    col: int
    text: str
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Isian:
    """A cell of the free rows above or below a table (a form's identity block, a signature): `cols`
    columns wide from where the previous cell of its row ends."""
    text: str
    cols: int = 1
    bold: bool = False


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
    keep_with_next: frozenset[int] = field(default_factory=frozenset)  # data rows printed on the next row's page
    freeze_cols: int = 0
    # free rows between the heading and the table (framed: a form's identity block), and after the
    # table (unframed: the signatures); each row a tuple of cells left to right
    preamble: tuple[tuple[Isian, ...], ...] = ()
    closing: tuple[tuple[Isian, ...], ...] = ()
    # data rows that open a major group (a tujuan): a page rather breaks before one of them, when it
    # stands in the lower part of the page, so the page after opens with the tujuan its rows belong to
    sections: frozenset[int] = field(default_factory=frozenset)


def number_format(value, kind: str) -> str:
    if kind == "rupiah":
        return RUPIAH_FORMAT
    if isinstance(value, float) and not value.is_integer():
        # at most two decimals (primer §7), but no trailing zeros beyond what the value needs
        decimals = 1 if round(value, 1) == round(value, 2) else 2
        return DECIMAL_FORMATS[decimals]
    return INTEGER_FORMAT


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


ALIGN = {
    "kepala": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "tengah": Alignment(horizontal="center", vertical="top"),
    "kanan": Alignment(horizontal="right", vertical="top"),
    "teks": Alignment(horizontal="left", vertical="top", wrap_text=True),
}


def _put(cell, value) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # planner text stays text, even "=…" or "#N/A"


def _style(cell, bold: bool, align: str, fill=None, number_format: str | None = None) -> None:
    cell.font = BOLD if bold else PLAIN
    cell.border = BORDER
    cell.alignment = ALIGN[align]
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format


def _data_cell(cell, value, kind: str, bold: bool) -> None:
    """A table cell: numbers right-aligned (row numbers centred) in their format, text wrapped,
    codes as text (leading zeros), "-" centred in a number column (a year outside an RPD period)."""
    if value is not None and value != "":
        _put(cell, value)
    fill = TOTAL_FILL if bold else None
    if _is_number(value):
        _style(cell, bold, "tengah" if kind == "nomor" else "kanan", fill, number_format(value, kind))
    elif kind in ("angka", "rupiah"):
        _style(cell, bold, "tengah", fill)
    else:
        _style(cell, bold, "teks", fill, "@" if kind == "kode" else None)


def _merge_edges(ws, r0: int, c0: int, r1: int, c1: int) -> None:
    """The cells a merge covers keep the sides of BORDER on the range's edges, so the merged cell
    is framed like the others (the first cell, which shows the merged cell, has its own)."""
    for row in range(r0, r1 + 1):
        for col in range(c0, c1 + 1):
            if (row, col) != (r0, c0):
                edges = {"top": row == r0, "left": col == c0, "right": col == c1, "bottom": row == r1}
                ws.cell(row, col).border = Border(**{side: THIN for side, on in edges.items() if on})


def _fill(ws, sheet: Sheet, top: int) -> None:
    """Title lines, the header block with its "(1) (2) …" row, then the data rows.

    Ranges are merged first, while their cells are bare: merge_cells then adds no borders of its own
    (given a framed first cell it frames the covered cells one side at a time, and every partial
    frame stays in the workbook's styles), and the covered cells get their edges last (`_merge_edges`)."""
    first = top + sheet.header_rows + 1
    merges = [(top + h.row, h.col + 1, top + h.row + h.rows - 1, h.col + h.cols)
              for h in sheet.header if h.rows > 1 or h.cols > 1]
    merges += [(first + r0, c0 + 1, first + r1, c1 + 1) for r0, c0, r1, c1 in sheet.merges]
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    for n, line in enumerate(sheet.heading, 1):
        _put(ws.cell(n, 1), line)
        ws.cell(n, 1).font = TITLE
    for r in range(top, first):
        for c in range(1, len(sheet.columns) + 1):
            cell = ws.cell(r, c)
            if not isinstance(cell, MergedCell):
                _style(cell, True, "kepala", HEADER_FILL)
    for h in sheet.header:
        _put(ws.cell(top + h.row, h.col + 1), h.text)
    for c in range(len(sheet.columns)):
        _put(ws.cell(first - 1, c + 1), f"({c + 1})")
    for i, values in enumerate(sheet.rows):
        for c, (value, column) in enumerate(zip(values, sheet.columns)):
            cell = ws.cell(first + i, c + 1)
            if not isinstance(cell, MergedCell):
                _data_cell(cell, value, column.kind, i in sheet.emphasis)
    for merge in merges:
        _merge_edges(ws, *merge)


def _free_rows(ws, rows: tuple[tuple[Isian, ...], ...], first: int, framed: bool) -> None:
    """Rows of Isian cells from worksheet row `first`; a cell spanning columns is merged, framed all round
    when `framed`. Their height is left to `_fit_rows`' caller: the text spans wide, and rarely wraps."""
    for r, cells in enumerate(rows):
        col = 1
        for cell in cells:
            if cell.cols > 1:
                ws.merge_cells(start_row=first + r, start_column=col, end_row=first + r, end_column=col + cell.cols - 1)
            target = ws.cell(first + r, col)
            _put(target, cell.text)
            if cell.bold:  # PLAIN is the workbook's own font; each style set costs openpyxl a hash
                target.font = BOLD
            if framed:
                target.alignment = ALIGN["teks"]
                target.border = BORDER
                if cell.cols > 1:
                    _merge_edges(ws, first + r, col, first + r, col + cell.cols - 1)
            col += cell.cols


def _fit_free_rows(ws, rows: tuple[tuple[Isian, ...], ...], first: int, widths: list[float]) -> None:
    """Free rows as tall as their wrapped text (the table's columns decide how wide their cells are)."""
    for r, cells in enumerate(rows):
        col, need = 0, 0.0
        for cell in cells:
            need = max(need, _lines(cell.text, sum(widths[col:col + cell.cols])) * LINE_PT + 3)
            col += cell.cols
        if need > MIN_ROW_PT:
            ws.row_dimensions[first + r].height = round(need, 1)


def _shown(value) -> str:
    if value is None:
        return ""
    return angka(value) if _is_number(value) else str(value)


def _px(text: str, bold: bool = False) -> float:
    """Printed width of one line of `text` in pixels at 96 dpi (an estimate that errs wide)."""
    return text_width_pt(text, FONT, FONT_SIZE, bold) * 96 / 72


def _units(px: float) -> float:
    """Column width units holding `px` pixels of text and 2 px to spare (a column of w units is
    w × DIGIT_PX + CELL_PAD_PX pixels wide: the padding is added by the application)."""
    return round((px + 2) / DIGIT_PX + 0.05, 1)


def column_widths(sheet: Sheet) -> tuple[list[float], list[float]]:
    """Per column, in width units: the least width (its longest word, code or number, and the header's
    longest word) and the wanted one (its longest line, at most the column's max_width)."""
    n = len(sheet.columns)
    least = [_units(_px(f"({c + 1})", True)) for c in range(n)]
    want = list(least)
    for h in sheet.header:
        if h.cols == 1:  # a spanning header shares its width with its columns
            least[h.col] = max(least[h.col], _units(max((_px(w, True) for w in words(h.text, slashes=False)), default=0)))
    # a cell spanning columns does not widen its first one
    spanning = {(r, c0) for r0, c0, r1, c1 in sheet.merges if c1 > c0 for r in range(r0, r1 + 1)}
    for r, values in enumerate(sheet.rows):
        for c, value in enumerate(values):
            if (r, c) in spanning or value is None or value == "":
                continue
            text, kind = _shown(value), sheet.columns[c].kind
            if _is_number(value) or kind == "kode":
                pieces = text.split("\n")  # numbers and codes never wrap
            else:
                pieces = [w for line in text.split("\n") for w in words(line, slashes=False)]
            least[c] = max(least[c], _units(max(_px(p) for p in pieces)))
            want[c] = max(want[c], _units(max(_px(line) for line in text.split("\n"))))
    for c, col in enumerate(sheet.columns):
        least[c] = max(least[c], col.min_width)
        want[c] = max(least[c], min(want[c], col.max_width))
    return least, want


def printable_units(settings: Settings, scale: float, ncols: int) -> float:
    """Width units of columns that fit across the landscape page at print `scale`."""
    long_mm = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])[1]
    px = (long_mm - (MARGIN_IN["left"] + MARGIN_IN["right"]) * 25.4) * PX_PER_MM / scale
    return (px - CELL_PAD_PX * ncols) / DIGIT_PX


def print_scale(widths: list[float], settings: Settings) -> float:
    """The scale that prints these columns one page wide (at most 100 %)."""
    long_mm = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])[1]
    page_px = (long_mm - (MARGIN_IN["left"] + MARGIN_IN["right"]) * 25.4) * PX_PER_MM
    columns_px = sum(w * DIGIT_PX + CELL_PAD_PX for w in widths)
    return min(1.0, page_px / columns_px) if widths else 1.0


def _fit_columns(ws, sheet: Sheet, settings: Settings) -> list[float]:
    """Column widths from the content: as wide as the longest line where the page allows at a
    print scale keeping the text at MIN_PRINT_PT or more, else narrower text columns (more wrapping),
    never narrower than a column's longest word or number. Returns the widths."""
    least, want = column_widths(sheet)
    budget = printable_units(settings, MIN_PRINT_PT / FONT_SIZE * WIDTH_SLACK, len(least))
    if sum(want) <= budget:
        widths = want
    else:  # tenths of a unit: share_width works in whole numbers
        shared = share_width([round(w * 10) for w in least], [round(w * 10) for w in want], int(budget * 10))
        widths = [w / 10 for w in shared] if shared is not None else least
    for c, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(c + 1)].width = width
    return widths


def _lines(text, width_units: float) -> int:
    """Lines a text takes in a column this wide when wrapped at spaces (words never break)."""
    if text is None or text == "":
        return 0
    room = width_units * DIGIT_PX - 4  # the cell's own padding
    count = 0
    for part in _shown(text).split("\n"):
        line = 0.0
        count += 1
        for w in part.split(" "):
            need = _px(w if not line else " " + w)
            if line and line + need > room:
                count += 1
                line = _px(w)
            else:
                line += need
    return count


def _fit_rows(ws, sheet: Sheet, top: int, widths: list[float]) -> None:
    """Row heights from the wrapped text, because neither Excel nor LibreOffice grows a row for a
    merged cell. A row is as tall as its tallest one-row cell; then each cell spanning rows, fewest
    rows first, shares out over its rows what they still lack."""
    first = top + sheet.header_rows + 1
    # (first row, column, rows, columns, text) of every cell that shows something
    cells = [(top + h.row, h.col, h.rows, h.cols, h.text) for h in sheet.header]
    merged = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merges}
    covered = {(r, c) for r0, c0, r1, c1 in sheet.merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    for i, values in enumerate(sheet.rows):
        for c, value in enumerate(values):
            if (i, c) not in covered:
                cells.append((first + i, c, *merged.get((i, c), (1, 1)), value))
    heights: dict[int, float] = {}
    for row, col, nrows, ncols, text in sorted(cells, key=lambda cell: cell[2]):
        if text is None or text == "":
            continue
        need = _lines(text, sum(widths[col:col + ncols])) * LINE_PT + 3
        rows = range(row, row + nrows)
        have = sum(heights.get(r, MIN_ROW_PT) for r in rows)
        if need > have:
            for r in rows:
                heights[r] = heights.get(r, MIN_ROW_PT) + (need - have) / nrows
    for r, height in heights.items():
        ws.row_dimensions[r].height = round(height, 1)


def _print_setup(ws, sheet: Sheet, settings: Settings, top: int, widths: list[float]) -> None:
    """Paper, margins, print titles, footer and frozen panes."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_CODES.get(settings.kertas, PAPER_FOLIO)
    if settings.kertas == "F4":
        # F4 has no Excel paper code: Folio (see PAPER_CODES), and the exact size for applications that read it
        ws.page_setup.paperWidth, ws.page_setup.paperHeight = "210mm", "330mm"
    # a fixed scale rather than fit-to-width: Excel and LibreOffice then print the rows at the same
    # size, so the page breaks below are where both put them (LibreOffice's own fit scale differs)
    ws.page_setup.scale = print_percent(widths, settings)
    ws.page_margins.left, ws.page_margins.right = MARGIN_IN["left"], MARGIN_IN["right"]
    ws.page_margins.top, ws.page_margins.bottom = MARGIN_IN["top"], MARGIN_IN["bottom"]
    ws.page_margins.header = ws.page_margins.footer = HEADER_FOOTER_IN
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{top}:{top + sheet.header_rows}"
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.freeze_panes = f"{get_column_letter(sheet.freeze_cols + 1)}{top + sheet.header_rows + 1}"


def print_percent(widths: list[float], settings: Settings) -> int:
    """The print scale in whole percent: one page wide, but never below MIN_PRINT_PT (then more pages across)."""
    fits = math.floor(print_scale(widths, settings) / WIDTH_SLACK * 100 + 1e-6)
    return max(round(MIN_PRINT_PT / FONT_SIZE * 100), min(100, fits))


def _row_height(ws, r: int) -> float:
    return ws.row_dimensions[r].height or MIN_ROW_PT


def page_breaks(ws, sheet: Sheet, settings: Settings, top: int) -> list[int]:
    """Manual row breaks (the last worksheet row of each page) so a row in `keep_with_next` prints
    on the page of the row after it: neither Excel nor LibreOffice has keep-with-next, so the pages are
    filled here from the row heights at the print scale, a little short of full (BREAK_SLACK), so
    neither application needs a break of its own in between."""
    first = top + sheet.header_rows + 1
    short_mm = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])[0]
    page_pt = (short_mm * 72 / 25.4 - (MARGIN_IN["top"] + MARGIN_IN["bottom"]) * 72) * 100 / ws.page_setup.scale
    titles = sum(_row_height(ws, r) for r in range(top, first))
    room = page_pt * BREAK_SLACK - titles
    used = sum(_row_height(ws, r) for r in range(1, top))  # the heading on the first page
    blocks, block = [], []
    for i in range(len(sheet.rows)):
        block.append(first + i)
        if i not in sheet.keep_with_next:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    sections = {first + i for i in sheet.sections}
    breaks = []
    page: list[tuple[int, float]] = []  # (first row, height used above it) of each block on the page
    for block in blocks:
        height = sum(_row_height(ws, r) for r in block)
        if used + height > room and used > 0 and block[0] > first:
            # the last tujuan opened in the lower part of this page goes to the next one with its rows
            moved = next(((row, above) for row, above in reversed(page[1:])
                          if row in sections and above >= SECTION_SHARE * room), None)
            if moved is not None and used - moved[1] + height <= room:
                breaks.append(moved[0] - 1)
                page = [(row, above - moved[1]) for row, above in page if row >= moved[0]]
                used -= moved[1]
            else:
                breaks.append(block[0] - 1)
                page, used = [], 0
        page.append((block[0], used))
        used += height
    return breaks


class _InMemoryWriter(ExcelWriter):
    """openpyxl's writer, but each sheet's XML is kept in memory instead of a temporary file: a
    renderer touches no disk, so a full or size-limited /tmp cannot fail a build half-way."""

    def write_worksheet(self, ws):  # as openpyxl 3.1's ExcelWriter.write_worksheet, without the file
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)


def workbook_bytes(sheets: list[Sheet], settings: Settings, when: dt.datetime, title: str) -> bytes:
    """The .xlsx file: same sources → same bytes (fixed document dates and zip timestamps)."""
    wb = Workbook()
    wb.remove(wb.active)
    # the workbook's default font sets what a column width unit is: Excel takes the digit width of
    # Calibri 11 or Arial 10 alike (DIGIT_PX), but LibreOffice, lacking Calibri, measured the widths
    # with its substitute's wider digits and printed the sheet smaller than MIN_PRINT_PT
    wb._fonts = IndexedList([PLAIN])
    wb._named_styles["Normal"].font = PLAIN
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        top = len(sheet.heading) + 2  # one blank row between the title and the table
        if sheet.preamble:  # and one between the free rows and the table
            _free_rows(ws, sheet.preamble, top, True)
            top += len(sheet.preamble) + 1
        _fill(ws, sheet, top)
        closing = top + sheet.header_rows + 1 + len(sheet.rows) + 1
        if sheet.closing:
            _free_rows(ws, sheet.closing, closing, False)
        widths = _fit_columns(ws, sheet, settings)
        _fit_rows(ws, sheet, top, widths)
        _fit_free_rows(ws, sheet.preamble, len(sheet.heading) + 2, widths)
        _fit_free_rows(ws, sheet.closing, closing, widths)
        _print_setup(ws, sheet, settings, top, widths)
        for row in page_breaks(ws, sheet, settings, top):
            ws.row_breaks.append(Break(id=row))
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = "Cascade"
    props.title = title
    # ExcelWriter, not Workbook.save(), which stamps `modified` with the clock time; openpyxl dates the
    # zip members now, so they are written again with a fixed date
    written = io.BytesIO()
    _InMemoryWriter(wb, zipfile.ZipFile(written, "w")).save()
    out = io.BytesIO()
    with zipfile.ZipFile(written) as members, zipfile.ZipFile(out, "w") as archive:
        for name in members.namelist():
            archive.writestr(ooxml.member(name), members.read(name))
    return out.getvalue()
