"""Rules for Rencana Aksi files (issue 28): data/opd/<opd>/rencana-aksi/<tahun>.yaml, the quarterly
breakdown of the year's Perjanjian Kinerja.

A quarter's target reads as the indicator's pola_ukur says (cascade/model/rencana_aksi.py): hitungan
is cumulative and ends at the PK target, posisi is the state at the quarter's end and ends at it too,
rilis is released once by an outside body. Which indicators a PK holds comes from
cascade/model/perjanjian.py, the same projection the PK document prints.
"""
from __future__ import annotations

from cascade.diagnostics import Severity, error, warning
from cascade.fmt import angka
from cascade.model.perjanjian import IKU_LEVELS, pk_indicators
from cascade.model.rencana_aksi import ROMAWI, RencanaAksiTahun, by_year
from cascade.model.types import LEVEL_LABEL, is_draf
from cascade.validate.registry import Context, all_indicators, rule
from cascade.validate.tahunan import close_match, unknown_indicator_hint, year_file_findings, year_of

# pola_ukur whose fourth quarter is the year: the cumulative count, or the state at the end of December
TW4_IS_YEAR = ("hitungan", "posisi")


def _files(ctx: Context) -> list[RencanaAksiTahun]:
    return sorted(ctx.opd.rencana_aksi, key=lambda r: r.path)


def _in_period(ctx: Context, r: RencanaAksiTahun) -> bool:
    return year_of(r) in ctx.pemda.years


def _pk(ctx: Context, tahun: int) -> dict:
    return pk_indicators(ctx.opd, tahun, ctx.pemda.settings.pk_tujuan)


def _entries(ctx: Context):
    """(file, year, id, entry, indicator) of every entry naming an indicator of a PK of its year."""
    for r in _files(ctx):
        if not _in_period(ctx, r):
            continue
        year = year_of(r)
        held = _pk(ctx, year)
        for key, entry in r.indikator.items():
            if key in held:
                yield r, year, key, entry, held[key][1]


def _numeric(values) -> bool:
    return all(isinstance(v, (int, float)) for v in values)


@rule("R130", "rencana aksi merujuk id indikator yang ada di OPD")
def known_indicator(ctx: Context):
    known = {i.id for _, i in all_indicators(ctx.opd)}
    nodes = {n.id for n in ctx.opd.nodes()}
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            if key in known:
                continue
            yield error(entry.loc, "R130", f"indikator `{key}` tidak ada di OPD ini", unknown_indicator_hint(key, known, nodes))


@rule("R131", "rencana aksi hanya untuk indikator yang termuat dalam Perjanjian Kinerja tahun itu")
def in_pk(ctx: Context):
    known = {i.id: (n, i) for n, i in all_indicators(ctx.opd)}
    for r in _files(ctx):
        if not _in_period(ctx, r):
            continue
        year = year_of(r)
        held = _pk(ctx, year)
        for key, entry in r.indikator.items():
            if key not in known or key in held:
                continue
            node, ind = known[key]
            where = f"{LEVEL_LABEL[node.level].lower()} `{node.id}`"
            if year not in ind.target:
                why = f"indikator ini tidak punya target tahun {year}"
                hint = f"tambahkan target tahun {year} pada indikatornya, atau hapus isian ini"
            elif node.level == "tujuan" and not ctx.pemda.settings.pk_tujuan:
                why = "tujuan PD tidak dimuat dalam PK (`pk_tujuan: false` di data/pemda.yaml)"
                hint = "hapus isian ini; rencana aksi menjabarkan indikator yang ada di PK"
            elif node.level in IKU_LEVELS and not ind.iku:  # pk_indikator: such a row lists its IKU only
                why = (f"{where} punya IKU, dan PK memuat IKU-nya saja (Kepala OPD menandatangani IKU, "
                       "PermenPANRB 53/2014); indikator ini bukan IKU")
                hint = "hapus isian ini, atau tandai indikatornya `iku: true` bila memang Indikator Kinerja Utama"
            else:
                why = (f"{where} menjadi rincian anggaran simpul di atasnya yang dipegang pejabat yang sama, "
                       "sehingga indikatornya tidak tercantum dalam PK")
                hint = "tulis rencana aksi untuk indikator simpul di atasnya, yang tercantum dalam PK"
            yield error(entry.loc, "R131",
                        f"indikator `{key}` tidak termuat dalam Perjanjian Kinerja tahun {year}: {why}", hint)


@rule("R132", "berkas rencana aksi bernama tahun di dalam periode Renstra, dan `tahun:` di dalamnya sama dengan nama berkas")
def file_year(ctx: Context):
    yield from year_file_findings("R132", "rencana aksi", _files(ctx), ctx.pemda.years, "berkas ini tidak dipakai",
                                  "rencana aksi menjabarkan PK tahun {span}; periksa nama berkasnya")


@rule("R133", "target triwulan IV sama dengan target tahunan PK untuk indikator hitungan dan posisi")
def tw4_is_pk_target(ctx: Context):
    for r, year, key, entry, ind in _entries(ctx):
        annual = ind.target.get(year)
        if ind.pola_ukur not in TW4_IS_YEAR or annual is None:
            continue
        targets = entry.target
        meaning = "jumlah kumulatif setahun" if ind.pola_ukur == "hitungan" else "keadaan pada akhir tahun"
        if 4 not in targets:
            yield error(entry.at("triwulan"), "R133",
                        f"rencana aksi indikator `{key}` tahun {year} belum punya target triwulan IV",
                        f"untuk pola ukur {ind.pola_ukur}, target triwulan IV adalah {meaning}, yaitu target PK "
                        f"{angka(annual)}; tambahkan `4: {{target: {annual}, aksi: [...]}}`")
        elif targets[4] != annual:
            yield error(entry.triwulan[4].at("target"), "R133",
                        f"target triwulan IV indikator `{key}` ({angka(targets[4])}) berbeda dengan target PK "
                        f"tahun {year} ({angka(annual)})",
                        f"untuk pola ukur {ind.pola_ukur}, target triwulan IV adalah {meaning}; samakan dengan "
                        "target tahunan, atau ubah target tahunannya di Renstra")


