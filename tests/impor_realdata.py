"""Real published Renstra tables (../shared/realdata/*.json) written back into .xlsx files the way their
sources laid them out: a title row, the header as written (merged group cells, "Tahun-3"/"Tahun 2019"/
"2021" labels, Target|Rp pairs, the kode split over five columns, a row of column numbers where the
source has one), every cell holding its original string (`raw`), empty filler rows where the source has
them, and vertical merges where the source merged cells (`inherited_from_rowspan_above`).

The test module builds them at test time (nothing large is committed).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from openpyxl import Workbook

REALDATA = Path(os.environ.get("CASCADE_REALDATA", Path(__file__).resolve().parents[3] / "shared" / "realdata"))
if not REALDATA.is_dir():  # the worktree sits in /work/wt/<name>, the shared folder in /work/shared
    REALDATA = Path("/work/shared/realdata")


def _raw(cell) -> str:
    return (cell or {}).get("raw") or ""


class _Sheet:
    def __init__(self, title: str) -> None:
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = "Renstra"
        self.ws.cell(1, 1, title)

    def put(self, r: int, c: int, value, rows: int = 1, cols: int = 1) -> None:
        if value not in (None, ""):
            self.ws.cell(r, c, value)
        if rows > 1 or cols > 1:
            self.ws.merge_cells(start_row=r, start_column=c, end_row=r + rows - 1, end_column=c + cols - 1)

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path


def _merges(sheet: _Sheet, placed: list[tuple[int, dict]], columns: dict[str, int]) -> None:
    """Vertical merges where the source merged a cell over the rows below it."""
    anchor: dict[str, int] = {}
    extent: dict[str, int] = {}
    for r, row in placed:
        inherited = row.get("inherited_from_rowspan_above") or {}
        for key, col in columns.items():
            if key in inherited and key in anchor:
                extent[key] = r
            elif (row.get(f"{key}_cell") or row.get(key) or "") != "":
                if key in anchor and extent.get(key, anchor[key]) > anchor[key]:
                    sheet.ws.merge_cells(start_row=anchor[key], start_column=col, end_row=extent[key], end_column=col)
                anchor[key], extent[key] = r, r
    for key, col in columns.items():
        if key in anchor and extent.get(key, anchor[key]) > anchor[key]:
            sheet.ws.merge_cells(start_row=anchor[key], start_column=col, end_row=extent[key], end_column=col)


def write_a(path: Path) -> Path:
    """a.json: Tujuan | Sasaran | Indikator Sasaran | Kode (5) | Program… | Indikator (2 merged) | Data capaian
    awal | Tahun-3..5 (Target, Rp) | Kondisi akhir (Target only) | Unit Kerja | Lokasi."""
    d = json.loads((REALDATA / "a.json").read_text(encoding="utf-8"))
    s = _Sheet(d["title"])
    h = 3
    s.put(h, 1, "Tujuan", rows=3)
    s.put(h, 2, "Sasaran", rows=3)
    s.put(h, 3, "Indikator Sasaran", rows=3)
    s.put(h, 4, "Kode", rows=3, cols=5)
    s.put(h, 9, "Program, Kegiatan dan Sub Kegiatan", rows=3)
    s.put(h, 10, "Indikator Kinerja Program (Outcome), Kegiatan (Output), Sub Kegiatan", rows=3, cols=2)
    s.put(h, 12, "Data capaian Pada Tahun awal Perencanaan", rows=3)
    s.put(h, 13, "Target Kinerja Program dan Kerangka Pendanaan", cols=7)
    for i, label in enumerate(("Tahun-3", "Tahun-4", "Tahun-5")):
        s.put(h + 1, 13 + 2 * i, label, cols=2)
        s.put(h + 2, 13 + 2 * i, "Target")
        s.put(h + 2, 14 + 2 * i, "Rp")
    s.put(h + 1, 19, "Kondisi Kinerja pada Akhir periode Renstra PD")
    s.put(h + 2, 19, "Target")
    s.put(h, 20, "Unit Kerja Perangkat Daerah Penanggungjawab", rows=3)
    s.put(h, 21, "Lokasi", rows=3)
    first = h + 3
    rows = [(r["source_table_row_index"], "sasaran", r) for r in d["rows"]] + \
           [(r["source_table_row_index"], "program", r) for r in d["program_kegiatan_rows_same_table"]]
    base = min(i for i, _, _ in rows)
    for index, kind, row in sorted(rows, key=lambda x: x[0]):
        r = first + index - base
        if kind == "sasaran":
            s.put(r, 1, row["tujuan"])
            s.put(r, 2, row["sasaran"])
            s.put(r, 3, row["indikator_sasaran"])
            money = row["pagu_on_same_row"]
            akhir = row["kondisi_akhir"]
        else:
            for i, part in enumerate(row["kode_parts_raw"]):
                s.put(r, 4 + i, part)
            s.put(r, 9, row["nama"])
            s.put(r, 10, row["indikator_raw"], cols=2)
            money = row["pagu"]
            akhir = row["kondisi_akhir_target"]
        s.put(r, 12, _raw(row["baseline"]))
        for i, (t, rp) in enumerate(zip(row["targets"], money)):
            s.put(r, 13 + 2 * i, _raw(t))
            s.put(r, 14 + 2 * i, _raw(rp))
        s.put(r, 19, _raw(akhir))
        s.put(r, 20, row["unit_kerja_penanggung_jawab"])
        s.put(r, 21, row["lokasi"])
    return s.save(path)


def _write_tc27(d: dict, path: Path, year_labels: list[str], sasaran_indicator: bool, numbering: bool) -> Path:
    """c.json / extra_c3.json: Tujuan | Sasaran | [Indikator Sasaran] | Kode (5) | Program… | Indikator |
    Data capaian awal | years (Target, Rp) | Kondisi akhir (Target, Rp) | Unit Kerja | Lokasi."""
    s = _Sheet(d["title"])
    h = 3
    col = 1
    where = {}
    for key, label in (("tujuan", "Tujuan"), ("sasaran", "Sasaran"),
                       *((("indikator_sasaran", "Indikator Sasaran"),) if sasaran_indicator else ())):
        s.put(h, col, label, rows=3)
        where[key] = col
        col += 1
    kode = col
    s.put(h, kode, "Kode", rows=3, cols=5)
    col += 5
    nama, ind, awal = col, col + 1, col + 2
    s.put(h, nama, "Program/Kegiatan", rows=3)
    s.put(h, ind, "Indikator Kinerja Program (outcome)/ Kegiatan (output)", rows=3)
    s.put(h, awal, "Data Capaian pada Tahun Awal Perencanaan", rows=3)
    years = awal + 1
    s.put(h, years, "Target Kinerja Program dan Kerangka Pendanaan", cols=2 * len(year_labels))
    for i, label in enumerate(year_labels):
        s.put(h + 1, years + 2 * i, label, cols=2)
        s.put(h + 2, years + 2 * i, "Target")
        s.put(h + 2, years + 2 * i + 1, "Rp")
    akhir = years + 2 * len(year_labels)
    s.put(h, akhir, "Kondisi Kinerja pada akhir periode Renstra Perangkat Daerah", rows=2, cols=2)
    s.put(h + 2, akhir, "Target")
    s.put(h + 2, akhir + 1, "Rp")
    unit, lokasi = akhir + 2, akhir + 3
    s.put(h, unit, "Unit Kerja Perangkat Daerah Penanggung Jawab", rows=3)
    s.put(h, lokasi, "Lokasi", rows=3)
    first = h + 3
    if numbering:
        for c in range(1, lokasi + 1):
            s.put(first, c, str(c))
        first += 1
    base = min(r["source_table_row_index"] for r in d["rows"])
    placed = []
    for row in d["rows"]:
        r = first + row["source_table_row_index"] - base
        placed.append((r, row))
        s.put(r, where["tujuan"], row["tujuan_cell"])
        s.put(r, where["sasaran"], row["sasaran_cell"])
        if sasaran_indicator:
            s.put(r, where["indikator_sasaran"], row["indikator_sasaran_cell"])
        for i, part in enumerate(row["kode_parts_raw"]):
            s.put(r, kode + i, part)
        s.put(r, nama, row["nama"])
        s.put(r, ind, row["indikator_raw"])
        s.put(r, awal, _raw(row["baseline"]))
        for i, (t, rp) in enumerate(zip(row["targets"], row["pagu"])):
            s.put(r, years + 2 * i, _raw(t))
            s.put(r, years + 2 * i + 1, _raw(rp))
        s.put(r, akhir, _raw(row["kondisi_akhir_target"]))
        s.put(r, akhir + 1, _raw(row["kondisi_akhir_pagu"]))
        s.put(r, unit, row["unit_kerja_penanggung_jawab"])
        s.put(r, lokasi, row["lokasi"])
    _merges(s, placed, where)
    return s.save(path)


def write_c(path: Path) -> Path:
    d = json.loads((REALDATA / "c.json").read_text(encoding="utf-8"))
    return _write_tc27(d, path, [f"Tahun {y}" for y in d["year_columns_in_source"]], False, numbering=True)


def write_extra_c3(path: Path) -> Path:
    d = json.loads((REALDATA / "extra_c3.json").read_text(encoding="utf-8"))
    return _write_tc27(d, path, [str(y) for y in d["year_columns_in_source"]], True, numbering=False)


WRITERS = {"a": write_a, "c": write_c, "extra_c3": write_extra_c3}


if __name__ == "__main__":  # regenerate the committed fixtures: python tests/impor_realdata.py
    out = Path(__file__).resolve().parent / "fixtures" / "impor"
    out.mkdir(parents=True, exist_ok=True)
    for name, write in WRITERS.items():
        print(write(out / f"{name}.xlsx"))
