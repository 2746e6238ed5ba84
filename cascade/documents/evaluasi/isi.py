"""The content of the evaluation document as plain blocks (headings, paragraphs, tables of text).

Built once from cascade/model/capaian.py; laporan.docx only lays the blocks out. Every number is
formatted the Indonesian way here (`95,24`, `1.250.000`), and a missing realisasi is the words
"belum ada data", never 0.
"""
from __future__ import annotations

from cascade.documents.evaluasi.pohon import ROMAN, WARNA
from cascade.fmt import angka, rupiah
from cascade.formats.docx.report import Baris, Judul, Paragraf, Tabel  # noqa: F401  (re-exported for evaluasi)
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
from cascade.model.types import LEVEL_LABEL, Jabatan, Node, Opd, Pemda


def persen(value: float | None) -> str:
    return BELUM_ADA if value is None else angka(value)


def realisasi_text(c: CapaianIndikator) -> str:
    if c.realisasi is None:
        return BELUM_ADA
    text = angka(c.realisasi)
    return f"{text} (s.d. TW {ROMAN[c.sampai_triwulan]})" if c.sampai_triwulan else text


def node_title(node: Node) -> str:
    if node.level in ("program", "kegiatan", "subkegiatan"):
        return f"{node.kode} {node.nama}"
    return node.uraian


def jalur(e: EvaluasiNode) -> str:
    """The tree path of a node: `T1 › S1 › P-APTIKA › K-APTIKA-2 › SK-APTIKA-2-3`."""
    return " › ".join(n.id for n in e.jalur)


def penanggung_jawab(node: Node, jabatan: dict[str, Jabatan], tahun: int) -> str:
    import datetime as dt

    jab = jabatan.get(node.penanggung_jawab)
    if jab is None:
        return node.penanggung_jawab
    holder = jab.pemangku(dt.date(tahun, 12, 31))
    return f"{jab.nama} ({holder.awalan}{holder.nama})" if holder else jab.nama


def _cat_fill(kategori: str | None) -> str:
    return WARNA[kategori][0].lstrip("#")


def _anggaran_cells(e: EvaluasiNode) -> tuple[str, str, str]:
    a = e.anggaran
    if a.realisasi is None:
        return rupiah(a.pagu, sign=False), BELUM_ADA, BELUM_ADA
    real = rupiah(a.realisasi, sign=False) + ("" if a.lengkap else " (sebagian)")
    return rupiah(a.pagu, sign=False), real, persen(a.rasio)


def tabel_tahun(ev: EvaluasiTahun) -> Tabel:
    """Target vs realisasi vs capaian per node and indicator, with the budget realisation ratio."""
    kepala = ("Tingkat", "Uraian / Indikator", "Satuan", "Target", "TW I", "TW II", "TW III", "TW IV", "Realisasi",
              "Capaian (%)", "Kategori", "Pagu (Rp)", "Realisasi Anggaran (Rp)", "Rasio Anggaran (%)")
    rows = []
    for e in ev.nodes:
        n = e.node
        pagu, real, rasio = _anggaran_cells(e)
        rows.append(Baris((f"{LEVEL_LABEL[n.level]} {n.id}", node_title(n), "", "", "", "", "", "", "",
                           persen(e.persen), KATEGORI_LABEL[e.kategori], pagu, real, rasio), True,
                          {9: _cat_fill(e.kategori), 10: _cat_fill(e.kategori)}))
        for c in e.indikator:
            tw = tuple(angka(c.triwulan[q]) if q in c.triwulan else "" for q in (1, 2, 3, 4))
            rows.append(Baris(("", f"IK: {c.indikator.nama}", c.indikator.satuan, angka(c.target)) + tw
                              + (realisasi_text(c), persen(c.persen), KATEGORI_LABEL[c.kategori], "", "", ""),
                              False, {9: _cat_fill(c.kategori), 10: _cat_fill(c.kategori)}))
    judul = f"Capaian kinerja dan realisasi anggaran tahun {ev.tahun}"
    if ev.sampai_triwulan:
        judul += f" (sampai triwulan {ROMAN[ev.sampai_triwulan]})"
    return Tabel(kepala, tuple(rows), 2, (1.3, 4.2, 1.0, 0.9, 0.7, 0.7, 0.7, 0.7, 1.2, 0.9, 1.0, 1.4, 1.5, 0.9), judul)


