"""Keselarasan Renstra–RPJMD report (issue 8): a Word report and a Markdown summary for the Pemda.

The content is built once as plain blocks (headings, paragraphs, tables of text) from the analysis in
cascade/model/keselarasan.py; `laporan.docx` and `markdown` only lay the same blocks out, so the two
files cannot tell different stories. The report covers the whole RPJMD period, so it does not depend
on the year being built: `make pemda tahun=2027` writes the same bytes.
"""
from __future__ import annotations

import datetime as dt
import re

from cascade.documents import Output, PemdaJob, resmi
from cascade.fmt import angka, baseline, rupiah, target
from cascade.formats.docx.report import Baris, Judul, Kop, Paragraf, Pengesahan, Tabel, angka_dari
from cascade.model.keselarasan import (
    DIAKUI,
    Keselarasan,
    analysed,
    rpjmd_indicators,
)
from cascade.model.nomor import node_name, opd_nomor, rpjmd_nomor
from cascade.model.types import LEVEL_LABEL, Indikator, Node, Opd

FOLDER = "keselarasan"


# --- content ----------------------------------------------------------------------------------


class _Names:
    """How the report names what it reports on: numbers by place in the RPJMD and each Renstra, OPDs by
    their singkatan; never the ids of the data."""

    def __init__(self, k: Keselarasan):
        self.rpjmd = rpjmd_nomor(k.pemda)
        self.opd = {o.opd.key: o.opd for o in k.opd}
        self.nomor = {o.opd.key: opd_nomor(o.opd) for o in k.opd}

    def rpjmd_tujuan(self, t) -> str:
        return f"Tujuan RPJMD {self.rpjmd[t.id]}: {t.uraian}"

    def rpjmd_sasaran(self, s, with_text: bool = True) -> str:
        return f"Sasaran RPJMD {self.rpjmd[s.id]}" + (f": {s.uraian}" if with_text else "")

    def node(self, opd: Opd, node: Node) -> str:
        if node.level in ("tujuan", "sasaran"):
            return f"{LEVEL_LABEL[node.level]} PD {self.nomor[opd.key].get(node.id, '')}: {node.uraian}"
        return f"{LEVEL_LABEL[node.level]} {node_name(node, {})}"

    def node_of(self, key: str, node_id: str) -> str:
        """A crosscutting end: "<OPD> · <its node>"; an OPD or node the data does not hold is left out."""
        opd = self.opd.get(key)
        node = opd.node(node_id) if opd is not None else None
        if opd is None:
            return "(perangkat daerah tidak ditemukan)"
        return f"{opd.singkatan} · {self.node(opd, node)}" if node is not None else opd.singkatan


def _target_cells(ind: Indikator, years) -> tuple[str, ...]:
    return (baseline(ind.baseline),) + tuple(target(ind.target.get(y)) for y in years)


def _side_by_side(k: Keselarasan, names: _Names, label: str, rpjmd_ind, pendukung, empty: str, judul: str) -> Tabel:
    years = k.years
    rows = [Baris(("RPJMD", label, i.nama, i.satuan) + _target_cells(i, years), True) for i in rpjmd_ind]
    for p in pendukung:
        rows += [Baris((p.opd.singkatan, names.node(p.opd, p.node), i.nama, i.satuan) + _target_cells(i, years))
                 for i in p.node.indikator]
    if not pendukung:
        rows.append(Baris(("–", empty, "", "") + ("",) * (len(years) + 1)))
    head = ("Pelaksana", "Tujuan/Sasaran", "Indikator", "Satuan", f"Kondisi awal ({k.pemda.tahun_dasar})") + tuple(map(str, years))
    return Tabel(head, tuple(rows), angka=angka_dari(4, len(head)), judul=judul)


