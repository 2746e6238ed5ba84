"""One table as one worksheet, and a workbook as reproducible bytes (openpyxl).

The table modules (`excel_tabel`, `excel_matriks`) describe *what* a sheet holds — columns, header
cells, data rows, merges — as plain data; this module decides *how* it looks: Indonesian number
formats on real numbers, bold grey headers repeated on every printed page, frozen panes, landscape
A3/F4 with fit-to-width, fitted column widths and wrapped text.

openpyxl builds the workbook around the cells: styles, column widths, merges, print setup and every
part but the rows. The rows are written here as text (`_sheet_data`), the way openpyxl's lxml writer
writes them: a Cell object and an XML element per cell were nine tenths of a large sheet's time
(issue 9). `tests/test_fast_paths.py` holds the bytes equal to filling openpyxl's cells one by one.
"""
from __future__ import annotations

import datetime as dt
import math
import os
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field
from itertools import zip_longest

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
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


ALIGN = {
    "kepala": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "tengah": Alignment(horizontal="center", vertical="top"),
    "kanan": Alignment(horizontal="right", vertical="top"),
    "teks": Alignment(horizontal="left", vertical="top", wrap_text=True),
}
MAX_TEXT = 32767  # characters in one cell (Excel's limit; openpyxl cuts there too)


class _Grid:
    """A worksheet's cells as (value, StyleArray) by row, then column, 1-based like openpyxl.

    Each distinct look is built once through openpyxl's style descriptors on a probe cell that is
    never placed in the sheet: the descriptors register fonts, borders, fills and number formats in
    the workbook in the order a cell-by-cell build would, and the resulting StyleArray is shared.
    """

    def __init__(self, ws):
        self.rows: dict[int, dict[int, tuple]] = defaultdict(dict)
        # (first row, first column, last row, last column): a set, iterated as openpyxl's set of
        # CellRange (hashed on the same tuple) would be, which is the order it writes them in
        self.merges: set[tuple[int, int, int, int]] = set()
        self._probe = Cell(ws)
        self._looks: dict[tuple, StyleArray] = {}
        self.font = Font(name=FONT, size=FONT_SIZE)
        self.bold = Font(name=FONT, size=FONT_SIZE, bold=True)

    def _look(self, key: tuple, attrs) -> StyleArray:
        """The look named `key`, built from `attrs()` (name, value) pairs, in the order they register."""
        look = self._looks.get(key)
        if look is None:
            probe = self._probe
            probe._style = StyleArray()
            for name, value in attrs():
                setattr(probe, name, value)
            look = self._looks[key] = copy(probe._style)
        return look

    def put(self, row: int, col: int, value) -> None:
        """A value; the cell keeps the look it has."""
        cells = self.rows[row]
        old = cells.get(col)
        cells[col] = (value, old[1] if old else None)

    def look(self, bold: bool, fill, align: str, number_format: str | None) -> StyleArray:
        """A table cell's look: font, border and alignment, then fill and number format if any."""
        key = (bold, fill is not None and fill.fgColor.rgb, align, number_format)
        look = self._looks.get(key)
        if look is not None:
            return look

        def attrs():
            yield from (("font", self.bold if bold else self.font), ("border", BORDER), ("alignment", ALIGN[align]))
            if fill is not None:
                yield "fill", fill
            if number_format is not None:
                yield "number_format", number_format

        return self._look(key, attrs)

    def heading(self, row: int, text: str) -> None:
        title = self._look(("judul",), lambda: [("font", Font(name=FONT, size=FONT_SIZE + 2, bold=True))])
        self.rows[row][1] = (text, title)

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        """The range joins the sheet's merges; the cells it covers lose their value and keep the
        sides of BORDER on the range's edges (what openpyxl's merge_cells gives them)."""
        self.merges.add((r0, c0, r1, c1))
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                if row == r0 and col == c0:
                    continue
                edges = (row == r0, col == c0, col == c1, row == r1)
                self.rows[row][col] = (None, self._look(edges, lambda: [("border", Border(**{
                    side: THIN for side, on in zip(("top", "left", "right", "bottom"), edges) if on}))]))


