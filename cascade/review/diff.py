"""Semantic differences between two validated models of one OPD's cascading, keyed by stable ids.

Because every node and indicator has an id, a changed statement is a rename, a changed parent a
move, and a number is compared per year with its old and new value. Numbers are found generically:
every field of a node or indicator that maps years to amounts is a series (`pagu`, `target`, and any
per-year amount added later, such as a DPA budget), compared year by year and, for nodes, summed
per program, per sasaran and for the OPD.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Callable, NamedTuple

from cascade.model.types import LEVEL_LABEL, LEVELS, Indikator, Node, Opd, Pemda
from cascade.review.result import Baseline, Delta, IndicatorChange, IndicatorNumbers, NodeChange, NodeNumbers, Rollup, YearValue

# A label for each per-year series. A series not listed still shows, under its field name made
# readable; a new per-year amount on nodes (a DPA or APBD-P budget) gets its label here.
SERIES_LABEL = {"pagu": "Pagu indikatif", "target": "Target"}
# Series whose direction is judged against the indicator's polarity (a baseline never is).
JUDGED = {"target"}
# Node fields that map years to amounts but are not amounts of their own: `pagu_tertulis` is the pagu
# as written, and a parent's written pagu is checked by R014; `pagu` is what documents show.
NOT_SERIES = {"pagu_tertulis"}
_NODE_FIELDS_SHOWN = {"level", "id", "uraian", "nama", "kode", "penanggung_jawab", "indikator", "children",
                      "lokasi", "mendukung", "sasaran_ref", "strategi", "crosscutting", "crosscutting_diterima"}
_INDICATOR_LABEL = {"nama": "nama", "satuan": "satuan", "polaritas": "polaritas", "pola_ukur": "pola ukur",
                    "skala": "skala", "kondisi_akhir_tertulis": "kondisi akhir", "definisi": "definisi",
                    "sumber_data": "sumber data", "sama_dengan": "sama dengan", "iku": "IKU", "formula": "formula",
                    "komponen": "komponen formula", "unit_penyedia_data": "unit penyedia data",
                    "periode_pelaporan": "periode pelaporan", "alasan": "alasan IKU"}
ROLLUP_LEVELS = ("program", "sasaran")
_ORDER = {level: n for n, level in enumerate(LEVELS)}

Number = (int, float)


def series_label(name: str) -> str:
    return SERIES_LABEL.get(name) or name.replace("_", " ").replace(".", " ").capitalize()


def _readable(name: str) -> str:
    return name.replace("_", " ")


def node_label(node: Node) -> str:
    return f"{node.kode} {node.judul}" if node.kode else node.judul


def _plain(value) -> str:
    """A field's value as text, whatever its type (for fields this module does not know)."""
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "; ".join(_plain(v) for v in value)
    if dataclasses.is_dataclass(value):
        return ", ".join(_plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                         if f.name not in ("loc", "locs") and getattr(value, f.name) not in (None, "", ()))
    return str(value)


_SERIES_MEMO: dict[int, tuple[object, dict]] = {}  # id → (the object, kept alive so its id stays its own; its series)


def series(obj) -> dict[str, dict[int, object]]:
    """Every per-year series of a node or indicator: fields mapping years to numbers (or, for a
    predikat target, text), or to records of numbers (flattened as `field.part`). Remembered per
    object for one review: totals and sums ask for the same node's many times."""
    hit = _SERIES_MEMO.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    out = _series(obj)
    _SERIES_MEMO[id(obj)] = (obj, out)
    return out


def forget_series() -> None:
    _SERIES_MEMO.clear()


def _series(obj) -> dict[str, dict[int, object]]:
    out: dict[str, dict[int, object]] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in NOT_SERIES or not isinstance(value, Mapping) or not value:
            continue
        if not all(isinstance(k, int) and not isinstance(k, bool) for k in value):
            continue
        for year, v in value.items():
            if dataclasses.is_dataclass(v):
                parts = {g.name: getattr(v, g.name) for g in dataclasses.fields(v) if g.name not in ("loc", "locs")}
            elif isinstance(v, Mapping):
                parts = dict(v)
            else:
                out.setdefault(f.name, {})[year] = v
                continue
            for part, amount in parts.items():
                if isinstance(amount, Number) and not isinstance(amount, bool):
                    out.setdefault(f"{f.name}.{part}", {})[year] = amount
    return out


def _indicator_field(ind: Indikator, name: str):
    """A field of an indicator as the review compares and shows it: the IKU mark as "ya"/"tidak", the
    formula's components as text (so a component that only moved to another line is no change)."""
    value = getattr(ind, name)
    if name == "iku":
        return "ya" if value else "tidak"
    if name == "komponen":
        return "; ".join(f"{k.simbol} = {k.uraian}" + (f" (sumber data: {k.sumber_data})" if k.sumber_data else "")
                         for k in value) or None
    return value