def _ringkasan(k: Keselarasan, names: _Names) -> list:
    sasaran = k.sasaran()
    kosong = k.tanpa_dukungan()
    tak = [(o.opd, s) for o in k.opd for s in o.tak_mendukung]
    selisih = [s for sd in k.sama_dengan for s in sd.selisih]
    # the count stands alone in its column (right-aligned); which ones, named as the rest of the report does
    belum = "; ".join(names.rpjmd_sasaran(s.sasaran) for s in kosong)
    lain = "; ".join(f"{opd.singkatan} · {names.node(opd, s)}" for opd, s in tak)
    rows = [
        ("Sasaran RPJMD", str(len(sasaran)), ""),
        ("Sasaran RPJMD yang didukung OPD", str(len(sasaran) - len(kosong)), ""),
        ("Sasaran RPJMD yang belum didukung OPD", str(len(kosong)), belum),
        ("Sasaran PD yang tidak mendukung sasaran RPJMD", str(len(tak)), lain),
        ("Crosscutting diakui kedua pihak", str(sum(t.status == DIAKUI for t in k.tautan)), ""),
        ("Crosscutting sepihak", str(sum(t.status != DIAKUI for t in k.tautan)), ""),
        ("Indikator OPD yang dinyatakan sama dengan indikator RPJMD", str(len(k.sama_dengan)), ""),
        ("Tahun dengan target berbeda dari RPJMD", str(len(selisih)), ""),
    ]
    return [Judul("1. Ringkasan", 1), Tabel(("Uraian", "Jumlah", "Keterangan"), tuple(Baris(r) for r in rows),
                                           angka=frozenset({1}), judul="Ringkasan keselarasan")]


def _dukungan(k: Keselarasan, names: _Names) -> list:
    out: list = [Judul("2. Dukungan terhadap Tujuan dan Sasaran RPJMD", 1),
                 Paragraf("Baris RPJMD (tebal) memuat target RPJMD; baris di bawahnya memuat tujuan dan sasaran PD yang "
                          "mendukungnya beserta target indikatornya pada tahun yang sama.")]
    misi_seen = set()
    for t in k.tujuan:
        if t.misi.nomor not in misi_seen:
            misi_seen.add(t.misi.nomor)
            out.append(Judul(f"Misi {t.misi.nomor}: {t.misi.uraian}", 2))
        tujuan = names.rpjmd_tujuan(t.tujuan)
        out.append(Judul(tujuan, 3))
        out.append(_side_by_side(k, names, tujuan, t.tujuan.indikator, t.pendukung,
                                 "belum ada tujuan PD yang mendukung",
                                 f"Dukungan terhadap Tujuan RPJMD {names.rpjmd[t.tujuan.id]}"))
        for s in t.sasaran:
            rs = s.sasaran
            out.append(Judul(names.rpjmd_sasaran(rs), 3))
            if s.didukung:
                opds = sorted({p.opd.singkatan for p in s.pendukung})
                out.append(Paragraf(f"Status: didukung {len(s.pendukung)} tujuan/sasaran PD dari {', '.join(opds)}."))
            else:
                out.append(Paragraf("Status: BELUM DIDUKUNG tujuan atau sasaran PD mana pun."))
            out.append(_side_by_side(k, names, names.rpjmd_sasaran(rs), rs.indikator, s.pendukung,
                                     "belum didukung OPD mana pun",
                                     f"Dukungan terhadap {names.rpjmd_sasaran(rs, False)}"))
    return out


