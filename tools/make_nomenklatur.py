"""Write data/referensi/nomenklatur.csv from the researched kab/kota list (nomenklatur-lengkap.csv).

Usage: python tools/make_nomenklatur.py PATH/TO/nomenklatur-lengkap.csv

The source holds the Kepmendagri 900.1.15.5-1317/2023 kab/kota list (plus 27 newer Kominfo/Statistik
codes) with its provenance per row; data/referensi/README.md says what it lacks. This tool renames
the source's columns to the loader's (`tingkat` → `level`, `bidang` → `bidang_urusan`) and shortens
`sumber` to the decree, so the table stays small enough to read on every validate.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "referensi" / "nomenklatur.csv"
HEADER = ("kode", "level", "nama", "kinerja", "indikator", "satuan", "sumber")
LEVEL = {"bidang": "bidang_urusan"}
MAIN_SOURCE = "Kepmendagri 900.1.15.5-1317/2023"
NEWER_SOURCE = "kode pemutakhiran 2024 (nama dari daftar terverifikasi, tanpa kinerja/indikator)"


def rows(source: Path):
    with source.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            newer = not r["sumber"].startswith("abzalom/")
            yield (r["kode"], LEVEL.get(r["tingkat"], r["tingkat"]), r["nama"], r["kinerja"], r["indikator"],
                   r["satuan"], NEWER_SOURCE if newer else MAIN_SOURCE)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else Path("/work/shared/domain/nomenklatur-lengkap.csv")
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(sorted(rows(source)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
