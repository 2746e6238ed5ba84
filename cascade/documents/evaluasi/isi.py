"""The content of the evaluation document as plain blocks (headings, paragraphs, tables of text).

Built once from cascade/model/capaian.py; laporan.docx only lays the blocks out. Every number is
formatted the Indonesian way here (`95,24`, `1.250.000`), and a missing realisasi is the words
"belum ada data", never 0. Tujuan and sasaran are named by their number in the Renstra ("Sasaran
1.2"), program, kegiatan and sub kegiatan by their nomenklatur code: never by the data's ids.
"""
from __future__ import annotations

import datetime as dt

from cascade.documents.evaluasi.pohon import ROMAN
from cascade.fmt import angka, baseline, rupiah, target
from cascade.formats.docx.report import Baris, Judul, Kop, Paragraf, Pengesahan, Tabel, angka_dari
from cascade.model.capaian import (
    BELUM_ADA,
    KATEGORI,
    KATEGORI_LABEL,
    RUMUS_NEGATIF,
    RUMUS_NOL,
    RUMUS_POSITIF,
    RUMUS_SKALA,
    CapaianIndikator,
    EvaluasiNode,
    EvaluasiTahun,
)
from cascade.model.capaian_triwulan import TriwulanIndikator
from cascade.model.nomor import node_name, opd_nomor
from cascade.model.types import LEVEL_LABEL, Jabatan, Node, Opd, Pemda

# Capaian categories as cell shading in print: light tints, so the black text (which names the category
# too) reads on a black-and-white printer; green to red in colour. The pohon keeps its strong colours.
WARNA_CETAK = {
    "sangat_tinggi": "A9D18E",
    "tinggi": "D5E8C4",
    "sedang": "FFE699",
    "rendah": "F8CBAD",
    "sangat_rendah": "F4B6B6",
    None: "E7E6E6",
}


def persen(value: float | None) -> str:
    return BELUM_ADA if value is None else angka(value)


def realisasi_text(c: CapaianIndikator) -> str:
    if c.realisasi is None:
        return BELUM_ADA
    text = angka(c.realisasi)
    return f"{text} (s.d. TW {ROMAN[c.sampai_triwulan]})" if c.sampai_triwulan else text


def node_title(node: Node) -> str:
    """The node's statement; program, kegiatan and sub kegiatan lead with their nomenklatur code."""
    if node.level in ("program", "kegiatan", "subkegiatan"):
        return node_name(node, {})
    return node.uraian


def tingkat(node: Node, nomor: dict[str, str]) -> str:
    """The level column: "Sasaran 1.2" for tujuan and sasaran (their number in the Renstra), else the level."""
    if node.level in ("tujuan", "sasaran"):
        return f"{LEVEL_LABEL[node.level]} {nomor.get(node.id, '')}".strip()
    return LEVEL_LABEL[node.level]


def jalur(e: EvaluasiNode, nomor: dict[str, str] | None = None) -> str:
    """Where a node stands in the tree, by ids: `T1 › S1 › P-APTIKA` (the command line's list, which a
    planner reads beside the data); with `nomor`, by printed names for documents."""
    if nomor is None:
        return " › ".join(n.id for n in e.jalur)
    sep = ":" if e.node.level in ("tujuan", "sasaran") else ""
    return f"{tingkat(e.node, nomor)}{sep} {node_title(e.node)}"


def penanggung_jawab(node: Node, jabatan: dict[str, Jabatan], tahun: int) -> str:
    jab = jabatan.get(node.penanggung_jawab)
    if jab is None:
        return node.penanggung_jawab
    holder = jab.pemangku(dt.date(tahun, 12, 31))
    return f"{jab.nama} ({holder.awalan}{holder.nama})" if holder else jab.nama


def unit_penanggung_jawab(node: Node, jabatan: dict[str, Jabatan]) -> str:
    """E.80's "Unit Penanggung Jawab": the unit kerja of the post answering for the node."""
    jab = jabatan.get(node.penanggung_jawab)
    if jab is None:
        return ""
    return jab.unit_kerja or jab.nama


