"""The cascading as plain frozen objects.

Every object carries `loc` (where it starts in its file) and `locs` (where its fields are), so
rules and renderers can point a planner at the exact line without touching files again.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Mapping, Union

from cascade.diagnostics import Loc

if TYPE_CHECKING:  # realisasi.py builds on Located; importing it here at run time would be circular
    from cascade.model.kinerja_lalu import KinerjaLalu
    from cascade.model.realisasi import RealisasiTahun
    from cascade.model.rencana_aksi import RencanaAksiTahun

Value = Union[int, float, str, None]

LEVELS = ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")
LEVEL_LABEL = {
    "tujuan": "Tujuan",
    "sasaran": "Sasaran",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "subkegiatan": "Sub Kegiatan",
}
JENJANG_LABEL = {
    "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "fungsional": "Jabatan Fungsional",
    "pelaksana": "Pelaksana",
}


@dataclass(frozen=True)
class Located:
    loc: Loc
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Loc:
        return self.locs.get(name, self.loc)


@dataclass(frozen=True)
class Komponen(Located):
    """One component of an indicator's formula: the symbol written in braces in the formula ("{A}"),
    what it is, and where its value comes from (None: the indicator's own sumber data)."""

    simbol: str = ""
    uraian: str = ""
    sumber_data: str | None = None


@dataclass(frozen=True)
class Indikator(Located):
    id: str = ""
    nama: str = ""
    satuan: str = ""
    polaritas: str = "positif"
    pola_ukur: str = "hitungan"
    skala: str | None = None
    baseline_tahun: int = 0
    baseline: Value = None
    target: Mapping[int, Value] = field(default_factory=dict)
    kondisi_akhir_tertulis: Value = None
    # IKU (Indikator Kinerja Utama) and its Manual IKU fields (issue 28)
    iku: bool = False
    formula: str | None = None
    komponen: tuple[Komponen, ...] = ()
    unit_penyedia_data: str | None = None
    periode_pelaporan: str | None = None
    alasan: str | None = None
    definisi: str | None = None
    sumber_data: str | None = None
    sama_dengan: str | None = None
    aspek: str | None = None  # the SKP aspect when written (kuantitas/kualitas/waktu/biaya); cascade/model/jenjang.py

    def kondisi_akhir(self, years: tuple[int, ...]) -> Value:
        if self.kondisi_akhir_tertulis is not None:
            return self.kondisi_akhir_tertulis
        return self.target.get(years[-1]) if years else None


@dataclass(frozen=True)
class Strategi(Located):
    uraian: str = ""
    arah_kebijakan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Crosscutting(Located):
    opd: str = ""
    node: str = ""
    keterangan: str | None = None


@dataclass(frozen=True)
class Anggaran(Located):
    """The budget adopted for one sub kegiatan in one year (`anggaran: {2026: {dpa, perubahan}}`):
    the DPA amount, and the amount after the APBD Perubahan when it changed; None when not recorded."""

    dpa: int | None = None
    perubahan: int | None = None


@dataclass(frozen=True)
class Node(Located):
    """One box of the cascading: tujuan, sasaran, program, kegiatan or sub kegiatan."""

    level: str = ""
    id: str = ""
    uraian: str = ""
    nama: str | None = None
    kode: str | None = None
    penanggung_jawab: str = ""
    indikator: tuple[Indikator, ...] = ()
    children: tuple["Node", ...] = ()
    pagu: Mapping[int, int] = field(default_factory=dict)
    pagu_tertulis: Mapping[int, int] | None = None
    anggaran: Mapping[int, Anggaran] = field(default_factory=dict)  # sub kegiatan only: DPA / APBD-P per year
    lokasi: str | None = None
    mendukung: tuple[str, ...] = ()
    sasaran_ref: str | None = None
    strategi: tuple[Strategi, ...] = ()
    crosscutting: tuple[Crosscutting, ...] = ()
    crosscutting_diterima: tuple[Crosscutting, ...] = ()

    @property
    def judul(self) -> str:
        """The statement shown in tables and trees: the nama for program/kegiatan/sub kegiatan."""
        return self.nama or self.uraian

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def pagu_total(self) -> int:
        return sum(self.pagu.values())


@dataclass(frozen=True)
class Pejabat(Located):
    mulai: dt.date = dt.date(1900, 1, 1)
    nama: str = ""
    nip: str | None = None
    pangkat: str | None = None
    golongan: str | None = None
    status: str = "definitif"

    @property
    def nip_tampil(self) -> str:
        """NIP as printed: `19691015 199003 1 007`."""
        n = self.nip or ""
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 else n

    @property
    def label_nip(self) -> str:
        """What the official's number is called in print: a PPPK has a Nomor Induk PPPK, not a NIP."""
        return "NI PPPK" if self.pppk else "NIP"

    @property
    def pppk(self) -> bool:
        """A PPPK's golongan is a bare roman numeral I–XVII (Perpres 98/2020), a PNS's has a ruang (IV/b)."""
        return bool(self.golongan) and "/" not in self.golongan

    @property
    def pangkat_tampil(self) -> str:
        """"Pembina Tingkat I (IV/b)" for a PNS; "Golongan IX" for a PPPK, who has a golongan but no
        pangkat (Perpres 98/2020 lampiran: Golongan I–XVII), whatever is written under `pangkat`."""
        if self.pppk:
            return f"Golongan {self.golongan}"
        if self.pangkat and self.golongan:
            return f"{self.pangkat} ({self.golongan})"
        return self.pangkat or self.golongan or ""

    @property
    def awalan(self) -> str:
        """"Plt." / "Plh." / "Pj." printed before the jabatan of an acting holder."""
        return {"plt": "Plt. ", "plh": "Plh. ", "pj": "Pj. "}.get(self.status, "")


def holder_on(pejabat: tuple[Pejabat, ...], day: dt.date) -> Pejabat | None:
    """Who held the post on `day`: the latest appointment that started on or before it."""
    current = None
    for p in sorted(pejabat, key=lambda p: p.mulai):
        if p.mulai <= day:
            current = p
    return current


@dataclass(frozen=True)
class Jabatan(Located):
    id: str = ""
    nama: str = ""
    jenjang: str = ""
    unit_kerja: str = ""
    atasan: str = ""
    pejabat: tuple[Pejabat, ...] = ()

    def pemangku(self, day: dt.date) -> Pejabat | None:
        return holder_on(self.pejabat, day)


@dataclass(frozen=True)
class Mentor(Located):
    nama: str = ""
    jabatan: str | None = None
    github: str | None = None


@dataclass(frozen=True)
class Keputusan:
    """The Kepala PD's decision that sets the Renstra (opd.yaml `renstra.keputusan`)."""

    nomor: str
    tanggal: dt.date
    tentang: str


@dataclass(frozen=True)
class Opd(Located):
    key: str = ""
    nama: str = ""
    singkatan: str = ""
    alamat: str = ""
    telepon: str | None = None
    email: str | None = None
    laman: str | None = None
    bidang_urusan: tuple[str, ...] = ()
    mentor: tuple[Mentor, ...] = ()
    jabatan: tuple[Jabatan, ...] = ()
    tujuan: tuple[Node, ...] = ()
    files: tuple[str, ...] = ()
    narratives: Mapping[str, str] = field(default_factory=dict)  # "bab-1" → Markdown written by the planner
    realisasi: tuple["RealisasiTahun", ...] = ()  # one per realisasi/*.yaml file (cascade/model/realisasi.py)
    rencana_aksi: tuple["RencanaAksiTahun", ...] = ()  # one per rencana-aksi/*.yaml file (cascade/model/rencana_aksi.py)
    kinerja_lalu: "KinerjaLalu | None" = None  # kinerja-periode-lalu.yaml, when written (BAB II T-C.23/T-C.24)
    keputusan: Keputusan | None = None  # printed as the Renstra's penetapan page
    status: str = "final"  # "draf": a plan still being written (see `is_draf`)

    def nodes(self) -> Iterator[Node]:
        return iter(self._nodes)

    @functools.cached_property
    def _nodes(self) -> tuple[Node, ...]:
        # every rule walks the whole cascading; flattened once per OPD instead of once per call
        return tuple(n for t in self.tujuan for n in t.walk())

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes() if n.id == node_id), None)

    def jabatan_by_id(self) -> dict[str, Jabatan]:
        return {j.id: j for j in self.jabatan}

    def kepala(self) -> Jabatan | None:
        return next((j for j in self.jabatan if j.atasan == "kepala_daerah"), None)


