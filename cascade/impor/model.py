"""What an importer reads, before it is written as YAML (cascade/impor/tulis.py).

Plain data only: no ids are required here. `tulis.assign_ids` derives stable ids from the
nomenklatur codes and positions when an importer leaves `id` empty, so a re-import of the same
table gives the same ids.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Value = float | int | str | None  # a number, a predicate ("BB"), or None when the source has no value


@dataclass
class Indikator:
    nama: str
    satuan: str | None = None
    baseline: Value = None
    baseline_tahun: int | None = None
    target: dict[int, Value] = field(default_factory=dict)  # every plan year; None where the source is empty
    kondisi_akhir: Value = None
    polaritas: str = "positif"
    skala: str | None = None  # name of a scale in data/pemda.yaml when the values are predicates ("BB")
    sumber: str = ""  # where it was read, e.g. "tc27.xlsx!T-C.27!E12" (kept as a YAML comment)
    sipd: str = ""  # its id in SIPD RI (id_unik), written as `sumber: {sipd: …}`
    id: str = ""
    # IKU and Manual IKU fields (iku, definisi, formula, komponen, …) a planner wrote in the current
    # renstra.yaml: no table holds them, so a re-import keeps them (tulis._keep_links)
    manual: dict = field(default_factory=dict)


@dataclass
class SubKegiatan:
    kode: str
    nama: str
    indikator: list[Indikator] = field(default_factory=list)
    pagu: dict[int, int | None] = field(default_factory=dict)
    uraian: str = ""
    penanggung_jawab: str = ""
    lokasi: str = ""
    sumber: str = ""
    sipd: str = ""  # its id in SIPD RI (id_unik), written as `sumber: {sipd: …}`
    id: str = ""


@dataclass
class Kegiatan:
    kode: str
    nama: str
    indikator: list[Indikator] = field(default_factory=list)
    pagu: dict[int, int | None] = field(default_factory=dict)  # only when the source gives it beside sub kegiatan
    sub_kegiatan: list[SubKegiatan] = field(default_factory=list)
    uraian: str = ""
    penanggung_jawab: str = ""
    lokasi: str = ""
    sumber: str = ""
    sipd: str = ""  # its id in SIPD RI (id_unik), written as `sumber: {sipd: …}`
    id: str = ""


@dataclass
class Program:
    kode: str
    nama: str
    sasaran: str = ""  # id of the Sasaran it supports (as assigned in ImportedOpd.tujuan)
    indikator: list[Indikator] = field(default_factory=list)
    pagu: dict[int, int | None] = field(default_factory=dict)
    kegiatan: list[Kegiatan] = field(default_factory=list)
    uraian: str = ""
    penanggung_jawab: str = ""
    sumber: str = ""
    sipd: str = ""  # its id in SIPD RI (id_unik), written as `sumber: {sipd: …}`
    id: str = ""


@dataclass
class Sasaran:
    uraian: str
    indikator: list[Indikator] = field(default_factory=list)
    penanggung_jawab: str = ""
    sumber: str = ""
    sipd: str = ""  # its id in SIPD RI (id_unik), written as `sumber: {sipd: …}`
    id: str = ""


@dataclass
class Tujuan:
    uraian: str
    indikator: list[Indikator] = field(default_factory=list)
    sasaran: list[Sasaran] = field(default_factory=list)
    mendukung: list[str] = field(default_factory=list)
    penanggung_jawab: str = ""
    sumber: str = ""
    sipd: str = ""  # its id in SIPD RI (id_unik), written as `sumber: {sipd: …}`
    id: str = ""


@dataclass
class ImportedOpd:
    opd: str  # folder name under data/opd/
    sumber: str  # what was read, for the comment at the top of each file (e.g. "renstra.xlsx, lembar T-C.27")
    importer: str = "cascade impor excel"
    years: list[int] = field(default_factory=list)
    tahun_dasar: int | None = None
    tujuan: list[Tujuan] = field(default_factory=list)
    program: list[Program] = field(default_factory=list)
    unit_kerja: dict[str, str] = field(default_factory=dict)  # jabatan id -> unit kerja name as written
    nama: str = ""  # the OPD's name when the source states it


def nodes(model: ImportedOpd):
    """Every node of an import, tujuan first, each parent before its children."""
    for t in model.tujuan:
        yield t
        yield from t.sasaran
    for p in model.program:
        yield p
        for k in p.kegiatan:
            yield k
            yield from k.sub_kegiatan
