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

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.cell_range import CellRange
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
    """A worksheet's cells as (value, StyleArray) by (row, column), 1-based like openpyxl.

    Each distinct look is built once through openpyxl's style descriptors on a probe cell that is
    never placed in the sheet: the descriptors register fonts, borders, fills and number formats in
    the workbook in the order a cell-by-cell build would, and the resulting StyleArray is shared.
    """

    def __init__(self, ws):
        self.cells: dict[tuple[int, int], tuple] = {}
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
        old = self.cells.get((row, col))
        self.cells[row, col] = (value, old[1] if old else None)

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
        self.cells[row, 1] = (text, title)

    def merge(self, ws, r0: int, c0: int, r1: int, c1: int) -> None:
        """The range joins the sheet's merges; the cells it covers lose their value and keep the
        sides of BORDER on the range's edges (what openpyxl's merge_cells gives them)."""
        # straight into the set: MultiCellRange.add compares with every range already there
        ws.merged_cells.ranges.add(CellRange(min_col=c0, min_row=r0, max_col=c1, max_row=r1))
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                if row == r0 and col == c0:
                    continue
                edges = (row == r0, col == c0, col == c1, row == r1)
                self.cells[row, col] = (None, self._look(edges, lambda: [("border", Border(**{
                    side: THIN for side, on in zip(("top", "left", "right", "bottom"), edges) if on}))]))


def _write(grid: _Grid, ws, sheet: Sheet, top: int) -> None:
    cells = grid.cells
    # header block, then the "(1) (2) …" row that Renstra tables carry under their headers
    header = grid.look(True, HEADER_FILL, "kepala", None)
    for r in range(sheet.header_rows + 1):
        for c in range(len(sheet.columns)):
            cells[top + r, c + 1] = (None, header)
    for h in sheet.header:
        grid.put(top + h.row, h.col + 1, h.text)
        if h.rows > 1 or h.cols > 1:
            grid.merge(ws, top + h.row, h.col + 1, top + h.row + h.rows - 1, h.col + h.cols)
    for c in range(len(sheet.columns)):
        grid.put(top + sheet.header_rows, c + 1, f"({c + 1})")

    first = top + sheet.header_rows + 1
    for i, values in enumerate(sheet.rows, first):
        emphasis = i - first in sheet.emphasis
        fill = TOTAL_FILL if emphasis else None
        for c, (value, col) in enumerate(zip(values, sheet.columns), 1):
            if value == "":
                value = None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                align = "tengah" if col.kind == "nomor" else "kanan"
                look = grid.look(emphasis, fill, align, number_format(value, col.kind))
            elif col.kind in ("angka", "rupiah"):  # "-" for a year outside a short (RPD) period
                look = grid.look(emphasis, fill, "tengah", None)
            else:
                look = grid.look(emphasis, fill, "teks", "@" if col.kind == "kode" else None)
            cells[i, c] = (value, look)
    for r0, c0, r1, c1 in sheet.merges:
        grid.merge(ws, first + r0, c0 + 1, first + r1, c1 + 1)


def _fit_columns(ws, sheet: Sheet) -> None:
    widths = [_display_len(f"({c + 1})", "teks") for c in range(len(sheet.columns))]
    for h in sheet.header:
        if h.cols == 1:  # a spanning header shares its width with its columns
            widths[h.col] = max(widths[h.col], min(_display_len(h.text, "teks"), 16))
    spanned = {(r0 + i, c0) for r0, c0, r1, c1 in sheet.merges if c1 > c0 for i in range(r1 - r0 + 1)}
    kinds = [col.kind for col in sheet.columns]
    seen: dict[tuple, int] = {}  # a long table repeats its texts and numbers; type in the key: 1 == 1.0
    for i, values in enumerate(sheet.rows):
        for c, value in enumerate(values):
            if value is not None and (i, c) not in spanned:
                key = (value.__class__, value, kinds[c])
                n = seen.get(key)
                if n is None:
                    n = seen[key] = _display_len(value, kinds[c])
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
    cells = [(top + h.row, h.col, h.rows, h.cols, h.text) for h in sheet.header]
    merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in sheet.merges}
    covered = {(r, c) for r0, c0, r1, c1 in sheet.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    for i, values in enumerate(sheet.rows):
        for c, value in enumerate(values):
            # an empty cell needs 3 pt, less than any row has
            if value is None or value == "" or (i, c) in covered:
                continue
            r1, c1 = merged.get((i, c), (i, c))
            cells.append((first + i, c, r1 - i + 1, c1 - c + 1, value))
    heights: dict[int, float] = {}
    lines: dict[tuple, int] = {}
    for row, col, nrows, ncols, text in sorted(cells, key=lambda x: x[2]):  # single rows first
        key = (text.__class__, text, col, ncols)
        n = lines.get(key)
        if n is None:
            n = lines[key] = _lines(text, sum(widths[col:col + ncols]))
        need = n * LINE_PT + 3
        rows = range(row, row + nrows)
        have = sum(heights.get(r, MIN_ROW_PT) for r in rows)
        if need > have:
            extra = (need - have) / nrows
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
    rows: dict[int, list] = defaultdict(list)
    for (row, col), cell in sorted(grid.cells.items()):
        rows[row].append((col, cell))
    for row in heights.keys() - rows.keys():
        rows[row] = []
    ids: dict[int, int] = {}  # id(look) → its number, numbered in the order they are written
    out = ["<sheetData>"]
    for row, cells in sorted(rows.items()):
        height = heights.get(row)
        out.append(f'<row r="{row}">' if height is None else
                   f'<row r="{row}" ht="{_number(height)}" customHeight="1">')
        for col, (value, look) in cells:
            styled = look is not None and any(look)
            if value is None and not styled:
                continue
            letter = get_column_letter(col)
            if styled:
                sid = ids.get(id(look))
                if sid is None:
                    sid = ids[id(look)] = cell_styles.add(look)
                head = f'<c r="{letter}{row}" s="{sid}"'
            else:
                head = f'<c r="{letter}{row}"'
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


_EMPTY_DIMENSION = b'<dimension ref="A1:A1"/>'  # what openpyxl writes for a sheet without cells
_EMPTY_ROWS = b"<sheetData></sheetData>"


def _dimension(grid: _Grid) -> bytes:
    rows = [r for r, _ in grid.cells]
    cols = [c for _, c in grid.cells]
    if not rows:
        return _EMPTY_DIMENSION
    return (f'<dimension ref="{get_column_letter(min(cols))}{min(rows)}:'
            f'{get_column_letter(max(cols))}{max(rows)}"/>').encode("ascii")


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
        below_panes = _print_setup(ws, sheet, settings, top)
        grid.cells.setdefault(below_panes, (None, None))  # an empty table still has the row below its header
        sheet_xml[ws] = (_dimension(grid), _sheet_data(grid, heights, wb._cell_styles))
    props = wb.properties
    props.created = props.modified = when  # openpyxl would stamp the clock time here
    props.creator = props.lastModifiedBy = "Cascade"
    props.title = title
    # ExcelWriter directly: Workbook.save() sets `modified` to now just before writing
    archive = _Members()
    ExcelWriter(wb, archive).write_data()
    members = dict(archive.members)
    for ws, (dimension, data) in sheet_xml.items():
        xml = members[ws.path[1:]]
        if xml.count(_EMPTY_DIMENSION) != 1 or xml.count(_EMPTY_ROWS) != 1:
            raise RuntimeError(f"openpyxl wrote {ws.path} in a form this writer does not know")
        members[ws.path[1:]] = xml.replace(_EMPTY_DIMENSION, dimension).replace(_EMPTY_ROWS, data)
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
