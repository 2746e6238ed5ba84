"""The rows of the Renstra tables as plain display strings, from the model: T-C.25 (Tabel 4.1,
`tabel_4_1`), strategi and arah kebijakan (Tabel 5.1, `tabel_5_1`), T-C.27 (Tabel 6.1, `tabel_6_1`) and
T-C.28 (Tabel 7.1, `tabel_7_1`). The Word chapters (this package) and the spreadsheets
(cascade/documents/excel/) both print these rows.

Pure functions: no docx here. Numbers, money and dates are formatted Indonesian-style; the satuan is
joined to a value only when the Pemda wants it inside the cell (`tampil_satuan: dalam_sel`).
Templates show one tujuan/sasaran text on the first row of its group; the layout step merges the
blank cells below it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cascade import fmt
from cascade.fmt import angka, rupiah, tanggal
from cascade.model.types import Indikator, Node, Opd, Pemda

YEARS = 5  # the templates have five year columns (Permendagri 86/2017)
DASH = fmt.TARGET_KOSONG  # a year column the period does not have reads as a target not set


@dataclass(frozen=True)
class Fmt:
    """How one document shows values: the period's years and whether satuan goes into the cell."""

    years: tuple[int, ...]
    in_cell: bool

    def value(self, value, satuan: str) -> str:
        """A target or kondisi akhir; one not set yet (`null`) prints as every document prints it."""
        return fmt.target(value, satuan, self.in_cell)

    def awal(self, ind: Indikator) -> str:
        """The baseline (kondisi awal); one not available prints unlike an unset target."""
        return fmt.baseline(ind.baseline, ind.satuan, self.in_cell)

    def targets(self, ind: Indikator) -> list[str]:
        return self._pad([self.value(ind.target.get(y), ind.satuan) for y in self.years])

    def akhir(self, ind: Indikator) -> str:
        return self.value(ind.kondisi_akhir(self.years), ind.satuan)

    def money(self, node: Node) -> list[str]:
        return self._pad([self.rp(node.pagu[y]) if y in node.pagu else DASH for y in self.years])

    def rp(self, amount: int) -> str:
        return rupiah(amount, sign=False)

    def _pad(self, cells: list[str]) -> list[str]:
        # a transition period (RPD) has fewer than five years: the extra columns show a dash
        return (cells + [DASH] * YEARS)[:YEARS]


class RawFmt(Fmt):
    """The same rows with raw values (numbers stay int/float, text stays text) for spreadsheets.

    Missing years still read "-" so a row has the same cells as in BAB IV/VI; the satuan is
    always a column of its own, because a number cannot carry it.
    """

    def value(self, value, satuan: str):
        return value if value is not None else fmt.TARGET_KOSONG

    def awal(self, ind: Indikator):
        return ind.baseline if ind.baseline is not None else fmt.BASELINE_KOSONG

    def rp(self, amount: int):
        return amount


def year_labels(years: tuple[int, ...]) -> list[dict]:
    labels = [{"ke": i + 1, "tahun": y, "label": str(y)} for i, y in enumerate(years[:YEARS])]
    return labels + [{"ke": i + 1, "tahun": None, "label": DASH} for i in range(len(labels), YEARS)]


def _indicator_rows(node: Node) -> list[Indikator | None]:
    return list(node.indikator) or [None]


# ---------------------------------------------------------------- T-C.25


def tabel_4_1(opd: Opd, f: Fmt) -> list[dict]:
    rows = []
    for no, t in enumerate(opd.tujuan, 1):
        for level_node in (t, *t.children):
            for i, ind in enumerate(_indicator_rows(level_node)):
                first = i == 0
                rows.append({
                    "no": str(no) if first and level_node is t else "",
                    "tujuan": t.uraian if first and level_node is t else "",
                    "sasaran": level_node.uraian if first and level_node is not t else "",
                    "indikator": ind.nama if ind else "",
                    "satuan": ind.satuan if ind else "",
                    "awal": f.awal(ind) if ind else "",
                    "target": f.targets(ind) if ind else [""] * YEARS,
                    "akhir": f.akhir(ind) if ind else "",
                })
    return rows


# ---------------------------------------------------------------- T-C.26


def tabel_5_1(opd: Opd) -> list[dict]:
    rows = []
    for t in opd.tujuan:
        first_t = True
        for s in t.children:
            pairs = [(st.uraian, a) for st in s.strategi for a in (st.arah_kebijakan or ("",))] or [("", "")]
            last_strategi = None
            for i, (strategi, arah) in enumerate(pairs):
                rows.append({
                    "tujuan": t.uraian if first_t else "",
                    "sasaran": s.uraian if i == 0 else "",
                    "strategi": strategi if strategi != last_strategi else "",
                    "arah_kebijakan": arah,
                })
                first_t, last_strategi = False, strategi
        if first_t:  # a tujuan without sasaran still shows up
            rows.append({"tujuan": t.uraian, "sasaran": "", "strategi": "", "arah_kebijakan": ""})
    return rows


