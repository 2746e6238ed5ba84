"""BAB II T-C.23 and T-C.24 from data/opd/<opd>/kinerja-periode-lalu.yaml: the built Renstra's cells
against the example data (ratios and growth worked out by hand below), the landscape section they
stand in, the rules R070–R075, and the tables an OPD without the file still gets."""
from __future__ import annotations

import io
import os
import re
import subprocess

import docx
import pytest
from conftest import ROOT, docx_to_pdf_text, mutate
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table

from cascade.documents import Job, renstra
from cascade.pipeline import check

LALU = "data/opd/diskominfo/kinerja-periode-lalu.yaml"
BAB2 = "data/opd/diskominfo/bab-2.md"
_TEXT = open(os.path.join(ROOT, LALU), encoding="utf-8").read()

# (code, file, old text, new text, expected line offset from `old`, a word the message must contain)
KINERJA_LALU_CASES = [
    ("R070", LALU, "realisasi: {2020: 14, 2021: 9, 2022: 8, 2023: 7, 2024: 4}",
     "realisasi: {2020: 14, 2021: 9, 2022: 8, 2023: 7, 2024: 4, 2025: 3}", 0, "2025"),
    ("R070", LALU, "target: {2020: 250, 2021: 300, 2022: 350, 2023: 400, 2024: 450}",
     "target: {2020: 250, 2021: 300, 2022: 350, 2023: 400}", 0, "2024"),
    ("R070", LALU, "anggaran: {2020: 180000000, 2021: 210000000,", "anggaran: {2021: 210000000,", 0, "2020"),
    ("R071", LALU, "realisasi: {2020: null, 2021: 1.74", "realisasi: {2020: 1.5, 2021: 1.74", 0, "kosong"),
    ("R072", LALU, "realisasi: {2020: 171000000,", "realisasi: {2020: -171000000,", 0, "negatif"),
    ("R073", LALU, "realisasi: {2020: 171000000,", "realisasi: {2020: 181000000,", 0, "selisih"),
    ("R074", LALU, _TEXT[_TEXT.index("\nprogram:"):], "\n", None, "T-C.24"),
    ("R075", BAB2, "[[T-C.24]]", "[[T-C.42]]", 0, "[[T-C.24]]"),
    ("R075", BAB2, "[[T-C.24]]", "[[T-C.23]]", 0, "lebih dari sekali"),
]


def _tables(data: bytes) -> dict[str, Table]:
    """Every table of the document by the caption paragraph before it ("Tabel 2.2 …")."""
    document = docx.Document(io.BytesIO(data))
    found, caption = {}, None
    for el in document.element.body.iterchildren():
        if el.tag == qn("w:p"):
            style = el.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            if style is not None and style.get(qn("w:val")) == "Caption":
                caption = "".join(t.text or "" for t in el.iter(qn("w:t")))
        elif el.tag == qn("w:tbl") and caption:
            found[caption] = Table(el, document._body)
            caption = None
    return found


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _build(repo, key="diskominfo") -> bytes:
    out = {o.path: o.data for o in renstra.render(Job(repo, repo.opds[key], 2026))}
    return out["renstra/renstra-lengkap.docx"]


@pytest.fixture(scope="module")
def lengkap(repo):
    return _build(repo)


TC23 = "Tabel 2.2 Pencapaian Kinerja Pelayanan Dinas Komunikasi dan Informatika Tahun 2020–2024"
TC24 = "Tabel 2.3 Anggaran dan Realisasi Pendanaan Pelayanan Dinas Komunikasi dan Informatika Tahun 2020–2024"


def test_tc23_cells_against_the_example(lengkap):
    tables = _tables(lengkap)
    assert TC23 in tables, list(tables)
    rows = _rows(tables[TC23])
    assert rows[1][6:11] == ["2020", "2021", "2022", "2023", "2024"]  # the previous period, not 2025–2029
    assert rows[2] == [f"({n})" for n in range(1, 22)]
    body = rows[3:]
    assert len(body) == 8
    spbe = body[0]
    assert spbe[:6] == ["1", "Indeks Sistem Pemerintahan Berbasis Elektronik (SPBE)", "Indeks", "-", "-", "3"]
    assert spbe[6:11] == ["2,2", "2,4", "2,6", "2,8", "3"]
    assert spbe[11:16] == ["2,05", "2,31", "2,47", "2,52", "2,59"]
    # 2,05/2,2 = 93,18…; 2,31/2,4 = 96,25; 2,47/2,6 = 95; 2,52/2,8 = 90; 2,59/3 = 86,33…
    assert spbe[16:] == ["93,18", "96,25", "95", "90", "86,33"]
    assert body[1][4] == "100"  # target IKK
    epss = body[2]  # no target nor realisasi in 2020: a dash, no ratio
    assert (epss[6], epss[11], epss[16]) == ("-", "-", "-")
    assert epss[17] == "91,58"  # 1,74/1,9
    insiden = body[4]  # polaritas negatif: (2 × target − realisasi) ÷ target
    # (24−14)/12 = 83,33…; (20−9)/10 = 110; (16−8)/8 = 100; (12−7)/6 = 83,33…; (10−4)/5 = 120
    assert insiden[16:] == ["83,33", "110", "100", "83,33", "120"]