def _iku(k: Keselarasan) -> list:
    years = k.years
    out: list = [Judul("3. Indikator OPD yang Sama dengan Indikator RPJMD", 1),
                 Paragraf("Indikator PD yang dinyatakan sama dengan sebuah indikator RPJMD dibandingkan dengan "
                          "indikator RPJMD tersebut setiap tahun.")]
    rows, tanpa = [], []
    for ind in rpjmd_indicators(k.pemda).values():
        pairs = k.sama_dengan_untuk(ind.id)
        if not pairs:
            tanpa.append(ind.nama)
            continue
        rows.append(Baris((ind.nama, "RPJMD") + tuple(target(ind.target.get(y)) for y in years) + ("",), True))
        for sd in pairs:
            beda = ", ".join(str(s.tahun) for s in sd.selisih) or "tidak ada"
            rows.append(Baris((sd.indikator.nama, sd.opd.singkatan)
                              + tuple(target(sd.indikator.target.get(y)) for y in years) + (beda,)))
    if rows:
        head = ("Indikator", "Pelaksana") + tuple(map(str, years)) + ("Tahun berbeda",)
        out.append(Tabel(head, tuple(rows), angka=angka_dari(2, len(head) - 1),
                         judul="Target indikator PD yang sama dengan indikator RPJMD"))
    else:
        out.append(Paragraf("Belum ada indikator PD yang dinyatakan sama dengan indikator RPJMD."))
    if tanpa:
        out.append(Paragraf("Indikator RPJMD yang belum dinyatakan sama oleh indikator PD mana pun: " + "; ".join(tanpa) + "."))
    return out


def _tanpa_dukungan(k: Keselarasan, names: _Names) -> list:
    out: list = [Judul("4. Sasaran RPJMD yang Belum Didukung OPD", 1)]
    rows = []
    for t in k.tujuan:
        for s in t.sasaran:
            if not s.didukung:
                rows.append(Baris((names.rpjmd_sasaran(s.sasaran), names.rpjmd_tujuan(t.tujuan),
                                   "; ".join(i.nama for i in s.sasaran.indikator))))
    out.append(Tabel(("Sasaran RPJMD", "Tujuan RPJMD", "Indikator"), tuple(rows),
                     judul="Sasaran RPJMD yang belum didukung OPD") if rows
               else Paragraf("Semua sasaran RPJMD sudah didukung paling sedikit satu tujuan atau sasaran PD."))
    return out


def _porsi_label(ids: tuple[str, ...], names: _Names, uraian: dict) -> str:
    if not ids:
        return "Tidak mendukung sasaran RPJMD"
    if len(ids) == 1:
        return f"Sasaran RPJMD {names.rpjmd[ids[0]]}: {uraian[ids[0]]}"
    return " + ".join(f"Sasaran RPJMD {names.rpjmd[i]}" for i in ids) + " (didukung bersama)"


def _per_opd(k: Keselarasan, names: _Names) -> list:
    years = k.years
    uraian = {s.id: s.uraian for s in k.pemda.rpjmd_sasaran()}
    out: list = [Judul("5. Keselarasan per Perangkat Daerah", 1)]
    for item in k.opd:
        opd = item.opd
        out.append(Judul(f"{opd.nama} ({opd.singkatan})", 2))
        if item.tak_mendukung:
            parent = {s.id: t for t in opd.tujuan for s in t.children}
            out.append(Paragraf("Sasaran PD yang tidak mendukung sasaran RPJMD:"))
            out.append(Tabel(("Sasaran PD", "Tujuan PD", "Indikator"), tuple(
                Baris((names.node(opd, s), names.node(opd, parent[s.id]), "; ".join(i.nama for i in s.indikator)))
                for s in item.tak_mendukung), judul=f"Sasaran {opd.singkatan} yang tidak mendukung sasaran RPJMD"))
        else:
            out.append(Paragraf("Semua sasaran PD mendukung sasaran RPJMD."))
        out.append(Paragraf("Porsi pagu indikatif per sasaran RPJMD (Rp; persentase terhadap pagu OPD pada tahun itu):"))
        rows = []
        for p in item.porsi:
            cells = tuple(f"{rupiah(p.pagu[y], sign=False)}\n({_persen(p.persen[y])})" for y in years)
            grand = sum(item.total.values())
            share = _persen(sum(p.pagu.values()) / grand if grand else None)
            rows.append(Baris((_porsi_label(p.sasaran_rpjmd, names, uraian),) + cells
                              + (f"{rupiah(sum(p.pagu.values()), sign=False)}\n({share})",)))
        rows.append(Baris(("Jumlah pagu OPD",) + tuple(rupiah(item.total[y], sign=False) for y in years)
                          + (rupiah(sum(item.total.values()), sign=False),), True))
        head = ("Sasaran RPJMD",) + tuple(map(str, years)) + ("Jumlah",)
        out.append(Tabel(head, tuple(rows), angka=angka_dari(1, len(head)),
                         judul=f"Porsi pagu indikatif {opd.singkatan} per sasaran RPJMD"))
    return out


