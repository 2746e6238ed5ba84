"""Keselarasan Renstra–RPJMD report (issue 8): a Word report and a Markdown summary for the Pemda.

The content is built once as plain blocks (headings, paragraphs, tables of text) from the analysis in
cascade/model/keselarasan.py; `laporan.docx` and `markdown` only lay the same blocks out, so the two
files cannot tell different stories. The report covers the whole RPJMD period, so it does not depend
on the year being built: `make pemda tahun=2027` writes the same bytes.
"""
from __future__ import annotations

import datetime as dt
import re

from cascade.documents import Output, PemdaJob
from cascade.fmt import angka, rupiah
from cascade.formats.docx.report import Baris, Judul, Paragraf, Tabel
from cascade.model.keselarasan import (
    DIAKUI,
    Keselarasan,
    Pendukung,
    analysed,
    rpjmd_indicators,
)
from cascade.model.types import LEVEL_LABEL, Indikator

FOLDER = "keselarasan"


# --- content ----------------------------------------------------------------------------------


def _target_cells(ind: Indikator, years) -> tuple[str, ...]:
    return (angka(ind.baseline),) + tuple(angka(ind.target.get(y)) for y in years)


def _node_label(p: Pendukung) -> str:
    return f"{LEVEL_LABEL[p.node.level]} {p.node.id}: {p.node.uraian}"


def _side_by_side(k: Keselarasan, label: str, rpjmd_ind, pendukung, empty: str) -> Tabel:
    years = k.years
    rows = [Baris(("RPJMD", label, i.nama, i.satuan) + _target_cells(i, years), True) for i in rpjmd_ind]
    for p in pendukung:
        rows += [Baris((p.opd.singkatan, _node_label(p), i.nama, i.satuan) + _target_cells(i, years))
                 for i in p.node.indikator]
    if not pendukung:
        rows.append(Baris(("–", empty, "", "") + ("",) * (len(years) + 1)))
    head = ("Pelaksana", "Tujuan/Sasaran", "Indikator", "Satuan", f"Kondisi awal ({k.pemda.tahun_dasar})") + tuple(map(str, years))
    return Tabel(head, tuple(rows), angka_mulai=4, lebar=(1.3, 4, 3.2, 1.1) + (1.2,) * (len(years) + 1))


def _ringkasan(k: Keselarasan) -> list:
    sasaran = k.sasaran()
    kosong = k.tanpa_dukungan()
    tak = [s for o in k.opd for s in o.tak_mendukung]
    selisih = [s for sd in k.sama_dengan for s in sd.selisih]
    rows = [
        ("Sasaran RPJMD", str(len(sasaran))),
        ("Sasaran RPJMD yang didukung OPD", str(len(sasaran) - len(kosong))),
        ("Sasaran RPJMD yang belum didukung OPD", f"{len(kosong)}" + (f" ({', '.join(s.sasaran.id for s in kosong)})" if kosong else "")),
        ("Sasaran PD yang tidak mendukung sasaran RPJMD", f"{len(tak)}" + (f" ({', '.join(s.id for s in tak)})" if tak else "")),
        ("Crosscutting diakui kedua pihak", str(sum(t.status == DIAKUI for t in k.tautan))),
        ("Crosscutting sepihak", str(sum(t.status != DIAKUI for t in k.tautan))),
        ("Indikator OPD yang dinyatakan sama dengan indikator RPJMD", str(len(k.sama_dengan))),
        ("Tahun dengan target berbeda dari RPJMD", str(len(selisih))),
    ]
    return [Judul("1. Ringkasan", 1), Tabel(("Uraian", "Jumlah"), tuple(Baris(r) for r in rows))]


