"""The review of a change as one plain object: everything the Markdown and JSON reports say.

Both reporters read only this, so they carry the same content; the JSON is `dataclasses.asdict` of
`Review` plus its `Summary` (docs/review.md describes the shape). Ids are kept for tools; the
Markdown names things by their code and statement instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

Value = Union[int, float, str, None]


@dataclass(frozen=True)
class Delta:
    """One field of one thing, before and after ("" or None where a side has none)."""

    field: str  # Indonesian label of the field: "kode", "di bawah", "penanggung jawab", "triwulan 2", …
    before: Value
    after: Value


@dataclass(frozen=True)
class Problem:
    """A validation finding the change brought (absent on the base side)."""

    file: str
    line: int
    column: int
    severity: str  # galat | peringatan | catatan
    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class Revision:
    name: str  # the branch or revision as given ("main", "origin/main", "HEAD~1"); "" for a bare commit
    commit: str  # short hash
    uncommitted: bool = False  # the head side: the working tree differs from `commit` in data/, schema/, templates/


# ---------------------------------------------------------------- the cascading


@dataclass(frozen=True)
class NodeChange:
    kind: str  # ditambah | dihapus | dipindah | diubah
    level: str  # tujuan | sasaran | program | kegiatan | subkegiatan
    id: str
    label: str  # "kode nama", or the statement of a tujuan/sasaran; as after the change (before, when removed)
    details: tuple[Delta, ...] = ()


@dataclass(frozen=True)
class IndicatorChange:
    kind: str  # ditambah | dihapus | dipindah | diubah
    id: str
    nama: str
    satuan: str
    node_level: str
    node: str  # label of the node the indicator belongs to
    details: tuple[Delta, ...] = ()


@dataclass(frozen=True)
class YearValue:
    tahun: int
    before: Value
    after: Value
    arah: str = ""  # naik | turun | berubah; "" when a side has no value
    memburuk: bool = False  # a target moved against the indicator's polarity


@dataclass(frozen=True)
class Baseline:
    tahun_before: int | None
    before: Value
    tahun_after: int | None
    after: Value


@dataclass(frozen=True)
class IndicatorNumbers:
    """An indicator's numbers per year in one series (`target`, or another per-year field): every
    year for a new or removed indicator, the changed years otherwise."""

    status: str  # baru | dihapus | berubah
    id: str
    nama: str
    satuan: str
    polaritas: str
    node_level: str
    node: str
    series: str
    baseline: Baseline | None
    years: tuple[YearValue, ...]


@dataclass(frozen=True)
class NodeNumbers:
    """A node's own amounts per year in one series (`pagu`, or another per-year field such as a DPA
    amount): only where the node's value is written, not the sum of its children's."""

    status: str  # baru | dihapus | berubah
    id: str
    level: str
    label: str
    series: str
    years: tuple[YearValue, ...]


@dataclass(frozen=True)
class Rollup:
    """A series summed per program, per sasaran, for the OPD or for the Pemda: the changed years."""

    status: str  # baru | dihapus | berubah
    series: str
    level: str  # program | sasaran | opd | pemda
    id: str
    label: str
    years: tuple[YearValue, ...]


# ---------------------------------------------------------------- realisasi, people, narrative


@dataclass(frozen=True)
class RealisasiChange:
    """One indicator's (or sub kegiatan's budget) realisasi in one year."""

    status: str  # ditambah | dihapus | diubah
    tahun: int
    jenis: str  # indikator | anggaran
    id: str
    label: str
    satuan: str
    values: tuple[Delta, ...]  # "nilai" / "realisasi" and "triwulan N": the changed ones
    notes: tuple[Delta, ...]  # penghambat, pendukung, sumber data
    data_dihapus: bool  # a reported value is gone


@dataclass(frozen=True)
class RencanaAksiChange:
    """One indicator's Rencana Aksi in one year: its quarterly targets, actions and penanggung jawab."""

    status: str  # ditambah | dihapus | diubah
    tahun: int
    id: str
    label: str
    satuan: str
    values: tuple[Delta, ...]  # "target TW II", "aksi TW II", "penanggung jawab": the changed ones


@dataclass(frozen=True)
class Holder:
    mulai: str  # ISO date
    nama: str
    nip: str  # as printed: "19691015 199003 1 007"
    pangkat: str  # "Pembina (IV/a)"
    status: str  # definitif | Plt. | Plh. | Pj.


@dataclass(frozen=True)
class JabatanChange:
    kind: str  # ditambah | dihapus | diubah
    id: str
    jabatan: str
    details: tuple[Delta, ...] = ()


