"""The previous Renstra period (data/opd/<opd>/kinerja-periode-lalu.yaml): indicators with their
targets and realisasi, programs with their anggaran and realisasi, as BAB II shows them in T-C.23 and
T-C.24 (Permendagri 86/2017). Ratios and average growth are computed here, never typed by a planner.

Built from schema-valid documents, as model/build.py is; the years are not checked here (rule R070
compares them with the previous period), so a file with a wrong year still becomes a model rules can
point into.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from cascade.load.yaml_strict import Document
from cascade.model.capaian import hitung
from cascade.model.types import Located, Pemda, Value

PERIOD_YEARS = 5  # a Renstra period (primer §1.4); T-C.23/T-C.24 have five year columns


@dataclass(frozen=True)
class IndikatorLalu(Located):
    nama: str = ""
    satuan: str = ""
    polaritas: str = "positif"
    target_nspk: Value = None
    target_ikk: Value = None
    target_lainnya: Value = None
    target: Mapping[int, Value] = field(default_factory=dict)
    realisasi: Mapping[int, Value] = field(default_factory=dict)
    skala = None  # predikat targets are not ranked here: a text value gives no ratio (capaian.hitung)

    def rasio(self, year: int) -> float | None:
        """Rasio capaian in percent (capaian.hitung: realisasi ÷ target × 100, the negatif form for
        polaritas negatif); None without a numeric target and realisasi."""
        return hitung(self, self.target.get(year), self.realisasi.get(year))


@dataclass(frozen=True)
class ProgramLalu(Located):
    kode: str = ""
    nama: str = ""
    anggaran: Mapping[int, int | None] = field(default_factory=dict)
    realisasi: Mapping[int, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class KinerjaLalu(Located):
    path: str = ""
    indikator: tuple[IndikatorLalu, ...] = ()
    program: tuple[ProgramLalu, ...] = ()


def previous_years(pemda: Pemda) -> tuple[int, ...]:
    """The five years before the RPJMD's first year (primer §2.2: tahun_mulai−5 … tahun_mulai−1)."""
    start = pemda.periode[0]
    return tuple(range(start - PERIOD_YEARS, start))


def rasio_anggaran(anggaran: Mapping[int, int | None], realisasi: Mapping[int, int | None], year: int) -> float | None:
    """Realisasi ÷ anggaran × 100 in `year`; None when either is missing or the anggaran is not positive."""
    a, r = anggaran.get(year), realisasi.get(year)
    return None if a is None or r is None or a <= 0 else r / a * 100


def rata_pertumbuhan(values: Mapping[int, int | None], years: tuple[int, ...]) -> float | None:
    """Average annual growth in percent: the mean of (x[t] − x[t−1]) ÷ x[t−1] × 100 over consecutive
    years both known, the earlier one positive. None when no such pair exists."""
    rates = []
    for before, after in zip(years, years[1:]):
        a, b = values.get(before), values.get(after)
        if a is not None and b is not None and a > 0:
            rates.append((b - a) / a * 100)
    return sum(rates) / len(rates) if rates else None


def _years(doc: Document, path: tuple, key: str, entry: dict, locs: dict) -> dict:
    values = entry.get(key) or {}
    for year in values:
        locs[f"{key}.{year}"] = doc.key_loc(path + (key, year))
    return {int(y): v for y, v in sorted(values.items())}


def build_kinerja_lalu(doc: Document) -> KinerjaLalu:
    data = doc.data or {}
    indikator = []
    for i, entry in enumerate(data.get("indikator") or []):
        path = ("indikator", i)
        locs = {n: doc.loc(path + (n,)) for n in entry}
        target = _years(doc, path, "target", entry, locs)
        realisasi = _years(doc, path, "realisasi", entry, locs)
        indikator.append(IndikatorLalu(
            loc=doc.loc(path), locs=locs, nama=entry.get("nama"), satuan=entry.get("satuan"),
            polaritas=entry.get("polaritas", "positif"), target_nspk=entry.get("target_nspk"),
            target_ikk=entry.get("target_ikk"), target_lainnya=entry.get("target_lainnya"),
            target=target, realisasi=realisasi))
    program = []
    for i, entry in enumerate(data.get("program") or []):
        path = ("program", i)
        locs = {n: doc.loc(path + (n,)) for n in entry}
        anggaran = _years(doc, path, "anggaran", entry, locs)
        realisasi = _years(doc, path, "realisasi", entry, locs)
        program.append(ProgramLalu(loc=doc.loc(path), locs=locs, kode=entry.get("kode"), nama=entry.get("nama"),
                                   anggaran=anggaran, realisasi=realisasi))
    return KinerjaLalu(loc=doc.loc(()), path=doc.path, indikator=tuple(indikator), program=tuple(program))