def _cat_fill(kategori: str | None) -> str:
    return WARNA_CETAK[kategori]


def _anggaran_cells(e: EvaluasiNode) -> tuple[str, str, str]:
    a = e.anggaran
    if a.realisasi is None:
        return rupiah(a.pagu, sign=False), BELUM_ADA, BELUM_ADA
    real = rupiah(a.realisasi, sign=False) + ("" if a.lengkap else " (sebagian)")
    return rupiah(a.pagu, sign=False), real, persen(a.rasio)


def _group_row(e: EvaluasiNode, nomor: dict[str, str]) -> Baris | None:
    """A tujuan's or sasaran's group row ("Sasaran 1.2: …"), repeated atop every page its rows run onto."""
    level = {"tujuan": 1, "sasaran": 2}.get(e.node.level)
    return Baris((jalur(e, nomor),), grup=level) if level else None


def tabel_tahun(ev: EvaluasiTahun, nomor: dict[str, str]) -> Tabel:
    """Target vs realisasi vs capaian per node and indicator, with the budget realisation ratio."""
    kepala = ("Tingkat", "Uraian / Indikator", "Satuan", "Target", "TW I", "TW II", "TW III", "TW IV", "Realisasi",
              "Capaian (%)", "Kategori", "Pagu (Rp)", "Realisasi Anggaran (Rp)", "Rasio Anggaran (%)")
    rows = []
    for e in ev.nodes:
        n = e.node
        pagu, real, rasio = _anggaran_cells(e)
        group = _group_row(e, nomor)
        if group:  # the tujuan/sasaran is named in its group row; its own row holds its figures
            rows.append(group)
        uraian = f"Capaian dan anggaran {n.level}" if group else node_title(n)
        rows.append(Baris((tingkat(n, nomor), uraian, "", "", "", "", "", "", "",
                           persen(e.persen), KATEGORI_LABEL[e.kategori], pagu, real, rasio), True,
                          {9: _cat_fill(e.kategori), 10: _cat_fill(e.kategori)}))
        for c in e.indikator:
            tw = tuple(angka(c.triwulan[q]) if q in c.triwulan else "" for q in (1, 2, 3, 4))
            rows.append(Baris(("", f"IK: {c.indikator.nama}", c.indikator.satuan, target(c.target)) + tw
                              + (realisasi_text(c), persen(c.persen), KATEGORI_LABEL[c.kategori], "", "", ""),
                              False, {9: _cat_fill(c.kategori), 10: _cat_fill(c.kategori)}))
    judul = f"Capaian kinerja dan realisasi anggaran tahun {ev.tahun}"
    if ev.sampai_triwulan:
        judul += f" (sampai triwulan {ROMAN[ev.sampai_triwulan]})"
    return Tabel(kepala, tuple(rows), angka=frozenset({3, 4, 5, 6, 7, 8, 9, 11, 12, 13}), judul=judul)


# E.80 puts the target, realisasi and rasio of every year side by side in K and Rp columns; two years of
# them already squeeze the text columns of an F4 landscape page below their words, so each year gets its
# own table (the same columns as Permendagri 86/2017 draws, for that year)
E80_YEARS_IN_ONE = 1


def tabel_e80_all(period: tuple[EvaluasiTahun, ...], opd: Opd, years: tuple[int, ...]) -> list[Tabel]:
    """E.80 for the period so far: one table while its years fit the page side by side, else one table
    per year, so no column is squeezed below its words."""
    if len(period) <= E80_YEARS_IN_ONE:
        return [tabel_e80(period, opd, years)]
    return [tabel_e80((ev,), opd, years, f"Evaluasi terhadap Hasil Renstra Perangkat Daerah Tahun {ev.tahun} "
                                         "(Tabel E.80 Permendagri 86/2017)") for ev in period]