def _dukungan(k: Keselarasan) -> list:
    out: list = [Judul("2. Dukungan terhadap Tujuan dan Sasaran RPJMD", 1),
                 Paragraf("Baris RPJMD (tebal) memuat target RPJMD; baris di bawahnya memuat tujuan dan sasaran PD yang "
                          "mendukungnya beserta target indikatornya pada tahun yang sama.")]
    misi_seen = set()
    for t in k.tujuan:
        if t.misi.nomor not in misi_seen:
            misi_seen.add(t.misi.nomor)
            out.append(Judul(f"Misi {t.misi.nomor}: {t.misi.uraian}", 2))
        out.append(Judul(f"Tujuan RPJMD {t.tujuan.id}: {t.tujuan.uraian}", 3))
        out.append(_side_by_side(k, f"Tujuan {t.tujuan.id}: {t.tujuan.uraian}", t.tujuan.indikator, t.pendukung,
                                 "belum ada tujuan PD yang mendukung"))
        for s in t.sasaran:
            rs = s.sasaran
            out.append(Judul(f"Sasaran RPJMD {rs.id}: {rs.uraian}", 3))
            if s.didukung:
                opds = sorted({p.opd.singkatan for p in s.pendukung})
                out.append(Paragraf(f"Status: didukung {len(s.pendukung)} tujuan/sasaran PD dari {', '.join(opds)}."))
            else:
                out.append(Paragraf("Status: BELUM DIDUKUNG tujuan atau sasaran PD mana pun."))
            out.append(_side_by_side(k, f"Sasaran {rs.id}: {rs.uraian}", rs.indikator, s.pendukung,
                                     "belum didukung OPD mana pun"))
    return out


def _iku(k: Keselarasan) -> list:
    years = k.years
    out: list = [Judul("3. Indikator OPD yang Sama dengan Indikator RPJMD", 1),
                 Paragraf("Indikator PD yang ditandai sama_dengan dibandingkan dengan indikator RPJMD-nya setiap tahun.")]
    rows, tanpa = [], []
    for ind in rpjmd_indicators(k.pemda).values():
        pairs = k.sama_dengan_untuk(ind.id)
        if not pairs:
            tanpa.append(f"{ind.id} ({ind.nama})")
            continue
        rows.append(Baris((f"{ind.id}: {ind.nama}", "RPJMD") + tuple(angka(ind.target.get(y)) for y in years) + ("",), True))
        for sd in pairs:
            beda = ", ".join(str(s.tahun) for s in sd.selisih) or "tidak ada"
            rows.append(Baris((f"{sd.indikator.id}: {sd.indikator.nama}", sd.opd.singkatan)
                              + tuple(angka(sd.indikator.target.get(y)) for y in years) + (beda,)))
    if rows:
        out.append(Tabel(("Indikator", "Pelaksana") + tuple(map(str, years)) + ("Tahun berbeda",), tuple(rows), angka_mulai=2))
    else:
        out.append(Paragraf("Belum ada indikator PD yang dinyatakan sama dengan indikator RPJMD."))
    if tanpa:
        out.append(Paragraf("Indikator RPJMD yang belum dinyatakan sama oleh indikator PD mana pun: " + "; ".join(tanpa) + "."))
    return out


def _tanpa_dukungan(k: Keselarasan) -> list:
    out: list = [Judul("4. Sasaran RPJMD yang Belum Didukung OPD", 1)]
    rows = []
    for t in k.tujuan:
        for s in t.sasaran:
            if not s.didukung:
                rows.append(Baris((f"{s.sasaran.id}: {s.sasaran.uraian}", f"{t.tujuan.id}: {t.tujuan.uraian}",
                                   "; ".join(i.nama for i in s.sasaran.indikator))))
    out.append(Tabel(("Sasaran RPJMD", "Tujuan RPJMD", "Indikator"), tuple(rows)) if rows
               else Paragraf("Semua sasaran RPJMD sudah didukung paling sedikit satu tujuan atau sasaran PD."))
    return out


def _porsi_label(ids: tuple[str, ...], uraian: dict) -> str:
    if not ids:
        return "Tidak mendukung sasaran RPJMD"
    if len(ids) == 1:
        return f"{ids[0]}: {uraian[ids[0]]}"
    return " + ".join(ids) + " (didukung bersama)"


def _per_opd(k: Keselarasan) -> list:
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
                Baris((f"{s.id}: {s.uraian}", f"{parent[s.id].id}: {parent[s.id].uraian}", "; ".join(i.nama for i in s.indikator)))
                for s in item.tak_mendukung)))
        else:
            out.append(Paragraf("Semua sasaran PD mendukung sasaran RPJMD."))
        out.append(Paragraf("Porsi pagu indikatif per sasaran RPJMD (Rp; persentase terhadap pagu OPD pada tahun itu):"))
        rows = []
        for p in item.porsi:
            cells = tuple(f"{rupiah(p.pagu[y], sign=False)} ({_persen(p.persen[y])})" for y in years)
            grand = sum(item.total.values())
            rows.append(Baris((_porsi_label(p.sasaran_rpjmd, uraian),) + cells
                              + (f"{rupiah(sum(p.pagu.values()), sign=False)} ({_persen(sum(p.pagu.values()) / grand if grand else None)})",)))
        rows.append(Baris(("Jumlah pagu OPD",) + tuple(rupiah(item.total[y], sign=False) for y in years)
                          + (rupiah(sum(item.total.values()), sign=False),), True))
        out.append(Tabel(("Sasaran RPJMD",) + tuple(map(str, years)) + ("Jumlah",), tuple(rows), angka_mulai=1))
    return out