def _walk(opd: Opd) -> dict[str, tuple[Node, Node | None, int]]:
    """id → (node, parent, position in top-down reading order)."""
    out: dict[str, tuple[Node, Node | None, int]] = {}

    def visit(node: Node, parent: Node | None) -> None:
        out[node.id] = (node, parent, len(out))
        for child in node.children:
            visit(child, node)

    for t in opd.tujuan:
        visit(t, None)
    return out


def _direction(ind: Indikator, before, after, scales, judged: bool) -> tuple[str, bool]:
    if before is None or after is None:
        return "", False
    if isinstance(before, Number) and isinstance(after, Number):
        arah = "naik" if after > before else "turun"
    elif ind.skala and ind.skala in scales and before in scales[ind.skala].urutan and after in scales[ind.skala].urutan:
        order = scales[ind.skala].urutan
        arah = "naik" if order.index(after) > order.index(before) else "turun"
    else:
        return "berubah", False
    worse = judged and ((arah == "turun") if ind.polaritas == "positif" else (arah == "naik"))
    return arah, worse


class OpdDiff:
    """The two sides of one OPD and how to name their parts; `empty` stands in for a missing side."""

    def __init__(self, before: Opd, after: Opd, pemda: Pemda, jabatan_name: Callable[[str], str],
                 crosscutting_name: Callable[[object], str]):
        self.a, self.b, self.pemda = before, after, pemda
        self.old, self.new = _walk(before), _walk(after)
        self.jabatan_name, self.crosscutting_name = jabatan_name, crosscutting_name
        rpjmd = {t.id: t.uraian for t in pemda.rpjmd_tujuan()} | {s.id: s.uraian for s in pemda.rpjmd_sasaran()}
        self.rpjmd = lambda ref: rpjmd.get(ref, ref)

    # ------------------------------------------------------------ nodes

    def _order(self, ids) -> list[str]:
        def key(i):
            node, _, pos = self.new.get(i) or self.old[i]
            return (_ORDER.get(node.level, len(_ORDER)), pos, i not in self.new)
        return sorted(ids, key=key)

    @staticmethod
    def _parent(parent: Node | None) -> str:
        return f"{LEVEL_LABEL.get(parent.level, parent.level)} {node_label(parent)}" if parent else ""

    def nodes(self) -> list[NodeChange]:
        out = []
        for node_id in self._order(set(self.old) | set(self.new)):
            if node_id not in self.old:
                n, parent, _ = self.new[node_id]
                details = [Delta("di bawah", "", self._parent(parent))] if parent else []
                details.append(Delta("penanggung jawab", "", self.jabatan_name(n.penanggung_jawab)))
                out.append(NodeChange("ditambah", n.level, node_id, node_label(n), tuple(details)))
            elif node_id not in self.new:
                n, parent, _ = self.old[node_id]
                details = (Delta("di bawah", self._parent(parent), ""),) if parent else ()
                out.append(NodeChange("dihapus", n.level, node_id, node_label(n), details))
            else:
                (a, pa, _), (b, pb, _) = self.old[node_id], self.new[node_id]
                moved = (pa.id if pa else "") != (pb.id if pb else "")
                details = ([Delta("di bawah", self._parent(pa), self._parent(pb))] if moved else []) + self._node_fields(a, b)
                if details:
                    out.append(NodeChange("dipindah" if moved else "diubah", b.level, node_id, node_label(b), tuple(details)))
        return out

    def _node_fields(self, a: Node, b: Node) -> list[Delta]:
        out = []
        for name, label in (("kode", "kode"), ("nama", "nama"), ("uraian", "uraian"), ("lokasi", "lokasi")):
            if getattr(a, name) != getattr(b, name):
                out.append(Delta(label, getattr(a, name) or "", getattr(b, name) or ""))
        if a.penanggung_jawab != b.penanggung_jawab:
            out.append(Delta("penanggung jawab", self.jabatan_name(a.penanggung_jawab), self.jabatan_name(b.penanggung_jawab)))
        if a.mendukung != b.mendukung:
            out.append(Delta("mendukung (RPJMD)", "; ".join(map(self.rpjmd, a.mendukung)), "; ".join(map(self.rpjmd, b.mendukung))))
        # compared as text: records carry where they were written, which moves with every edit above them
        if _plain(a.strategi) != _plain(b.strategi):
            out.append(Delta("strategi dan arah kebijakan", _plain(a.strategi), _plain(b.strategi)))
        for name, label in (("crosscutting", "crosscutting"), ("crosscutting_diterima", "crosscutting diterima")):
            x, y = getattr(a, name), getattr(b, name)
            if [(c.opd, c.node, c.keterangan) for c in x] != [(c.opd, c.node, c.keterangan) for c in y]:
                out.append(Delta(label, "; ".join(map(self.crosscutting_name, x)), "; ".join(map(self.crosscutting_name, y))))
        amounts = set(series(a)) | set(series(b))
        for f in dataclasses.fields(b):  # fields added later show too, under their own name
            if f.name in _NODE_FIELDS_SHOWN or f.name in amounts or f.name in NOT_SERIES or f.name in ("loc", "locs"):
                continue
            if any(a.startswith(f.name + ".") for a in amounts):  # per-year records (anggaran: dpa, perubahan)
                continue
            x, y = _plain(getattr(a, f.name)), _plain(getattr(b, f.name))
            if x != y:
                out.append(Delta(_readable(f.name), x, y))
        return out

    # ------------------------------------------------------------ indicators

    def _indicators(self, walk) -> dict[str, tuple[Indikator, Owner, tuple]]:
        return {i.id: (i, Owner(node.id, node.level, node_label(node)), (_ORDER.get(node.level, 9), pos, k))
                for node, _, pos in walk.values() for k, i in enumerate(node.indikator)}

    def indicators(self) -> tuple[list[IndicatorChange], list[IndicatorNumbers]]:
        return compare_indicators(self._indicators(self.old), self._indicators(self.new), self.pemda.skala)

    # ------------------------------------------------------------ amounts

    @staticmethod
    def _derived(node: Node | None, name: str) -> bool:
        """Whether a node has no amount of its own in this series: none at all, or a parent's that is
        the sum of its children's in every year."""
        own = series(node).get(name) if node is not None else None
        if not own:
            return True
        if not node.children:
            return False
        sums: dict[int, float] = {}
        for child in node.children:
            for year, v in _rolled(child, name).items():
                sums[year] = sums.get(year, 0) + v
        return all(own.get(y, 0) == sums.get(y, 0) for y in set(own) | set(sums))

    def node_numbers(self) -> list[NodeNumbers]:
        out = []
        for node_id in self._order(set(self.old) | set(self.new)):
            a = self.old[node_id][0] if node_id in self.old else None
            b = self.new[node_id][0] if node_id in self.new else None
            ref = b or a
            status = "baru" if a is None else "dihapus" if b is None else "berubah"
            old, new = series(a) if a else {}, series(b) if b else {}
            for name in sorted(set(old) | set(new)):
                if self._derived(a, name) and self._derived(b, name):
                    continue
                years = _changed_years(old.get(name, {}), new.get(name, {}))
                if years:
                    out.append(NodeNumbers(status, node_id, ref.level, node_label(ref), name, years))
        return out

    def rollups(self) -> list[Rollup]:
        names = sorted({name for walk in (self.old, self.new) for node, _, _ in walk.values() for name in series(node)})
        out = []
        for name in names:
            for level in ROLLUP_LEVELS:
                ids = [i for i in self._order(set(self.old) | set(self.new)) if (self.new.get(i) or self.old[i])[0].level == level]
                for node_id in ids:
                    a = self.old[node_id][0] if node_id in self.old else None
                    b = self.new[node_id][0] if node_id in self.new else None
                    x, y = _rolled(a, name) if a else {}, _rolled(b, name) if b else {}
                    if a and b:  # a node on both sides whose children all left sums to zero, not to nothing
                        x, y = ({t: m.get(t, 0) for t in set(x) | set(y)} for m in (x, y))
                    years = _changed_years(x, y)
                    if years:
                        status = "baru" if a is None else "dihapus" if b is None else "berubah"
                        out.append(Rollup(status, name, level, node_id, node_label(b or a), years))
            x, y = opd_total(self.a, name), opd_total(self.b, name)
            if self.a.tujuan and self.b.tujuan:
                x, y = ({t: m.get(t, 0) for t in set(x) | set(y)} for m in (x, y))
            years = _changed_years(x, y)
            if years:
                status = "baru" if not self.a.tujuan else "dihapus" if not self.b.tujuan else "berubah"
                out.append(Rollup(status, name, "opd", self.b.key or self.a.key, self.b.nama or self.a.nama, years))
        return out