def tabel_e80(period: tuple[EvaluasiTahun, ...], opd: Opd, years: tuple[int, ...], judul: str = "") -> Tabel:
    """Tabel E.80, Evaluasi terhadap Hasil Renstra PD (Permendagri 86/2017), for the years of the period so
    far: every target, realisasi and rasio in a kinerja (K) and an anggaran (Rp) column of its own."""
    shown = [ev.tahun for ev in period]
    groups = ([("No", 1), ("Sasaran", 1), ("Program/Kegiatan/Sub Kegiatan", 1), ("Indikator Kinerja", 1),
               ("Data Capaian pada Awal Tahun Perencanaan", 1), ("Target pada Akhir Tahun Perencanaan", 2)]
              + [(f"Target Renstra Tahun {y}", 2) for y in shown]
              + [(f"Realisasi Capaian Tahun {y}", 2) for y in shown]
              + [(f"Rasio Capaian Tahun {y} (%)", 2) for y in shown]
              + [("Unit Penanggung Jawab", 1)])
    kepala = tuple(h for text, span in groups for h in ((text,) if span == 1 else ("K", "Rp")))
    jabatan = opd.jabatan_by_id()
    nomor = opd_nomor(opd)
    first = period[0]
    rows, no, sasaran = [], 0, ""
    for idx, e in enumerate(first.nodes):
        n = e.node
        group = _group_row(e, nomor)
        if group:
            rows.append(group)
        if n.level == "tujuan":  # a new tujuan closes the sasaran before it
            sasaran = ""
            continue
        if n.level == "sasaran":  # every row names its sasaran: the column is never blank
            sasaran = tingkat(n, nomor)
        no += 1
        per_year = [ev.nodes[idx] for ev in period]
        for k, c0 in enumerate(e.indikator):
            caps = [pe.indikator[k] for pe in per_year]
            money = k == 0  # the node's budget goes on its first indicator row

            def rp(text: str) -> str:
                return text if money else ""

            akhir = (target(c0.indikator.kondisi_akhir(years)), rp(rupiah(n.pagu_total(), sign=False)))
            targets = tuple(x for c, pe in zip(caps, per_year)
                            for x in (target(c.target), rp(rupiah(pe.anggaran.pagu, sign=False))))
            reals = tuple(x for c, pe in zip(caps, per_year)
                          for x in (realisasi_text(c), rp(rupiah(pe.anggaran.realisasi, sign=False)
                                                          if pe.anggaran.realisasi is not None else BELUM_ADA)))
            ratios = tuple(x for c, pe in zip(caps, per_year) for x in (persen(c.persen), rp(persen(pe.anggaran.rasio))))
            ratio_at = 7 + 4 * len(shown)  # the first rasio K column
            rows.append(Baris(
                (str(no) if k == 0 else "", sasaran,
                 node_title(n) if n.level != "sasaran" and k == 0 else "", c0.indikator.nama,
                 baseline(c0.indikator.baseline)) + akhir + targets + reals + ratios
                + (unit_penanggung_jawab(n, jabatan) if k == 0 else "",),
                n.level == "sasaran",
                {ratio_at + 2 * i: _cat_fill(c.kategori) for i, c in enumerate(caps)}))
    return Tabel(kepala, tuple(rows), angka=angka_dari(4, len(kepala) - 1) | {0}, kelompok=tuple(groups), nomor_kolom=True,
                 judul=judul or f"Evaluasi terhadap Hasil Renstra Perangkat Daerah sampai Tahun {period[-1].tahun} "
                                 "(Tabel E.80 Permendagri 86/2017)")


def tabel_di_bawah_target(ev: EvaluasiTahun, opd: Opd, nomor: dict[str, str]) -> Tabel:
    jabatan = opd.jabatan_by_id()
    rows = []
    for i, (e, c) in enumerate(ev.di_bawah_target(), start=1):
        rows.append(Baris((str(i), c.indikator.nama, jalur(e, nomor), target(c.target),
                           realisasi_text(c), persen(c.persen), KATEGORI_LABEL[c.kategori],
                           penanggung_jawab(e.node, jabatan, ev.tahun), c.catatan.penghambat or "-"),
                          False, {5: _cat_fill(c.kategori), 6: _cat_fill(c.kategori)}))
    return Tabel(("No", "Indikator", "Sasaran/Program/Kegiatan", "Target", "Realisasi", "Capaian (%)", "Kategori",
                  "Penanggung Jawab", "Faktor Penghambat"), tuple(rows), angka=frozenset({0, 3, 4, 5}),
                 judul=f"Indikator di bawah target tahun {ev.tahun}, dari capaian terendah")


