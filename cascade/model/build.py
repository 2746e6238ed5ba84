"""Build the typed model from schema-valid documents.

Input is trusted to match the schema; cross-references are not resolved here (that is what the
rules check), so a model can be built and checked even when references are broken.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from cascade.load.sources import OpdSources, Sources
from cascade.load.yaml_strict import Document
from cascade.model.kinerja_lalu import build_kinerja_lalu
from cascade.model.realisasi import build_realisasi
from cascade.model.rencana_aksi import build_rencana_aksi
from cascade.model.types import (
    KATEGORI_BAWAAN,
    PK_ANGGARAN_BAWAAN,
    Anggaran,
    Crosscutting,
    Indikator,
    Jabatan,
    KepalaDaerah,
    Keputusan,
    Komponen,
    Mentor,
    Misi,
    Node,
    NomenklaturEntry,
    Opd,
    Pejabat,
    Pemda,
    RpjmdSasaran,
    RpjmdTujuan,
    Settings,
    Skala,
    Strategi,
)


class _At:
    """A cursor into one document: reads values and records the positions of their fields."""

    __slots__ = ("doc", "path", "data")

    def __init__(self, doc: Document, path: tuple = (), data=None):
        self.doc, self.path = doc, path
        self.data = _get(doc.data, path) if data is None else data

    def __getitem__(self, key):
        return _At(self.doc, self.path + (key,), self.data[key])

    def get(self, key, default=None):
        return self.data.get(key, default) if isinstance(self.data, dict) else default

    def items(self, key) -> list["_At"]:
        base = self.path + (key,)
        return [_At(self.doc, base + (i,), value) for i, value in enumerate(self.get(key) or [])]

    @property
    def loc(self):
        return self.doc.loc(self.path)

    def locs(self, *names, years: tuple = ()) -> FieldLocs:
        """Positions of the fields `names` that are present, and of each year of the mappings `years`
        (as `target.2026`)."""
        return FieldLocs(self.doc, self.path, self.data if isinstance(self.data, dict) else {}, names, years)


class FieldLocs(Mapping):
    """Where an object's fields are. A large Pemda has hundreds of thousands of fields and rules ask
    for the position of a few, so each Loc is made when it is asked for."""

    __slots__ = ("_doc", "_path", "_data", "_names", "_years")

    def __init__(self, doc: Document, path: tuple, data: dict, names: tuple, years: tuple = ()):
        self._doc, self._path, self._data, self._names, self._years = doc, path, data, names, years

    def _field(self, name: str) -> tuple | None:
        if name in self._names:
            return self._path + (name,) if name in self._data else None
        key, dot, year = name.partition(".")
        values = self._data.get(key) if dot and key in self._years else None
        return self._path + (key, year) if isinstance(values, dict) and year in values else None

    def __getitem__(self, name: str):
        path = self._field(name)
        if path is None:
            raise KeyError(name)
        return self._doc.loc(path)

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and self._field(name) is not None

    def __iter__(self):
        yield from (name for name in self._names if name in self._data)
        for key in self._years:
            values = self._data.get(key)
            if isinstance(values, dict):
                yield from (f"{key}.{year}" for year in values)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _keputusan(renstra) -> Keputusan | None:
    k = renstra.get("keputusan") if isinstance(renstra, dict) else None
    if not k:
        return None
    return Keputusan(nomor=k["nomor"], tanggal=_date(k["tanggal"]), tentang=k["tentang"])


def _years(mapping) -> dict:
    return {int(k): v for k, v in (mapping or {}).items()}


def indikator(at: _At) -> Indikator:
    base = at.get("baseline") or {}
    return Indikator(
        loc=at.loc,
        locs=at.locs("id", "nama", "satuan", "polaritas", "pola_ukur", "skala", "baseline", "target",
                     "kondisi_akhir", "sama_dengan", "iku", "definisi", "formula", "komponen", "sumber_data",
                     "unit_penyedia_data", "periode_pelaporan", "alasan", years=("target",)),
        id=at.get("id"), nama=at.get("nama"), satuan=at.get("satuan"), polaritas=at.get("polaritas"),
        pola_ukur=at.get("pola_ukur", "hitungan"), skala=at.get("skala"),
        baseline_tahun=base.get("tahun", 0), baseline=base.get("nilai"),
        target=_years(at.get("target")), kondisi_akhir_tertulis=at.get("kondisi_akhir"),
        iku=at.get("iku") is True, formula=at.get("formula"),
        komponen=tuple(Komponen(loc=k.loc, locs=k.locs("simbol", "uraian", "sumber_data"), simbol=k.get("simbol"),
                                uraian=k.get("uraian"), sumber_data=k.get("sumber_data")) for k in at.items("komponen")),
        unit_penyedia_data=at.get("unit_penyedia_data"), periode_pelaporan=at.get("periode_pelaporan"),
        alasan=at.get("alasan"),
        definisi=at.get("definisi"), sumber_data=at.get("sumber_data"), sama_dengan=at.get("sama_dengan"),
        aspek=at.get("aspek"),
    )


def _strategi(at: _At) -> tuple[Strategi, ...]:
    return tuple(Strategi(loc=s.loc, uraian=s.get("uraian"), arah_kebijakan=tuple(s.get("arah_kebijakan") or ()))
                 for s in at.items("strategi"))


def _cc(at: _At, key: str) -> tuple[Crosscutting, ...]:
    return tuple(Crosscutting(loc=c.loc, locs=c.locs("opd", "node"), opd=c.get("opd"), node=c.get("node"),
                              keterangan=c.get("keterangan")) for c in at.items(key))


def _sum(children: tuple[Node, ...]) -> dict[int, int]:
    total: dict[int, int] = {}
    for child in children:
        for year, amount in child.pagu.items():
            total[year] = total.get(year, 0) + amount
    return dict(sorted(total.items()))


def _anggaran(at: _At) -> dict[int, Anggaran]:
    """`anggaran: {2026: {dpa: …, perubahan: …}}` of a sub kegiatan, by year."""
    if not isinstance(at.get("anggaran"), dict):
        return {}
    out = {}
    for year in sorted(at.get("anggaran"), key=str):
        y = at["anggaran"][year]
        out[int(year)] = Anggaran(loc=y.loc, locs=y.locs("dpa", "perubahan"), dpa=y.get("dpa"),
                                  perubahan=y.get("perubahan"))
    return out


def node(at: _At, level: str, children: tuple[Node, ...] = (), **extra) -> Node:
    stated = _years(at.get("pagu")) if at.get("pagu") is not None else None
    # A leaf's pagu is what it states; a parent's is the sum of its children (rule R014 reports
    # a stated parent pagu that differs, so the computed sum is what documents show).
    pagu = _sum(children) if children else dict(sorted((stated or {}).items()))
    return Node(
        loc=at.loc,
        locs=at.locs("id", "uraian", "nama", "kode", "penanggung_jawab", "indikator", "pagu", "lokasi",
                     "mendukung", "sasaran", "sub_kegiatan", "kegiatan", "anggaran", years=("pagu", "anggaran")),
        level=level, id=at.get("id"), uraian=at.get("uraian") or at.get("nama"), nama=at.get("nama"),
        kode=at.get("kode"), penanggung_jawab=at.get("penanggung_jawab"),
        indikator=tuple(indikator(i) for i in at.items("indikator")),
        children=children, pagu=pagu, pagu_tertulis=stated, anggaran=_anggaran(at), lokasi=at.get("lokasi"),
        strategi=_strategi(at), crosscutting=_cc(at, "crosscutting"),
        crosscutting_diterima=_cc(at, "crosscutting_diterima"), **extra,
    )


def _program(doc: Document) -> Node:
    at = _At(doc, ("program",))
    kegiatan = []
    for k in at.items("kegiatan"):
        subs = tuple(node(s, "subkegiatan") for s in k.items("sub_kegiatan"))
        kegiatan.append(node(k, "kegiatan", subs))
    return node(at, "program", tuple(kegiatan), sasaran_ref=at.get("sasaran"))


def _pejabat(at: _At) -> Pejabat:
    return Pejabat(loc=at.loc, locs=at.locs("mulai", "nip", "status", "golongan", "pangkat"), mulai=_date(at.get("mulai")),
                   nama=at.get("nama"), nip=at.get("nip"), pangkat=at.get("pangkat"), golongan=at.get("golongan"),
                   status=at.get("status", "definitif"))


def build_opd(src: OpdSources) -> tuple[Opd, tuple[Node, ...]]:
    """The OPD model, and its orphan programs: those whose `sasaran` names no sasaran of the OPD
    (rule R009 reports them). Programs hang under the sasaran they name, in kode order."""
    programs = sorted((_program(d) for d in src.programs), key=lambda p: (p.kode or "", p.id or ""))
    tujuan = []
    for t in _At(src.renstra).items("tujuan"):
        sasaran = []
        for s in t.items("sasaran"):
            children = tuple(p for p in programs if p.sasaran_ref == s.get("id"))
            # A sasaran's own `mendukung` (optional) replaces its tujuan's; see cascade/model/keselarasan.py.
            sasaran.append(node(s, "sasaran", children, mendukung=tuple(s.get("mendukung") or ())))
        tujuan.append(node(t, "tujuan", tuple(sasaran), mendukung=tuple(t.get("mendukung") or ())))
    root = _At(src.opd)
    opd = root["opd"]
    jabatan = tuple(
        Jabatan(loc=j.loc, locs=j.locs("id", "atasan", "jenjang", "pejabat"), id=j.get("id"), nama=j.get("nama"),
                jenjang=j.get("jenjang"), unit_kerja=j.get("unit_kerja"), atasan=j.get("atasan"),
                pejabat=tuple(_pejabat(p) for p in j.items("pejabat")))
        for j in root.items("jabatan"))
    model = Opd(
        loc=opd.loc, locs=opd.locs("bidang_urusan", "mentor", "status"), key=src.key, nama=opd.get("nama"),
        singkatan=opd.get("singkatan"), alamat=opd.get("alamat"), telepon=opd.get("telepon"),
        email=opd.get("email"), laman=opd.get("laman"), bidang_urusan=tuple(opd.get("bidang_urusan") or ()),
        mentor=tuple(Mentor(loc=m.loc, nama=m.get("nama"), jabatan=m.get("jabatan"), github=m.get("github"))
                     for m in opd.items("mentor")),
        jabatan=jabatan, tujuan=tuple(tujuan), files=tuple(src.files), narratives=dict(src.narratives),
        realisasi=tuple(build_realisasi(d) for d in src.realisasi),
        rencana_aksi=tuple(build_rencana_aksi(d) for d in src.rencana_aksi),
        kinerja_lalu=build_kinerja_lalu(src.kinerja_lalu) if src.kinerja_lalu is not None else None,
        keputusan=_keputusan(root.get("renstra")),
        status=opd.get("status", "final"),
    )
    placed = {s.id for t in model.tujuan for s in t.children}
    return model, tuple(p for p in programs if p.sasaran_ref not in placed)


def build_pemda(doc: Document) -> Pemda:
    root = _At(doc)
    p, d, r = root["pemda"], root["dokumen"], root["rpjmd"]
    kd = p["kepala_daerah"]
    settings = Settings(
        loc=d.loc, locs=d.locs("tahun_berjalan", "tanggal_pk", "tanggal_pk_perubahan", "logo", "nomor_pk",
                               years=("tanggal_pk", "tanggal_pk_perubahan")),
        tempat=d.get("tempat"), tahun_berjalan=d.get("tahun_berjalan"),
        tanggal_renstra=_date(d.get("tanggal_renstra")),
        tanggal_pk={int(k): _date(v) for k, v in (d.get("tanggal_pk") or {}).items()},
        tanggal_pk_perubahan={int(k): _date(v) for k, v in (d.get("tanggal_pk_perubahan") or {}).items()},
        kertas=d.get("kertas", "F4"), huruf=d.get("huruf", "Bookman Old Style"),
        ukuran_huruf=d.get("ukuran_huruf", 12), tema_pohon=d.get("tema_pohon", "madiun"),
        pohon_target=d.get("pohon_target", "tahun"),
        label_pohon={str(k): str(v) for k, v in (d.get("label_pohon") or {}).items()},
        susunan_pohon=d.get("susunan_pohon", "bagan"),
        tampil_satuan=d.get("tampil_satuan", "terpisah"), pk_tujuan=d.get("pk_tujuan", True),
        pk_anggaran={**PK_ANGGARAN_BAWAAN, **(d.get("pk_anggaran") or {})}, nomor_pk=d.get("nomor_pk", ""),
        logo=d.get("logo", ""),
    )
    skala = {}
    if isinstance(root.get("skala"), dict):
        for key in root.get("skala"):
            s = root["skala"][key]
            skala[key] = Skala(loc=s.loc, key=key, nama=s.get("nama"), urutan=tuple(s.get("urutan")))
    misi = []
    for m in r.items("misi"):
        tujuan = []
        for t in m.items("tujuan"):
            sasaran = tuple(RpjmdSasaran(loc=s.loc, locs=s.locs("id", "indikator"), id=s.get("id"), uraian=s.get("uraian"),
                                         indikator=tuple(indikator(i) for i in s.items("indikator")),
                                         strategi=_strategi(s)) for s in t.items("sasaran"))
            tujuan.append(RpjmdTujuan(loc=t.loc, locs=t.locs("id"), id=t.get("id"), uraian=t.get("uraian"),
                                      indikator=tuple(indikator(i) for i in t.items("indikator")), sasaran=sasaran))
        misi.append(Misi(loc=m.loc, nomor=m.get("nomor"), uraian=m.get("uraian"), tujuan=tuple(tujuan)))
    periode = r["periode"]
    kategori = (root.get("evaluasi") or {}).get("kategori") or {}
    return Pemda(
        loc=p.loc, locs={**p.locs("status"), "periode": periode.loc, **{f"periode.{k}": periode[k].loc for k in ("awal", "akhir") if k in periode.data},
                         "tahun_dasar": r.loc if "tahun_dasar" not in r.data else r["tahun_dasar"].loc,
                         **({"kategori": root["evaluasi"]["kategori"].loc} if kategori else {})},
        kategori_capaian={**KATEGORI_BAWAAN, **{k: float(v) for k, v in kategori.items()}},
        nama=p.get("nama"), jenis=p.get("jenis"), provinsi=p.get("provinsi"), ibu_kota=p.get("ibu_kota"),
        github_bappeda=p.get("github_bappeda"),
        kepala_daerah=KepalaDaerah(loc=kd.loc, jabatan=kd.get("jabatan"), pejabat=tuple(_pejabat(x) for x in kd.items("pejabat"))),
        settings=settings, skala=skala, periode=(periode.get("awal"), periode.get("akhir")),
        tahun_dasar=r.get("tahun_dasar"), visi=r.get("visi"), misi=tuple(misi), status=p.get("status", "final"),
    )


def build_nomenklatur(sources: Sources) -> Mapping[str, NomenklaturEntry]:
    return _Nomenklatur(sources.nomenklatur)


class _Nomenklatur(Mapping):
    """kode → NomenklaturEntry, each made when its kode is looked up (see NomenklaturTable)."""

    __slots__ = ("_table", "_made")

    def __init__(self, table):
        self._table, self._made = table, {}

    def __getitem__(self, kode: str) -> NomenklaturEntry:
        entry = self._made.get(kode)
        if entry is None:
            e = self._table.get(kode)
            if e is None:
                raise KeyError(kode)
            entry = self._made[kode] = NomenklaturEntry(loc=e.loc, kode=e.kode, level=e.level, nama=e.nama,
                                                        satuan=e.satuan)
        return entry

    def __contains__(self, kode) -> bool:
        """Also a code the list implies without a row of its own: known, but nameless, so `get`
        gives None for it (see NomenklaturTable.knows)."""
        return self._table.knows(kode)

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self):
        local = self._table.local.rows if self._table.local else {}
        return iter([*self._table.rows, *local])
