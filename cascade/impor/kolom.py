"""Finding a T-C.27 / T-C.25 table in a worksheet: the header rows and what each column holds.

Published workbooks put title rows above the header, spread the header over one to three rows with
merged cells ("Target Kinerja … pada Tahun" over "2021" over "Target | Rp"), write years as "2021",
"Tahun 2021", "Tahun ke-1" or "Tahun-3", split the kode over several columns and sometimes number the
columns (1, 2, 3, …) in a row under the header. A column-mapping profile (`Profil`, read from a small
YAML file) replaces the detection when a layout is beyond it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.impor.cells import clean_text

HEADER_SCAN = 40  # rows searched for the header; title blocks are rarely longer


@dataclass
class Columns:
    """1-based column numbers of what a table holds; data rows start at `data_row`."""

    header_row: int = 0
    data_row: int = 0
    tujuan: int | None = None
    sasaran: int | None = None
    indikator_sasaran: int | None = None  # a separate "Indikator Sasaran" column (T-C.27 variants)
    kode: list[int] = field(default_factory=list)
    nama: int | None = None
    indikator: int | None = None
    satuan: int | None = None
    baseline: int | None = None
    target: dict[int, int] = field(default_factory=dict)  # year -> column
    rp: dict[int, int] = field(default_factory=dict)
    akhir_target: int | None = None
    akhir_rp: int | None = None
    unit_kerja: int | None = None
    lokasi: int | None = None
    nomor: int | None = None
    tahun_dasar: int | None = None
    unknown: list[int] = field(default_factory=list)  # header columns of no known meaning

    @property
    def kind(self) -> str:
        return "T-C.27" if (self.kode or self.nama) else "T-C.25"

    def known(self) -> set[int]:
        cols = {c for c in (self.tujuan, self.sasaran, self.indikator_sasaran, self.nama, self.indikator,
                            self.satuan, self.baseline, self.akhir_target, self.akhir_rp, self.unit_kerja,
                            self.lokasi, self.nomor) if c}
        return cols | set(self.kode) | set(self.target.values()) | set(self.rp.values())


class Grid:
    """A worksheet's values with merged ranges resolved: `value(r, c)` is what the cell shows,
    `anchor(r, c)` the top-left cell of its merged range.

    A number shown as a percentage (0.425 formatted "0.00%") is read as the text the planner sees
    ("42.5%"); a formula whose result the file does not store (written by a program, never opened in
    Excel) is read as its formula text, so it is reported instead of looking empty. `formulas` is the
    same sheet loaded without cached values."""

    def __init__(self, ws, formulas=None) -> None:
        self.ws = ws
        self.max_row = ws.max_row
        self.max_col = ws.max_column
        self.values: dict[tuple[int, int], object] = {}
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None and formulas is not None:
                    value = formulas.cell(cell.row, cell.column).value
                if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
                    value = f"{round(value * 100, 9):.12g}%"
                if value is not None and not (isinstance(value, str) and not value.strip()):
                    self.values[(cell.row, cell.column)] = value
        self._anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}  # anchor -> (last row, last col)
        for rng in ws.merged_cells.ranges:
            self.spans[(rng.min_row, rng.min_col)] = (rng.max_row, rng.max_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self._anchor[(r, c)] = (rng.min_row, rng.min_col)

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        return self._anchor.get((r, c), (r, c))

    def value(self, r: int, c: int):
        return self.values.get(self.anchor(r, c))

    def own(self, r: int, c: int):
        """The cell's own value (None inside a merged range but at its anchor)."""
        return self.values.get((r, c))

    def text(self, r: int, c: int) -> str:
        return clean_text(self.value(r, c)).replace("\n", " ")


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RELATIVE = re.compile(r"tahun\s*(?:ke)?\s*-?\s*(\d)\b", re.IGNORECASE)


def year_of(label: str, period_start: int | None) -> tuple[int | None, bool]:
    """(year, relative): "Tahun 2021" → (2021, False); "Tahun ke-1"/"Tahun-3" → (start + n - 1, True),
    (None, True) when the period is unknown."""
    m = _YEAR.search(label)
    if m:
        return int(m.group(1)), False
    m = _RELATIVE.search(label)
    if m:
        return (period_start + int(m.group(1)) - 1 if period_start else None), True
    return None, False