# ---------------------------------------------------------------- T-C.27


def split_kode(kode: str | None) -> dict:
    """`2.16.03.2.02.0030` → urusan 2 | bidang 16 | program 03 | kegiatan 2.02 | sub kegiatan 0030."""
    parts = (kode or "").split(".")
    get = lambda i: parts[i] if len(parts) > i else ""  # noqa: E731
    kegiatan = ".".join(p for p in (get(3), get(4)) if p)
    return {"urusan": get(0), "bidang": get(1), "program": get(2), "kegiatan": kegiatan, "sub": get(5),
            "lengkap": kode or ""}


def tabel_6_1(opd: Opd, f: Fmt) -> tuple[list[dict], dict]:
    """Rows of T-C.27 and the grand total; a subtotal row follows every program."""
    units = {j.id: j.unit_kerja for j in opd.jabatan}
    rows: list[dict] = []
    total = {y: 0 for y in f.years}
    pending = {"tujuan": "", "sasaran": ""}

    def emit(node: Node, show_money: bool):
        for i, ind in enumerate(_indicator_rows(node)):
            first = i == 0
            structural = node.level in ("tujuan", "sasaran")
            rows.append({
                "jumlah": False,
                "tingkat": node.level,
                "tujuan": pending.pop("tujuan", "") if first else "",
                "sasaran": pending.pop("sasaran", "") if first else "",
                "kode": split_kode(node.kode if first else None),
                "nama": node.judul if first and not structural else "",
                "indikator": ind.nama if ind else "",
                "satuan": ind.satuan if ind else "",
                "awal": f.awal(ind) if ind else "",
                "target": f.targets(ind) if ind else [""] * YEARS,
                "rp": f.money(node) if first and show_money else [""] * YEARS,
                "akhir": f.akhir(ind) if ind else "",
                "akhir_rp": f.rp(node.pagu_total()) if first and show_money else "",
                "unit": units.get(node.penanggung_jawab, "") if first else "",
                "lokasi": (node.lokasi or "") if first else "",
            })

    for t in opd.tujuan:
        pending = {"tujuan": t.uraian, "sasaran": ""}
        emit(t, False)
        for s in t.children:
            pending["sasaran"] = s.uraian
            emit(s, False)
            for p in s.children:
                emit(p, True)
                for k in p.children:
                    emit(k, True)
                    for sk in k.children:
                        emit(sk, True)
                rows.append({
                    "jumlah": True, "tujuan": pending.pop("tujuan", ""), "sasaran": pending.pop("sasaran", ""),
                    "label": f"Jumlah {p.judul}", "rp": f.money(p),
                    "akhir_rp": f.rp(p.pagu_total()),
                })
                for y in f.years:
                    total[y] += p.pagu.get(y, 0)
    grand = {"rp": f._pad([f.rp(total[y]) for y in f.years]), "akhir_rp": f.rp(sum(total.values()))}
    return rows, grand


def with_groups(rows: list[dict]) -> list[dict]:
    """The rows for Word: a group row `{"grup": 1, "label": "Tujuan 1: …"}` before the rows of each
    tujuan and `{"grup": 2, "label": "Sasaran 1.1: …"}` before those of each sasaran, in place of
    the tujuan/sasaran columns (the layout repeats the group rows on every page their rows run onto).
    Rows keep their other keys; "tujuan"/"sasaran" are taken out."""
    out, t_no, s_no = [], 0, 0
    for r in rows:
        r = dict(r)
        tujuan, sasaran = r.pop("tujuan", ""), r.pop("sasaran", "")
        # a group row has every name of the row after it, blank: a template reading one on a group
        # row prints nothing, and a misspelt name is matched against the real ones (T010's guess)
        blank = {k: _blanked(v) for k, v in r.items()}
        if tujuan:
            t_no, s_no = t_no + 1, 0
            out.append({**blank, "grup": 1, "label": f"Tujuan {t_no}: {tujuan}"})
        if sasaran:
            s_no += 1
            out.append({**blank, "grup": 2, "label": f"Sasaran {t_no}.{s_no}: {sasaran}"})
        r["grup"] = 0
        if not _empty([v for k, v in r.items() if k not in ("grup", "no", "jumlah", "tingkat")]):
            out.append(r)  # a sasaran without strategi leaves only its group row
    return out


def _blanked(value):
    if isinstance(value, dict):
        return {k: _blanked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_blanked(v) for v in value]
    return False if isinstance(value, bool) else ""


def _empty(value) -> bool:
    if isinstance(value, dict):
        return _empty(list(value.values()))
    if isinstance(value, (list, tuple)):
        return all(_empty(v) for v in value)
    return value in ("", None)


# ---------------------------------------------------------------- T-C.28