class Owner(NamedTuple):
    """What an indicator belongs to, as the review names it: a node of an OPD or a tujuan/sasaran RPJMD."""

    id: str
    level: str  # tujuan | sasaran | … | tujuan RPJMD | sasaran RPJMD
    label: str


def compare_indicators(old: Mapping[str, tuple[Indikator, Owner, tuple]], new: Mapping[str, tuple[Indikator, Owner, tuple]],
                       scales) -> tuple[list[IndicatorChange], list[IndicatorNumbers]]:
    """Indicators of two sides (id → (indicator, owner, reading order)): those added, removed, moved or
    with changed fields, and their per-year numbers."""
    names = {i: ind.nama for i, (ind, _, _) in {**old, **new}.items()}
    changes, numbers = [], []
    for ind_id in sorted(set(old) | set(new), key=lambda i: (new.get(i) or old[i])[2] + (i not in new,)):
        if ind_id not in old or ind_id not in new:
            ind, owner, _ = new[ind_id] if ind_id in new else old[ind_id]
            kind, status = ("ditambah", "baru") if ind_id in new else ("dihapus", "dihapus")
            added = (Delta("polaritas", "", ind.polaritas), Delta("pola ukur", "", ind.pola_ukur))
            added += (Delta("IKU", "", "ya"),) if ind.iku else ()
            changes.append(IndicatorChange(kind, ind_id, ind.nama, ind.satuan, owner.level, owner.label,
                                           added if kind == "ditambah" else ()))
            numbers += _numbers(status, None if status == "baru" else ind, ind if status == "baru" else None, owner, scales)
            continue
        (a, na, _), (b, nb, _) = old[ind_id], new[ind_id]
        details = []
        if na.id != nb.id:
            details.append(Delta("pada", f"{LEVEL_LABEL.get(na.level, na.level)} {na.label}",
                                 f"{LEVEL_LABEL.get(nb.level, nb.level)} {nb.label}"))
        for name, label in _INDICATOR_LABEL.items():
            x, y = _indicator_field(a, name), _indicator_field(b, name)
            if x != y:
                if name == "sama_dengan":
                    x, y = names.get(x, x), names.get(y, y)
                details.append(Delta(label, "" if x is None else x, "" if y is None else y))
        if details:
            changes.append(IndicatorChange("dipindah" if na.id != nb.id else "diubah", ind_id, b.nama, b.satuan,
                                           nb.level, nb.label, tuple(details)))
        numbers += _numbers("berubah", a, b, nb, scales)
    return changes, numbers


