"""Realisasi added, changed and removed between two sides of one OPD, per year and entry.

Removing a value that was reported (an annual value, a quarter) is what an Inspektorat asks about
first, so such entries are flagged `data_dihapus`.
"""
from __future__ import annotations

from cascade.model.realisasi import RealisasiIndikator, by_year
from cascade.model.types import Opd
from cascade.review.result import Delta, RealisasiChange

_NOTES = (("penghambat", "penghambat"), ("pendukung", "pendukung"))


def _values(entry, annual: str) -> dict[str, object]:
    if entry is None:
        return {}
    out: dict[str, object] = {}
    written = entry.nilai_tertulis if isinstance(entry, RealisasiIndikator) else entry.realisasi_tertulis
    if written is not None or (isinstance(entry, RealisasiIndikator) and entry.ada_nilai):
        out[annual] = written
    for q, v in sorted(entry.triwulan.items()):
        out[f"triwulan {q}"] = v
    return out


def _notes(entry) -> dict[str, str]:
    if entry is None:
        return {}
    out = {label: getattr(entry.catatan, name) for name, label in _NOTES if getattr(entry.catatan, name)}
    if getattr(entry, "sumber_data", None):
        out["sumber data"] = entry.sumber_data
    return out


def _deltas(old: dict, new: dict, keys) -> tuple[Delta, ...]:
    return tuple(Delta(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def _entry(tahun: int, jenis: str, key: str, a, b, label: str, satuan: str) -> RealisasiChange | None:
    annual = "nilai" if jenis == "indikator" else "realisasi"
    old, new = _values(a, annual), _values(b, annual)
    keys = [annual] + sorted(k for k in set(old) | set(new) if k != annual)
    values = _deltas(old, new, keys)
    notes = _deltas(_notes(a), _notes(b), [label for _, label in _NOTES] + ["sumber data"])
    if not values and not notes:
        return None
    status = "ditambah" if a is None else "dihapus" if b is None else "diubah"
    removed = any(d.before is not None and d.after is None for d in values)
    return RealisasiChange(status, tahun, jenis, key, label, satuan, values, notes, removed)


def diff_realisasi(before: Opd, after: Opd, indicator_name, node_name) -> list[RealisasiChange]:
    """`indicator_name(id)` → (nama, satuan); `node_name(id)` → the sub kegiatan's label."""
    old, new = by_year(list(before.realisasi)), by_year(list(after.realisasi))
    out = []
    for tahun in sorted(set(old) | set(new)):
        a, b = old.get(tahun), new.get(tahun)
        for jenis, getter in (("indikator", lambda r: r.indikator), ("anggaran", lambda r: r.anggaran)):
            x = getter(a) if a else {}
            y = getter(b) if b else {}
            for key in sorted(set(x) | set(y)):
                if jenis == "indikator":
                    label, satuan = indicator_name(key)
                else:
                    label, satuan = node_name(key), "Rp"
                change = _entry(tahun, jenis, key, x.get(key), y.get(key), label, satuan)
                if change:
                    out.append(change)
    return _moves(out)


def _moves(changes: list[RealisasiChange]) -> list[RealisasiChange]:
    """An entry removed under one id and added with the same values under another, in the same year
    (an indicator or sub kegiatan given a new id), is a move: told once, not flagged as data removed.
    Indicators must also keep their name; a budget line's name carries its code, which may change."""
    def values(c, side):
        return (tuple((d.field, getattr(d, side)) for d in c.values), tuple((d.field, getattr(d, side)) for d in c.notes))

    added = [c for c in changes if c.status == "ditambah"]
    out, used = [], set()
    for c in changes:
        if c.status == "ditambah":
            continue
        twin = None
        if c.status == "dihapus":
            twin = next((n for n, a in enumerate(added) if n not in used and (a.tahun, a.jenis) == (c.tahun, c.jenis)
                         and values(a, "after") == values(c, "before") and (a.jenis == "anggaran" or a.label == c.label)),
                        None)
        if twin is None:
            out.append(c)
            continue
        used.add(twin)
        a = added[twin]
        where = (Delta("dari", c.label, a.label),) if c.label != a.label else ()
        kept = tuple(Delta(d.field, d.after, d.after) for d in a.values)  # what moved, unchanged
        out.append(RealisasiChange("dipindah", a.tahun, a.jenis, a.id, a.label, a.satuan, kept, where, False))
    return out + [a for n, a in enumerate(added) if n not in used]