@dataclass(frozen=True)
class HolderChange:
    kind: str  # ditambah | dihapus | diubah
    jabatan_id: str
    jabatan: str
    before: Holder | None
    after: Holder | None


@dataclass(frozen=True)
class PkEffect:
    """The PKs whose signatory a holder change alters: one jabatan's PK, in one role, over these years."""

    jabatan_id: str
    jabatan: str  # whose PK
    peran: str  # pihak pertama | pihak kedua
    tahun: tuple[str, ...]  # "2027", or "2026 (perubahan)" for a PK Perubahan
    before: str  # who signed
    after: str


@dataclass(frozen=True)
class Segment:
    op: str  # "=" unchanged, "-" removed, "+" added, "…" left out
    text: str


@dataclass(frozen=True)
class ChapterChange:
    bab: str  # "bab-2"
    judul: str
    status: str  # baru | dihapus | berubah
    paragraphs_added: int
    paragraphs_removed: int
    paragraphs_changed: int
    words_added: int
    words_removed: int
    excerpts: tuple[tuple[Segment, ...], ...]


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class CellChange:
    """One change of one table column, told once for every row it appears in."""

    table: str
    column: str
    before: str
    after: str
    rows: tuple[str, ...]  # labels of the rows where the cell changed so


@dataclass(frozen=True)
class RowChange:
    """A row only one side has; `cells` are its own (column, text), not those repeated from the row above."""

    table: str
    kind: str  # baru | dihapus
    label: str
    cells: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BoxChange:
    kind: str  # baru | dihapus | diubah | dipindah
    box: str  # the box's statement, after the change (before, when removed)
    details: tuple[Delta, ...] = ()


@dataclass(frozen=True)
class DocChange:
    path: str  # below build/<opd>/; a tree without its extension ("pohon/ikhtisar")
    status: str  # baru | dihapus | berubah
    kind: str  # tabel | pohon | berkas
    formats: tuple[str, ...] = ()  # a tree's files that changed: dot, png, svg
    rows_changed: int = 0
    cells_changed: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    cells: tuple[CellChange, ...] = ()
    rows: tuple[RowChange, ...] = ()
    boxes: tuple[BoxChange, ...] = ()


# ---------------------------------------------------------------- the Pemda (RPJMD)


@dataclass(frozen=True)
class Supporter:
    """An OPD's sasaran (or tujuan) that supports a changed tujuan/sasaran RPJMD: its Renstra follows."""

    opd: str  # the OPD's name
    level: str  # tujuan | sasaran
    label: str  # the OPD's statement
    rpjmd: str  # the statement of the changed tujuan/sasaran RPJMD it supports


@dataclass(frozen=True)
class PemdaReview:
    """The changes to the Pemda's own data: the RPJMD (misi, tujuan, sasaran, their indicators with the
    Pemda IKU fields and targets), the kepala daerah and the document settings."""

    nama: str
    nodes: tuple[NodeChange, ...] = ()  # levels: visi | misi | tujuan RPJMD | sasaran RPJMD
    indicators: tuple[IndicatorChange, ...] = ()
    indicator_numbers: tuple[IndicatorNumbers, ...] = ()
    settings: tuple[Delta, ...] = ()  # the Pemda, its kepala daerah, periode, skala, dokumen
    supporters: tuple[Supporter, ...] = ()
    documents: tuple[DocChange, ...] | None = None  # build/pemda/; None: not compared (unchanged data, --tanpa-dokumen)
    documents_note: str = ""

    key = "pemda"  # where its tree pictures go in the attachments folder (pohon/pemda/)

    @property
    def changed(self) -> bool:
        return bool(self.nodes or self.indicators or self.indicator_numbers or self.settings)


# ---------------------------------------------------------------- the whole


@dataclass(frozen=True)
class OpdReview:
    key: str
    nama: str
    status: str  # baru | dihapus | berubah | sama
    nodes: tuple[NodeChange, ...] = ()
    indicators: tuple[IndicatorChange, ...] = ()
    indicator_numbers: tuple[IndicatorNumbers, ...] = ()
    node_numbers: tuple[NodeNumbers, ...] = ()
    rollups: tuple[Rollup, ...] = ()
    realisasi: tuple[RealisasiChange, ...] = ()
    jabatan: tuple[JabatanChange, ...] = ()
    holders: tuple[HolderChange, ...] = ()
    pk_effects: tuple[PkEffect, ...] = ()
    chapters: tuple[ChapterChange, ...] = ()
    rencana_aksi: tuple[RencanaAksiChange, ...] = ()
    documents: tuple[DocChange, ...] | None = None  # None: not compared
    documents_note: str = ""  # why documents could not be compared, when they could not

    @property
    def model_changed(self) -> bool:
        return bool(self.nodes or self.indicators or self.indicator_numbers or self.node_numbers or self.rollups
                    or self.realisasi or self.jabatan or self.holders or self.chapters or self.rencana_aksi) \
            or self.status in ("baru", "dihapus")

    @property
    def empty(self) -> bool:
        return not (self.model_changed or self.documents or self.documents_note)