def _write(grid: _Grid, ws, sheet: Sheet, top: int) -> None:
    rows = grid.rows
    # header block, then the "(1) (2) …" row that Renstra tables carry under their headers
    header = grid.look(True, HEADER_FILL, "kepala", None)
    for r in range(sheet.header_rows + 1):
        for c in range(len(sheet.columns)):
            rows[top + r][c + 1] = (None, header)
    for h in sheet.header:
        grid.put(top + h.row, h.col + 1, h.text)
        if h.rows > 1 or h.cols > 1:
            grid.merge(top + h.row, h.col + 1, top + h.row + h.rows - 1, h.col + h.cols)
    for c in range(len(sheet.columns)):
        grid.put(top + sheet.header_rows, c + 1, f"({c + 1})")

    first = top + sheet.header_rows + 1
    kinds = [col.kind for col in sheet.columns]
    # a cell's look by (bold row, column, number format or None for text): a large sheet has
    # thousands of cells in a handful of looks; each is still made when first needed, in cell order
    # (the workbook numbers fonts and fills in that order)
    looks: dict[tuple, StyleArray] = {}
    for i, values in enumerate(sheet.rows, first):
        emphasis = i - first in sheet.emphasis
        fill = TOTAL_FILL if emphasis else None
        cells = rows[i]
        for c, value in enumerate(values[:len(kinds)]):
            kind = kinds[c]
            if value == "":
                value = None
            if value.__class__ is int or value.__class__ is float or (
                    isinstance(value, (int, float)) and not isinstance(value, bool)):
                fmt = number_format(value, kind)
                look = looks.get((emphasis, c, fmt))
                if look is None:
                    align = "tengah" if kind == "nomor" else "kanan"
                    look = looks[emphasis, c, fmt] = grid.look(emphasis, fill, align, fmt)
            else:
                look = looks.get((emphasis, c, None))
                if look is None:
                    if kind in ("angka", "rupiah"):  # "-" for a year outside a short (RPD) period
                        look = grid.look(emphasis, fill, "tengah", None)
                    else:
                        look = grid.look(emphasis, fill, "teks", "@" if kind == "kode" else None)
                    looks[emphasis, c, None] = look
            cells[c + 1] = (value, look)
    for r0, c0, r1, c1 in sheet.merges:
        grid.merge(first + r0, c0 + 1, first + r1, c1 + 1)


def _fit_columns(ws, sheet: Sheet) -> None:
    widths = [_display_len(f"({c + 1})", "teks") for c in range(len(sheet.columns))]
    for h in sheet.header:
        if h.cols == 1:  # a spanning header shares its width with its columns
            widths[h.col] = max(widths[h.col], min(_display_len(h.text, "teks"), 16))
    spanned: dict[int, set[int]] = defaultdict(set)  # column → data rows where a cell spans more columns
    for r0, c0, r1, c1 in sheet.merges:
        if c1 > c0:
            spanned[c0].update(range(r0, r1 + 1))
    kinds = [col.kind for col in sheet.columns]
    for c, column in enumerate(zip_longest(*sheet.rows)):
        skip = spanned.get(c)
        if skip:
            column = [v for i, v in enumerate(column) if i not in skip]
        # a long table repeats its texts and numbers: each once (type in the key: 1 == 1.0)
        for _, value in {(v.__class__, v) for v in column if v is not None}:
            n = _display_len(value, kinds[c])
            if n > widths[c]:
                widths[c] = n
    for c, col in enumerate(sheet.columns):
        width = min(max(widths[c] + 2, col.min_width), col.max_width)
        ws.column_dimensions[get_column_letter(c + 1)].width = round(width, 1)


