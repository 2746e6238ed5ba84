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
    entries: dict = field(default_factory=dict)  # kode → Entry

    def get(self, kode: str) -> Entry | None:
        return self.entries.get(kode)


def load_nomenklatur(root: str, rel: str) -> tuple[NomenklaturTable, list[Diagnostic]]:
    path = os.path.join(root, rel)
    if not os.path.isfile(path):
        return NomenklaturTable(), []
    try:
        text = open(path, "rb").read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return NomenklaturTable(), [error(Loc(rel, 1, 1), "Y002", "berkas bukan UTF-8", "simpan ulang sebagai CSV UTF-8")]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return NomenklaturTable(), [error(Loc(rel, 1, 1), "N001", f"kolom wajib tidak ada: {', '.join(missing)}",
                                          "baris pertama harus memuat kode,level,nama")]
    entries: dict[str, Entry] = {}
    diags: list[Diagnostic] = []
    for row in reader:
        line = reader.line_num
        kode = (row.get("kode") or "").strip()
        if not kode:
            continue
        if kode in entries:
            diags.append(error(Loc(rel, line, 1), "N002", f"kode `{kode}` tercantum dua kali (pertama di baris {entries[kode].loc.line})",
                               "hapus salah satu baris"))
            continue
        satuan = (row.get("satuan_if_known") or row.get("satuan") or "").strip() or None
        entries[kode] = Entry(kode, (row.get("level") or "").strip(), " ".join((row.get("nama") or "").split()), satuan, Loc(rel, line, 1))
    return NomenklaturTable(entries), diags