def _persen(share: float | None) -> str:
    return "–" if share is None else f"{angka(share * 100, 1)}%"


def _crosscutting(k: Keselarasan, names: _Names) -> list:
    out: list = [Judul("6. Matriks Crosscutting Antar-OPD", 1),
                 Paragraf("Baris: OPD pemberi (yang mencatat dukungannya kepada OPD lain); kolom: OPD penerima (yang "
                          "mencatat dukungan yang diterimanya). Sebuah tautan diakui bila kedua pihak mencatatnya; "
                          "sepihak bila hanya satu pihak.")]
    keys = [o.opd.key for o in k.opd]
    name = {o.opd.key: o.opd.singkatan for o in k.opd}
    between: dict[tuple[str, str], list] = {}  # (pemberi, penerima) → their links, in analysis order
    for t in k.tautan:
        between.setdefault((t.pemberi, t.penerima), []).append(t)
    rows = []
    for a in keys:
        cells = []
        for b in keys:
            links = between.get((a, b), [])
            if a == b:
                cells.append("×")
            elif not links:
                cells.append("–")
            else:
                n_ok = sum(t.status == DIAKUI for t in links)
                parts = ([f"{n_ok} diakui"] if n_ok else []) + ([f"{len(links) - n_ok} sepihak"] if len(links) > n_ok else [])
                cells.append(", ".join(parts))
        rows.append(Baris((name[a],) + tuple(cells)))
    out.append(Tabel(("Pemberi \\ Penerima",) + tuple(name[b] for b in keys), tuple(rows),
                     judul="Matriks crosscutting antar-OPD"))
    if k.tautan:
        out.append(Tabel(("Pemberi", "Penerima", "Status", "Keterangan"), tuple(
            Baris((names.node_of(t.pemberi, t.pemberi_node), names.node_of(t.penerima, t.penerima_node),
                   t.label, t.keterangan or "")) for t in k.tautan), judul="Daftar crosscutting antar-OPD"))
    else:
        out.append(Paragraf("Belum ada crosscutting antar-OPD."))
    return out


def _selisih(k: Keselarasan) -> list:
    out: list = [Judul("7. Selisih Target terhadap Indikator RPJMD yang Sama", 1)]
    rows = tuple(Baris((sd.opd.singkatan, sd.indikator.nama, sd.rpjmd.nama, str(s.tahun),
                        target(s.target_opd), target(s.target_rpjmd)))
                 for sd in k.sama_dengan if sd.rpjmd is not None for s in sd.selisih)
    out.append(Tabel(("Pelaksana", "Indikator PD", "Indikator RPJMD", "Tahun", "Target PD", "Target RPJMD"), rows,
                     angka=angka_dari(3, 6), judul="Tahun dengan target PD yang berbeda dari target RPJMD")
               if rows else Paragraf("Tidak ada tahun dengan target yang berbeda."))
    return out


def blocks(k: Keselarasan, kop: Kop | None = None, pengesahan: Pengesahan | None = None) -> list:
    p = k.pemda
    names = _Names(k)
    opds = ", ".join(f"{o.opd.nama} ({o.opd.singkatan})" for o in k.opd) or "(belum ada)"
    head = ([kop] if kop else []) + [
        Judul(f"Laporan Keselarasan Renstra Perangkat Daerah dengan RPJMD {p.nama} {p.periode[0]}–{p.periode[1]}", 0),
        Paragraf(f"Visi: {p.visi}"),
        Paragraf(f"Perangkat daerah yang diperiksa: {opds}.")]
    return (head + _ringkasan(k, names) + _dukungan(k, names) + _iku(k) + _tanpa_dukungan(k, names)
            + _per_opd(k, names) + _crosscutting(k, names) + _selisih(k) + _penutup(k, pengesahan))


