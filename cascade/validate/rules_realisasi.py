"""Rules for realisasi files (issue 7): data/opd/<opd>/realisasi/<tahun>.yaml.

Quarterly values are the state at the end of each quarter (schema/realisasi.schema.json):
cumulative for hitungan indicators and for budgets, a position for posisi indicators; rilis values
(released indices) are never split into quarters (primer §3.6 rule 8).
"""
from __future__ import annotations

from cascade.diagnostics import Severity, error, warning
from cascade.fmt import angka, rupiah
from cascade.model.realisasi import RealisasiTahun
from cascade.model.types import KATEGORI_BAWAAN, LEVEL_LABEL
from cascade.validate.registry import Context, rule
from cascade.validate.registry import all_indicators as _all_indicators
from cascade.validate.tahunan import close_match, unknown_indicator_hint, year_file_findings, year_of

NAMA_KATEGORI = {"sangat_tinggi": "sangat tinggi", "tinggi": "tinggi", "sedang": "sedang", "rendah": "rendah"}


def _files(ctx: Context) -> list[RealisasiTahun]:
    return sorted(ctx.opd.realisasi, key=lambda r: r.path)


@rule("R050", "realisasi indikator merujuk id indikator yang ada di OPD")
def realisasi_indicator_known(ctx: Context):
    known = {i.id for _, i in _all_indicators(ctx.opd)}
    nodes = {n.id for n in ctx.opd.nodes()}
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            if key in known:
                continue
            yield error(entry.loc, "R050", f"realisasi tahun {year_of(r)} dicatat untuk indikator `{key}` yang tidak ada di OPD ini",
                        unknown_indicator_hint(key, known, nodes))


@rule("R051", "realisasi anggaran merujuk id sub kegiatan yang ada di OPD")
def realisasi_subkegiatan_known(ctx: Context):
    nodes = {n.id: n for n in ctx.opd.nodes()}
    subs = sorted(i for i, n in nodes.items() if n.level == "subkegiatan")
    for r in _files(ctx):
        for key, entry in r.anggaran.items():
            node = nodes.get(key)
            if node is not None and node.level == "subkegiatan":
                continue
            if node is not None:
                hint = (f"`{key}` adalah {LEVEL_LABEL[node.level].lower()}; anggaran dicatat per sub kegiatan, "
                        f"realisasi {LEVEL_LABEL[node.level].lower()} dijumlahkan otomatis")
            else:
                hint = (close_match(key, subs) + " lihat id sub kegiatan di program/*.yaml").strip()
            yield error(entry.loc, "R051", f"realisasi anggaran tahun {year_of(r)} dicatat untuk sub kegiatan `{key}` yang tidak ada", hint)


@rule("R052", "berkas realisasi bernama tahun di dalam periode, dan `tahun:` di dalamnya sama dengan nama berkas")
def realisasi_year(ctx: Context):
    yield from year_file_findings("R052", "realisasi", _files(ctx), ctx.pemda.years,
                                  "berkas ini tidak dipakai dalam evaluasi",
                                  "realisasi hanya dicatat untuk tahun {span}; periksa nama berkasnya")


def _numbers(values: dict) -> bool:
    return all(isinstance(v, (int, float)) for v in values.values())


@rule("R053", "nilai triwulan sejalan dengan nilai tahunan menurut pola ukur (hitungan kumulatif, posisi dan anggaran: tahunan = triwulan 4)")
def quarters_agree(ctx: Context):
    indicators = {i.id: i for _, i in _all_indicators(ctx.opd)}
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            ind = indicators.get(key)
            if ind is None or ind.pola_ukur == "rilis" or not entry.triwulan or not _numbers(entry.triwulan):
                continue
            q = entry.triwulan
            if ind.pola_ukur == "hitungan":
                for a, b in zip(sorted(q), sorted(q)[1:]):
                    if q[b] < q[a]:
                        yield error(entry.at(f"triwulan.{b}"), "R053",
                                    f"indikator `{key}` (hitungan, kumulatif) turun dari {angka(q[a])} pada triwulan {a} "
                                    f"menjadi {angka(q[b])} pada triwulan {b}",
                                    "nilai triwulan hitungan ditulis kumulatif sampai akhir triwulan, jadi tidak boleh turun; "
                                    "bila pola ukurnya keadaan pada suatu tanggal, ubah `pola_ukur` menjadi `posisi`")
            nilai = entry.nilai_tertulis
            if not isinstance(nilai, (int, float)):
                continue
            if 4 in q and q[4] != nilai:
                yield error(entry.at("nilai"), "R053",
                            f"nilai tahunan indikator `{key}` ({angka(nilai)}) berbeda dengan triwulan 4 ({angka(q[4])})",
                            f"untuk pola ukur {ind.pola_ukur}, nilai tahunan sama dengan keadaan akhir triwulan 4; samakan keduanya")
            elif ind.pola_ukur == "hitungan" and nilai < max(q.values()):
                top = max(q, key=lambda k: q[k])
                yield error(entry.at("nilai"), "R053",
                            f"nilai tahunan indikator `{key}` ({angka(nilai)}) lebih kecil dari triwulan {top} ({angka(q[top])})",
                            "nilai hitungan kumulatif; nilai tahunan paling sedikit sama dengan triwulan terakhir")
        for key, entry in r.anggaran.items():
            q = entry.triwulan
            for a, b in zip(sorted(q), sorted(q)[1:]):
                if q[b] < q[a]:
                    yield error(entry.at(f"triwulan.{b}"), "R053",
                                f"realisasi anggaran `{key}` turun dari {rupiah(q[a])} pada triwulan {a} menjadi {rupiah(q[b])} pada triwulan {b}",
                                "realisasi anggaran per triwulan ditulis kumulatif (sampai akhir triwulan), jadi tidak boleh turun")
            total = entry.realisasi_tertulis
            if total is not None and 4 in q and q[4] != total:
                yield error(entry.at("realisasi"), "R053",
                            f"realisasi anggaran tahunan `{key}` ({rupiah(total)}) berbeda dengan triwulan 4 ({rupiah(q[4])})",
                            "triwulan 4 adalah realisasi kumulatif setahun; samakan keduanya")
            elif total is not None and q and total < max(q.values()):
                yield error(entry.at("realisasi"), "R053",
                            f"realisasi anggaran tahunan `{key}` ({rupiah(total)}) lebih kecil dari realisasi kumulatif triwulan {max(q)}",
                            "realisasi tahunan paling sedikit sama dengan realisasi kumulatif triwulan terakhir")