def tabel_catatan(ev: EvaluasiTahun) -> Tabel | None:
    rows = []
    for e, c in ev.indikator():
        if c.catatan.penghambat or c.catatan.pendukung:
            rows.append(Baris(("Indikator", c.indikator.nama, c.catatan.penghambat or "-", c.catatan.pendukung or "-")))
    for e in ev.nodes:
        note = e.anggaran.catatan
        if e.node.level == "subkegiatan" and (note.penghambat or note.pendukung):
            rows.append(Baris(("Anggaran", node_title(e.node), note.penghambat or "-", note.pendukung or "-")))
    if not rows:
        return None
    return Tabel(("Untuk", "Uraian", "Faktor Penghambat", "Faktor Pendukung"), tuple(rows),
                 judul=f"Faktor penghambat dan pendukung tahun {ev.tahun}")


def tabel_triwulan(rows: tuple[TriwulanIndikator, ...], tahun: int) -> Tabel:
    """Each quarter's target from the Rencana Aksi, its realisasi and capaian, per indicator that has them."""
    kelompok = (("No", 1), ("Indikator Kinerja", 1), ("Satuan", 1)) + tuple(
        (f"Triwulan {ROMAN[q]}", 3) for q in (1, 2, 3, 4))
    kepala = ("No", "Indikator Kinerja", "Satuan") + ("Target", "Realisasi", "Capaian (%)") * 4
    out = []
    for no, t in enumerate(rows, 1):
        cells, fills = [str(no), t.indikator.nama, t.indikator.satuan], {}
        for q in (1, 2, 3, 4):
            c = t.kuartal(q)
            if c is None:  # the Rencana Aksi sets no target this quarter
                cells += ["-", "", ""]
                continue
            cells += [target(c.target), BELUM_ADA if c.realisasi is None else angka(c.realisasi), persen(c.persen)]
            fills[len(cells) - 1] = _cat_fill(c.kategori)
        out.append(Baris(tuple(cells), False, fills))
    return Tabel(kepala, tuple(out), angka=frozenset({0} | set(range(3, 15))), kelompok=kelompok,
                 judul=f"Capaian per triwulan terhadap target Rencana Aksi tahun {tahun}")


TRIWULAN_PENJELASAN = (
    "Target triwulan diambil dari Rencana Aksi yang menjabarkan Perjanjian Kinerja. Untuk indikator yang dihitung "
    "kumulatif, realisasi triwulan adalah jumlah sampai akhir triwulan; untuk indikator keadaan, keadaan pada akhir "
    "triwulan; untuk indeks yang dirilis pihak luar, nilai yang dirilis, dibandingkan pada triwulan rilis yang "
    "direncanakan. Capaian triwulan dihitung dengan rumus yang sama dengan capaian tahunan; triwulan tanpa target "
    "Rencana Aksi ditandai \"-\".")


def rumus_paragraphs(pemda: Pemda) -> list[Paragraf]:
    b = pemda.kategori_capaian
    bounds = [b[k] for k in KATEGORI[:-1]]
    ranges = [f"≥ {angka(bounds[0])}"] + [f"{angka(lo)} sampai kurang dari {angka(hi)}" for hi, lo in zip(bounds, bounds[1:])]
    ranges += [f"kurang dari {angka(bounds[-1])}"]
    bands = "; ".join(f"{KATEGORI_LABEL[k].lower()} {r}" for k, r in zip(KATEGORI, ranges))
    return [
        Paragraf(f"Capaian indikator berpolaritas positif (makin tinggi makin baik) = {RUMUS_POSITIF}."),
        Paragraf(f"Capaian indikator berpolaritas negatif (makin rendah makin baik) = {RUMUS_NEGATIF}."),
        Paragraf(f"Capaian indikator bertarget predikat = {RUMUS_SKALA}, menurut urutan predikat yang ditetapkan "
                 f"{pemda.nama}."),
        Paragraf(f"Capaian indikator bertarget 0 = {RUMUS_NOL}."),
        Paragraf("Realisasi tahunan: nilai tahunan yang dilaporkan, atau nilai triwulan terakhir untuk indikator yang "
                 "diukur secara kumulatif atau sebagai keadaan pada akhir triwulan; nilai indeks yang dirilis pihak "
                 "luar tidak pernah diambil dari nilai triwulan. Capaian yang dihitung sebelum triwulan IV bersifat "
                 "sementara terhadap target setahun dan ditandai dengan triwulan terakhir yang dilaporkan, misalnya "
                 "\"s.d. TW III\" (sampai dengan triwulan III). "
                 "Capaian sasaran, program, kegiatan dan sub kegiatan = rata-rata capaian indikatornya yang sudah ada "
                 "datanya."),
        Paragraf(f"Kategori capaian (%): {bands}. Rasio anggaran = realisasi anggaran ÷ pagu × 100."),
        Paragraf("Realisasi yang belum dilaporkan ditulis \"belum ada data\" dan tidak dihitung sebagai nol."),
    ]


