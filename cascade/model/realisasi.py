"""Realisasi (what was achieved) as frozen objects, built from data/opd/<opd>/realisasi/<tahun>.yaml.

The builder trusts the schema, as model/build.py does; ids and years are not resolved here, so a
file with a wrong id still becomes a model that rules R050+ can point into.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Mapping

from cascade.load.yaml_strict import Document
from cascade.model.types import Located, Value

TRIWULAN = (1, 2, 3, 4)
_YEAR_NAME = re.compile(r"^(19|20)[0-9]{2}$")


def year_in_name(path: str) -> int | None:
    """The year a per-year file (realisasi/2025.yaml, rencana-aksi/2026.yaml) is named for; None when its
    name is not a year."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return int(stem) if _YEAR_NAME.match(stem) else None


@dataclass(frozen=True)
class Catatan:
    penghambat: str | None = None
    pendukung: str | None = None


@dataclass(frozen=True)
class RealisasiIndikator(Located):
    """One indicator's realisasi in one year. `nilai_tertulis` is the annual value as written;
    `ada_nilai` tells a written `nilai: null` (no data yet) from a key that was left out."""

    id: str = ""
    nilai_tertulis: Value = None
    ada_nilai: bool = False
    triwulan: Mapping[int, Value] = field(default_factory=dict)
    catatan: Catatan = field(default_factory=Catatan)
    sumber_data: str | None = None


@dataclass(frozen=True)
class RealisasiAnggaran(Located):
    """One sub kegiatan's realised budget in one year; quarters are cumulative Rupiah."""

    id: str = ""
    realisasi_tertulis: int | None = None
    triwulan: Mapping[int, int] = field(default_factory=dict)
    catatan: Catatan = field(default_factory=Catatan)

    @property
    def realisasi(self) -> int | None:
        """The amount so far: the annual amount as written, else the latest cumulative quarter
        (Q4 is the year), else unknown (None, never zero)."""
        if self.realisasi_tertulis is not None:
            return self.realisasi_tertulis
        return self.triwulan[max(self.triwulan)] if self.triwulan else None


@dataclass(frozen=True)
class RealisasiTahun(Located):
    """One realisasi file. `tahun_berkas` comes from the file name (None when it is not a year)."""

    path: str = ""
    tahun: int = 0
    tahun_berkas: int | None = None
    indikator: Mapping[str, RealisasiIndikator] = field(default_factory=dict)
    anggaran: Mapping[str, RealisasiAnggaran] = field(default_factory=dict)

    @property
    def triwulan_terakhir(self) -> int:
        """The latest quarter any entry reports (0 when only annual values are written)."""
        quarters = [q for r in self.indikator.values() for q in r.triwulan]
        quarters += [q for r in self.anggaran.values() for q in r.triwulan]
        return max(quarters, default=0)


def _quarters(doc: Document, path: tuple, value) -> tuple[dict, dict]:
    data = {int(k): v for k, v in sorted((value or {}).items())}
    locs = {f"triwulan.{int(k)}": doc.loc(path + ("triwulan", k)) for k in (value or {})}
    return data, locs


def _locs(doc: Document, path: tuple, names, entry: dict) -> dict:
    return {n: doc.loc(path + (n,)) for n in names if n in entry}


def build_realisasi(doc: Document) -> RealisasiTahun:
    data = doc.data
    indikator = {}
    for key, entry in sorted((data.get("indikator") or {}).items()):
        path = ("indikator", key)
        quarters, qlocs = _quarters(doc, path, entry.get("triwulan"))
        indikator[key] = RealisasiIndikator(
            loc=doc.key_loc(path), locs={**_locs(doc, path, ("nilai", "triwulan"), entry), **qlocs},
            id=key, nilai_tertulis=entry.get("nilai"), ada_nilai="nilai" in entry, triwulan=quarters,
            catatan=Catatan(entry.get("penghambat"), entry.get("pendukung")), sumber_data=entry.get("sumber_data"))
    anggaran = {}
    for key, entry in sorted((data.get("anggaran") or {}).items()):
        path = ("anggaran", key)
        quarters, qlocs = _quarters(doc, path, entry.get("triwulan"))
        anggaran[key] = RealisasiAnggaran(
            loc=doc.key_loc(path), locs={**_locs(doc, path, ("realisasi", "triwulan"), entry), **qlocs},
            id=key, realisasi_tertulis=entry.get("realisasi"), triwulan=quarters,
            catatan=Catatan(entry.get("penghambat"), entry.get("pendukung")))
    return RealisasiTahun(
        loc=doc.loc(()), locs={"tahun": doc.loc(("tahun",))}, path=doc.path, tahun=data.get("tahun"),
        tahun_berkas=year_in_name(doc.path), indikator=indikator, anggaran=anggaran)


def by_year(files: list[RealisasiTahun]) -> dict[int, RealisasiTahun]:
    """Realisasi per year, keyed by the file name's year; files whose name is not a year (R052) are left out."""
    return {r.tahun_berkas: r for r in sorted(files, key=lambda r: r.path) if r.tahun_berkas is not None}