def _is_header_row(grid: Grid, r: int) -> bool:
    """A row of column titles: several cells (a title row is one long cell), naming indicators and the
    hierarchy."""
    cells = [grid.text(r, c).lower() for c in range(1, grid.max_col + 1) if grid.own(r, c) is not None]
    if len(cells) < 3:
        return False
    texts = " | ".join(cells)
    return "indikator" in texts and ("program" in texts or "tujuan" in texts or "sasaran" in texts)


def _header_like(text: str) -> bool:
    t = text.lower().strip()
    return bool(t in {"target", "rp", "rp.", "(rp)", "pagu", "k", "realisasi", "target kinerja", "kinerja", "satuan"}
                or _YEAR.search(t) or _RELATIVE.search(t) or t.startswith("tahun") or t.startswith("kondisi"))


def _numbering_row(grid: Grid, r: int) -> bool:
    nums = []
    for c in range(1, grid.max_col + 1):
        v = grid.own(r, c)
        if v is None:
            continue
        text = clean_text(v)
        if not re.fullmatch(r"\(?\d{1,2}\)?", text):
            return False
        nums.append(int(text.strip("()")))
    return len(nums) >= 3 and nums == sorted(nums) and nums[0] in (0, 1)


def find_columns(grid: Grid, period_start: int | None) -> tuple[Columns | None, list[tuple[int, str]]]:
    """The table's columns, or None when no header is found; and (column, label) of relative year
    labels that could not be turned into years (no plan period known)."""
    header = next((r for r in range(1, min(grid.max_row, HEADER_SCAN) + 1) if _is_header_row(grid, r)), None)
    if header is None:
        return None, []
    last = header
    for (r, _c), (r2, _c2) in grid.spans.items():
        if r == header:
            last = max(last, r2)
    while last + 1 <= grid.max_row:
        texts = [grid.text(last + 1, c) for c in range(1, grid.max_col + 1) if grid.own(last + 1, c) is not None]
        if texts and all(_header_like(t) for t in texts):
            last += 1
        else:
            break
    data_row = last + 1
    if data_row <= grid.max_row and _numbering_row(grid, data_row):
        data_row += 1
    cols = Columns(header_row=header, data_row=data_row)
    unresolved: list[tuple[int, str]] = []
    indicator_cols: list[tuple[int, str]] = []
    for c in range(1, grid.max_col + 1):
        path: list[str] = []
        for r in range(header, last + 1):
            t = grid.text(r, c)
            if t and (not path or path[-1] != t):
                path.append(t)
        if not path:
            continue
        joined = " / ".join(path).lower()
        tail = path[-1].lower()
        money = tail in {"rp", "rp.", "(rp)", "pagu"} or tail.startswith("rp") or "pendanaan (rp" in tail
        if "kondisi" in joined and "akhir" in joined:
            if money:
                cols.akhir_rp = c
            else:
                cols.akhir_target = c
        elif any(k in joined for k in ("capaian awal", "kondisi awal", "tahun awal", "baseline", "capaian pada tahun")):
            cols.baseline = c
            y, _ = year_of(joined, None)
            cols.tahun_dasar = cols.tahun_dasar or y
        elif (found := _year_in(path, period_start)) is not None:
            year, label = found
            if year is None:
                unresolved.append((c, label))
            elif money:
                cols.rp[year] = c
            else:
                cols.target[year] = c
        elif "kode" in joined:
            cols.kode.append(c)
        elif "indikator" in joined:
            indicator_cols.append((c, joined))
        elif "program" in joined or "kegiatan" in joined:
            cols.nama = c
        elif "unit kerja" in joined or "penanggung" in joined:
            cols.unit_kerja = c
        elif "lokasi" in joined:
            cols.lokasi = c
        elif "satuan" in joined:
            cols.satuan = c
        elif "sasaran" in joined:
            cols.sasaran = c
        elif "tujuan" in joined:
            cols.tujuan = c
        elif joined.strip(". ") in {"no", "nomor"}:
            cols.nomor = c
        else:
            cols.unknown.append(c)
    if len(indicator_cols) == 1:
        cols.indikator = indicator_cols[0][0]
    for c, joined in indicator_cols if len(indicator_cols) > 1 else ():
        if "program" in joined or "kegiatan" in joined:
            cols.indikator = cols.indikator or c
        elif cols.indikator_sasaran is None:
            cols.indikator_sasaran = c
        else:
            cols.unknown.append(c)
    return cols, unresolved


def _year_in(path: list[str], period_start: int | None) -> tuple[int | None, str] | None:
    for label in path:
        year, relative = year_of(label, period_start)
        if year is not None or relative:
            return year, label
    return None
