"""The evaluator's worksheets (Kertas Kerja Evaluasi, PermenPANRB 88/2021) pre-filled from the data, with
empty columns for the evaluator's judgement:

    KKE 1  every tujuan and sasaran indicator with its satuan, baseline and targets, then one column per
           criterion of a good indicator and the evaluator's note;
    KKE 5  every component of each indicator's formula with its source, the unit that supplies the data
           and the reporting period, then whether the data is available and the note.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from cascade.documents.iku.isi import IsiIku, groups
from cascade.fmt import BASELINE_KOSONG, TARGET_KOSONG, judul_draf
from cascade.formats.xlsx import Column, HeaderCell, Sheet
from cascade.model.iku import PERIODE_TEKS, formula_tampil, sumber_komponen

KRITERIA = ("Spesifik", "Dapat Diukur", "Dapat Dicapai", "Relevan", "Berjangka Waktu", "Berorientasi Hasil",
            "Cukup Menggambarkan Kinerja")
CATATAN = "Catatan Evaluator"
ISIAN = "Kolom penilaian diisi evaluator: Y (ya) atau T (tidak) untuk setiap kriteria."


@dataclass
class _Body:
    """A worksheet's data rows as they are gathered, with what `xlsx.Sheet` needs beside them."""

    ncols: int
    rows: list = field(default_factory=list)
    merges: list = field(default_factory=list)
    emphasis: set = field(default_factory=set)
    keep: set = field(default_factory=set)  # rows printed on the next row's page
    tujuan: set = field(default_factory=set)  # a page rather breaks before these (xlsx.Sheet.sections)

    def indicators(self, isi: IsiIku):
        """(number, row of isi) of every indicator, the tujuan and sasaran group rows put in before them."""
        no = 0
        for level, text, b in groups(isi.baris):
            if not level:
                no += 1
                yield no, b
                continue
            r = len(self.rows)
            self.rows.append((text,) + (None,) * (self.ncols - 1))
            self.merges.append((r, 0, r, self.ncols - 1))
            self.emphasis.add(r)
            self.keep.add(r)
            if level == 1:
                self.tujuan.add(r)

    def sheet(self, name: str, heading: tuple, columns: tuple, header: tuple, header_rows: int) -> Sheet:
        return Sheet(name, heading, columns, header, header_rows, tuple(self.rows), tuple(self.merges),
                     frozenset(self.emphasis), frozenset(self.keep), sections=frozenset(self.tujuan))


def kke1(isi: IsiIku, draf: bool) -> Sheet:
    years = isi.years
    before = ("No", "Indikator Kinerja", "IKU", "Satuan", f"Kondisi Awal ({isi.tahun_dasar})")
    after_target = len(before) + len(years)
    ncols = after_target + len(KRITERIA) + 1
    header = tuple(HeaderCell(0, c, h, rows=2) for c, h in enumerate(before))
    header += (HeaderCell(0, len(before), "Target", cols=len(years)),)
    header += tuple(HeaderCell(1, len(before) + k, str(y)) for k, y in enumerate(years))
    header += (HeaderCell(0, after_target, "Penilaian Evaluator (Y/T)", cols=len(KRITERIA)),)
    header += tuple(HeaderCell(1, after_target + k, h) for k, h in enumerate(KRITERIA))
    header += (HeaderCell(0, ncols - 1, CATATAN, rows=2),)
    body = _Body(ncols)
    for no, b in body.indicators(isi):
        ind = b.indikator
        base = BASELINE_KOSONG if ind.baseline is None else ind.baseline
        values = tuple(TARGET_KOSONG if ind.target.get(y) is None else ind.target[y] for y in years)
        body.rows.append((no, ind.nama, "Ya" if ind.iku else "Tidak", ind.satuan, base) + values
                    + (None,) * (len(KRITERIA) + 1))
    columns = ((Column("nomor", 5, 4), Column("teks", 40), Column("teks", 6, 6), Column("teks", 10),
                Column("angka", 10, 8)) + tuple(Column("angka", 9, 7) for _ in years)
               + tuple(Column("teks", 11, 9) for _ in KRITERIA) + (Column("teks", 30, 24),))
    heading = (judul_draf("Kertas Kerja Evaluasi (KKE) 1: Indikator Kinerja dan Target", draf),
               f"{isi.pemilik}, periode {isi.periode}", ISIAN)
    return body.sheet("KKE 1", heading, columns, header, 2)


KKE5_HEAD = ("No", "Indikator Kinerja", "Formula", "Komponen", "Uraian Komponen", "Sumber Data Komponen",
             "Unit Penyedia Data", "Periode Pelaporan", "Data Tersedia (Y/T)", CATATAN)
PER_INDICATOR = (0, 1, 2, 6, 7)  # columns merged down over an indicator's component rows


def kke5(isi: IsiIku, draf: bool) -> Sheet:
    ncols = len(KKE5_HEAD)
    header = tuple(HeaderCell(0, c, h) for c, h in enumerate(KKE5_HEAD))
    body = _Body(ncols)
    rows = body.rows
    for no, b in body.indicators(isi):
        ind = b.indikator
        first = len(rows)
        shared = (no, ind.nama, formula_tampil(ind.formula) or TARGET_KOSONG)
        tail = (ind.unit_penyedia_data or TARGET_KOSONG, PERIODE_TEKS.get(ind.periode_pelaporan or "", TARGET_KOSONG))
        parts = [(k.simbol, k.uraian, sumber_komponen(ind, k) or TARGET_KOSONG) for k in ind.komponen]
        for k, part in enumerate(parts or [(TARGET_KOSONG, "Komponen formula belum diuraikan",
                                            ind.sumber_data or TARGET_KOSONG)]):
            lead = shared if k == 0 else (None, None, None)
            rows.append(lead + part + (tail if k == 0 else (None, None)) + (None, None))
        last = len(rows) - 1
        if last > first:
            body.merges += [(first, c, last, c) for c in PER_INDICATOR]
            body.keep.update(range(first, last))  # an indicator's components print on one page
    columns = (Column("nomor", 5, 4), Column("teks", 32), Column("teks", 24), Column("kode", 10, 9),
               Column("teks", 36), Column("teks", 32), Column("teks", 22), Column("teks", 12),
               Column("teks", 10, 10), Column("teks", 28, 22))
    heading = (judul_draf("Kertas Kerja Evaluasi (KKE) 5: Komponen dan Sumber Data Indikator Kinerja", draf),
               f"{isi.pemilik}, periode {isi.periode}",
               "Kolom data tersedia diisi evaluator: Y (ya) atau T (tidak) untuk setiap komponen.")
    return body.sheet("KKE 5", heading, columns, header, 1)