def _penutup(k: Keselarasan, pengesahan: Pengesahan | None) -> list:
    """The closing sentence and the signature, which keep together on the last page."""
    if pengesahan is None:
        return []
    return [Paragraf(f"Demikian laporan keselarasan ini disusun sebagai bahan penyelarasan Renstra Perangkat Daerah "
                     f"dengan RPJMD {k.pemda.nama} {k.pemda.periode[0]}\u2060–\u2060{k.pemda.periode[1]}."),  # one word
            pengesahan]


# --- Markdown ---------------------------------------------------------------------------------

_PLAIN_SPACING = re.compile(r"(?:[^\s]+(?: [^\s]+)*)?")  # words, one space between: `split` would keep it
_MD_CHARS = re.compile(r"[\\`*_\[\]<>|#]")
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def md_escape(text: str) -> str:
    """Every character Markdown could read as markup is escaped, so data is always shown as written."""
    text = str(text)
    if not _PLAIN_SPACING.fullmatch(text):  # line breaks, tabs, runs of spaces: one space each
        text = " ".join(text.split())
    return text.translate(_MD_ESCAPES) if _MD_CHARS.search(text) else text


class _Escaped(dict):
    """Text → `md_escape(text)`, each text escaped once: a report repeats its cells."""

    def __missing__(self, text: str) -> str:
        found = self[text] = md_escape(text)
        return found


def markdown(items: list) -> str:
    """The same blocks as Markdown; tables numbered as in the Word report, kop and signature left out."""
    escaped = _Escaped()
    lines: list[str] = []
    chapter = number = 0
    for b in items:
        if isinstance(b, Judul):
            lines += ["#" * (b.tingkat + 1) + " " + escaped[b.teks], ""]
            if b.tingkat == 1:
                chapter, number = chapter + 1, 0
        elif isinstance(b, Paragraf):
            lines += [escaped[b.teks], ""]
        elif isinstance(b, Tabel):
            number += 1
            lines += [f"**Tabel {max(chapter, 1)}.{number} {escaped[b.judul or 'Rincian']}**", ""]
            lines.append("| " + " | ".join([escaped[h] for h in b.kepala]) + " |")
            lines.append("|" + "|".join("---:" if i in b.angka else "---" for i in range(len(b.kepala))) + "|")
            for r in b.baris:
                cells = [escaped[c] for c in r.sel]
                if r.grup:  # the group's name in the first column, the rest empty
                    cells = [f"**{cells[0]}**"] + [""] * (len(b.kepala) - 1)
                elif r.tegas:
                    cells = [f"**{c}**" if c else c for c in cells]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


def document_date(k: Keselarasan) -> dt.date:
    """The date stamped into the .docx: from the data, never the clock."""
    return k.pemda.settings.tanggal_renstra or dt.date(k.pemda.periode[0], 1, 1)


def render_pemda(job: PemdaJob) -> list[Output]:
    from cascade.formats.docx.report import docx

    k = analysed(job.repo.pemda, job.repo.opds)  # as the check found it
    day = document_date(k)
    agency = resmi.bappeda(job.repo.opds)  # Bappeda issues the report; without one, the Pemda's kop
    kop = resmi.kop(k.pemda, agency, job.repo.root)
    sign = resmi.pengesahan(k.pemda, agency, day) if agency is not None else None
    items = blocks(k, kop, sign)
    periode = f"{k.pemda.periode[0]}-{k.pemda.periode[1]}"
    report = docx(items, k.pemda.settings, day, job.repo.root, f"Keselarasan Renstra PD dengan RPJMD {k.pemda.nama}")
    return [Output(f"{FOLDER}/keselarasan-{periode}.docx", report),
            Output(f"{FOLDER}/ringkasan.md", markdown(items).encode("utf-8"))]