def blocks(pemda: Pemda, opd: Opd, ev: EvaluasiTahun, period: tuple[EvaluasiTahun, ...],
           kop: Kop | None = None, pengesahan: Pengesahan | None = None,
           triwulan: tuple[TriwulanIndikator, ...] = ()) -> list:
    nomor = opd_nomor(opd)
    out: list = ([kop] if kop else []) + [
        Judul(f"Evaluasi Kinerja {opd.nama} Tahun {ev.tahun}", 0),
        Paragraf(f"Evaluasi ini menilai capaian kinerja dan realisasi anggaran {opd.nama} {pemda.nama} "
                 f"tahun {ev.tahun} terhadap target Renstra Perangkat Daerah periode "
                 f"{pemda.years[0]}\u2060–\u2060{pemda.years[-1]}.")]
    if ev.sampai_triwulan:
        out.append(Paragraf(f"Realisasi tahun {ev.tahun} baru sampai triwulan {ROMAN[ev.sampai_triwulan]}; "
                            "capaian tahun ini bersifat sementara."))
    out += [Judul("1. Rumus dan Kategori Capaian", 1)] + rumus_paragraphs(pemda)
    below = ev.di_bawah_target()
    missing = ev.belum_ada_data()
    section = 2
    out += [Judul(f"{section}. Indikator di Bawah Target ({len(below)})", 1)]
    out.append(tabel_di_bawah_target(ev, opd, nomor) if below
               else Paragraf(f"Tidak ada indikator di bawah target tahun {ev.tahun}."))
    if missing:
        section += 1
        out += [Judul(f"{section}. Indikator yang Belum Ada Data Realisasinya ({len(missing)})", 1),
                Paragraf("; ".join(f"{c.indikator.nama} ({jalur(e, nomor)})" for e, c in missing) + ".")]
    section += 1
    out += [Judul(f"{section}. Capaian per Sasaran, Program, Kegiatan dan Sub Kegiatan Tahun {ev.tahun}", 1),
            tabel_tahun(ev, nomor)]
    if triwulan:  # only when the year has a Rencana Aksi (data/opd/<opd>/rencana-aksi/<tahun>.yaml)
        section += 1
        out += [Judul(f"{section}. Capaian per Triwulan terhadap Rencana Aksi", 1), Paragraf(TRIWULAN_PENJELASAN),
                tabel_triwulan(triwulan, ev.tahun)]
    notes = tabel_catatan(ev)
    if notes:
        section += 1
        out += [Judul(f"{section}. Faktor Penghambat dan Pendukung", 1), notes]
    section += 1
    out += [Judul(f"{section}. Evaluasi terhadap Hasil Renstra Perangkat Daerah", 1)] + tabel_e80_all(period, opd, pemda.years)
    if pengesahan is not None:  # the closing sentence keeps the signature company on the last page
        out += [Paragraf(f"Demikian laporan evaluasi kinerja ini disusun sebagai bahan perbaikan kinerja {opd.nama} "
                         "pada tahun berikutnya."), pengesahan]
    return out
