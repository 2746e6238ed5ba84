"""Rules about what a plan still lacks (issue 26): findings a plan marked `status: draf` may carry as
peringatan (`completeness=True`, see registry.run_rules), and the one warning a final plan gets when
the PK of the year being built would print a target not set yet.
"""
from __future__ import annotations

from cascade.diagnostics import Severity, error, warning
from cascade.fmt import TARGET_KOSONG
from cascade.model.types import is_draf
from cascade.validate.registry import Context, all_indicators, label, rule


@rule("R110", "setiap tujuan PD mendukung paling sedikit satu sasaran RPJMD (`mendukung`)", completeness=True)
def tujuan_mendukung(ctx: Context):
    for t in ctx.opd.tujuan:
        if not t.mendukung:
            yield error(t.at("mendukung"), "R110", f"tujuan `{t.id}` ({t.uraian}) belum menyebut sasaran RPJMD yang didukungnya",
                        "tulis id sasaran RPJMD dari data/pemda.yaml, misalnya `mendukung: [RS1.1]`")


@rule("R111", "setiap tujuan dan sasaran PD punya paling sedikit satu indikator", completeness=True)
def tujuan_sasaran_indikator(ctx: Context):
    for t in ctx.opd.tujuan:
        for n in (t, *t.children):
            if not n.indikator:
                yield error(n.at("indikator"), "R111", f"{label(n)} ({n.uraian}) belum punya indikator",
                            "tambahkan paling sedikit satu indikator dengan id, nama, satuan, polaritas, baseline dan target")


@rule("R112", "pagu diisi untuk setiap tahun periode (tahun yang belum diisi tampil \"-\" dan tidak ikut dijumlah)",
      completeness=True)
def pagu_every_year(ctx: Context):
    years = ctx.pemda.years
    for n in ctx.opd.nodes():
        if n.pagu_tertulis is None:  # a kegiatan with neither sub kegiatan nor pagu is R101's
            continue
        missing = [y for y in years if y not in n.pagu_tertulis]
        if missing:
            yield error(n.at("pagu"), "R112", f"pagu {label(n)} tidak diisi untuk tahun {', '.join(map(str, missing))}",
                        "isi pagunya, atau 0 bila memang tidak dianggarkan pada tahun tersebut")


@rule("R100", "setiap program punya kegiatan (program yang baru berisi pagu, tanpa kegiatan, hanya untuk rencana draf)",
      completeness=True)
def program_has_kegiatan(ctx: Context):
    for t in ctx.opd.tujuan:
        for s in t.children:
            for p in s.children:
                if not p.children:
                    yield error(p.at("id"), "R100", f"program `{p.id}` ({p.judul}) belum punya kegiatan",
                                "tambahkan `kegiatan:` beserta sub kegiatannya; program yang baru berisi pagu hanya boleh pada "
                                "rencana `status: draf`")


@rule("R101", "setiap kegiatan punya sub kegiatan, atau pagunya ditulis pada kegiatan", completeness=True)
def kegiatan_has_sub(ctx: Context):
    for n in ctx.opd.nodes():
        if n.level == "kegiatan" and not n.children and n.pagu_tertulis is None:
            yield error(n.at("id"), "R101", f"kegiatan `{n.id}` tidak punya sub kegiatan dan tidak punya pagu",
                        "tambahkan `sub_kegiatan:` atau `pagu:` per tahun")


@rule("R102", "target indikator untuk tahun yang dibangun sudah ditetapkan (bukan `null`), karena PK tahun itu memuatnya",
      Severity.WARNING, scopes=("opd", "pemda"))
def pk_target_set(ctx: Context):
    if is_draf(ctx.pemda, ctx.opd):  # a draft builds no PK
        return
    if ctx.opd is None:  # the kepala daerah's PK: the RPJMD indicators
        found = [(f"indikator RPJMD `{ind.id}`", ind) for t in ctx.pemda.rpjmd_tujuan()
                 for ind in (*t.indikator, *(i for s in t.sasaran for i in s.indikator))]
    else:
        found = [(f"indikator `{ind.id}` ({label(n)})", ind) for n, ind in all_indicators(ctx.opd)]
    for what, ind in found:
        if ctx.tahun in ind.target and ind.target[ctx.tahun] is None:
            yield warning(ind.at(f"target.{ctx.tahun}"), "R102",
                          f"target {what} untuk tahun {ctx.tahun} belum ditetapkan; "
                          f"Perjanjian Kinerja {ctx.tahun} menampilkannya \"{TARGET_KOSONG}\"",
                          f"tetapkan target tahun {ctx.tahun} sebelum PK ditandatangani")
