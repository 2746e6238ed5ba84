"""The Manual IKU: one sheet (page) per IKU with everything an evaluator asks of it — name, the tujuan
or sasaran it measures, definition, formula and its components with their sources, satuan, polarity in
words, reporting period, sumber data, the unit that supplies the data, who answers for it, why it was
chosen, baseline and targets."""
from __future__ import annotations

from cascade.documents.iku.isi import BELUM_ADA, IsiIku, komponen_teks
from cascade.fmt import TARGET_KOSONG, baseline, target
from cascade.formats.docx.report import Baris, HalamanBaru, Judul, Paragraf, Tabel
from cascade.model.iku import PERIODE_TEKS, POLARITAS_TEKS, formula_tampil


def judul(isi: IsiIku) -> str:
    return f"Manual Indikator Kinerja Utama {isi.pemilik}"


def fields(isi: IsiIku, b) -> list[tuple[str, str]]:
    """(unsur, keterangan) of one IKU's sheet, in print order."""
    ind = b.indikator
    dash = TARGET_KOSONG
    return ([("Nama Indikator", ind.nama),
             ("Tujuan/Sasaran", b.tempat),
             ("Definisi Operasional", ind.definisi or dash),
             ("Formula", formula_tampil(ind.formula) or dash),
             ("Komponen Formula dan Sumber Datanya", komponen_teks(ind)),
             ("Satuan", ind.satuan),
             ("Polaritas", POLARITAS_TEKS.get(ind.polaritas, ind.polaritas)),
             ("Periode Pelaporan", PERIODE_TEKS.get(ind.periode_pelaporan or "", dash)),
             ("Sumber Data", ind.sumber_data or dash),
             ("Unit Penyedia Data", ind.unit_penyedia_data or dash),
             ("Penanggung Jawab", b.penanggung_jawab or dash),
             ("Alasan Pemilihan sebagai IKU", ind.alasan or dash),
             (f"Kondisi Awal ({ind.baseline_tahun or isi.tahun_dasar})", baseline(ind.baseline))]
            + [(f"Target {y}", target(ind.target.get(y))) for y in isi.years])


def blocks(isi: IsiIku) -> list:
    iku = isi.iku()
    if not iku:
        return [isi.kop, Judul(judul(isi), 0), Paragraf(BELUM_ADA)]
    out: list = [isi.kop, Judul(judul(isi), 0),
                 Paragraf(f"Manual ini merinci {len(iku)} Indikator Kinerja Utama {isi.pemilik} periode {isi.periode}, "
                          "satu lembar untuk setiap indikator.")]
    for n, b in enumerate(iku, 1):
        if n > 1:
            out.append(HalamanBaru())
        out.append(Judul(f"IKU {n}. {b.indikator.nama}", 2))
        rows = tuple(Baris((str(k), unsur, isi_)) for k, (unsur, isi_) in enumerate(fields(isi, b), 1))
        out.append(Tabel(("No", "Unsur", "Keterangan"), rows, judul=f"Manual IKU {n}"))
    return out + ([isi.pengesahan] if isi.pengesahan else [])
