"""Cross-OPD rules (issue 8): keselarasan of every Renstra PD with the RPJMD.

They run once per check in the "pemda" scope, over every OPD whose model could be built, and read
the same analysis as the keselarasan report (cascade/model/keselarasan.py). Findings inside an OPD folder
are shown only when that OPD is being checked (pipeline.check filters them).
"""
from __future__ import annotations

import difflib

from cascade.diagnostics import Severity, error, warning
from cascade.fmt import angka
from cascade.model.keselarasan import (
    HANYA_PENERIMA,
    analysed,
    declares_mendukung,
    rpjmd_indicators,
)
from cascade.model.types import LEVEL_LABEL
from cascade.validate.registry import Context, rule

PEMDA_SCOPE = ("pemda",)


def _analysis(ctx: Context):
    """The analysis of this check, computed once for all six rules and the report built after it."""
    return analysed(ctx.pemda, ctx.others)


def _close(value: str, known) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"maksud Anda `{close[0]}`? " if close else ""


@rule("R030", "`sama_dengan` pada indikator OPD merujuk indikator RPJMD yang ada", scopes=PEMDA_SCOPE)
def sama_dengan_known(ctx: Context):
    known = rpjmd_indicators(ctx.pemda)
    for item in _analysis(ctx).sama_dengan:
        if item.rpjmd is None:
            ind = item.indikator
            yield error(ind.at("sama_dengan"), "R030",
                        f"indikator `{ind.id}` dinyatakan sama dengan indikator RPJMD `{ind.sama_dengan}` yang tidak ada di data/pemda.yaml",
                        _close(ind.sama_dengan, known) + "indikator RPJMD yang ada: " + ", ".join(sorted(known)))


@rule("R031", "crosscutting yang diterima juga dicatat oleh OPD pemberinya", Severity.WARNING, scopes=PEMDA_SCOPE)
def crosscutting_acknowledged(ctx: Context):
    for link in _analysis(ctx).tautan:
        if link.status == HANYA_PENERIMA:
            yield warning(link.entry.loc, "R031",
                          f"simpul `{link.penerima_node}` mencatat crosscutting dari simpul `{link.pemberi_node}` OPD `{link.pemberi}`, "
                          f"tetapi simpul itu tidak mencatat crosscutting ke `{link.penerima}`/`{link.penerima_node}`",
                          f"minta OPD `{link.pemberi}` menambahkan `crosscutting: [{{opd: {link.penerima}, node: {link.penerima_node}}}]` "
                          f"pada simpul `{link.pemberi_node}`, atau hapus catatan ini bila kerja samanya batal")


def _tampil(value) -> str:
    return "(kosong)" if value is None else angka(value)


@rule("R032", "target indikator yang `sama_dengan` indikator RPJMD sama dengan target RPJMD setiap tahun",
      Severity.WARNING, scopes=PEMDA_SCOPE)
def sama_dengan_targets(ctx: Context):
    for item in _analysis(ctx).sama_dengan:
        ind = item.indikator
        for s in item.selisih:
            yield warning(ind.at(f"target.{s.tahun}") if s.tahun in ind.target else ind.at("target"), "R032",
                          f"target indikator `{ind.id}` tahun {s.tahun} adalah {_tampil(s.target_opd)}, sedangkan indikator RPJMD "
                          f"`{item.rpjmd.id}` yang dinyatakan sama menargetkan {_tampil(s.target_rpjmd)}",
                          "samakan targetnya dengan RPJMD, atau hapus `sama_dengan` bila indikatornya memang berbeda")


# Only when every OPD is checked: validating one OPD cannot tell whether another supports the sasaran.
@rule("R033", "setiap sasaran RPJMD didukung paling sedikit satu tujuan atau sasaran OPD (diperiksa bila semua OPD diperiksa)",
      Severity.WARNING, scopes=("semua",))
def rpjmd_sasaran_supported(ctx: Context):
    for item in _analysis(ctx).tanpa_dukungan():
        rs = item.sasaran
        yield warning(rs.at("id"), "R033", f"sasaran RPJMD `{rs.id}` ({rs.uraian}) belum didukung tujuan atau sasaran OPD mana pun",
                      f"OPD pengampu urusannya menambahkan `{rs.id}` ke `mendukung` salah satu tujuan PD-nya")


@rule("R034", "`mendukung` pada sasaran PD merujuk sasaran RPJMD yang ada", scopes=PEMDA_SCOPE)
def sasaran_mendukung_known(ctx: Context):
    known = {s.id for s in ctx.pemda.rpjmd_sasaran()}
    tujuan_ids = {t.id for t in ctx.pemda.rpjmd_tujuan()}
    for key in sorted(ctx.others):
        for t in ctx.others[key].tujuan:
            for s in t.children:
                for ref in s.mendukung if declares_mendukung(s) else ():
                    if ref not in known:
                        hint = (f"`{ref}` adalah tujuan RPJMD; tulis id sasaran RPJMD di bawahnya" if ref in tujuan_ids
                                else _close(ref, known) + "sasaran RPJMD yang ada: " + ", ".join(sorted(known)))
                        yield error(s.at("mendukung"), "R034",
                                    f"sasaran `{s.id}` merujuk sasaran RPJMD `{ref}` yang tidak ada di data/pemda.yaml", hint)


@rule("R035", "setiap sasaran PD mendukung paling sedikit satu sasaran RPJMD", Severity.WARNING, scopes=PEMDA_SCOPE)
def sasaran_supports_rpjmd(ctx: Context):
    for item in _analysis(ctx).opd:
        for s in item.tak_mendukung:
            if declares_mendukung(s) and not s.mendukung:  # unknown ids are R034's galat, not this
                yield warning(s.at("mendukung"), "R035",
                              f"{LEVEL_LABEL[s.level].lower()} `{s.id}` ({s.uraian}) tidak mendukung sasaran RPJMD mana pun",
                              "tulis sasaran RPJMD yang didukungnya di `mendukung`, atau bahas dengan Bappeda apakah sasaran ini perlu ada")
