"""Writes the broken nomenklatur tables of this folder (run from anywhere: python generate.py).

Each file is a small, otherwise sound table (every code under its parent) with one kind of damage;
tests/test_nomenklatur_csv.py puts each in place of data/referensi/nomenklatur.csv and lists the
exact messages it must give. Kept as a script because some files hold bytes an editor would fix
(NUL, Latin-1, a lone CR).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = "kode,level,nama,satuan_if_known,source_repo_path"
BASE = [
    HEADER,
    "2,urusan,URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR,,",
    "2.16,bidang_urusan,URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA,,",
    "2.16.01,program,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA,,",
    '2.16.01.2.01,kegiatan,"Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",,',
    "2.16.01.2.01.0001,sub_kegiatan,Penyusunan Dokumen Perencanaan Perangkat Daerah,Dokumen,",
    "2.16.02,program,PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK,,",
    '2.16.02.2.01,kegiatan,"Pengelolaan Informasi dan Komunikasi Publik, Pemerintah Daerah",,',
    "2.16.02.2.01.0001,sub_kegiatan,Perumusan Kebijakan Teknis di Bidang Komunikasi dan Informatika,,",
]


def edited(changes: dict[int, str], extra: list[str] = ()) -> str:
    """BASE with the lines numbered in `changes` (1-based) replaced (None: removed), and `extra` appended."""
    lines = [changes.get(i + 1, line) for i, line in enumerate(BASE)] + list(extra)
    return "\n".join(line for line in lines if line is not None) + "\n"


FILES = {
    "unclosed-quote.csv": edited({
        5: '2.16.01.2.01,kegiatan,"Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah,,',
        9: "2.16.02.2.01.0001,sub_kegiatn,Perumusan Kebijakan Teknis di Bidang Komunikasi dan Informatika,,"}),
    "text-after-quote.csv": edited({
        5: '2.16.01.2.01,kegiatan,"Perencanaan, Penganggaran" dan Evaluasi Kinerja Perangkat Daerah,,'}),
    "nul-byte.csv": edited({6: "2.16.01.2.01.0001,sub_kegiatan,Penyusunan Dokumen\0 Perencanaan Perangkat Daerah,Dokumen,"}),
    "lone-cr.csv": edited({3: BASE[2] + "\r" + BASE[3], 4: None}),  # an old Mac line end
    "cells.csv": edited({
        7: "2.16.02,program",
        8: "2.16.02.2.01,kegiatan,Pengelolaan Informasi dan Komunikasi Publik, Pemerintah Daerah,,"}),
    "kode-shape.csv": edited({4: "2.16.1,program,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA,,",
                              8: '2.16.02.02.01,kegiatan,"Pengelolaan Informasi dan Komunikasi Publik, Pemerintah Daerah",,'},
                             ["2.2,bidang_urusan,URUSAN PEMERINTAHAN BIDANG STATISTIK,,"]),
    "level.csv": edited({3: "2.16, Bidang_Urusan ,URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA,,",
                         4: "2.16.01,progam,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA,,",
                         7: "2.16.02,,PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK,,",
                         8: '2.16.02.2.01,program,"Pengelolaan Informasi dan Komunikasi Publik, Pemerintah Daerah",,'}),
    "nama-empty.csv": edited({4: "2.16.01,program,   ,,", 7: "2.16.02,program,,,"}),
    "kode-empty.csv": edited({7: ",program,PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK,,"}, ["", ",,,,", "  "]),
    "duplicate.csv": edited({}, ["2.16.01,program,PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA,,"]),
    "semicolon.csv": "\n".join(line.replace(",", ";") for line in BASE[:4]) + "\n",
    "column-missing.csv": edited({1: "kode,level,name,satuan_if_known,source_repo_path"}),
    "column-twice.csv": edited({1: "kode,level,nama,satuan_if_known,Kode"}),
    "header-only.csv": HEADER + "\n",
    "empty.csv": "",
}
LATIN1 = {"latin1.csv": edited({8: '2.16.02.2.01,kegiatan,"Pengelolaan Informasi dan Komunikasi Publik, Pemerintah Daérah",,'})}

if __name__ == "__main__":
    for name, text in FILES.items():
        with open(os.path.join(HERE, name), "wb") as fh:
            fh.write(text.encode("utf-8"))
    for name, text in LATIN1.items():
        with open(os.path.join(HERE, name), "wb") as fh:
            fh.write(text.encode("latin-1"))