@rule("R054", "indikator berpola ukur rilis (indeks dari pihak luar) tidak diisi per triwulan")
def rilis_not_quarterly(ctx: Context):
    indicators = {i.id: i for _, i in _all_indicators(ctx.opd)}
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            ind = indicators.get(key)
            if ind is not None and ind.pola_ukur == "rilis" and entry.triwulan:
                yield error(entry.at("triwulan"), "R054",
                            f"indikator `{key}` berpola ukur rilis (nilainya dirilis pihak luar), tetapi diisi per triwulan",
                            "hapus `triwulan:` dan tulis `nilai:` sekali setelah hasilnya dirilis; "
                            "sebelum dirilis tulis `nilai: null` (tampil \"belum ada data\")")


@rule("R055", "nilai realisasi berupa angka, atau predikat dari skala indikator bila targetnya predikat")
def realisasi_value_kind(ctx: Context):
    indicators = {i.id: i for _, i in _all_indicators(ctx.opd)}
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            ind = indicators.get(key)
            if ind is None:
                continue
            values = [("nilai", entry.nilai_tertulis)] + [(f"triwulan.{q}", v) for q, v in entry.triwulan.items()]
            scale = ctx.pemda.skala.get(ind.skala) if ind.skala else None
            for where, value in values:
                if value is None:
                    continue
                if scale is not None and value not in scale.urutan:
                    yield error(entry.at(where), "R055",
                                f"realisasi indikator `{key}` tertulis {value!r}, bukan predikat pada skala {scale.nama}",
                                (close_match(str(value), scale.urutan) + " predikat yang sah: " + ", ".join(scale.urutan)).strip())
                elif ind.skala is None and isinstance(value, str):
                    yield error(entry.at(where), "R055",
                                f"realisasi indikator `{key}` tertulis teks {value!r}, padahal indikatornya diukur dengan angka ({ind.satuan})",
                                "tulis angka tanpa tanda kutip dan tanpa satuan, dengan titik desimal, misalnya 95.5; "
                                "bila datanya belum ada, tulis `nilai: null`")


@rule("R056", "realisasi anggaran sub kegiatan tidak melebihi pagunya", Severity.WARNING)
def within_pagu(ctx: Context):
    nodes = {n.id: n for n in ctx.opd.nodes() if n.level == "subkegiatan"}
    for r in _files(ctx):
        year = year_of(r)
        for key, entry in r.anggaran.items():
            node = nodes.get(key)
            amount = entry.realisasi
            if node is None or amount is None:
                continue
            pagu = node.pagu.get(year)
            if pagu is not None and amount > pagu:
                where = "realisasi" if entry.realisasi_tertulis is not None else f"triwulan.{max(entry.triwulan)}"
                yield warning(entry.at(where), "R056",
                              f"realisasi anggaran sub kegiatan `{key}` tahun {year} ({rupiah(amount)}) melebihi pagunya "
                              f"({rupiah(pagu)}), selisih {rupiah(amount - pagu)}",
                              "periksa angka realisasi; bila pagu berubah (APBD Perubahan), perbarui pagu di "
                              f"{node.loc.file}")


@rule("R057", "batas kategori capaian (`evaluasi.kategori` di pemda.yaml) menurun dari sangat tinggi ke rendah",
      scopes=("pemda",))
def bands_descending(ctx: Context):
    bands = ctx.pemda.kategori_capaian
    keys = list(KATEGORI_BAWAAN)
    for hi, lo in zip(keys, keys[1:]):
        if bands[hi] <= bands[lo]:
            yield error(ctx.pemda.at("kategori"), "R057",
                        f"batas kategori {NAMA_KATEGORI[hi]} ({angka(bands[hi])}) harus lebih besar dari batas "
                        f"{NAMA_KATEGORI[lo]} ({angka(bands[lo])})",
                        "bawaan Permendagri 86/2017: sangat_tinggi 91, tinggi 76, sedang 66, rendah 51")