def _lines(text, width_chars: float) -> int:
    """Wrapped lines a text needs in a column this wide (an estimate; words do not break)."""
    if text is None or text == "":
        return 0
    per_line = max(1.0, (width_chars - 1.5) * 1.15)  # Arial 10 averages narrower than the "0" a width counts
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _fit_rows(ws, sheet: Sheet, top: int) -> dict[int, float]:
    """Row heights (points, by sheet row) from the wrapped text, because neither Excel nor LibreOffice
    grows a row for a merged cell; a tall merged cell shares its height out over the rows it covers."""
    widths = [ws.column_dimensions[get_column_letter(c + 1)].width for c in range(len(sheet.columns))]
    first = top + sheet.header_rows + 1
    # (first row, column, rows, columns, text) of each cell spanning rows or columns
    spanning = [(top + h.row, h.col, h.rows, h.cols, h.text) for h in sheet.header if h.rows > 1 or h.cols > 1]
    single = [(top + h.row, h.col, h.text) for h in sheet.header if h.rows == 1 and h.cols == 1]
    starts: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)  # data row → column → merge's last cell
    covered: dict[int, set[int]] = defaultdict(set)
    for r0, c0, r1, c1 in sheet.merges:
        starts[r0][c0] = (r1, c1)
        for r in range(r0, r1 + 1):
            covered[r].update(c for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    lines: dict[tuple, int] = {}

    def need(text, col: int, ncols: int) -> float:
        key = (text.__class__, text, col, ncols)
        n = lines.get(key)
        if n is None:
            n = lines[key] = _lines(text, sum(widths[col:col + ncols]))
        return n * LINE_PT + 3

    # A row's height is the most any of its own cells needs (these are quarter points: exact in
    # floating point, as adding each cell's shortfall was); then spanning cells, fewest rows first.
    heights: dict[int, float] = {}
    for row, col, text in single:
        if text is not None and text != "":
            heights[row] = max(heights.get(row, MIN_ROW_PT), need(text, col, 1))
    for i, values in enumerate(sheet.rows):
        skip, merged = covered.get(i, ()), starts.get(i, {})
        tallest = heights.get(first + i, MIN_ROW_PT)
        for c, value in enumerate(values):
            # an empty cell needs 3 pt, less than any row has
            if value is None or value == "" or c in skip:
                continue
            if c in merged:
                r1, c1 = merged[c]
                if r1 > i:
                    spanning.append((first + i, c, r1 - i + 1, c1 - c + 1, value))
                    continue
                cell_need = need(value, c, c1 - c + 1)
            else:
                cell_need = need(value, c, 1)
            if cell_need > tallest:
                tallest = cell_need
        if tallest > MIN_ROW_PT:
            heights[first + i] = tallest
    for row, col, nrows, ncols, text in sorted(spanning, key=lambda x: x[2]):
        if text is None or text == "":
            continue
        cell_need = need(text, col, ncols)
        rows = range(row, row + nrows)
        have = sum(heights.get(r, MIN_ROW_PT) for r in rows)
        if cell_need > have:
            extra = (cell_need - have) / nrows
            for r in rows:
                heights[r] = heights.get(r, MIN_ROW_PT) + extra
    return {r: round(h, 1) for r, h in heights.items()}


def _print_setup(ws, sheet: Sheet, settings: Settings, top: int) -> tuple[int, int]:
    """Paper, margins, print titles, footer and frozen panes; returns the first cell below the panes."""
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
    row, col = top + sheet.header_rows + 1, sheet.freeze_cols + 1
    ws.freeze_panes = f"{get_column_letter(col)}{row}"
    return row, col


# ---------------------------------------------------------------- the rows as XML


def _number(value) -> str:
    return "" if math.isnan(value) or math.isinf(value) else "%.16g" % value


def _inline_string(value: str) -> str:
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if value != value.strip():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def _sheet_data(grid: _Grid, heights: dict[int, float], cell_styles) -> bytes:
    """`<sheetData>` as openpyxl's lxml writer gives it: rows in order with their heights, every
    cell with a value or a look (a look's number in cellXfs taken in writing order, as openpyxl
    does), planner text always as text (never a formula or an error code), non-ASCII as character
    references."""
    rows = grid.rows
    ids: dict[int, int | None] = {}  # id(look) → its number, numbered in the order they are written
    out = ["<sheetData>"]
    for row in sorted({r for r, cells in rows.items() if cells} | heights.keys()):
        height = heights.get(row)
        out.append(f'<row r="{row}">' if height is None else
                   f'<row r="{row}" ht="{_number(height)}" customHeight="1">')
        cells = rows.get(row, {})
        for col in sorted(cells):
            value, look = cells[col]
            key = id(look)
            if key in ids:
                sid = ids[key]
            else:
                sid = ids[key] = cell_styles.add(look) if look is not None and any(look) else None
            if value is None and sid is None:
                continue
            head = f'<c r="{_LETTERS[col]}{row}"' if sid is None else f'<c r="{_LETTERS[col]}{row}" s="{sid}"'
            if value is None:
                out.append(head + ' t="n"></c>')
            elif isinstance(value, str):
                out.append(head + ' t="inlineStr"></c>' if value == "" else
                           f'{head} t="inlineStr">{_inline_string(value)}</c>')
            elif isinstance(value, bool):
                out.append(f'{head} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                out.append(f'{head} t="n"><v>{_number(value)}</v></c>')
            else:
                raise ValueError(f"Cannot convert {value!r} to Excel")
        out.append("</row>")
    out.append("</sheetData>")
    return "".join(out).encode("ascii", "xmlcharrefreplace")


class _Letters(dict):
    """Column number → letters ("A", …, "AA"), made once per column."""

    def __missing__(self, col: int) -> str:
        letter = self[col] = get_column_letter(col)
        return letter


_LETTERS = _Letters()


_EMPTY_DIMENSION = b'<dimension ref="A1:A1"/>'  # what openpyxl writes for a sheet without cells
_EMPTY_ROWS = b"<sheetData></sheetData>"
_AFTER_MERGES = b"<printOptions "  # the next element openpyxl writes (print_setup sets it)


def _merge_cells(grid: _Grid) -> bytes:
    """`<mergeCells>` as openpyxl writes it (CellRange objects and their XML were a tenth of a sheet)."""
    if not grid.merges:
        return b""
    L = _LETTERS
    refs = "".join(f'<mergeCell ref="{L[c0]}{r0}:{L[c1]}{r1}"/>' for r0, c0, r1, c1 in grid.merges)
    return f'<mergeCells count="{len(grid.merges)}">{refs}</mergeCells>'.encode("ascii")


def _dimension(grid: _Grid) -> bytes:
    rows = [r for r, cells in grid.rows.items() if cells]
    if not rows:
        return _EMPTY_DIMENSION
    cols = [c for r in rows for c in (min(grid.rows[r]), max(grid.rows[r]))]
    return f'<dimension ref="{_LETTERS[min(cols)]}{min(rows)}:{_LETTERS[max(cols)]}{max(rows)}"/>'.encode("ascii")


def workbook_bytes(sheets: list[Sheet], settings: Settings, when: dt.datetime, title: str) -> bytes:
    """The .xlsx file: same sources → same bytes (fixed document dates and zip timestamps)."""
    wb = Workbook()
    wb.remove(wb.active)
    sheet_xml = {}
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        grid = _Grid(ws)
        for n, line in enumerate(sheet.heading, 1):
            grid.heading(n, line)
        top = len(sheet.heading) + 2  # one blank row between the title and the table
        _write(grid, ws, sheet, top)
        _fit_columns(ws, sheet)
        heights = _fit_rows(ws, sheet, top)
        row, col = _print_setup(ws, sheet, settings, top)
        grid.rows[row].setdefault(col, (None, None))  # an empty table still has the row below its header
        sheet_xml[ws] = (_dimension(grid), _sheet_data(grid, heights, wb._cell_styles), _merge_cells(grid))
    props = wb.properties
    props.created = props.modified = when  # openpyxl would stamp the clock time here
    props.creator = props.lastModifiedBy = "Cascade"
    props.title = title
    # ExcelWriter directly: Workbook.save() sets `modified` to now just before writing
    archive = _Members()
    ExcelWriter(wb, archive).write_data()
    members = dict(archive.members)
    for ws, (dimension, data, merges) in sheet_xml.items():
        xml = members[ws.path[1:]]
        if any(xml.count(mark) != 1 for mark in (_EMPTY_DIMENSION, _EMPTY_ROWS, _AFTER_MERGES)):
            raise RuntimeError(f"openpyxl wrote {ws.path} in a form this writer does not know")
        # the rows last: planner text is escaped, but it is never searched either
        members[ws.path[1:]] = (xml.replace(_AFTER_MERGES, merges + _AFTER_MERGES)
                                .replace(_EMPTY_DIMENSION, dimension).replace(_EMPTY_ROWS, data))
    return ooxml.zip_bytes(list(members.items()))


class _Members:
    """The zip interface ExcelWriter writes to, keeping the members in order for `ooxml.zip_bytes`."""

    def __init__(self):
        self.members: list[tuple[str, bytes]] = []

    def writestr(self, name, data) -> None:
        name = name if isinstance(name, str) else name.filename
        self.members.append((name, data.encode("utf-8") if isinstance(data, str) else data))

    def write(self, filename: str, arcname: str | None = None) -> None:
        # openpyxl streams each worksheet through a temporary file
        with open(filename, "rb") as fh:
            self.writestr(arcname or os.path.basename(filename), fh.read())

    def namelist(self) -> list[str]:
        return [name for name, _ in self.members]

    def close(self) -> None:
        pass
