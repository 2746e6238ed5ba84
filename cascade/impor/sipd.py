"""The Renstra rows SIPD RI returns, saved as JSON, read into an ImportedOpd (`cascade impor sipd`).

SIPD RI (and the browser extensions that mirror it into a Pemda's own server) hands the Renstra over
as flat rows, one list per level: tujuan, sasaran, program, kegiatan, sub kegiatan. Each entity has
one row of its own (`id_unik` set, `id_unik_indikator` empty) and one more row per indicator
(`id_unik_indikator` set). A row names its parent by the parent's `id_unik` (`kode_tujuan`,
`kode_sasaran`, `kode_program`, `kode_kegiatan`) and repeats the parents' texts; a tujuan names the
RPJMD sasaran it supports in `kode_sasaran_rpjm`. Targets are `target_1`..`target_5` (text, as the
planner typed them), the baseline `target_awal`, the end-of-period condition `target_akhir`, money
`pagu_1`..`pagu_5`. A nomenklatur name is often written with its code in front ("2.16.02 PROGRAM …").

A file holds either one list of rows (the level is told by the row's fields) or an object with the
lists under `tujuan`, `sasaran`, `program`, `kegiatan`, `sub_kegiatan` (or `data`). Each row is
reported at `FILE:$.list[index].field`. `id_unik` is kept as `sumber: {sipd: …}`; `kode_sasaran_rpjm`
is matched with the `sumber.sipd` (or the id) of a sasaran in data/pemda.yaml. What cannot be placed
is reported (I030-I039) and left out; nothing is guessed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cascade.diagnostics import Diagnostic, Loc, Severity, error, relpath, warning
from cascade.impor.cells import one_line, parse_kode, parse_money, parse_number
from cascade.impor.jabatan import Jabatan, load_jabatan
from cascade.impor.model import ImportedOpd, Indikator, Kegiatan, Program, Sasaran, SubKegiatan, Tujuan
from cascade.validate.rules import OWNER_LEVELS

LEVELS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan")
LEVEL_WORDS = {"tujuan": "tujuan", "sasaran": "sasaran", "program": "program", "kegiatan": "kegiatan",
               "sub_kegiatan": "sub kegiatan"}
# the field naming each level's own text, its indicator's text, and its parent's id_unik
TEXT = {"tujuan": "tujuan_teks", "sasaran": "sasaran_teks", "program": "nama_program", "kegiatan": "nama_giat",
        "sub_kegiatan": "nama_sub_giat"}
INDICATOR_TEXT = {"tujuan": "indikator_teks", "sasaran": "indikator_teks", "program": "indikator",
                  "kegiatan": "indikator", "sub_kegiatan": "indikator"}
PARENT = {"sasaran": ("kode_tujuan", "tujuan"), "program": ("kode_sasaran", "sasaran"),
          "kegiatan": ("kode_program", "program"), "sub_kegiatan": ("kode_kegiatan", "kegiatan")}
KODE = {"program": "kode_program", "kegiatan": "kode_giat", "sub_kegiatan": "kode_sub_giat"}
YEARS = 5
# Fields read into the import; and fields that only tie SIPD's own tables together or lock its
# forms (ids, locks, statuses, repeated parent texts, timestamps): dropped without a word.
READ = {"id_unik", "id_unik_indikator", "satuan", "target_awal", "target_akhir", "kode_sasaran_rpjm", "urut_tujuan",
        "urut_sasaran", "kode_tujuan", "kode_sasaran", "kode_program", "kode_kegiatan", "kode_unik_program", "kode_giat",
        "kode_sub_giat", "nama_skpd", "kode_skpd", "id_unit", "tahun_awal", "tahun_akhir", "active",
        *TEXT.values(), *INDICATOR_TEXT.values(), *(f"target_{i}" for i in range(1, YEARS + 1)),
        *(f"pagu_{i}" for i in range(1, YEARS + 1))}
SIPD_ONLY = re.compile(r"id(_.*)?|.*_lock(ed)?(_indikator)?|is_locked.*|status|update_at|tahun_anggaran|"
                       r"(kode|nama)_bidang_urusan(_multiple)?|kode_sasaran_multiple|perlu_mutakhirkan|"
                       r"nama_sub_unit|kode_kegiatan_lama")


@dataclass
class Row:
    level: str
    data: dict
    file: str  # as reported (relative to the repository when inside it)
    path: str  # "$.program[3]"

    def at(self, key: str = "") -> Loc:
        return Loc(f"{self.file}:{self.path}" + (f".{key}" if key else ""))

    def text(self, key: str) -> str:
        return one_line(self.data.get(key))


@dataclass
class _Entity:
    level: str
    id_unik: str
    row: Row  # its own row, or its first indicator row when SIPD sent none
    indicators: list[Row] = field(default_factory=list)


@dataclass
class Rpjmd:
    """What the import needs from data/pemda.yaml: the period and the RPJMD sasaran by SIPD id."""

    years: list[int]
    tahun_dasar: int | None
    sasaran: dict[str, str]  # sumber.sipd or id → id
    skala: dict[str, list[str]]  # skala name → its levels


def import_sipd(files: list[Path], root: Path, opd: str, rpjmd: Rpjmd) -> tuple[ImportedOpd | None, list[Diagnostic]]:
    """The OPD in the SIPD files, and every problem met; None when nothing could be read."""
    diags: list[Diagnostic] = []
    rows: list[Row] = []
    for path in files:
        rows += _read_file(path, root, diags)
    rows = _active(rows, diags)
    if not rows:
        if not any(d.severity == Severity.ERROR for d in diags):
            diags.append(error(Loc(", ".join(relpath(str(p), str(root)) for p in files)), "I036",
                               "tidak ada baris Renstra SIPD di berkas ini",
                               "simpan jawaban SIPD RI untuk tujuan, sasaran, program, kegiatan dan sub kegiatan Renstra "
                               "sebagai JSON"))
        return None, diags
    _one_opd(rows, diags)
    _not_carried(rows, diags)
    _period(rows, rpjmd, diags)
    entities = _entities(rows, diags)
    model = ImportedOpd(opd=opd, sumber=", ".join(sorted({r.file for r in rows})) + " (SIPD RI)",
                        importer="cascade impor sipd", years=rpjmd.years, tahun_dasar=rpjmd.tahun_dasar,
                        nama=next((r.text("nama_skpd") for r in rows if r.text("nama_skpd")), ""))
    _Builder(model, entities, rpjmd, diags).build()
    return model, diags


# ---------------------------------------------------------------- reading


def _read_file(path: Path, root: Path, diags: list[Diagnostic]) -> list[Row]:
    rel = relpath(str(path), str(root))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.append(error(Loc(rel), "I030", f"berkas tidak dapat dibaca: {exc.strerror or exc}",
                           "periksa nama dan letak berkasnya"))
        return []
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        diags.append(error(Loc(rel), "I030", "berkas bukan teks UTF-8", "simpan jawaban SIPD sebagai JSON UTF-8"))
        return []
    except json.JSONDecodeError as exc:
        diags.append(error(Loc(rel, exc.lineno, exc.colno), "I030", f"berkas bukan JSON yang sah ({exc.msg})",
                           "simpan jawaban SIPD apa adanya (Simpan Sebagai .json dari tab Network peramban)"))
        return []
    lists: list[tuple[str, str | None, list]] = []  # (path, level named by the key, rows)
    if isinstance(data, list):
        lists.append(("$", None, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            level = key if key in LEVELS else "sub_kegiatan" if key == "sub_giat" else None
            if (level or key == "data") and isinstance(value, list):
                lists.append((f"$.{key}", level, value))
            else:
                diags.append(warning(Loc(f"{rel}:$.{key}"), "I031", f"bagian `{key}` tidak dikenal dan tidak diimpor",
                                     "bagian yang dibaca: " + ", ".join(LEVELS) + " atau data, masing-masing daftar baris"))
    else:
        diags.append(error(Loc(rel), "I030", "isi berkas bukan daftar baris SIPD",
                           "berkas berisi daftar baris ([...]) atau objek dengan daftar tujuan, sasaran, program, "
                           "kegiatan dan sub_kegiatan"))
    rows = []
    for where, named, items in lists:
        for i, item in enumerate(items):
            row_path = f"{where}[{i}]"
            if not isinstance(item, dict):
                diags.append(warning(Loc(f"{rel}:{row_path}"), "I031", "baris ini bukan objek SIPD dan dilewati",
                                     "setiap baris berupa objek {\"id_unik\": …, …}"))
                continue
            level = named or _level_of(item)
            if level is None:
                diags.append(warning(Loc(f"{rel}:{row_path}"), "I031", "tingkat baris ini tidak dikenali, jadi dilewati",
                                     "baris SIPD memuat tujuan_teks, sasaran_teks, nama_program, nama_giat atau "
                                     "nama_sub_giat"))
                continue
            rows.append(Row(level, item, rel, row_path))
    return rows


def _level_of(item: dict) -> str | None:
    for level in reversed(LEVELS):  # a sub kegiatan row repeats the texts of the levels above it
        if TEXT[level] in item:
            return level
    return None


def _active(rows: list[Row], diags: list[Diagnostic]) -> list[Row]:
    """Rows SIPD marks deleted (`active` 0) are left out, told once per file."""
    kept, dropped = [], {}
    for r in rows:
        if str(r.data.get("active", 1)).strip() in ("0", "false", "False"):
            dropped.setdefault(r.file, []).append(r)
        else:
            kept.append(r)
    for file, gone in dropped.items():
        diags.append(warning(gone[0].at("active"), "I031", f"{len(gone)} baris yang dihapus di SIPD (active = 0) tidak diimpor",
                             "baris itu tidak berlaku lagi di SIPD; bila masih dipakai, aktifkan di SIPD lalu ambil ulang"))
    return kept


def _one_opd(rows: list[Row], diags: list[Diagnostic]) -> None:
    seen: dict[str, Row] = {}
    for r in rows:
        unit = r.text("kode_skpd") or r.text("id_unit")
        if unit and unit not in seen:
            seen[unit] = r
    if len(seen) > 1:
        (a, first), (b, second) = list(seen.items())[:2]
        diags.append(error(second.at("kode_skpd" if second.text("kode_skpd") else "id_unit"), "I036",
                           f"baris dari lebih dari satu perangkat daerah ({a} dan {b}, pertama di {first.file}:{first.path})",
                           "impor satu perangkat daerah sekali jalan: pisahkan berkasnya per OPD"))


def _not_carried(rows: list[Row], diags: list[Diagnostic]) -> None:
    """A filled field Cascade has no place for (realisasi, keterangan, catatan, …): told once per file
    and field, with how many rows hold it, so nothing is dropped without a word."""
    found: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        for key, value in r.data.items():
            if key in READ or SIPD_ONLY.fullmatch(key) or value in (None, "", 0, "0", [], {}):
                continue
            found.setdefault((r.file, key), []).append(r)
    for (file, key), held in sorted(found.items()):
        more = f" (terisi di {len(held)} baris)" if len(held) > 1 else ""
        diags.append(warning(held[0].at(key), "I037", f"isian `{key}` tidak diimpor{more}",
                             "Cascade tidak menyimpan isian ini dari SIPD; salin isinya sendiri bila diperlukan "
                             "(realisasi ditulis di folder realisasi/ OPD)"))


def _period(rows: list[Row], rpjmd: Rpjmd, diags: list[Diagnostic]) -> None:
    for r in rows:
        awal = r.text("tahun_awal")
        if awal and rpjmd.years and awal != str(rpjmd.years[0]):
            diags.append(warning(r.at("tahun_awal"), "I034", f"Renstra SIPD dimulai tahun {awal}, sedangkan periode RPJMD "
                                 f"di data/pemda.yaml dimulai {rpjmd.years[0]}",
                                 f"target_1 … target_5 dibaca sebagai tahun {rpjmd.years[0]} … {rpjmd.years[-1]}; "
                                 "periksa periode di data/pemda.yaml atau ambil Renstra periode yang sesuai"))
            return


def _entities(rows: list[Row], diags: list[Diagnostic]) -> dict[str, dict[str, _Entity]]:
    """level → id_unik → its rows, in the order SIPD sent them."""
    out: dict[str, dict[str, _Entity]] = {level: {} for level in LEVELS}
    seen_indicators: dict[str, Row] = {}
    for r in rows:
        id_unik = r.text("id_unik")
        if not id_unik:
            diags.append(warning(r.at("id_unik"), "I031", f"baris {LEVEL_WORDS[r.level]} tanpa `id_unik` dilewati",
                                 "ambil ulang data dari SIPD RI; setiap baris Renstra SIPD memiliki id_unik"))
            continue
        entity = out[r.level].get(id_unik)
        indicator = r.text("id_unik_indikator")
        if entity is None:
            entity = out[r.level][id_unik] = _Entity(r.level, id_unik, r)
        elif not indicator and entity.row is not r:
            if entity.row.text("id_unik_indikator"):
                entity.row = r  # its own row came after an indicator row
            else:
                diags.append(warning(r.at("id_unik"), "I031", f"{LEVEL_WORDS[r.level]} dengan id_unik ini sudah ada di "
                                     f"{entity.row.file}:{entity.row.path}; baris ini dilewati",
                                     "satu berkas per tingkat cukup; jangan gabungkan ambilan SIPD yang sama dua kali"))
        if indicator:
            if indicator in seen_indicators:
                first = seen_indicators[indicator]
                diags.append(warning(r.at("id_unik_indikator"), "I031", f"indikator ini sudah ada di {first.file}:{first.path}; "
                                     "baris ini dilewati", "jangan gabungkan ambilan SIPD yang sama dua kali"))
                continue
            seen_indicators[indicator] = r
            entity.indicators.append(r)
    return out


# ---------------------------------------------------------------- building


class _Builder:
    def __init__(self, model: ImportedOpd, entities: dict[str, dict[str, _Entity]], rpjmd: Rpjmd,
                 diags: list[Diagnostic]) -> None:
        self.model, self.entities, self.rpjmd, self.diags = model, entities, rpjmd, diags
        self.placed: dict[str, dict[str, object]] = {level: {} for level in LEVELS}  # id_unik → model node

    def build(self) -> None:
        for e in self._ordered("tujuan", "urut_tujuan"):
            t = Tujuan(uraian=e.row.text("tujuan_teks"), sipd=e.id_unik, sumber=f"{e.row.file}:{e.row.path}")
            t.mendukung = self._mendukung(e)
            t.indikator = self._indicators(e)
            self.model.tujuan.append(t)
            self.placed["tujuan"][e.id_unik] = t
        for e in self._ordered("sasaran", "urut_sasaran"):
            parent = self._parent(e)
            if parent is None:
                continue
            s = Sasaran(uraian=e.row.text("sasaran_teks"), sipd=e.id_unik, sumber=f"{e.row.file}:{e.row.path}")
            s.indikator = self._indicators(e)
            parent.sasaran.append(s)
            self.placed["sasaran"][e.id_unik] = s
        self._number_sasaran()
        for e in self.entities["program"].values():
            parent = self._parent(e)
            kode, nama = self._kode_nama(e)
            if parent is None or kode is None:
                continue
            p = Program(kode=kode, nama=nama, sasaran=parent.id, sipd=e.id_unik, sumber=f"{e.row.file}:{e.row.path}")
            p.indikator = self._indicators(e)
            self.model.program.append(p)
            self.placed["program"][e.id_unik] = p
        for e in self.entities["kegiatan"].values():
            parent = self._parent(e)
            kode, nama = self._kode_nama(e, parent)
            if parent is None or kode is None:
                continue
            k = Kegiatan(kode=kode, nama=nama, sipd=e.id_unik, sumber=f"{e.row.file}:{e.row.path}")
            k.indikator = self._indicators(e)
            parent.kegiatan.append(k)
            self.placed["kegiatan"][e.id_unik] = k
        for e in self.entities["sub_kegiatan"].values():
            parent = self._parent(e)
            kode, nama = self._kode_nama(e, parent)
            if parent is None or kode is None:
                continue
            sk = SubKegiatan(kode=kode, nama=nama, sipd=e.id_unik, sumber=f"{e.row.file}:{e.row.path}")
            sk.indikator = self._indicators(e)
            sk.pagu = self._pagu(e.row)
            parent.sub_kegiatan.append(sk)
        self._stated_pagu()
        self.model.program.sort(key=lambda p: p.kode)  # one file per program: the order of the files' names

    def _ordered(self, level: str, urut: str) -> list[_Entity]:
        def key(item):
            n, e = item
            number = e.row.text(urut)
            return (int(number) if number.isdigit() else 10 ** 6, n)
        return [e for _, e in sorted(enumerate(self.entities[level].values()), key=key)]

    def _number_sasaran(self) -> None:
        """Sasaran ids S1, S2… in the order of the tujuan: set here, as programs refer to them."""
        n = 0
        for t in self.model.tujuan:
            for s in t.sasaran:
                n += 1
                s.id = f"S{n}"

    def _mendukung(self, e: _Entity) -> list[str]:
        out: list[str] = []
        for r in [e.row, *e.indicators]:
            kode = r.text("kode_sasaran_rpjm")
            if not kode:
                continue
            found = self.rpjmd.sasaran.get(kode)
            if found is None:
                if r is e.row or kode != e.row.text("kode_sasaran_rpjm"):
                    self.diags.append(warning(r.at("kode_sasaran_rpjm"), "I032", f"sasaran RPJMD \"{kode}\" tidak dikenal "
                                              "di data/pemda.yaml", "tulis id SIPD sasaran RPJMD itu di "
                                              f"`sumber: {{sipd: \"{kode}\"}}` sasaran yang sesuai di data/pemda.yaml, "
                                              "lalu impor ulang"))
            elif found not in out:
                out.append(found)
        return out

    def _parent(self, e: _Entity):
        key, level = PARENT[e.level]
        wanted = e.row.text(key) or (e.row.text("kode_unik_program") if e.level == "kegiatan" else "")
        parent = self.placed[level].get(wanted)
        if parent is None and e.level in ("kegiatan", "sub_kegiatan"):
            parent = self._parent_by_kode(e, level)
        if parent is None:
            what = f"{LEVEL_WORDS[level]} induknya (`{key}` = \"{wanted}\") tidak ada di data yang diimpor" if wanted \
                else f"`{key}` kosong, jadi {LEVEL_WORDS[level]} induknya tidak diketahui"
            known = self.entities[level].get(wanted)
            if known is not None:
                what = f"{LEVEL_WORDS[level]} induknya ({known.row.file}:{known.row.path}) tidak dapat diimpor"
            self.diags.append(warning(e.row.at(key), "I033", f"{LEVEL_WORDS[e.level]} \"{_name(e)}\" tidak diimpor: {what}",
                                      f"sertakan berkas {LEVEL_WORDS[level]} SIPD yang memuatnya, atau perbaiki "
                                      "keterkaitannya di SIPD lalu ambil ulang"))
        return parent

    def _parent_by_kode(self, e: _Entity, level: str):
        """A kegiatan or sub kegiatan whose parent is named by its nomenklatur code, not its id_unik."""
        kode, _ = self._kode_nama(e, report=False)
        if not kode:
            return None
        above = kode.rsplit(".", 2 if e.level == "kegiatan" else 1)[0]
        found = [n for n in self.placed[level].values() if n.kode == above]
        return found[0] if len(found) == 1 else None

    def _kode_nama(self, e: _Entity, parent=None, report: bool = True) -> tuple[str | None, str]:
        """The nomenklatur code (from the kode field, else from the front of the name) and the name
        without the code in front."""
        r, field_name, text_name = e.row, KODE[e.level], TEXT[e.level]
        text = r.text(text_name)
        head, _, rest = text.partition(" ")
        from_name = parse_kode(head).kode if re.fullmatch(r"[0-9X][0-9X.]*", head) else None
        nama = rest.strip() if from_name else text
        kode = parse_kode(r.text(field_name)).kode if re.fullmatch(r"[0-9X][0-9X.]*", r.text(field_name)) else None
        if kode is not None and _depth(kode) != e.level:
            kode = None  # kode_program of a kegiatan row is its program's code
        kode = kode or (from_name if from_name and _depth(from_name) == e.level else None)
        if not report:
            return kode, nama
        if kode is None:
            self.diags.append(warning(r.at(field_name), "I034", f"kode {LEVEL_WORDS[e.level]} \"{_name(e)}\" tidak terbaca, "
                                      f"jadi {LEVEL_WORDS[e.level]} ini tidak diimpor",
                                      f"kode nomenklatur di `{field_name}` atau di depan `{text_name}`, misalnya "
                                      + {"program": "2.16.02", "kegiatan": "2.16.02.2.01",
                                         "sub_kegiatan": "2.16.02.2.01.0014"}[e.level]))
        elif parent is not None and not kode.startswith(parent.kode + "."):
            self.diags.append(warning(r.at(field_name), "I034", f"kode {kode} tidak berada di bawah {parent.kode}, "
                                      f"induknya di SIPD", "perbaiki kodenya atau induknya di SIPD lalu ambil ulang"))
        if not nama:
            self.diags.append(warning(r.at(text_name), "I035", f"nama {LEVEL_WORDS[e.level]} {kode or ''} kosong",
                                      "isi namanya di SIPD, atau tulis nama baku dari nomenklatur setelah impor"))
        return kode, nama

    def _indicators(self, e: _Entity) -> list[Indikator]:
        out = []
        years = self.rpjmd.years
        for r in e.indicators:
            nama = r.text(INDICATOR_TEXT[e.level])
            if not nama:
                self.diags.append(warning(r.at(INDICATOR_TEXT[e.level]), "I035", f"indikator {LEVEL_WORDS[e.level]} "
                                          f"\"{_name(e)}\" tanpa nama tidak diimpor", "isi nama indikatornya di SIPD"))
                continue
            ind = Indikator(nama=nama, satuan=r.text("satuan") or None, sipd=r.text("id_unik_indikator"),
                            sumber=f"{r.file}:{r.path}")
            units: list[tuple[str, str]] = []
            ind.baseline = self._value(r, "target_awal", units)
            ind.baseline_tahun = self.rpjmd.tahun_dasar
            for i, year in enumerate(years[:YEARS], 1):
                ind.target[year] = self._value(r, f"target_{i}", units)
                if ind.target[year] is None:
                    self.diags.append(warning(r.at(f"target_{i}"), "I035", f"target {year} indikator \"{_short(nama)}\" "
                                              "kosong", "isi targetnya di SIPD, atau tulis di berkas hasil impor"))
            ind.kondisi_akhir = self._value(r, "target_akhir", units)
            self._unit(ind, r, units)
            self._skala(ind, r)
            out.append(ind)
        return out

    def _value(self, r: Row, key: str, units: list[tuple[str, str]]):
        number = parse_number(r.data.get(key))
        if number.problem:
            self.diags.append(warning(r.at(key), "I034", f"nilai tidak terbaca: diharapkan {number.problem}",
                                      "perbaiki nilainya di SIPD, atau tulis di berkas hasil impor"))
            return None
        if number.unit:
            units.append((key, number.unit))
        return number.value

    def _unit(self, ind: Indikator, r: Row, units: list[tuple[str, str]]) -> None:
        """A unit written inside value cells ("75 %") is the indicator's satuan when SIPD has none;
        one that differs from the satuan is told."""
        for key, unit in units:
            if ind.satuan is None:
                ind.satuan = unit
            elif unit.casefold() != ind.satuan.casefold():
                self.diags.append(warning(r.at(key), "I034", f"satuan \"{unit}\" di nilai ini berbeda dengan satuan "
                                          f"indikator \"{ind.satuan}\"", "samakan satuannya di SIPD"))

    def _skala(self, ind: Indikator, r: Row) -> None:
        """Text targets ("BB") are levels of a skala in data/pemda.yaml: the one skala holding all of them."""
        texts = {v for v in [ind.baseline, ind.kondisi_akhir, *ind.target.values()] if isinstance(v, str)}
        if not texts:
            return
        fits = [name for name, levels in sorted(self.rpjmd.skala.items()) if texts <= set(levels)]
        if len(fits) == 1:
            ind.skala = fits[0]
            return
        listed = ", ".join(sorted(texts))
        why = "ada di lebih dari satu skala" if fits else "tidak ada di skala mana pun di data/pemda.yaml"
        self.diags.append(warning(r.at("target_1"), "I034", f"target teks ({listed}) {why}",
                                  "tulis angka di SIPD, atau tambahkan skala predikatnya di data/pemda.yaml (bagian "
                                  "`skala`) dan tulis `skala:` indikator ini setelah impor"))

    def _pagu(self, r: Row) -> dict[int, int | None]:
        out = {}
        for i, year in enumerate(self.rpjmd.years[:YEARS], 1):
            money = parse_money(r.data.get(f"pagu_{i}"))
            if money.problem:
                self.diags.append(warning(r.at(f"pagu_{i}"), "I034", f"pagu tidak terbaca: diharapkan {money.problem}",
                                          "perbaiki pagunya di SIPD, atau tulis di berkas hasil impor"))
            out[year] = money.value
        return out

    def _stated_pagu(self) -> None:
        """SIPD repeats the sum of the sub kegiatan on each kegiatan and program. Cascade adds them up
        itself; a stated sum that differs is told (the sub kegiatan's pagu are the ones kept)."""
        for level in ("program", "kegiatan"):
            for e in self.entities[level].values():
                node = self.placed[level].get(e.id_unik)
                if node is None:
                    continue
                stated = {y: v for y, v in self._pagu(e.row).items() if v}
                subs = [sk for k in (node.kegiatan if level == "program" else [node]) for sk in k.sub_kegiatan]
                if not subs:
                    if stated:
                        node.pagu = stated
                    continue
                for i, year in enumerate(self.rpjmd.years[:YEARS], 1):
                    summed = sum(sk.pagu.get(year) or 0 for sk in subs)
                    if year in stated and stated[year] != summed:
                        self.diags.append(warning(e.row.at(f"pagu_{i}"), "I039",
                                                  f"pagu {LEVEL_WORDS[level]} {node.kode} tahun {year} di SIPD "
                                                  f"{_rupiah(stated[year])}, sedangkan jumlah pagu sub kegiatannya "
                                                  f"{_rupiah(summed)}", "yang diimpor pagu sub kegiatan; periksa "
                                                  "pagu yang hilang atau berlebih di SIPD"))


def _depth(kode: str) -> str | None:
    return {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(kode.count(".") + 1)


def _name(e: _Entity) -> str:
    return _short(e.row.text(TEXT[e.level]) or e.id_unik)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _rupiah(value: int) -> str:
    return "Rp " + f"{value:,}".replace(",", ".")


# ---------------------------------------------------------------- the command


def read_rpjmd(root: Path) -> tuple[Rpjmd | None, list[Diagnostic]]:
    """The period, tahun dasar, RPJMD sasaran and skala of data/pemda.yaml."""
    from cascade.load.yaml_strict import load_bytes

    rel = "data/pemda.yaml"
    try:
        raw = (root / rel).read_bytes()
    except OSError:
        return None, [error(Loc(rel), "I036", "data/pemda.yaml tidak ditemukan; tanpanya sasaran RPJMD dan periode "
                            "tidak diketahui", "jalankan impor di folder repositori Pemda (yang memuat data/pemda.yaml)")]
    doc, diags = load_bytes(raw, rel)
    if doc is None or not isinstance(doc.data, dict):
        return None, diags
    rpjmd = doc.data.get("rpjmd") or {}
    periode = rpjmd.get("periode") or {}
    awal, akhir = periode.get("awal"), periode.get("akhir")
    if not isinstance(awal, int) or not isinstance(akhir, int) or akhir < awal:
        return None, diags + [error(doc.loc(("rpjmd",)), "I036", "periode RPJMD di data/pemda.yaml tidak terbaca",
                                    "tulis rpjmd.periode.awal dan akhir sebagai tahun, misalnya 2025 dan 2029")]
    sasaran: dict[str, str] = {}
    for misi in rpjmd.get("misi") or []:
        for tujuan in (misi or {}).get("tujuan") or []:
            for s in (tujuan or {}).get("sasaran") or []:
                if isinstance(s, dict) and isinstance(s.get("id"), str):
                    sasaran.setdefault(s["id"], s["id"])
                    sipd = (s.get("sumber") or {}).get("sipd")
                    if isinstance(sipd, str):
                        sasaran[sipd] = s["id"]
    skala = {name: [str(x) for x in (v or {}).get("urutan") or []]
             for name, v in (doc.data.get("skala") or {}).items() if isinstance(v, dict)}
    tahun_dasar = rpjmd.get("tahun_dasar") if isinstance(rpjmd.get("tahun_dasar"), int) else awal - 1
    return Rpjmd(list(range(awal, akhir + 1)), tahun_dasar, sasaran, skala), diags


def assign_owners(model: ImportedOpd, jabatan: Jabatan, rel: str) -> list[Diagnostic]:
    """SIPD names no penanggung jawab: each program, kegiatan and sub kegiatan gets the highest jabatan
    of opd.yaml whose jenjang may hold it (rule R016), told once per level, for the planner to refine."""
    diags = []
    nodes = {"program": model.program, "kegiatan": [k for p in model.program for k in p.kegiatan],
             "sub_kegiatan": [sk for p in model.program for k in p.kegiatan for sk in k.sub_kegiatan]}
    for level, items in nodes.items():
        if not items:
            continue
        rule_level = level.replace("_", "")  # OWNER_LEVELS spells it "subkegiatan"
        allowed = " atau ".join(j.replace("_", " ") for j in OWNER_LEVELS[rule_level])
        if not any(j[1] in OWNER_LEVELS[rule_level] for j in jabatan.items):
            diags.append(warning(Loc(rel), "I038", f"tidak ada jabatan berjenjang {allowed} untuk memegang "
                                 f"{LEVEL_WORDS[level]} hasil impor", f"tambahkan jabatannya di {rel}, lalu impor ulang"))
            continue
        holder = jabatan.default(rule_level)
        for node in items:
            node.penanggung_jawab = holder
        diags.append(warning(Loc(rel), "I038", f"SIPD tidak memuat penanggung jawab; {len(items)} {LEVEL_WORDS[level]} "
                             f"diberi penanggung jawab `{holder}`, jabatan berjenjang {allowed} pertama di opd.yaml",
                             f"tetapkan penanggung jawab setiap {LEVEL_WORDS[level]} yang sebenarnya di berkas program"))
    return diags


def run(root: str, files: list[str], opd: str, timpa: bool = False) -> int:
    """`cascade impor sipd FILE… --opd NAMA`: print every finding; write the OPD's YAML only when none
    is an error. 0 when written (or unchanged), 1 otherwise."""
    from cascade.impor.tulis import write_opd

    base = Path(root)
    rpjmd, diags = read_rpjmd(base)
    model = None
    if rpjmd is not None:
        opd_file = base / "data" / "opd" / opd / "opd.yaml"
        if not opd_file.is_file():
            diags.append(error(Loc(f"data/opd/{opd}/opd.yaml"), "I036", f"OPD `{opd}` belum ada",
                               f"buat dulu kerangkanya dengan `cascade opd-baru {opd}` dan isi opd.yaml, terutama "
                               "jabatannya (penanggung jawab hasil impor dipilih dari sana), lalu impor ulang"))
        model, found = import_sipd([Path(f) if Path(f).is_absolute() else base / f for f in files], base, opd, rpjmd)
        diags += found
        jabatan = load_jabatan(base, opd)
        if model is not None and jabatan.exists:
            diags += assign_owners(model, jabatan, relpath(str(opd_file), str(base)))
    failed = any(d.severity == Severity.ERROR for d in diags)
    if model is not None and not failed:
        result = write_opd(base, model, timpa=timpa)
        diags += result.diagnostics
        failed = any(d.severity == Severity.ERROR for d in result.diagnostics)
    for d in diags:  # in the order of the files and rows
        print(d.format())
    errors = sum(d.severity == Severity.ERROR for d in diags)
    warnings = len(diags) - errors
    if failed:
        print(f"Impor SIPD {opd}: {errors} galat, {warnings} peringatan — tidak ada berkas yang ditulis")
        return 1
    print(f"Impor SIPD {opd}: {len(result.written)} berkas ditulis, {len(result.unchanged)} tidak berubah, "
          f"{len(result.removed)} dihapus; {warnings} peringatan. Periksa dengan `git diff`, lalu "
          f"`cascade validate --opd {opd}`.")
    return 0
