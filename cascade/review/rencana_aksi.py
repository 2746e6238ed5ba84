"""Rencana Aksi changes between two sides of one OPD: per year and indicator, each quarter's target
and actions and the penanggung jawab that changed (issue 28: `make review` shows quarterly targets)."""
from __future__ import annotations

from cascade.model.rencana_aksi import ROMAWI, TRIWULAN, RencanaIndikator, by_year
from cascade.model.types import Opd
from cascade.review.result import Delta, RencanaAksiChange


def _fields(entry: RencanaIndikator | None, jabatan) -> dict[str, object]:
    """Field label → value as a reader compares it: the quarters' targets, their actions (one text),
    the penanggung jawab by jabatan name."""
    if entry is None:
        return {}
    out: dict[str, object] = {}
    for q in TRIWULAN:
        plan = entry.triwulan.get(q)
        if plan is None:
            continue
        if plan.ada_target:
            out[f"target TW {ROMAWI[q]}"] = plan.target
        if plan.aksi:
            out[f"aksi TW {ROMAWI[q]}"] = "; ".join(plan.aksi)
    if entry.penanggung_jawab:
        out["penanggung jawab"] = jabatan(entry.penanggung_jawab)
    return out


ORDER = [f"{kind} TW {ROMAWI[q]}" for q in TRIWULAN for kind in ("target", "aksi")] + ["penanggung jawab"]


def diff_rencana_aksi(before: Opd, after: Opd, indicator_name, jabatan) -> list[RencanaAksiChange]:
    """`indicator_name(id)` → (nama, satuan); `jabatan(id)` → the jabatan's name."""
    old, new = by_year(before.rencana_aksi), by_year(after.rencana_aksi)
    out = []
    for tahun in sorted(set(old) | set(new)):
        x = old[tahun].indikator if tahun in old else {}
        y = new[tahun].indikator if tahun in new else {}
        for key in sorted(set(x) | set(y)):
            a, b = _fields(x.get(key), jabatan), _fields(y.get(key), jabatan)
            values = tuple(Delta(f, a.get(f), b.get(f)) for f in ORDER if a.get(f) != b.get(f))
            if not values:
                continue
            status = "ditambah" if key not in x else "dihapus" if key not in y else "diubah"
            label, satuan = indicator_name(key)
            out.append(RencanaAksiChange(status, tahun, key, label, satuan, values))
    return out