@rule("R134", "target triwulan indikator hitungan (kumulatif) tidak turun dari triwulan ke triwulan")
def cumulative_never_falls(ctx: Context):
    for r, year, key, entry, ind in _entries(ctx):
        targets = entry.target
        if ind.pola_ukur != "hitungan" or not _numeric(targets.values()):
            continue
        quarters = sorted(targets)
        for a, b in zip(quarters, quarters[1:]):
            if targets[b] < targets[a]:
                yield error(entry.triwulan[b].at("target"), "R134",
                            f"target indikator `{key}` (hitungan, kumulatif) turun dari {angka(targets[a])} pada "
                            f"triwulan {ROMAWI[a]} menjadi {angka(targets[b])} pada triwulan {ROMAWI[b]}",
                            "target hitungan ditulis kumulatif sampai akhir triwulan (triwulan II = triwulan I + "
                            "tambahan triwulan II), jadi tidak boleh turun; bila yang diukur keadaan pada akhir "
                            "triwulan, ubah `pola_ukur` indikatornya menjadi `posisi`")


@rule("R135", "triwulan yang bertarget punya paling sedikit satu aksi", Severity.WARNING)
def target_has_action(ctx: Context):
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            for q, plan in entry.triwulan.items():
                if plan.ada_target and not plan.aksi:
                    yield warning(plan.loc, "R135",
                                  f"triwulan {ROMAWI[q]} indikator `{key}` bertarget {angka(plan.target)} tetapi tanpa aksi",
                                  "tulis langkah yang dilakukan untuk mencapainya, misalnya "
                                  "`aksi: [Menyusun jadwal pelaksanaan]`")


@rule("R136", "penanggung jawab rencana aksi adalah id jabatan di opd.yaml")
def known_jabatan(ctx: Context):
    jabatan = ctx.opd.jabatan_by_id()
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            pj = entry.penanggung_jawab
            if pj is not None and pj not in jabatan:
                yield error(entry.at("penanggung_jawab"), "R136",
                            f"penanggung jawab rencana aksi indikator `{key}`, `{pj}`, bukan id jabatan di opd.yaml",
                            (close_match(pj, jabatan) + " id jabatan yang ada: " + ", ".join(sorted(jabatan))).strip())


@rule("R137", "target triwulan berupa angka, atau predikat dari skala indikator bila targetnya predikat")
def target_kind(ctx: Context):
    indicators = {i.id: i for _, i in all_indicators(ctx.opd)}
    for r in _files(ctx):
        for key, entry in r.indikator.items():
            ind = indicators.get(key)
            if ind is None:
                continue
            scale = ctx.pemda.skala.get(ind.skala) if ind.skala else None
            for q, value in entry.target.items():
                where = entry.triwulan[q].at("target")
                if scale is not None and value not in scale.urutan:
                    yield error(where, "R137", f"target triwulan {ROMAWI[q]} indikator `{key}` tertulis {value!r}, "
                                               f"bukan predikat pada skala {scale.nama}",
                                "predikat yang sah: " + ", ".join(scale.urutan))
                elif ind.skala is None and isinstance(value, str):
                    yield error(where, "R137", f"target triwulan {ROMAWI[q]} indikator `{key}` tertulis teks {value!r}, "
                                               f"padahal indikatornya diukur dengan angka ({ind.satuan})",
                                "tulis angka tanpa tanda kutip dan tanpa satuan, dengan titik desimal, misalnya 95.5")


@rule("R138", "indikator rilis (dirilis pihak luar) bertarget hanya pada triwulan rilisnya", Severity.WARNING)
def rilis_once(ctx: Context):
    for r, year, key, entry, ind in _entries(ctx):
        quarters = sorted(entry.target)
        if ind.pola_ukur == "rilis" and len(quarters) > 1:
            yield warning(entry.triwulan[quarters[0]].at("target"), "R138",
                          f"indikator `{key}` berpola ukur rilis (nilainya dirilis pihak luar sekali setahun), tetapi "
                          f"bertarget pada triwulan {', '.join(ROMAWI[q] for q in quarters)}",
                          "tulis target hanya pada triwulan hasilnya dirilis; triwulan lain cukup berisi aksi persiapan")


@rule("R139", "setiap indikator Perjanjian Kinerja dijabarkan dalam rencana aksi tahun itu (bila berkasnya ada)",
      Severity.WARNING)
def every_pk_indicator(ctx: Context):
    if is_draf(ctx.pemda, ctx.opd):  # a draft builds no PK (rules_draf.R102), so nothing is yet to be detailed
        return
    for year, r in sorted(by_year(ctx.opd.rencana_aksi).items()):
        if year not in ctx.pemda.years:
            continue
        missing = [(n, i) for key, (n, i) in _pk(ctx, year).items() if key not in r.indikator]
        for node, ind in missing:
            yield warning(r.at("indikator"), "R139",
                          f"indikator `{ind.id}` ({ind.nama}) tercantum dalam PK {year} tetapi belum punya rencana aksi",
                          f"tambahkan `{ind.id}:` di bawah `indikator:` dengan target dan aksi per triwulan")