def _k_rp(k: str, rp: str) -> str:
    return f"K: {k}\nRp: {rp}" if rp else f"K: {k}"


def tabel_e80(period: tuple[EvaluasiTahun, ...], opd: Opd, years: tuple[int, ...]) -> Tabel:
    """Tabel E.80, Evaluasi terhadap Hasil Renstra PD, for the years of the period so far."""
    shown = [ev.tahun for ev in period]
    kepala = (("No", "Sasaran", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Data Capaian Awal",
               "Target Akhir Renstra (K, Rp)")
              + tuple(f"Target {y} (K, Rp)" for y in shown) + tuple(f"Realisasi {y} (K, Rp)" for y in shown)
              + tuple(f"Rasio Capaian {y} (%) (K, Rp)" for y in shown) + ("Unit Penanggung Jawab",))
    jabatan = opd.jabatan_by_id()
    first = period[0]
    rows, no = [], 0
    for idx, e in enumerate(first.nodes):
        n = e.node
        if n.level == "tujuan":
            continue
        no += 1
        per_year = [ev.nodes[idx] for ev in period]
        for k, c0 in enumerate(e.indikator):
            caps = [pe.indikator[k] for pe in per_year]
            money = k == 0  # the node's budget goes on its first indicator row
            targets = tuple(_k_rp(angka(c.target), rupiah(pe.anggaran.pagu, sign=False) if money else "")
                            for c, pe in zip(caps, per_year))
            reals = tuple(_k_rp(realisasi_text(c), (rupiah(pe.anggaran.realisasi, sign=False)
                                                    if pe.anggaran.realisasi is not None else BELUM_ADA) if money else "")
                          for c, pe in zip(caps, per_year))
            ratios = tuple(_k_rp(persen(c.persen), persen(pe.anggaran.rasio) if money else "")
                           for c, pe in zip(caps, per_year))
            akhir = _k_rp(angka(c0.indikator.kondisi_akhir(years)),
                          rupiah(n.pagu_total(), sign=False) if money else "")
            rows.append(Baris(
                (str(no) if k == 0 else "", n.uraian if n.level == "sasaran" and k == 0 else "",
                 node_title(n) if n.level != "sasaran" and k == 0 else "", c0.indikator.nama,
                 angka(c0.indikator.baseline), akhir) + targets + reals + ratios
                + (penanggung_jawab(n, jabatan, first.tahun) if k == 0 else "",),
                n.level == "sasaran",
                {6 + 2 * len(shown) + i: _cat_fill(c.kategori) for i, c in enumerate(caps)}))
    lebar = (0.5, 2.2, 2.4, 2.4, 0.9, 1.3) + (1.2,) * (3 * len(shown)) + (1.8,)
    return Tabel(kepala, tuple(rows), 4, lebar,
                 f"Tabel E.80 — Evaluasi terhadap Hasil Renstra Perangkat Daerah sampai tahun {period[-1].tahun}")


def tabel_di_bawah_target(ev: EvaluasiTahun, opd: Opd) -> Tabel:
    jabatan = opd.jabatan_by_id()
    rows = []
    for i, (e, c) in enumerate(ev.di_bawah_target(), start=1):
        rows.append(Baris((str(i), f"{c.indikator.id} {c.indikator.nama}", jalur(e), angka(c.target),
                           realisasi_text(c), persen(c.persen), KATEGORI_LABEL[c.kategori],
                           penanggung_jawab(e.node, jabatan, ev.tahun), c.catatan.penghambat or "-"),
                          False, {5: _cat_fill(c.kategori), 6: _cat_fill(c.kategori)}))
    return Tabel(("No", "Indikator", "Jalur pohon kinerja", "Target", "Realisasi", "Capaian (%)", "Kategori",
                  "Penanggung Jawab", "Faktor Penghambat"), tuple(rows), 3,
                 (0.5, 3.5, 2.6, 0.9, 1.1, 0.9, 1.0, 2.6, 3.5), f"Indikator di bawah target tahun {ev.tahun}, dari capaian terendah")