@dataclass(frozen=True)
class RpjmdSasaran(Located):
    id: str = ""
    uraian: str = ""
    indikator: tuple[Indikator, ...] = ()
    strategi: tuple[Strategi, ...] = ()


@dataclass(frozen=True)
class RpjmdTujuan(Located):
    id: str = ""
    uraian: str = ""
    indikator: tuple[Indikator, ...] = ()
    sasaran: tuple[RpjmdSasaran, ...] = ()


@dataclass(frozen=True)
class Misi(Located):
    nomor: int = 0
    uraian: str = ""
    tujuan: tuple[RpjmdTujuan, ...] = ()


@dataclass(frozen=True)
class Skala(Located):
    key: str = ""
    nama: str = ""
    urutan: tuple[str, ...] = ()


@dataclass(frozen=True)
class KepalaDaerah(Located):
    jabatan: str = ""
    pejabat: tuple[Pejabat, ...] = ()

    def pemangku(self, day: dt.date) -> Pejabat | None:
        return holder_on(self.pejabat, day)


# Whose PK carries a money table (primer §4.3: JF/pelaksana PKs usually have none); dokumen.pk_anggaran overrides.
PK_ANGGARAN_BAWAAN = {"jpt_pratama": True, "administrator": True, "pengawas": True, "fungsional": True,
                      "pelaksana": False}