def test_tc24_cells_against_the_example(lengkap):
    rows = _rows(_tables(lengkap)[TC24])
    assert rows[1][-2:] == ["Anggaran", "Realisasi"]
    assert rows[2] == [f"({n})" for n in range(1, 19)]
    body = rows[3:]
    assert [r[0] for r in body] == [
        "2.16.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "2.16.02 PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK",
        "2.16.03 PROGRAM PENGELOLAAN APLIKASI INFORMATIKA",
        "2.20.02 PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL",
        "2.21.02 PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI",
        "JUMLAH"]
    statistik = body[3]
    assert statistik[1:6] == ["250.000.000", "280.000.000", "320.000.000", "360.000.000", "400.000.000"]
    assert statistik[6] == "236.500.000"
    # 236,5/250 = 94,6; 271,6/280 = 97; 301,12/320 = 94,1; 347,4/360 = 96,5; 389,2/400 = 97,3
    assert statistik[11:16] == ["94,6", "97", "94,1", "96,5", "97,3"]
    # anggaran growth: (12 + 14,2857 + 12,5 + 11,1111) / 4 = 12,474…
    # realisasi growth: (14,8414 + 10,8689 + 15,3693 + 12,0322) / 4 = 13,277…
    assert statistik[16:] == ["12,47", "13,28"]
    jumlah = body[5]
    # 6.850 + 1.150 + 3.900 + 250 + 180 = 12.330 (juta) in 2020; 8.250 + 1.410 + 5.850 + 400 + 335 = 16.245 in 2024
    assert jumlah[1] == "12.330.000.000" and jumlah[5] == "16.245.000.000"
    # 11.492,5 / 12.330 = 93,21…%; growth of the totals 12.330 → 12.040 → 13.870 → 15.080 → 16.245: mean 7,32…
    assert jumlah[11] == "93,21" and jumlah[16] == "7,32"


def _caption_index(texts: list[str], caption: str) -> int:
    """Where the caption itself stands: the Daftar Tabel at the front lists the same text first."""
    return len(texts) - 1 - texts[::-1].index(caption)


def test_tables_stand_in_a_landscape_section_of_their_own(lengkap):
    document = docx.Document(io.BytesIO(lengkap))
    body = document.element.body
    children = list(body.iterchildren())
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for el in children]
    start = _caption_index(texts, TC23)
    end = next(i for i in range(start, len(children))
               if texts[i].startswith("Sumber:") and i > _caption_index(texts, TC24))

    def section_end(i):
        for el in children[i:]:
            sect = el.find(qn("w:pPr") + "/" + qn("w:sectPr")) if el.tag == qn("w:p") else None
            if sect is not None:
                return el, sect
            if el.tag == qn("w:sectPr"):
                return el, el
        raise AssertionError("no section end")

    holder, sect = section_end(start)
    assert children.index(holder) > end, "the two tables share one section"
    size = sect.find(qn("w:pgSz"))
    assert size.get(qn("w:orient")) == "landscape" and int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
    _, before = section_end(start - 1 - 1)  # the part of BAB II above the tables stays portrait
    assert before.find(qn("w:pgSz")).get(qn("w:orient")) != "landscape"
    assert texts[start - 2].startswith("Pencapaian indikator kinerja pelayanan")  # placed at the [[T-C.23]] marker
    assert "[[T-C.23]]" not in texts and "[[T-C.24]]" not in texts
    landscape = [s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert landscape
    # every table row kept whole on one page, header rows repeated
    for caption in (TC23, TC24):
        tbl = _tables(lengkap)[caption]._tbl
        rows = list(tbl.iterchildren(qn("w:tr")))
        assert all(r.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None for r in rows)
        assert [r.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None for r in rows[:4]] == [True] * 3 + [False]


@pytest.mark.parametrize("code,rel,old,new,offset,word", KINERJA_LALU_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(KINERJA_LALU_CASES)])
def test_rule_fires(tmp_repo, code, rel, old, new, offset, word):
    line = mutate(tmp_repo, rel, old, new)
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.items if d.code == code]
    assert hits, code
    if offset is not None:
        assert any(d.loc.file == rel and d.loc.line == line + offset for d in hits), [d.format() for d in hits]
    assert any(word.lower() in (d.message + " " + d.hint).lower() for d in hits), [d.format() for d in hits]


def test_without_the_file_a_warning_and_tables_saying_data_belum_diisi(tmp_repo):
    os.remove(os.path.join(tmp_repo, LALU))
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors
    hits = [d for d in checked.report.warnings if d.code == "R074"]
    assert [d.loc.file for d in hits] == [LALU] and "data belum diisi" in hits[0].message
    tables = _tables(_build(checked.repo))
    for caption in (TC23, TC24):
        assert _rows(tables[caption])[3][0] == "Data belum diisi"


