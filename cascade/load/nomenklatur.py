"""The Kepmendagri nomenklatur list kept in the repository as CSV, so planners can extend it."""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Loc, error

COLUMNS = ("kode", "level", "nama")


@dataclass(frozen=True)
class Entry:
    kode: str
    level: str
    nama: str
    satuan: str | None
    loc: Loc


@dataclass(frozen=True)
class NomenklaturTable:
    """kode → its CSV cells and line, as read. A full Kepmendagri list has ~15,000 rows and one OPD
    uses a few hundred codes, so an Entry is made when a code is looked up: building them all took
    ~0.15 s in every process (`make all` starts one per OPD)."""

    rel: str = ""
    rows: dict = field(default_factory=dict)  # kode → (level, nama, satuan, line), cells unstripped

    def get(self, kode: str) -> Entry | None:
        row = self.rows.get(kode)
        if row is None:
            return None
        level, nama, satuan, line = row
        return Entry(kode, level.strip(), " ".join(nama.split()), satuan.strip() or None, Loc(self.rel, line, 1))


def load_nomenklatur(root: str, rel: str) -> tuple[NomenklaturTable, list[Diagnostic]]:
    path = os.path.join(root, rel)
    if not os.path.isfile(path):
        return NomenklaturTable(), []
    try:
        text = open(path, "rb").read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return NomenklaturTable(), [error(Loc(rel, 1, 1), "Y002", "berkas bukan UTF-8", "simpan ulang sebagai CSV UTF-8")]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return NomenklaturTable(), [error(Loc(rel, 1, 1), "N001", f"kolom wajib tidak ada: {', '.join(missing)}",
                                          "baris pertama harus memuat kode,level,nama")]
    # as csv.DictReader reads them: the last of two columns with one name wins, a missing cell is ""
    index = {name: i for i, name in enumerate(header)}
    at = [index[c] for c in COLUMNS]
    # the satuan: satuan_if_known when that cell is not empty, else satuan
    first, second = index.get("satuan_if_known", len(header)), index.get("satuan", len(header))
    width = len(header)  # and one empty cell past them stands for a column that is not there
    rows: dict[str, tuple] = {}
    diags: list[Diagnostic] = []
    for row in reader:
        if not row:
            continue  # DictReader skips empty lines too
        row = row[:width] if len(row) >= width else row + [""] * (width - len(row))
        row.append("")
        kode = row[at[0]].strip()
        if not kode:
            continue
        if kode in rows:
            diags.append(error(Loc(rel, reader.line_num, 1), "N002",
                               f"kode `{kode}` tercantum dua kali (pertama di baris {rows[kode][3]})",
                               "hapus salah satu baris"))
            continue
        rows[kode] = (row[at[1]], row[at[2]], row[first] or row[second], reader.line_num)
    return NomenklaturTable(rel, rows), diags
