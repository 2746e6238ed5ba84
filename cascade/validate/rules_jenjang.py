"""Rules of the penjenjangan kinerja (issue 28): what an official supports is in the PK of their atasan,
and every official who signs a PK can be keyed by NIP in the SKP (PermenPANRB 6/2022)."""
from __future__ import annotations

from cascade.diagnostics import Severity, warning
from cascade.model.jenjang import dukungan, hierarchy, pk_rows
from cascade.model.perjanjian import owners
from cascade.validate.registry import Context, label, rule


def _chain(jabatan: dict, jid: str) -> list[str]:
    """`jid` and its atasan, their atasan … (stops at a cycle, which is R005's)."""
    seen = []
    while jid in jabatan and jid not in seen:
        seen.append(jid)
        jid = jabatan[jid].atasan
    return seen


@rule("R140", "hasil kerja pimpinan yang didukung (diintervensi) setiap pejabat ada di PK atasan langsungnya",
      Severity.WARNING)
def supports_atasan_pk(ctx: Context):
    opd, tahun = ctx.opd, ctx.tahun
    jabatan = opd.jabatan_by_id()
    tujuan = ctx.pemda.settings.pk_tujuan
    rows = pk_rows(opd, tahun, tujuan)
    owning = owners(opd, tahun)
    for j in hierarchy(opd):
        if j.id not in owning or j.atasan not in jabatan:  # the Kepala OPD supports the RPJMD (R110, R034)
            continue
        atasan = jabatan[j.atasan]
        for d in dukungan(opd, j.id, tahun, tujuan, rows):
            induk = d.induk
            if induk is None or induk.penanggung_jawab == j.id:
                continue
            if induk.penanggung_jawab not in _chain(jabatan, j.id):
                continue  # not a superior at all: R022 says so
            if induk.penanggung_jawab == atasan.id:  # in the atasan's PK: as a row, or as a budget line of one
                continue
            holder = jabatan[induk.penanggung_jawab]
            why = f"yang dipegang `{holder.id}` ({holder.nama}), bukan oleh atasan langsungnya `{atasan.id}` ({atasan.nama})"
            hint = (f"jadikan `{atasan.id}` penanggung jawab {label(induk)}, atau ubah `atasan` jabatan "
                    f"`{j.id}` di opd.yaml menjadi `{holder.id}`")
            yield warning(d.node.at("penanggung_jawab"), "R140",
                          f"{label(d.node)} (`{j.id}`) mendukung {label(induk)} {why}; hasil kerja pimpinan yang "
                          f"diintervensi tidak ada di PK atasan langsung tahun {tahun}, sehingga penjenjangan kinerja "
                          "dan SKP-nya terputus", hint)


@rule("R141", "pemangku jabatan yang menandatangani PK punya NIP (SKP disusun per NIP)", Severity.WARNING)
def owner_has_nip(ctx: Context):
    owning = owners(ctx.opd, ctx.tahun)
    for j in ctx.opd.jabatan:
        if j.id not in owning:
            continue
        for day, _ in ctx.pemda.settings.pk_dates(ctx.tahun)[:1]:  # the SKP is set with the PK murni
            p = j.pemangku(day)
            if p is not None and not p.nip:
                yield warning(p.loc, "R141", f"{p.nama}, pemangku jabatan `{j.id}` ({j.nama}) pada {day.isoformat()}, "
                                             "tidak ber-NIP; PK-nya tanpa NIP dan SKP-nya tidak dapat dikenali per NIP",
                              "tambahkan `nip:` 18 digit dari SK atau SIASN, dengan tanda kutip")
