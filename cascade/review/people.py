"""Jabatan and their holders before and after a change, and the PKs whose signatory that alters.

A holder is told by name, NIP, pangkat and status (Plt./Plh./Pj.), as the PK prints them. A PK is
signed by the holder of its jabatan (pihak pertama) and of the atasan (pihak kedua) on its signing
date, so a new holder changes the PKs of every year whose signing falls in their tenure.
"""
from __future__ import annotations

from cascade.documents.pk.data import owners
from cascade.model.types import JENJANG_LABEL, Jabatan, Opd, Pejabat, Pemda
from cascade.review.result import Delta, Holder, HolderChange, JabatanChange, PkEffect


def holder(p: Pejabat) -> Holder:
    return Holder(p.mulai.isoformat(), p.nama, p.nip_tampil, p.pangkat_tampil, p.awalan.strip() or "definitif")


def _holders(kind: str, j: Jabatan, pejabat, before: bool) -> list[HolderChange]:
    return [HolderChange(kind, j.id, j.nama, holder(p) if before else None, None if before else holder(p)) for p in pejabat]


def _jabatan_fields(a: Jabatan, b: Jabatan, name_a, name_b) -> tuple[Delta, ...]:
    out = []
    if a.nama != b.nama:
        out.append(Delta("nama jabatan", a.nama, b.nama))
    if a.jenjang != b.jenjang:
        out.append(Delta("jenjang", JENJANG_LABEL.get(a.jenjang, a.jenjang), JENJANG_LABEL.get(b.jenjang, b.jenjang)))
    if a.unit_kerja != b.unit_kerja:
        out.append(Delta("unit kerja", a.unit_kerja, b.unit_kerja))
    if a.atasan != b.atasan:
        out.append(Delta("atasan", name_a(a.atasan), name_b(b.atasan)))
    return tuple(out)


def _namer(opd: Opd, pemda: Pemda):
    by_id = opd.jabatan_by_id()
    return lambda jid: by_id[jid].nama if jid in by_id else (pemda.kepala_daerah.jabatan if jid == "kepala_daerah" else jid)


def diff_people(before: Opd, after: Opd, pemda: Pemda) -> tuple[list[JabatanChange], list[HolderChange], list[PkEffect]]:
    old, new = before.jabatan_by_id(), after.jabatan_by_id()
    name_a, name_b = _namer(before, pemda), _namer(after, pemda)
    jabatan, holders = [], []
    for jid in [j.id for j in after.jabatan] + [j.id for j in before.jabatan if j.id not in new]:
        if jid not in old:
            j = new[jid]
            jabatan.append(JabatanChange("ditambah", jid, j.nama, (Delta("atasan", "", name_b(j.atasan)),)))
            holders += _holders("ditambah", j, j.pejabat, before=False)
            continue
        if jid not in new:
            jabatan.append(JabatanChange("dihapus", jid, old[jid].nama))
            holders += _holders("dihapus", old[jid], old[jid].pejabat, before=True)
            continue
        a, b = old[jid], new[jid]
        details = _jabatan_fields(a, b, name_a, name_b)
        if details:
            jabatan.append(JabatanChange("diubah", jid, b.nama, details))
        x = {p.mulai: p for p in a.pejabat}
        y = {p.mulai: p for p in b.pejabat}
        for day in sorted(set(x) | set(y)):
            p, q = x.get(day), y.get(day)
            if p is None or q is None or holder(p) != holder(q):
                kind = "ditambah" if p is None else "dihapus" if q is None else "diubah"
                holders.append(HolderChange(kind, jid, b.nama, holder(p) if p else None, holder(q) if q else None))
    return jabatan, holders, pk_effects(before, after, pemda)


def _signer(opd: Opd, jid: str, day) -> str:
    j = opd.jabatan_by_id().get(jid)
    p = j.pemangku(day) if j else None
    return f"{p.awalan}{p.nama}" if p else "(kosong)"


def pk_effects(before: Opd, after: Opd, pemda: Pemda) -> list[PkEffect]:
    """Each PK of a jabatan present on both sides whose pihak pertama or pihak kedua signs differently."""
    old = before.jabatan_by_id()
    grouped: dict[tuple, list[str]] = {}
    for tahun in pemda.years:
        signing = pemda.settings.pk_dates(tahun)
        owning = owners(after, tahun)
        for j in after.jabatan:
            if j.id not in owning or j.id not in old:
                continue
            for day, perubahan in signing:
                label = f"{tahun} (perubahan)" if perubahan else str(tahun)
                roles = [("pihak pertama", j.id)]
                if j.atasan in after.jabatan_by_id():
                    roles.append(("pihak kedua", j.atasan))
                for peran, signer in roles:
                    was, now = _signer(before, signer, day), _signer(after, signer, day)
                    if was != now:
                        grouped.setdefault((j.id, j.nama, peran, was, now), []).append(label)
    return [PkEffect(jid, nama, peran, tuple(years), was, now) for (jid, nama, peran, was, now), years in grouped.items()]
