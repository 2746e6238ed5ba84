"""Rules on the adopted budget (`anggaran: {<tahun>: {dpa, perubahan}}` on each sub kegiatan) and on the
PK settings that go with it (R085–R091)."""
from __future__ import annotations

import re

from cascade.diagnostics import Severity, error, info, warning
from cascade.fmt import rupiah
from cascade.model.anggaran import has_dpa
from cascade.model.types import is_draf
from cascade.validate.registry import Context, rule

NOMOR_FIELDS = ("nomor", "singkatan", "tahun")


def _subkegiatan(ctx: Context):
    for n in ctx.opd.nodes():
        if n.level == "subkegiatan":
            yield n
    for p in ctx.orphans:
        yield from (n for n in p.walk() if n.level == "subkegiatan")


def _name(n) -> str:
    return f"{n.kode} {n.judul}" if n.kode else n.judul


@rule("R085", "DPA tahun yang dibangun dicatat untuk setiap sub kegiatan yang beranggaran (PK memakai angka DPA)",
      Severity.WARNING)
def dpa_recorded(ctx: Context):
    if is_draf(ctx.pemda, ctx.opd):  # a draft builds no PK, so no PK takes the pagu in place of the DPA
        return
    budgeted = [n for n in _subkegiatan(ctx) if n.pagu.get(ctx.tahun, 0) > 0]
    missing = [n for n in budgeted if not has_dpa(n, ctx.tahun)]
    if not missing:
        return
    first = min(missing, key=lambda n: n.at("pagu"))
    yield warning(first.at("pagu"), "R085",
                  f"DPA tahun {ctx.tahun} belum dicatat untuk {len(missing)} dari {len(budgeted)} sub kegiatan OPD ini "
                  f"(yang pertama di sini: {_name(first)}); PK tahun {ctx.tahun} memakai pagu indikatif Renstra untuk "
                  "sub kegiatan tersebut dan mencatat sumbernya di bawah tabel anggaran",
                  f"setelah DPA disahkan, tulis `anggaran: {{{ctx.tahun}: {{dpa: <Rupiah>}}}}` di setiap sub kegiatan")


@rule("R086", "DPA sub kegiatan yang berbeda dari pagu indikatif Renstra dicatat sebagai informasi", Severity.INFO)
def dpa_differs(ctx: Context):
    for n in _subkegiatan(ctx):
        for tahun, a in n.anggaran.items():
            pagu = n.pagu.get(tahun, 0)
            if a.dpa is None or a.dpa == pagu:
                continue
            selisih = a.dpa - pagu
            tanda = "+" if selisih > 0 else "-"
            yield info(a.at("dpa"), "R086",
                       f"DPA {tahun} sub kegiatan {_name(n)} {rupiah(a.dpa)} berbeda dari pagu indikatif Renstra "
                       f"{rupiah(pagu)} (selisih {tanda}{rupiah(abs(selisih))}); PK memakai angka DPA, Renstra tetap "
                       "memakai pagu indikatif",
                       "tidak perlu tindakan; bila selisihnya besar, jelaskan dalam evaluasi Renstra atau Renja")


@rule("R087", "tahun anggaran (DPA) sub kegiatan berada di dalam periode Renstra")
def anggaran_in_period(ctx: Context):
    years = ctx.pemda.years
    for n in _subkegiatan(ctx):
        for tahun in n.anggaran:
            if years and tahun not in years:
                yield error(n.at(f"anggaran.{tahun}"), "R087",
                            f"anggaran sub kegiatan {_name(n)} dicatat untuk tahun {tahun}, di luar periode "
                            f"{years[0]}–{years[-1]}",
                            f"periksa tahunnya; tahun yang sah {years[0]} sampai {years[-1]}")


@rule("R088", "anggaran perubahan sub kegiatan dicatat bersama angka DPA-nya")
def perubahan_needs_dpa(ctx: Context):
    for n in _subkegiatan(ctx):
        for tahun, a in n.anggaran.items():
            if a.perubahan is not None and a.dpa is None:
                yield error(a.at("perubahan"), "R088",
                            f"sub kegiatan {_name(n)} mencatat anggaran perubahan {tahun} tanpa angka DPA {tahun}; "
                            "PK murni tahun itu tidak tahu anggaran awalnya",
                            f"tambahkan `dpa:` (anggaran sebelum APBD Perubahan) di `anggaran.{tahun}`")


@rule("R089", "anggaran perubahan dicatat hanya untuk tahun yang memiliki tanggal PK Perubahan", Severity.WARNING)
def perubahan_has_pk(ctx: Context):
    dated = ctx.pemda.settings.tanggal_pk_perubahan
    first: dict[int, tuple] = {}
    counts: dict[int, int] = {}
    for n in _subkegiatan(ctx):
        for tahun, a in n.anggaran.items():
            if a.perubahan is None or tahun in dated:
                continue
            counts[tahun] = counts.get(tahun, 0) + 1
            if tahun not in first or a.at("perubahan") < first[tahun][0]:
                first[tahun] = (a.at("perubahan"), n)
    for tahun in sorted(first):
        loc, n = first[tahun]
        yield warning(loc, "R089",
                      f"anggaran perubahan {tahun} dicatat untuk {counts[tahun]} sub kegiatan (yang pertama di sini: "
                      f"{_name(n)}), tetapi tanggal PK Perubahan {tahun} belum ada, sehingga PK Perubahan tidak dibangun",
                      f"isi `tanggal_pk_perubahan: {{{tahun}: \"{tahun}-10-01\"}}` di bagian `dokumen:` data/pemda.yaml "
                      "dengan tanggal penandatanganan yang sebenarnya")


@rule("R090", "pola nomor PK (`dokumen.nomor_pk`) hanya memakai isian {nomor}, {singkatan} dan {tahun}",
      scopes=("pemda",))
def nomor_pattern(ctx: Context):
    pattern = ctx.pemda.settings.nomor_pk
    if not pattern:
        return
    unknown = [f for f in re.findall(r"\{([^{}]*)\}", pattern) if f not in NOMOR_FIELDS]
    stray = re.sub(r"\{[^{}]*\}", "", pattern)
    if unknown or "{" in stray or "}" in stray:
        what = ", ".join(f"{{{f}}}" for f in unknown) if unknown else "kurung kurawal yang tidak berpasangan"
        yield error(ctx.pemda.settings.at("nomor_pk"), "R090", f"pola nomor PK \"{pattern}\" memuat {what}",
                    "isian yang dapat dipakai: {nomor}, {singkatan}, {tahun}; misalnya \"{nomor}/PK/{singkatan}/{tahun}\"")


@rule("R091", "PPPK (golongan I–XVII tanpa ruang) tidak ditulis berpangkat", Severity.WARNING)
def pppk_no_pangkat(ctx: Context):
    for j in ctx.opd.jabatan:
        for p in j.pejabat:
            if p.pppk and p.pangkat:
                yield warning(p.at("pangkat"), "R091",
                              f"{p.nama} ({j.nama}) bergolongan PPPK {p.golongan}, tetapi tertulis berpangkat "
                              f"\"{p.pangkat}\"; PPPK tidak memiliki pangkat, jadi yang dicetak \"Golongan {p.golongan}\"",
                              "hapus baris `pangkat:`; jenjang jabatan fungsional (Ahli Pertama dan sebagainya) "
                              "sudah tercantum di nama jabatan")