def test_no_warning_for_an_opd_that_has_not_written_bab_2(example):
    assert not [d for d in example.report.items if d.code.startswith("R07")], \
        [d.format() for d in example.report.items if d.code.startswith("R07")]


def test_tables_go_to_the_end_of_bab_2_without_markers(tmp_repo):
    mutate(tmp_repo, BAB2, "[[T-C.23]]\n\n[[T-C.24]]\n", "")
    checked = check(tmp_repo, ["diskominfo"])
    document = docx.Document(io.BytesIO(_build(checked.repo)))
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for el in document.element.body.iterchildren()]
    bab3 = max(i for i, t in enumerate(texts) if t.startswith("BAB III"))  # the heading, after the Daftar Isi entry
    assert texts.index("2.4 Tantangan dan Peluang Pengembangan Pelayanan") < texts.index(TC23) < texts.index(TC24) < bab3


def test_satuan_in_the_cell_drops_the_satuan_column(tmp_repo):
    mutate(tmp_repo, "data/pemda.yaml", "  kertas: F4\n", "  kertas: F4\n  tampil_satuan: dalam_sel\n")
    checked = check(tmp_repo, ["diskominfo"])
    rows = _rows(_tables(_build(checked.repo))[TC23])
    assert "Satuan" not in rows[0] and rows[2][-1] == "(20)"
    spbe = rows[3]
    assert spbe[5:10] == ["2,2 Indeks", "2,4 Indeks", "2,6 Indeks", "2,8 Indeks", "3 Indeks"]
    assert rows[4][3] == "100%"  # target IKK of a "%" indicator
    assert spbe[15:] == ["93,18", "96,25", "95", "90", "86,33"]  # ratios carry no satuan


def test_an_opd_without_bab_2_still_gets_both_tables_after_the_note(repo):
    data = _build(repo, "bappeda")
    tables = _tables(data)
    name = "Badan Perencanaan Pembangunan Daerah Tahun 2020–2024"
    t23, t24 = f"Tabel 2.1 Pencapaian Kinerja Pelayanan {name}", f"Tabel 2.2 Anggaran dan Realisasi Pendanaan Pelayanan {name}"
    assert [_rows(tables[c])[3][0] for c in (t23, t24)] == ["Data belum diisi"] * 2
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t")))
             for el in docx.Document(io.BytesIO(data)).element.body.iterchildren()]
    note = next(i for i, t in enumerate(texts) if t.startswith("Bab ini belum ditulis"))
    at23, at24 = _caption_index(texts, t23), _caption_index(texts, t24)
    assert note < at23 < at24
    assert not any(t.startswith("Sumber:") for t in texts[at23:at24 + 3])


def test_libreoffice_prints_the_tables_landscape_with_every_amount_whole(lengkap, tmp_path):
    """The PDF LibreOffice makes: the pages of T-C.23/T-C.24 are landscape, BAB II's others portrait,
    and no amount or ratio is broken across lines."""
    path = tmp_path / "renstra-lengkap.docx"
    path.write_bytes(lengkap)
    pages = docx_to_pdf_text(path, tmp_path).split("\f")
    pdf = tmp_path / "renstra-lengkap.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = {int(n): (float(w), float(h)) for n, w, h in
             re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)}
    body = next(i for i, p in enumerate(pages, 1) if "PENDAHULUAN" in p and "DAFTAR" not in p)  # after the lists
    first = next(i for i, p in enumerate(pages, 1) if "Tabel 2.2 Pencapaian Kinerja Pelayanan" in p and i >= body)
    last = next(i for i, p in enumerate(pages, 1) if "JUMLAH" in p and i >= first)
    for n in range(first, last + 1):
        assert sizes[n][0] > sizes[n][1], f"page {n} is not landscape"
    assert sizes[first - 1][0] < sizes[first - 1][1] and sizes[last + 1][0] < sizes[last + 1][1]
    text = " ".join(pages[first - 1:last])
    # the widest amounts of the example (2020 and 2024 totals, the largest realisasi) on one line each
    for amount in ("12.330.000.000", "16.245.000.000", "15.541.900.000", "11.408.600.000", "7.920.000.000"):
        assert amount in text, amount
    for ratio in ("93,18", "100,56", "101,79", "12,47", "13,28"):
        assert ratio in text, ratio


def test_money_columns_fit_the_longest_amount_or_shrink_its_size():
    from cascade.documents.renstra.bab2 import money_columns

    # "16.245.000.000": 11 digits × 1,42 + 3 dots × 0,71 = 17,75 mm of ink, + 1,6 mm padding
    assert money_columns(["16.245.000.000", "950.000"], 290) == pytest.approx((19.35, 6.5))  # F4 landscape
    # A4 landscape (257 mm): (257 − 28 − 5 × 8,5 − 2 × 13) / 10 − 1,6 = 14,45 mm of room;
    # 6,5 × 14,45 / 17,75 = 5,29 → 5 pt, at which the ink takes 17,75 × 5 / 6,5 = 13,65 mm
    width, size = money_columns(["16.245.000.000"], 257)
    assert size == 5 and width == pytest.approx(13.654 + 1.6, abs=0.01)
