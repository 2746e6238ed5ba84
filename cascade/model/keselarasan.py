"""Keselarasan Renstra–RPJMD across the whole Pemda (issue 8): a pure analysis over the model.

`analyse(pemda, opds)` returns one frozen `Keselarasan`; the cross-OPD rules (validate/rules_lintas.py)
and the report renderers (render/keselarasan.py) both read it, so a finding in the report and the
diagnostic that points at its line can never disagree.

How an OPD sasaran supports the RPJMD: through its tujuan's `mendukung`, unless the sasaran writes
its own `mendukung`, which then replaces the tujuan's list for that sasaran. `mendukung: []` on a
sasaran says, honestly, that it supports no RPJMD sasaran (a literacy sasaran in an RPJMD without
one, an internal sasaran); such sasaran are what Bappeda's evaluation calls "tidak selaras".
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Mapping

from cascade.model.types import (
    Indikator,
    Misi,
    Node,
    Opd,
    Pemda,
    RpjmdSasaran,
    RpjmdTujuan,
)

DIAKUI = "diakui"  # both sides wrote the link
HANYA_PEMBERI = "hanya_pemberi"  # the contributing node lists it; the receiving node does not acknowledge it
HANYA_PENERIMA = "hanya_penerima"  # the receiving node claims it; the contributing node does not list it
STATUS_LABEL = {
    DIAKUI: "diakui kedua pihak",
    HANYA_PEMBERI: "sepihak: belum diakui penerima",
    HANYA_PENERIMA: "sepihak: tidak dicatat pemberi",
}


@dataclass(frozen=True)
class Pendukung:
    """One OPD tujuan or sasaran that supports an RPJMD tujuan or sasaran."""

    opd: Opd
    node: Node


@dataclass(frozen=True)
class SasaranRpjmd:
    sasaran: RpjmdSasaran
    pendukung: tuple[Pendukung, ...]  # OPD tujuan first, then OPD sasaran; OPDs by key

    @property
    def didukung(self) -> bool:
        return bool(self.pendukung)


@dataclass(frozen=True)
class TujuanRpjmd:
    misi: Misi
    tujuan: RpjmdTujuan
    pendukung: tuple[Pendukung, ...]  # OPD tujuan supporting any of its sasaran
    sasaran: tuple[SasaranRpjmd, ...]


@dataclass(frozen=True)
class PorsiPagu:
    """The part of an OPD's pagu spent by sasaran that support exactly these RPJMD sasaran.

    A sasaran supporting two RPJMD sasaran is counted once under both together rather than split by
    an invented ratio; `sasaran_rpjmd == ()` is the pagu of sasaran that support none.
    """

    sasaran_rpjmd: tuple[str, ...]
    pagu: Mapping[int, int]
    persen: Mapping[int, float | None]  # share of the OPD's pagu that year, None when the OPD has none


@dataclass(frozen=True)
class OpdKeselarasan:
    opd: Opd
    tak_mendukung: tuple[Node, ...]  # sasaran PD that support no RPJMD sasaran
    porsi: tuple[PorsiPagu, ...]
    total: Mapping[int, int]


@dataclass(frozen=True)
class Tautan:
    """One crosscutting link: `pemberi_node` of `pemberi` contributes to `penerima_node` of `penerima`."""

    pemberi: str
    pemberi_node: str
    penerima: str
    penerima_node: str
    status: str
    keterangan: str | None
    entry: object  # the Crosscutting entry that states the link (the giver's, or the receiver's when only it exists)

    @property
    def label(self) -> str:
        return STATUS_LABEL[self.status]


@dataclass(frozen=True)
class Selisih:
    tahun: int
    target_opd: object
    target_rpjmd: object


@dataclass(frozen=True)
class SamaDengan:
    """An OPD indicator declared to be the same as an RPJMD indicator, and where their targets differ."""

    opd: Opd
    node: Node
    indikator: Indikator
    rpjmd: Indikator | None  # None: `sama_dengan` names no RPJMD indicator
    selisih: tuple[Selisih, ...]


@dataclass(frozen=True)
class Keselarasan:
    pemda: Pemda
    tujuan: tuple[TujuanRpjmd, ...]
    opd: tuple[OpdKeselarasan, ...]
    tautan: tuple[Tautan, ...]
    sama_dengan: tuple[SamaDengan, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return self.pemda.years

    def sasaran(self) -> list[SasaranRpjmd]:
        return [s for t in self.tujuan for s in t.sasaran]

    def tanpa_dukungan(self) -> list[SasaranRpjmd]:
        return [s for s in self.sasaran() if not s.didukung]

    def sama_dengan_untuk(self, rpjmd_id: str) -> list[SamaDengan]:
        return [s for s in self.sama_dengan if s.rpjmd is not None and s.rpjmd.id == rpjmd_id]


def declares_mendukung(node: Node) -> bool:
    """Whether the sasaran wrote its own `mendukung` (an empty list counts): the model keeps a field's
    position only when the field was written, which tells `mendukung: []` apart from no field."""
    return "mendukung" in node.locs


def sasaran_support(tujuan: Node, sasaran: Node) -> tuple[str, ...]:
    """The RPJMD sasaran ids an OPD sasaran supports (as written; unknown ids are the rules' business)."""
    return sasaran.mendukung if declares_mendukung(sasaran) else tujuan.mendukung


def rpjmd_indicators(pemda: Pemda) -> dict[str, Indikator]:
    out: dict[str, Indikator] = {}
    for t in pemda.rpjmd_tujuan():
        for i in t.indikator:
            out.setdefault(i.id, i)
        for s in t.sasaran:
            for i in s.indikator:
                out.setdefault(i.id, i)
    return out


def same_value(a, b) -> bool:
    """Targets compare as numbers when both are numbers (3 == 3.0), else as written text."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(float(a) - float(b)) < 1e-9
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a is None and b is None


def _sorted_opds(opds: Mapping[str, Opd]) -> list[Opd]:
    return [opds[k] for k in sorted(opds)]  # sorted: the same data always gives the same report


def _tujuan(pemda: Pemda, opds: list[Opd]) -> tuple[TujuanRpjmd, ...]:
    out = []
    for m in pemda.misi:
        for rt in m.tujuan:
            ids = {s.id for s in rt.sasaran}
            pendukung_t = tuple(Pendukung(o, t) for o in opds for t in o.tujuan if ids & set(t.mendukung))
            sasaran = []
            for rs in rt.sasaran:
                by_tujuan = [Pendukung(o, t) for o in opds for t in o.tujuan if rs.id in t.mendukung]
                by_sasaran = [Pendukung(o, s) for o in opds for t in o.tujuan for s in t.children
                              if rs.id in sasaran_support(t, s)]
                sasaran.append(SasaranRpjmd(rs, tuple(by_tujuan + by_sasaran)))
            out.append(TujuanRpjmd(m, rt, pendukung_t, tuple(sasaran)))
    return tuple(out)


def _opd(pemda: Pemda, opd: Opd) -> OpdKeselarasan:
    known = [s.id for s in pemda.rpjmd_sasaran()]
    order = {sid: i for i, sid in enumerate(known)}
    years = pemda.years
    total = {y: sum(t.pagu.get(y, 0) for t in opd.tujuan) for y in years}
    buckets: dict[tuple[str, ...], dict[int, int]] = {}
    tak_mendukung = []
    for t in opd.tujuan:
        for s in t.children:
            key = tuple(sorted({sid for sid in sasaran_support(t, s) if sid in order}, key=order.get))
            if not key:
                tak_mendukung.append(s)
            bucket = buckets.setdefault(key, {y: 0 for y in years})
            for y in years:
                bucket[y] += s.pagu.get(y, 0)
    # RPJMD order for supported buckets, the unsupported bucket last: the reader scans top-down.
    keys = sorted(buckets, key=lambda k: (not k, [order[i] for i in k]))
    porsi = tuple(PorsiPagu(k, buckets[k], {y: (buckets[k][y] / total[y] if total[y] else None) for y in years})
                  for k in keys)
    return OpdKeselarasan(opd, tuple(tak_mendukung), porsi, total)


def _tautan(opds: Mapping[str, Opd]) -> tuple[Tautan, ...]:
    def lists(owner: Opd | None, node_id: str, attr: str, opd: str, node: str) -> bool:
        n = owner.node(node_id) if owner else None
        return n is not None and any(c.opd == opd and c.node == node for c in getattr(n, attr))

    out = []
    for o in _sorted_opds(opds):
        for n in o.nodes():
            for c in n.crosscutting:
                other = opds.get(c.opd)
                if c.opd == o.key or other is None or other.node(c.node) is None:
                    continue  # R019 reports links to nowhere; they are not links between OPDs
                status = DIAKUI if lists(other, c.node, "crosscutting_diterima", o.key, n.id) else HANYA_PEMBERI
                out.append(Tautan(o.key, n.id, c.opd, c.node, status, c.keterangan, c))
            for c in n.crosscutting_diterima:
                other = opds.get(c.opd)
                if c.opd == o.key or other is None or other.node(c.node) is None:
                    continue
                if not lists(other, c.node, "crosscutting", o.key, n.id):
                    out.append(Tautan(c.opd, c.node, o.key, n.id, HANYA_PENERIMA, c.keterangan, c))
    return tuple(sorted(out, key=lambda t: (t.pemberi, t.penerima, t.pemberi_node, t.penerima_node, t.status)))


def _sama_dengan(pemda: Pemda, opds: list[Opd]) -> tuple[SamaDengan, ...]:
    known = rpjmd_indicators(pemda)
    out = []
    for o in opds:
        for n in o.nodes():
            for ind in n.indikator:
                if not ind.sama_dengan:
                    continue
                ref = known.get(ind.sama_dengan)
                selisih = ()
                if ref is not None:
                    selisih = tuple(Selisih(y, ind.target.get(y), ref.target.get(y)) for y in pemda.years
                                    if not same_value(ind.target.get(y), ref.target.get(y)))
                out.append(SamaDengan(o, n, ind, ref, selisih))
    return tuple(out)


_LAST: list = []  # [pemda, the OPDs as (key, Opd) pairs, their analysis]: the latest asked for
_LAST_LOCK = threading.Lock()


def analysed(pemda: Pemda, opds: Mapping[str, Opd]) -> Keselarasan:
    """`analyse(pemda, opds)`, computed once for the same model objects: the check's cross-OPD rules
    and the report of the same build read one analysis (a 40-OPD Pemda's costs ≈ 9 ms)."""
    pairs = tuple(opds.items())
    with _LAST_LOCK:
        if _LAST and _LAST[0] is pemda and len(_LAST[1]) == len(pairs) and all(
                a[0] == b[0] and a[1] is b[1] for a, b in zip(_LAST[1], pairs)):
            return _LAST[2]
    found = analyse(pemda, opds)
    with _LAST_LOCK:
        _LAST[:] = [pemda, pairs, found]
    return found


def analyse(pemda: Pemda, opds: Mapping[str, Opd]) -> Keselarasan:
    ordered = _sorted_opds(opds)
    return Keselarasan(
        pemda=pemda,
        tujuan=_tujuan(pemda, ordered),
        opd=tuple(_opd(pemda, o) for o in ordered),
        tautan=_tautan(opds),
        sama_dengan=_sama_dengan(pemda, ordered),
    )