def _support(tujuan: Node, sasaran: Node) -> tuple[str, ...]:
    """RPJMD sasaran an OPD sasaran supports: its own `mendukung` when written (even `[]`), else its tujuan's."""
    return sasaran.mendukung if "mendukung" in sasaran.locs else tujuan.mendukung


def marks_iku(opd: Opd) -> bool:
    """Whether the OPD marks any tujuan/sasaran indicator `iku: true`: Tabel 7.1 is then its IKU PD."""
    return any(i.iku for t in opd.tujuan for n in (t, *t.children) for i in n.indikator)


def _shown(node: Node) -> tuple[Indikator, ...]:
    """A tujuan/sasaran's indicators in Tabel 7.1: its IKU (the table is the IKU PD, primer §3); all of
    them while it marks none (rule R120 asks for one), as the PK does (model/perjanjian.pk_indikator)."""
    return tuple(i for i in node.indikator if i.iku) or node.indikator


def tabel_7_1(pemda: Pemda, opd: Opd, f: Fmt) -> list[dict]:
    """OPD tujuan/sasaran indicators (the IKU, where marked) grouped under the RPJMD sasaran they
    support (`mendukung`)."""
    rows, placed, no = [], set(), 0
    for rt in pemda.rpjmd_tujuan():
        for rs in rt.sasaran:
            nodes = []
            for t in opd.tujuan:
                if rs.id in t.mendukung:
                    nodes.append(t)
                nodes += [s for s in t.children if rs.id in _support(t, s)]
            if not nodes:
                continue
            no += 1
            rows.append({"no": str(no), "judul": f"Tujuan RPJMD: {rt.uraian} — Sasaran RPJMD: {rs.uraian}"})
            for node in nodes:
                placed.add(node.id)
                rows.extend(_kinerja_row(ind, f) for ind in _shown(node))
    rest = [n for t in opd.tujuan for n in (t, *t.children) if n.id not in placed and n.indikator]
    if rest:
        no += 1
        rows.append({"no": str(no), "judul": "Indikator Perangkat Daerah yang belum dikaitkan dengan sasaran RPJMD"})
        for node in rest:
            rows.extend(_kinerja_row(ind, f) for ind in _shown(node))
    return rows


def _kinerja_row(ind: Indikator, f: Fmt) -> dict:
    return {"no": "", "judul": "", "indikator": ind.nama, "satuan": ind.satuan,
            "awal": f.awal(ind), "target": f.targets(ind), "akhir": f.akhir(ind)}


# ---------------------------------------------------------------- shared context


def renstra_date(pemda: Pemda) -> dt.date:
    """The Renstra's date: from the settings, else 2 January of the first plan year (no clock time)."""
    return pemda.settings.tanggal_renstra or dt.date(pemda.periode[0], 1, 2)


def common_context(pemda: Pemda, opd: Opd) -> dict:
    years = pemda.years
    day = renstra_date(pemda)
    kepala = opd.kepala()
    holder = kepala.pemangku(day) if kepala else None
    return {
        "pemda": {"nama": pemda.nama, "nama_kapital": pemda.nama.upper(), "visi": pemda.visi,
                  "provinsi": pemda.provinsi or "",
                  "misi": [{"nomor": m.nomor, "uraian": m.uraian} for m in pemda.misi]},
        "opd": {"nama": opd.nama, "nama_kapital": opd.nama.upper(), "singkatan": opd.singkatan,
                "alamat": opd.alamat},
        "periode": f"{years[0]}–{years[-1]}" if years else "",
        "tahun": year_labels(years),
        "tahun_dasar": str(pemda.tahun_dasar or (years[0] - 1 if years else "")),
        "tahun_akhir": str(years[-1]) if years else "",
        "tahun_penetapan": str(day.year),
        "tempat": pemda.settings.tempat or pemda.nama,
        "tanggal": tanggal(pemda.settings.tanggal_renstra) if pemda.settings.tanggal_renstra
        else f"…………………… {day.year}",
        "kepala": {
            "jabatan": (holder.awalan if holder else "") + (kepala.nama if kepala else "Kepala Perangkat Daerah"),
            "nama": holder.nama if holder else "(nama Kepala belum diisi di opd.yaml)",
            "pangkat": holder.pangkat_tampil if holder else "",
            "nip": holder.nip_tampil if holder else "",
        },
    }


def fmt_for(pemda: Pemda, raw: bool = False) -> Fmt:
    """Display strings for Word; `raw=True` keeps numbers as numbers (Excel, cascade/documents/excel/__init__.py)."""
    if raw:
        return RawFmt(years=pemda.years, in_cell=False)
    return Fmt(years=pemda.years, in_cell=pemda.settings.tampil_satuan == "dalam_sel")


__all__ = ["Fmt", "RawFmt", "angka", "common_context", "fmt_for", "renstra_date", "split_kode", "tabel_4_1", "tabel_5_1",
           "tabel_6_1", "tabel_7_1", "with_groups"]
