"""Reading a built T-C.27 back, for the import tests: the columns are found by their headings, so the
tests compare values, not positions.

Rows are keyed by what names them in the table: the kode of a program, kegiatan or sub kegiatan, or the
uraian of a tujuan or sasaran, whose indicators follow its section row ("Tujuan 1: …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SECTION = re.compile(r"(?:Tujuan|Sasaran) [\d.]+: (.*)", re.S)
KODE = re.compile(r"\d[\d.]*")


@dataclass
class Baris:
    nama: str | None  # the program/kegiatan/sub kegiatan name (None under a tujuan or sasaran)
    indikator: str | None
    satuan: object
    baseline: object
    target: dict  # year → the cell's value
    rp: dict  # year → the cell's value


def _header(ws) -> int:
    for r in range(1, 20):
        if ws.cell(r, 1).value == "Kode":
            return r
    raise AssertionError("T-C.27 tanpa kolom Kode")


def read_t_c_27(ws) -> tuple[str, dict[str, list[Baris]]]:
    """(title, key → its rows in table order)."""
    head = _header(ws)
    col = {}
    for c in range(1, ws.max_column + 1):
        text = str(ws.cell(head, c).value or "")
        for name, starts in (("nama", "Program, Kegiatan"), ("indikator", "Indikator"), ("satuan", "Satuan"),
                             ("baseline", "Data Capaian Awal")):
            if text.startswith(starts):
                col[name] = c
    years = {}
    for c in range(1, ws.max_column + 1):
        year = ws.cell(head + 1, c).value
        if isinstance(year, str) and year.isdigit():
            years.setdefault(int(year), c)  # the first: the target block, not the kondisi akhir
    rows: dict[str, list[Baris]] = {}
    key = None
    for r in range(head + 4, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if isinstance(first, str) and SECTION.fullmatch(first):
            key = SECTION.fullmatch(first).group(1)
            continue
        if isinstance(first, str) and KODE.fullmatch(first):
            key = first
        elif first is not None:  # "Jumlah …" totals
            continue
        cell = lambda c: ws.cell(r, c).value  # noqa: E731
        rows.setdefault(key, []).append(Baris(
            cell(col["nama"]) if first else None, cell(col["indikator"]), cell(col["satuan"]), cell(col["baseline"]),
            {y: cell(c) for y, c in years.items()}, {y: cell(c + 1) for y, c in years.items()}))
    return ws.cell(1, 1).value, rows