def _numbers(status: str, a: Indikator | None, b: Indikator | None, owner: Owner, scales) -> list[IndicatorNumbers]:
    ref = b or a
    old, new = series(a) if a else {}, series(b) if b else {}
    baseline = None
    if ((a.baseline_tahun, a.baseline) if a else None) != ((b.baseline_tahun, b.baseline) if b else None):
        baseline = Baseline(a.baseline_tahun if a else None, a.baseline if a else None,
                            b.baseline_tahun if b else None, b.baseline if b else None)
    out = []
    for name in sorted(set(old) | set(new), key=lambda n: (n != "target", n)):
        x, y = old.get(name, {}), new.get(name, {})
        years = []
        for year in sorted(set(x) | set(y)):
            before, after = x.get(year), y.get(year)
            if before != after:
                years.append(YearValue(year, before, after, *_direction(ref, before, after, scales, name in JUDGED)))
        keep_baseline = baseline if name == "target" else None
        if years or keep_baseline:
            out.append(IndicatorNumbers(status, ref.id, ref.nama, ref.satuan, ref.polaritas, owner.level,
                                        owner.label, name, keep_baseline, tuple(years)))
            baseline = None if name == "target" else baseline
    if baseline:  # a baseline changed on an indicator without targets
        out.append(IndicatorNumbers(status, ref.id, ref.nama, ref.satuan, ref.polaritas, owner.level,
                                    owner.label, "target", baseline, ()))
    return out


def _rolled(node: Node, name: str) -> dict[int, float]:
    """A node's amounts in a series: its own when it has them, else the sum of its children's."""
    own = series(node).get(name)
    if own:
        return dict(own)
    sums: dict[int, float] = {}
    for child in node.children:
        for year, v in _rolled(child, name).items():
            sums[year] = sums.get(year, 0) + v
    return sums


def opd_total(opd: Opd, name: str) -> dict[int, float]:
    sums: dict[int, float] = {}
    for t in opd.tujuan:
        for year, v in _rolled(t, name).items():
            sums[year] = sums.get(year, 0) + v
    return sums


def _changed_years(old: Mapping[int, object], new: Mapping[int, object]) -> tuple[YearValue, ...]:
    return tuple(YearValue(y, old.get(y), new.get(y)) for y in sorted(set(old) | set(new)) if old.get(y) != new.get(y))


LEVEL_NAMES = {**LEVEL_LABEL, "indikator": "Indikator", "jabatan": "Jabatan"}
