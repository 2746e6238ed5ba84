"""The IKU table (Word and Excel): per tujuan and sasaran (group rows) each IKU with its definisi
operasional and formula, satuan, the target of every year of the period, sumber data and the jabatan
that answers for it."""
from __future__ import annotations

from cascade.documents.iku.isi import BELUM_ADA, IsiIku, definisi_formula, groups
from cascade.fmt import TARGET_KOSONG, judul_draf, target
from cascade.formats.docx.report import Baris, Judul, Paragraf, Tabel, angka_dari
from cascade.formats.xlsx import Column, HeaderCell, Sheet

HEAD_BEFORE = ("No", "Indikator Kinerja Utama", "Definisi Operasional / Formula", "Satuan")
HEAD_AFTER = ("Sumber Data", "Penanggung Jawab")


def judul(isi: IsiIku) -> str:
    return f"Indikator Kinerja Utama {isi.pemilik}"


def _cells(no: int, b, years) -> tuple:
    ind = b.indikator
    return ((str(no), ind.nama, definisi_formula(ind), ind.satuan)
            + tuple(target(ind.target.get(y)) for y in years)
            + (ind.sumber_data or TARGET_KOSONG, b.penanggung_jawab or TARGET_KOSONG))


def tabel(isi: IsiIku) -> Tabel:
    years = isi.years
    rows = []
    no = 0
    for level, text, b in groups(isi.iku()):
        if level:
            rows.append(Baris((text,), grup=level))
        else:
            no += 1
            rows.append(Baris(_cells(no, b, years)))
    kepala = HEAD_BEFORE + tuple(map(str, years)) + HEAD_AFTER
    kelompok = tuple((h, 1) for h in HEAD_BEFORE) + (("Target", len(years)),) + tuple((h, 1) for h in HEAD_AFTER)
    first = len(HEAD_BEFORE)
    return Tabel(kepala, tuple(rows), angka=angka_dari(first, first + len(years)),
                 judul=judul(isi), kelompok=kelompok, nomor_kolom=True)


def blocks(isi: IsiIku) -> list:
    intro = (f"Indikator Kinerja Utama (IKU) {isi.pemilik} periode {isi.periode} adalah ukuran keberhasilan "
             "tujuan dan sasaran strategis yang ditetapkan sebagai acuan Perjanjian Kinerja, pengukuran dan "
             "pelaporan kinerja. Definisi, formula dan sumber data setiap IKU dirinci dalam Manual IKU.")
    if not isi.iku():
        return [isi.kop, Judul(judul(isi), 0), Paragraf(BELUM_ADA)]
    out = [isi.kop, Judul(judul(isi), 0), Paragraf(intro), tabel(isi)]
    return out + ([isi.pengesahan] if isi.pengesahan else [])


def sheet(isi: IsiIku, draf: bool) -> Sheet:
    """The same table as one worksheet: targets as real numbers, group rows spanning the table."""
    years = isi.years
    ncols = len(HEAD_BEFORE) + len(years) + len(HEAD_AFTER)
    header = tuple(HeaderCell(0, c, h, rows=2) for c, h in enumerate(HEAD_BEFORE))
    header += (HeaderCell(0, len(HEAD_BEFORE), "Target", cols=len(years)),)
    header += tuple(HeaderCell(1, len(HEAD_BEFORE) + k, str(y)) for k, y in enumerate(years))
    header += tuple(HeaderCell(0, len(HEAD_BEFORE) + len(years) + k, h, rows=2) for k, h in enumerate(HEAD_AFTER))
    rows, merges, emphasis, keep, tujuan = [], [], set(), set(), set()
    no = 0
    for level, text, b in groups(isi.iku()):
        r = len(rows)
        if level:
            rows.append((text,) + (None,) * (ncols - 1))
            merges.append((r, 0, r, ncols - 1))
            emphasis.add(r)
            keep.add(r)  # a group row prints on the page of its first indicator
            if level == 1:
                tujuan.add(r)
            continue
        no += 1
        ind = b.indikator
        values = tuple(TARGET_KOSONG if ind.target.get(y) is None else ind.target[y] for y in years)
        rows.append((no, ind.nama, definisi_formula(ind), ind.satuan) + values
                    + (ind.sumber_data or TARGET_KOSONG, b.penanggung_jawab or TARGET_KOSONG))
    columns = ((Column("nomor", 5, 4), Column("teks", 34), Column("teks", 60), Column("teks", 12))
               + tuple(Column("angka", 10, 7) for _ in years) + (Column("teks", 28), Column("teks", 28)))
    heading = (judul_draf("Tabel Indikator Kinerja Utama", draf), isi.pemilik, f"Periode {isi.periode}")
    return Sheet("Tabel IKU", heading, columns, header, 2, tuple(rows), tuple(merges), frozenset(emphasis),
                 frozenset(keep), sections=frozenset(tujuan))