def _persen(share: float | None) -> str:
    return "–" if share is None else f"{angka(share * 100, 1)}%"


def _crosscutting(k: Keselarasan) -> list:
    out: list = [Judul("6. Matriks Crosscutting Antar-OPD", 1),
                 Paragraf("Baris: OPD pemberi (simpulnya mencatat crosscutting); kolom: OPD penerima (simpulnya mencatat "
                          "crosscutting_diterima). Sebuah tautan diakui bila kedua pihak mencatatnya; sepihak bila hanya satu pihak.")]
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
    out.append(Tabel(("Pemberi \\ Penerima",) + tuple(name[b] for b in keys), tuple(rows)))
    if k.tautan:
        out.append(Tabel(("Pemberi", "Penerima", "Status", "Keterangan"), tuple(
            Baris((f"{name.get(t.pemberi, t.pemberi)} · {t.pemberi_node}", f"{name.get(t.penerima, t.penerima)} · {t.penerima_node}",
                   t.label, t.keterangan or "")) for t in k.tautan)))
    else:
        out.append(Paragraf("Belum ada crosscutting antar-OPD."))
    return out


def _selisih(k: Keselarasan) -> list:
    out: list = [Judul("7. Selisih Target terhadap Indikator RPJMD yang Sama", 1)]
    rows = tuple(Baris((sd.opd.singkatan, f"{sd.indikator.id}: {sd.indikator.nama}", sd.rpjmd.id, str(s.tahun),
                        angka(s.target_opd), angka(s.target_rpjmd)))
                 for sd in k.sama_dengan if sd.rpjmd is not None for s in sd.selisih)
    out.append(Tabel(("Pelaksana", "Indikator PD", "Indikator RPJMD", "Tahun", "Target PD", "Target RPJMD"), rows, angka_mulai=3)
               if rows else Paragraf("Tidak ada tahun dengan target yang berbeda."))
    return out


def blocks(k: Keselarasan) -> list:
    p = k.pemda
    opds = ", ".join(f"{o.opd.nama} ({o.opd.singkatan})" for o in k.opd) or "(belum ada)"
    head = [Judul(f"Laporan Keselarasan Renstra Perangkat Daerah dengan RPJMD {p.nama} {p.periode[0]}–{p.periode[1]}", 0),
            Paragraf(f"Visi: {p.visi}"),
            Paragraf(f"Perangkat daerah yang diperiksa: {opds}."),
            Paragraf("Dibangun oleh Cascade dari data/pemda.yaml dan data/opd/; jalankan make pemda untuk memperbaruinya.")]
    return (head + _ringkasan(k) + _dukungan(k) + _iku(k) + _tanpa_dukungan(k) + _per_opd(k)
            + _crosscutting(k) + _selisih(k))


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
    escaped = _Escaped()
    lines: list[str] = []
    for b in items:
        if isinstance(b, Judul):
            lines += ["#" * (b.tingkat + 1) + " " + escaped[b.teks], ""]
        elif isinstance(b, Paragraf):
            lines += [escaped[b.teks], ""]
        else:
            lines.append("| " + " | ".join([escaped[h] for h in b.kepala]) + " |")
            lines.append("|" + "|".join("---:" if i >= b.angka_mulai else "---" for i in range(len(b.kepala))) + "|")
            for r in b.baris:
                cells = [escaped[c] for c in r.sel]
                if r.tegas:
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
    items = blocks(k)
    periode = f"{k.pemda.periode[0]}-{k.pemda.periode[1]}"
    report = docx(items, k.pemda.settings, document_date(k))
    return [Output(f"{FOLDER}/keselarasan-{periode}.docx", report),
            Output(f"{FOLDER}/ringkasan.md", markdown(items).encode("utf-8"))]
