"""Rencana Aksi (the quarterly breakdown of a PK) as frozen objects, built from
data/opd/<opd>/rencana-aksi/<tahun>.yaml.

Like realisasi, the builder trusts the schema and resolves nothing: an unknown indicator id or a
year outside the period still becomes a model that rules R130+ point into.

A quarter's target reads as the indicator's `pola_ukur` says (schema/rencana-aksi.schema.json):
hitungan = cumulative up to the end of the quarter, posisi = the state at the end of the quarter
(both: quarter 4 is the year's PK target), rilis = the value released by an outside body, usually in
the quarter of release only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from cascade.load.yaml_strict import Document
from cascade.model.realisasi import year_in_name
from cascade.model.types import Located, Value

TRIWULAN = (1, 2, 3, 4)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class RencanaTriwulan(Located):
    triwulan: int = 0
    target: Value = None
    ada_target: bool = False  # `target:` written (a quarter may hold actions only)
    aksi: tuple[str, ...] = ()


@dataclass(frozen=True)
class RencanaIndikator(Located):
    """One indicator's plan for the year. `penanggung_jawab`: a jabatan id, None for the indicator's owner."""

    id: str = ""
    penanggung_jawab: str | None = None
    triwulan: Mapping[int, RencanaTriwulan] = field(default_factory=dict)

    @property
    def target(self) -> dict[int, Value]:
        """quarter → target, for the quarters that have one."""
        return {q: t.target for q, t in self.triwulan.items() if t.ada_target}


@dataclass(frozen=True)
class RencanaAksiTahun(Located):
    """One rencana-aksi file. `tahun_berkas` comes from the file name (None when it is not a year)."""

    path: str = ""
    tahun: int = 0
    tahun_berkas: int | None = None
    indikator: Mapping[str, RencanaIndikator] = field(default_factory=dict)


def build_rencana_aksi(doc: Document) -> RencanaAksiTahun:
    data = doc.data
    indikator = {}
    for key, entry in sorted((data.get("indikator") or {}).items()):
        path = ("indikator", key)
        quarters = {}
        for q, plan in sorted((entry.get("triwulan") or {}).items(), key=lambda kv: int(kv[0])):
            at = path + ("triwulan", q)
            plan = plan or {}
            quarters[int(q)] = RencanaTriwulan(
                loc=doc.key_loc(at), locs={n: doc.loc(at + (n,)) for n in ("target", "aksi") if n in plan},
                triwulan=int(q), target=plan.get("target"), ada_target="target" in plan,
                aksi=tuple(plan.get("aksi") or ()))
        indikator[key] = RencanaIndikator(
            loc=doc.key_loc(path),
            locs={n: doc.loc(path + (n,)) for n in ("penanggung_jawab", "triwulan") if n in entry},
            id=key, penanggung_jawab=entry.get("penanggung_jawab"), triwulan=quarters)
    return RencanaAksiTahun(
        loc=doc.loc(()), locs={"tahun": doc.loc(("tahun",)), "indikator": doc.key_loc(("indikator",))}, path=doc.path, tahun=data.get("tahun"),
        tahun_berkas=year_in_name(doc.path), indikator=indikator)


def by_year(files) -> dict[int, RencanaAksiTahun]:
    """Rencana Aksi per year, keyed by the file name's year; files whose name is not a year are left out
    (rule R132 reports them)."""
    return {r.tahun_berkas: r for r in sorted(files, key=lambda r: r.path) if r.tahun_berkas is not None}
