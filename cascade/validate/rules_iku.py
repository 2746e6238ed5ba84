"""Rules about IKU (Indikator Kinerja Utama) and the Manual IKU fields (issue 28).

What a plan still lacks (an IKU not chosen, a definition or formula not written) is a completeness
finding: a peringatan in a plan marked `status: draf`, so an imported draft still builds. A formula
names its components in braces ("{A} / {B} × 100%", cascade/model/iku.py) and each is described in
`komponen`.
"""
from __future__ import annotations

from collections import Counter

from cascade.diagnostics import error
from cascade.model.iku import rpjmd_indikator, simbol_formula, unpaired_braces
from cascade.model.types import Indikator
from cascade.validate.registry import Context, all_indicators, label, rule

_FIELDS = (("definisi", "definisi operasional (`definisi`)"), ("formula", "formula (`formula`)"),
           ("sumber_data", "sumber data (`sumber_data`)"))


def _indicators(ctx: Context) -> list[tuple[str, Indikator]]:
    """(where, indicator) of every indicator in scope: the OPD's, or the RPJMD's for the Pemda."""
    if ctx.opd is None:
        return list(rpjmd_indikator(ctx.pemda))
    return [(label(n), i) for n, i in all_indicators(ctx.opd)]


@rule("R120", "setiap tujuan dan sasaran PD punya paling sedikit satu IKU (`iku: true` pada indikatornya)",
      completeness=True)
def tujuan_sasaran_iku(ctx: Context):
    for t in ctx.opd.tujuan:
        for n in (t, *t.children):
            if n.indikator and not any(i.iku for i in n.indikator):  # no indicator at all is R111's
                yield error(n.at("indikator"), "R120", f"{label(n)} ({n.uraian}) belum punya Indikator Kinerja Utama (IKU)",
                            "tulis `iku: true` pada indikator yang paling tepat mengukur hasil "
                            f"{label(n).split(' ')[0]} ini, lengkap dengan definisi, formula dan sumber data")


@rule("R121", "setiap IKU punya definisi operasional, formula dan sumber data", scopes=("opd", "pemda"),
      completeness=True)
def iku_lengkap(ctx: Context):
    for where, ind in _indicators(ctx):
        if not ind.iku:
            continue
        missing = [name for key, name in _FIELDS if not getattr(ind, key)]
        if missing:
            yield error(ind.at("iku"), "R121", f"IKU `{ind.id}` ({where}) belum punya {_and(missing)}",
                        "tulis " + _and([f"`{key}:`" for key, name in _FIELDS if not getattr(ind, key)])
                        + " pada indikator ini; formula menyebut komponennya dalam kurung kurawal, misalnya "
                          "`formula: \"{A} / {B} × 100%\"`")


@rule("R122", "setiap komponen yang disebut di formula (dalam kurung kurawal) diuraikan di `komponen`",
      scopes=("opd", "pemda"), completeness=True)
def formula_described(ctx: Context):
    for where, ind in _indicators(ctx):
        described = {k.simbol for k in ind.komponen}
        if unpaired_braces(ind.formula):
            yield error(ind.at("formula"), "R122",
                        f"formula indikator `{ind.id}` ({where}) memuat kurung kurawal yang tidak berpasangan: "
                        f"\"{ind.formula}\"",
                        "setiap komponen ditulis dalam satu pasang kurung kurawal, misalnya \"{A} / {B} × 100%\"; "
                        "kurung kurawal tidak dipakai untuk hal lain")
        for simbol in simbol_formula(ind.formula):
            if simbol not in described:
                yield error(ind.at("formula"), "R122",
                            f"formula indikator `{ind.id}` ({where}) menyebut komponen {{{simbol}}} yang tidak diuraikan "
                            "di `komponen`",
                            f"tambahkan `komponen:` dengan `simbol: {simbol}`, `uraian` dan `sumber_data`"
                            if _is_symbol(simbol) else
                            "simbol komponen ditulis tanpa spasi (huruf, angka atau garis bawah), misalnya {A} atau "
                            "{PD_terhubung}, dan diuraikan di `komponen`")


@rule("R123", "setiap komponen yang diuraikan dipakai di formula indikatornya, dan simbolnya tidak dipakai dua kali",
      scopes=("opd", "pemda"))
def komponen_used(ctx: Context):
    for where, ind in _indicators(ctx):
        used = set(simbol_formula(ind.formula))
        seen = Counter()
        for k in ind.komponen:
            seen[k.simbol] += 1
            if seen[k.simbol] == 2:
                yield error(k.at("simbol"), "R123", f"simbol komponen `{k.simbol}` dipakai dua kali pada indikator "
                            f"`{ind.id}` ({where})", "beri setiap komponen simbol yang berbeda")
            elif seen[k.simbol] == 1 and k.simbol not in used:
                hint = (f"tulis {{{k.simbol}}} di formula, atau hapus komponen ini" if ind.formula else
                        f"tulis `formula:` yang memakai komponen ini, misalnya \"{{{k.simbol}}}\"")
                yield error(k.at("simbol"), "R123", f"komponen `{k.simbol}` ({k.uraian}) tidak dipakai di formula "
                            f"indikator `{ind.id}` ({where})", hint)


@rule("R124", "`iku: true` hanya pada indikator tujuan dan sasaran (IKU PD pada Renstra, IKU Pemda pada RPJMD)")
def iku_level(ctx: Context):
    for n, ind in all_indicators(ctx.opd):
        if ind.iku and n.level not in ("tujuan", "sasaran"):
            yield error(ind.at("iku"), "R124", f"indikator `{ind.id}` pada {label(n)} ditandai IKU; IKU hanya "
                        "indikator tujuan dan sasaran PD", "hapus `iku: true` dari indikator ini; indikator program, "
                        "kegiatan dan sub kegiatan bukan IKU")


@rule("R125", "setiap sasaran RPJMD punya paling sedikit satu IKU Pemda (`iku: true` pada indikatornya)",
      scopes=("pemda",), completeness=True)
def rpjmd_sasaran_iku(ctx: Context):
    for s in ctx.pemda.rpjmd_sasaran():
        if s.indikator and not any(i.iku for i in s.indikator):
            yield error(s.at("indikator"), "R125", f"sasaran RPJMD `{s.id}` ({s.uraian}) belum punya IKU Pemda",
                        "tulis `iku: true` pada indikator sasaran RPJMD ini di data/pemda.yaml, lengkap dengan "
                        "definisi, formula dan sumber data")


def _is_symbol(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text.isascii() and text.replace("_", "").isalnum()


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]