@dataclass(frozen=True)
class Review:
    base: Revision
    head: Revision
    tahun: int  # the year whose annual documents were compared
    problems: tuple[Problem, ...] = ()
    opds: tuple[OpdReview, ...] = ()
    totals: tuple[Rollup, ...] = ()  # each series summed over every OPD, per year
    unreadable: tuple[str, ...] = ()  # sides whose data could not be loaded: pembanding | usulan
    documents_compared: bool = True
    pemda: PemdaReview | None = None  # None: the Pemda's data could not be compared

    @property
    def new_errors(self) -> int:
        return sum(p.severity == "galat" for p in self.problems)


@dataclass(frozen=True)
class Summary:
    """The counts a mentor reads first."""

    changed_opds: tuple[str, ...]  # their names
    opd_count: int
    new_errors: int
    new_warnings: int
    nodes: dict[str, int] = field(default_factory=dict)  # kind → count
    indicators: dict[str, int] = field(default_factory=dict)
    targets_changed: int = 0  # year values
    targets_against_polarity: int = 0
    baselines_changed: int = 0
    amounts_changed: int = 0  # year values of nodes' own amounts (pagu of sub kegiatan, …)
    realisasi: dict[str, int] = field(default_factory=dict)  # status → entries
    realisasi_data_removed: int = 0  # entries whose reported values are gone
    rencana_aksi: int = 0  # indicators whose Rencana Aksi of a year changed
    jabatan: int = 0
    holders: int = 0
    pk_affected: int = 0  # PKs (one jabatan, one role, one year) signed by someone else
    chapters_changed: int = 0
    documents_changed: int = 0
    pemda: dict[str, int] = field(default_factory=dict)  # RPJMD parts, indicators, targets, settings changed
    pemda_opds: tuple[str, ...] = ()  # OPDs with a sasaran or tujuan supporting a changed RPJMD one


def _count(items, attr: str = "kind") -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[getattr(item, attr)] = out.get(getattr(item, attr), 0) + 1
    return out


def summarise(review: Review) -> Summary:
    opds = review.opds
    numbers = [n for o in opds for n in o.indicator_numbers]
    changed_targets = [y for n in numbers if n.status == "berubah" and n.series == "target" for y in n.years]
    realisasi = [r for o in opds for r in o.realisasi]
    return Summary(
        changed_opds=tuple(o.nama for o in opds if not o.empty),
        opd_count=len(opds),
        new_errors=review.new_errors,
        new_warnings=sum(p.severity == "peringatan" for p in review.problems),  # catatan are listed, not counted
        nodes=_count(c for o in opds for c in o.nodes),
        indicators=_count(c for o in opds for c in o.indicators),
        targets_changed=len(changed_targets),
        targets_against_polarity=sum(y.memburuk for y in changed_targets),
        baselines_changed=sum(1 for n in numbers if n.status == "berubah" and n.baseline is not None),
        amounts_changed=sum(len(n.years) for o in opds for n in o.node_numbers if n.status == "berubah"),
        realisasi=_count(realisasi, "status"),
        realisasi_data_removed=sum(r.data_dihapus for r in realisasi),
        rencana_aksi=sum(len(o.rencana_aksi) for o in opds),
        jabatan=sum(len(o.jabatan) for o in opds),
        holders=sum(len(o.holders) for o in opds),
        pk_affected=sum(len(e.tahun) for o in opds for e in o.pk_effects),
        chapters_changed=sum(len(o.chapters) for o in opds),
        documents_changed=sum(len(o.documents or ()) for o in opds)
        + len(review.pemda.documents or () if review.pemda else ()),
        **_pemda_counts(review.pemda),
    )


def _pemda_counts(pemda: PemdaReview | None) -> dict:
    if pemda is None or not pemda.changed:
        return {}
    targets = sum(len(n.years) for n in pemda.indicator_numbers if n.status == "berubah")
    counts = {"tujuan_sasaran": len(pemda.nodes), "indikator": len(pemda.indicators), "target": targets,
              "pengaturan": len(pemda.settings), "dokumen": len(pemda.documents or ())}
    return {"pemda": {k: v for k, v in counts.items() if v},
            "pemda_opds": tuple(dict.fromkeys(s.opd for s in pemda.supporters))}