@dataclass(frozen=True)
class Settings(Located):
    """Document settings from `dokumen:` in pemda.yaml; defaults follow primer §7."""

    tempat: str = ""
    tahun_berjalan: int = 0
    tanggal_renstra: dt.date | None = None
    tanggal_pk: Mapping[int, dt.date] = field(default_factory=dict)
    tanggal_pk_perubahan: Mapping[int, dt.date] = field(default_factory=dict)
    kertas: str = "F4"
    huruf: str = "Bookman Old Style"
    ukuran_huruf: float = 12
    tema_pohon: str = "madiun"
    pohon_target: str = "tahun"  # target shown in tree boxes: "tahun" (year built) or "akhir" (end of period)
    label_pohon: Mapping[str, str] = field(default_factory=dict)  # level → header of its boxes (overrides)
    susunan_pohon: str = "bagan"  # "bagan": kegiatan stacked under their program; "menurun": side by side
    tampil_satuan: str = "terpisah"
    pk_tujuan: bool = True  # does the Kepala OPD's PK list the tujuan PD too, or only sasaran strategis ([U])
    pk_anggaran: Mapping[str, bool] = field(default_factory=lambda: dict(PK_ANGGARAN_BAWAAN))  # per jenjang
    nomor_pk: str = ""  # pattern of the PK number line, e.g. "{nomor}/PK/{singkatan}/{tahun}"; "" = no line
    logo: str = ""  # the lambang daerah image, relative to data/ ("" = none)

    def pk_date(self, tahun: int) -> dt.date:
        """The PK signing date: from the data, else the first working day in January ([U] practice)."""
        return self.tanggal_pk.get(tahun, dt.date(tahun, 1, 2))

    def pk_dates(self, tahun: int) -> list[tuple[dt.date, bool]]:
        """Every PK signing of the year: (date, perubahan) for the PK murni and, when set, the PK Perubahan."""
        dates = [(self.pk_date(tahun), False)]
        if tahun in self.tanggal_pk_perubahan:
            dates.append((self.tanggal_pk_perubahan[tahun], True))
        return dates


# Capaian categories (Permendagri 86/2017 evaluation tables): the lowest capaian in percent that still
# falls in each band, best first; below the last bound is "sangat rendah". `evaluasi.kategori` in
# pemda.yaml overrides them.
KATEGORI_BAWAAN = {"sangat_tinggi": 91.0, "tinggi": 76.0, "sedang": 66.0, "rendah": 51.0}


@dataclass(frozen=True)
class Pemda(Located):
    nama: str = ""
    jenis: str = "kota"
    provinsi: str | None = None
    ibu_kota: str | None = None
    github_bappeda: str | None = None  # organisasi/tim that owns the shared files (CODEOWNERS)
    kepala_daerah: KepalaDaerah = field(default_factory=lambda: KepalaDaerah(Loc("")))
    settings: Settings = field(default_factory=lambda: Settings(Loc("")))
    skala: Mapping[str, Skala] = field(default_factory=dict)
    periode: tuple[int, int] = (0, 0)
    tahun_dasar: int = 0
    visi: str = ""
    misi: tuple[Misi, ...] = ()
    kategori_capaian: Mapping[str, float] = field(default_factory=lambda: dict(KATEGORI_BAWAAN))
    status: str = "final"  # "draf" marks every OPD's plan a draft (see `is_draf`)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.periode[0], self.periode[1] + 1))

    def rpjmd_tujuan(self) -> Iterator[RpjmdTujuan]:
        for m in self.misi:
            yield from m.tujuan

    def rpjmd_sasaran(self) -> Iterator[RpjmdSasaran]:
        for t in self.rpjmd_tujuan():
            yield from t.sasaran


def is_draf(pemda: Pemda, opd: Opd | None = None) -> bool:
    """A plan still being written: `status: draf` on the OPD (opd.yaml) or on the whole Pemda (pemda.yaml).
    Its completeness findings are warnings, its documents are marked "DRAF" and no PK is built from it."""
    return pemda.status == "draf" or (opd is not None and opd.status == "draf")


@dataclass(frozen=True)
class Repo:
    """Everything one validation or build run knows: the Pemda and the OPDs loaded with it."""

    root: str
    pemda: Pemda
    opds: Mapping[str, Opd]
    nomenklatur: Mapping[str, "NomenklaturEntry"] = field(default_factory=dict)


@dataclass(frozen=True)
class NomenklaturEntry(Located):
    kode: str = ""
    level: str = ""
    nama: str = ""
    satuan: str | None = None
