"""A column-mapping profile: for a layout the header detection (kolom.py) cannot read, the planner
says in a small YAML file which row is the header, where data starts and which column holds what.

    # profil-t-c-27.yaml
    lembar: Renstra          # sheet name (bawaan: every sheet)
    baris_kepala: 5          # first header row
    baris_data: 9            # first data row
    tahun_dasar: 2020
    kolom:
      tujuan: A
      sasaran: B
      kode: [C, D, E, F]     # one column or several
      nama: G
      indikator: H
      satuan: I
      kondisi_awal: J
      target: {2021: K, 2022: M, 2023: O}
      rp: {2021: L, 2022: N, 2023: P}
      kondisi_akhir: Q
      kondisi_akhir_rp: R
      unit_kerja: S
      lokasi: T
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import column_index_from_string

from cascade.diagnostics import Diagnostic, Loc, error
from cascade.impor.kolom import Columns, Grid
from cascade.load.yaml_strict import load_text

_SINGLE = {"tujuan": "tujuan", "sasaran": "sasaran", "indikator_sasaran": "indikator_sasaran", "nama": "nama",
           "indikator": "indikator", "satuan": "satuan", "kondisi_awal": "baseline", "kondisi_akhir": "akhir_target",
           "kondisi_akhir_rp": "akhir_rp", "unit_kerja": "unit_kerja", "lokasi": "lokasi", "no": "nomor"}
_KEYS = {"lembar", "baris_kepala", "baris_data", "tahun_dasar", "kolom"}


@dataclass
class Profil:
    display: str
    lembar: str | None = None
    baris_kepala: int = 1
    baris_data: int = 2
    tahun_dasar: int | None = None
    kolom: dict = field(default_factory=dict)

    def columns(self, grid: Grid, display: str, sheet: str) -> tuple[Columns | None, list[Diagnostic]]:
        cols = Columns(header_row=self.baris_kepala, data_row=self.baris_data, tahun_dasar=self.tahun_dasar)
        problems: list[Diagnostic] = []

        def col(letter, key: str) -> int | None:
            if isinstance(letter, str) and re.fullmatch(r"[A-Za-z]{1,3}", letter):
                return column_index_from_string(letter.upper())
            problems.append(error(Loc(self.display), "I020", f"kolom `{key}` di profil harus huruf kolom Excel "
                                                             f"seperti \"C\", bukan \"{letter}\""))
            return None

        for key, value in self.kolom.items():
            if key in _SINGLE:
                setattr(cols, _SINGLE[key], col(value, key))
            elif key == "kode":
                cols.kode = [c for c in (col(v, key) for v in (value if isinstance(value, list) else [value])) if c]
            elif key in ("target", "rp") and isinstance(value, dict):
                for year, letter in value.items():
                    if not re.fullmatch(r"(19|20)\d\d", str(year)):
                        problems.append(error(Loc(self.display), "I020", f"tahun `{year}` di `kolom.{key}` profil "
                                                                         "harus tahun empat digit"))
                        continue
                    c = col(letter, f"{key}.{year}")
                    if c:
                        getattr(cols, key)[int(year)] = c
            else:
                problems.append(error(Loc(self.display), "I020", f"`kolom.{key}` tidak dikenal di profil",
                                      "pakai " + ", ".join(sorted([*_SINGLE, "kode", "target", "rp"]))))
        return (None if problems else cols), problems


def load_profil(path: Path, display: str) -> tuple[Profil | None, list[Diagnostic]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, [error(Loc(display), "I020", "profil kolom tidak dapat dibaca",
                            "beri berkas YAML (UTF-8) yang ada, misalnya --profil profil-t-c-27.yaml")]
    doc, problems = load_text(text, display)
    if problems or doc is None:
        return None, problems
    data = doc.data
    if not isinstance(data, dict) or set(data) - _KEYS or not isinstance(data.get("kolom"), dict):
        return None, [error(Loc(display), "I020", "profil kolom harus berisi `kolom` dan boleh berisi "
                                                  "`lembar`, `baris_kepala`, `baris_data`, `tahun_dasar`",
                            "lihat contoh profil di dokumentasi `cascade impor excel --help`")]
    ints = {k: data.get(k) for k in ("baris_kepala", "baris_data", "tahun_dasar") if k in data}
    bad = [k for k, v in ints.items() if not isinstance(v, int) or isinstance(v, bool) or v < 1]
    if bad:
        return None, [error(Loc(display), "I020", f"`{bad[0]}` di profil harus bilangan bulat positif")]
    return Profil(display=display, lembar=data.get("lembar"), baris_kepala=ints.get("baris_kepala", 1),
                  baris_data=ints.get("baris_data", ints.get("baris_kepala", 1) + 1),
                  tahun_dasar=ints.get("tahun_dasar"), kolom=data["kolom"]), []
