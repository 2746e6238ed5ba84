"""The content of one Rencana Aksi as report blocks: what the PK's official plans per quarter.

Rows follow the PK (cascade/model/perjanjian.kinerja_nodes): a group row per node (tujuan, sasaran,
program, kegiatan or sub kegiatan, named by its number or nomenklatur code, never by an id), then one
row per indicator with its annual PK target, the target and the actions of each quarter and who carries
them out (a jabatan's name).
"""
from __future__ import annotations

import datetime as dt

from cascade.fmt import angka, tanggal, target
from cascade.formats.docx.report import Baris, Catatan, Judul, Kop, Paragraf, Pengesahan, Tabel
from cascade.model.nomor import node_name, opd_nomor
from cascade.model.perjanjian import kinerja_nodes, pk_indikator
from cascade.model.rencana_aksi import ROMAWI, TRIWULAN, RencanaAksiTahun, RencanaIndikator
from cascade.model.types import Jabatan, Node, Opd, Pemda

TANPA_TARGET = "-"
KEPALA = ("No", "Indikator Kinerja", "Satuan", "Target Tahunan") + tuple(ROMAWI[q] for q in TRIWULAN) \
    + tuple(ROMAWI[q] for q in TRIWULAN) + ("Penanggung Jawab",)
KELOMPOK = (("No", 1), ("Indikator Kinerja", 1), ("Satuan", 1), ("Target Tahunan", 1), ("Target Triwulan", 4),
            ("Rencana Aksi Triwulan", 4), ("Penanggung Jawab", 1))
LEVEL_JUDUL = {"program": "Sasaran Program", "kegiatan": "Sasaran Kegiatan", "subkegiatan": "Sub Kegiatan"}

# What a quarter's target means, told once under the title for the patterns the table holds
ARTI_POLA = {
    "hitungan": "indikator yang dihitung (jumlah): jumlah kumulatif sampai akhir triwulan, sehingga target "
                "triwulan IV sama dengan target tahunan",
    "posisi": "indikator keadaan (persentase, kapasitas, jumlah yang dikelola): keadaan yang dituju pada akhir "
              "triwulan, dengan target triwulan IV sama dengan target tahunan",
    "rilis": "indikator yang nilainya dirilis pihak luar (indeks, predikat): target hanya pada triwulan hasilnya "
             "dirilis; triwulan lain berisi aksi persiapan",
}


def group_title(node: Node, nomor: dict[str, str]) -> str:
    """"Sasaran 1.2: …", or "Sasaran Program: <uraian> (<kode> <nama>)" below the sasaran strategis."""
    if node.level in ("tujuan", "sasaran"):
        return node_name(node, nomor)
    label = LEVEL_JUDUL[node.level]
    named = node_name(node, nomor)
    if node.level == "subkegiatan" or not node.uraian or node.uraian == node.judul:
        return f"{label}: {named}"
    return f"{label}: {node.uraian} ({named})"


def aksi_text(actions: tuple[str, ...]) -> str:
    if len(actions) <= 1:
        return "".join(actions)
    return "\n".join(f"{n}. {a}" for n, a in enumerate(actions, 1))


def quarter_target(value) -> str:
    return TANPA_TARGET if value is None else angka(value)


def _row(no: int, ind, tahun: int, entry: RencanaIndikator | None, owner: str,
         jabatan: dict[str, Jabatan]) -> Baris:
    plan = entry.triwulan if entry else {}
    targets = tuple(quarter_target(plan[q].target) if q in plan and plan[q].ada_target else TANPA_TARGET
                    for q in TRIWULAN)
    actions = tuple(aksi_text(plan[q].aksi) if q in plan else "" for q in TRIWULAN)
    pj_id = (entry.penanggung_jawab if entry else None) or owner
    pj = jabatan[pj_id].nama if pj_id in jabatan else ""
    return Baris((str(no), ind.nama, ind.satuan, target(ind.target[tahun])) + targets + actions + (pj,))


def table(opd: Opd, pemda: Pemda, jabatan_id: str, plan: RencanaAksiTahun, tahun: int) -> tuple[Tabel, set[str]] | None:
    """The table of one official's PK indicators, and the pola_ukur they use; None when none is planned."""
    nomor = opd_nomor(opd)
    jabatan = opd.jabatan_by_id()
    rows, no, patterns, planned = [], 0, set(), False
    for node, _ in kinerja_nodes(opd, jabatan_id, tahun, pemda.settings.pk_tujuan):
        indicators = pk_indikator(node, tahun)
        if not indicators:
            continue
        rows.append(Baris((group_title(node, nomor),), grup=1))
        for ind in indicators:
            no += 1
            entry = plan.indikator.get(ind.id)
            planned = planned or entry is not None
            patterns.add(ind.pola_ukur)
            rows.append(_row(no, ind, tahun, entry, node.penanggung_jawab, jabatan))
    if not planned:
        return None
    return Tabel(KEPALA, tuple(rows), angka=frozenset({0, 3, 4, 5, 6, 7}), kelompok=KELOMPOK,
                 judul=f"Rencana Aksi Tahun {tahun}", pisah_grup=False), patterns


def blocks(pemda: Pemda, opd: Opd, jabatan: Jabatan, pk, plan: RencanaAksiTahun, tahun: int, day: dt.date,
           perubahan: bool, kop: Kop | None = None) -> list | None:
    found = table(opd, pemda, jabatan.id, plan, tahun)
    if found is None:
        return None
    tabel, patterns = found
    jenis = "Perjanjian Kinerja Perubahan" if perubahan else "Perjanjian Kinerja"
    nomor = pk.nomor_dokumen.removeprefix("Nomor: ")
    rujukan = f" Nomor {nomor}" if nomor else ""
    out: list = ([kop] if kop else []) + [
        # the kop names the OPD and the Pemda; the second line names whose plan it is
        Judul(f"Rencana Aksi {jenis} Tahun {tahun}\n{pk.pertama.jabatan}", 0),
        Paragraf(f"Penjabaran {jenis} Tahun {tahun}{rujukan} tanggal {tanggal(day)} antara {pk.pertama.jabatan} "
                 f"dan {pk.kedua.jabatan} ke dalam target dan aksi setiap triwulan."),
        tabel,
        Catatan("Catatan: target triwulan untuk " + "; untuk ".join(ARTI_POLA[p] for p in ARTI_POLA if p in patterns)
                 + "."),
    ]
    p = pk.pertama
    out.append(Pengesahan(f"{pemda.settings.tempat}, {tanggal(day)}", p.jabatan, p.nama, p.pangkat, p.nip, p.label_nip))
    return out