def tabel_catatan(ev: EvaluasiTahun) -> Tabel | None:
    rows = []
    for e, c in ev.indikator():
        if c.catatan.penghambat or c.catatan.pendukung:
            rows.append(Baris((f"Indikator {c.indikator.id}", c.indikator.nama, c.catatan.penghambat or "-",
                               c.catatan.pendukung or "-")))
    for e in ev.nodes:
        note = e.anggaran.catatan
        if e.node.level == "subkegiatan" and (note.penghambat or note.pendukung):
            rows.append(Baris((f"Anggaran {e.node.id}", node_title(e.node), note.penghambat or "-", note.pendukung or "-")))
    if not rows:
        return None
    return Tabel(("Untuk", "Uraian", "Faktor Penghambat", "Faktor Pendukung"), tuple(rows), 99, (1.5, 3.5, 4.0, 4.0),
                 f"Faktor penghambat dan pendukung tahun {ev.tahun}")


def rumus_paragraphs(pemda: Pemda) -> list[Paragraf]:
    b = pemda.kategori_capaian
    bounds = [b[k] for k in KATEGORI[:-1]]
    ranges = [f"≥ {angka(bounds[0])}"] + [f"{angka(lo)} sampai kurang dari {angka(hi)}" for hi, lo in zip(bounds, bounds[1:])]
    ranges += [f"kurang dari {angka(bounds[-1])}"]
    bands = "; ".join(f"{KATEGORI_LABEL[k].lower()} {r}" for k, r in zip(KATEGORI, ranges))
    return [
        Paragraf(f"Capaian indikator berpolaritas positif (makin tinggi makin baik) = {RUMUS_POSITIF}."),
        Paragraf(f"Capaian indikator berpolaritas negatif (makin rendah makin baik) = {RUMUS_NEGATIF}."),
        Paragraf(f"Capaian indikator bertarget predikat = {RUMUS_SKALA}, menurut skala di data/pemda.yaml."),
        Paragraf(f"Bila target 0: {RUMUS_NOL}."),
        Paragraf("Realisasi tahunan: nilai tahunan yang ditulis, atau nilai triwulan terakhir untuk pola ukur hitungan "
                 "(kumulatif) dan posisi; nilai rilis (indeks dari pihak luar) tidak pernah diambil dari triwulan. "
                 "Capaian sebelum triwulan IV bersifat sementara (s.d. TW …) terhadap target setahun. "
                 "Capaian simpul = rata-rata capaian indikatornya yang sudah ada datanya."),
        Paragraf(f"Kategori capaian (%): {bands}. Rasio anggaran = realisasi anggaran ÷ pagu × 100."),
        Paragraf("Realisasi yang belum dilaporkan ditulis \"belum ada data\" dan tidak dihitung sebagai nol."),
    ]


def blocks(pemda: Pemda, opd: Opd, ev: EvaluasiTahun, period: tuple[EvaluasiTahun, ...]) -> list:
    out: list = [Judul(f"Evaluasi Kinerja {opd.nama} Tahun {ev.tahun}", 0),
                 Paragraf(f"{pemda.nama}. Periode Renstra {pemda.years[0]}–{pemda.years[-1]}.")]
    if ev.sampai_triwulan:
        out.append(Paragraf(f"Realisasi tahun {ev.tahun} baru sampai triwulan {ROMAN[ev.sampai_triwulan]}; "
                            "capaian tahun ini bersifat sementara."))
    out += [Judul("Rumus dan kategori capaian", 1)] + rumus_paragraphs(pemda)
    below = ev.di_bawah_target()
    missing = ev.belum_ada_data()
    out += [Judul(f"Indikator di bawah target ({len(below)})", 1), tabel_di_bawah_target(ev, opd)]
    if missing:
        out += [Judul(f"Indikator yang belum ada data realisasinya ({len(missing)})", 1),
                Paragraf("; ".join(f"{c.indikator.id} {c.indikator.nama} ({jalur(e)})" for e, c in missing) + ".")]
    out += [Judul(f"Capaian per sasaran, program, kegiatan dan sub kegiatan tahun {ev.tahun}", 1), tabel_tahun(ev)]
    notes = tabel_catatan(ev)
    if notes:
        out += [Judul("Faktor penghambat dan pendukung", 1), notes]
    out += [Judul("Evaluasi hasil Renstra (Tabel E.80)", 1), tabel_e80(period, opd, pemda.years)]
    return out
