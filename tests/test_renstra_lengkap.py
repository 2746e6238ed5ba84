"""The whole Renstra as a Bappeda mentor reads it (issue 23): cover, front matter, page numbers on
every page, and a Daftar Isi / Daftar Tabel / Daftar Gambar that read right, in the .docx before any
field update and with page numbers in the PDF `make pdf` writes (real LibreOffice)."""
from __future__ import annotations

import io
import os
import re
import subprocess

import pytest
from conftest import copy_example, mutate
from docx import Document
from docx.oxml.ns import qn

from cascade.documents import Job, renstra
from cascade.formats.docx.layout import entry_text
from cascade.pdf import convert
from cascade.pipeline import check
from cascade.write import write_outputs

LENGKAP = "renstra/renstra-lengkap.docx"
BAB = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
ROMAN = re.compile(r"[ivxlc]+")


def _lengkap(repo, key="diskominfo") -> bytes:
    return next(o.data for o in renstra.render(Job(repo, repo.opds[key], 2026)) if o.path == LENGKAP)


@pytest.fixture(scope="module")
def lengkap(repo) -> bytes:
    return _lengkap(repo)


@pytest.fixture(scope="module")
def pages(lengkap, tmp_path_factory) -> list[str]:
    """The PDF `make pdf` writes for renstra-lengkap.docx, as the text of each page (one conversion)."""
    out = tmp_path_factory.mktemp("lengkap")
    write_outputs(str(out / "diskominfo"), [renstra.Output(LENGKAP, lengkap)])
    result = convert(str(out / "diskominfo"))
    assert not result.diags, [d.format() for d in result.diags]
    pdf = out / "diskominfo" / "renstra" / "renstra-lengkap.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def _footer(page: str) -> str:
    return _lines(page)[-1]


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out


# ---------------------------------------------------------------- the PDF


def test_every_page_but_the_cover_has_its_number_roman_then_arabic_from_bab_i(pages):
    assert "RENCANA STRATEGIS" in pages[0]
    assert _footer(pages[0]) == "2025"  # the year of penetapan closes the cover; no page number under it
    assert not any(re.fullmatch(r"[0-9]{1,3}|[ivxlc]+", line) for line in _lines(pages[0]))
    assert not any("Renstra Diskominfo" in line for line in _lines(pages[0])), "the cover has no running header"
    bab_1 = next(i for i, p in enumerate(pages) if _lines(p)[1:3] == ["BAB I", "PENDAHULUAN"])
    assert bab_1 >= 5  # Kata Pengantar, penetapan, Daftar Isi, Daftar Tabel, Daftar Gambar
    for n, page in enumerate(pages[1:bab_1], 1):
        assert _footer(page) == _roman(n), (n, _footer(page))
    for n, page in enumerate(pages[bab_1:], 1):
        assert _footer(page) == str(n), (n, _footer(page))
    for page in pages[1:]:
        assert _lines(page)[0] == "Renstra Diskominfo Kota Arunika 2025–2029"


def test_landscape_pages_are_numbered_too(pages):
    landscape = [p for p in pages if re.search(r"Target\s+Rp\s+Target\s+Rp", p)]  # T-C.27's header
    assert len(landscape) >= 2
    assert all(_footer(p).isdigit() for p in landscape)


def _toc(pages) -> str:
    return next(p for p in pages if _lines(p)[1] == "DAFTAR ISI")


def test_daftar_isi_entries_read_right_and_point_at_the_page_each_bab_starts_on(pages):
    toc = " ".join(_lines(_toc(pages)))
    starts = {}
    for page in pages:
        lines = _lines(page)
        if len(lines) > 2 and re.fullmatch(r"BAB [IVX]+", lines[1]):
            starts[lines[1]] = _footer(page)
    assert list(starts) == [f"BAB {b}" for b in BAB]
    for bab, title in (("I", "PENDAHULUAN"), ("IV", "TUJUAN DAN SASARAN"), ("VIII", "PENUTUP")):
        m = re.search(rf"BAB {bab} {title}\s*\.+\s*(\d+)", toc)
        assert m, (bab, toc)
        assert m.group(1) == starts[f"BAB {bab}"]
    assert "BAB IPENDAHULUAN" not in toc and "BAB IVTUJUAN" not in toc
    for n, title in enumerate(("KATA PENGANTAR", "PENETAPAN RENCANA STRATEGIS", "DAFTAR ISI", "DAFTAR TABEL",
                               "DAFTAR GAMBAR"), 1):  # the front matter, in roman numerals
        m = re.search(rf"{title}\s*\.+\s*([ivx]+)\b", toc)
        assert m and m.group(1) == _roman(n), (title, toc)
        assert title in pages[n]
    numbers = [int(n) for n in re.findall(r"BAB [IVX]+ [^.]*?\.{3,}\s*(\d+)", toc)]
    assert numbers == sorted(numbers) and len(numbers) == 8


def test_daftar_tabel_lists_every_table_caption_with_its_page(pages):
    front = next(i for i, p in enumerate(pages) if _lines(p)[1] == "DAFTAR TABEL")
    daftar = " ".join(_lines(pages[front]))
    body = [p for p in pages if _footer(p).isdigit()]
    captions = {}
    for page in body:
        for line in _lines(page):
            m = re.match(r"Tabel (\d+\.\d+)\b", line)
            if m:
                captions.setdefault(m.group(1), _footer(page))
    assert {"4.1", "5.1", "6.1", "7.1"} <= set(captions)
    for number, page in captions.items():
        m = re.search(rf"Tabel {re.escape(number)} [^.]+?\.{{3,}}\s*(\d+)", daftar)
        assert m, (number, daftar)
        assert m.group(1) == page
    assert re.search(r"Tabel 6\.1 Rencana Program, Kegiatan", daftar)


def test_daftar_gambar_lists_the_pohon_kinerja(pages):
    front = next(p for p in pages if _lines(p)[1] == "DAFTAR GAMBAR")
    listed = " ".join(_lines(front))
    assert re.search(r"Gambar 4\.1 Pohon Kinerja Dinas Komunikasi dan Informatika Tujuan 1 .*?Target Tahun 2026\.{3,}\d+",
                     listed)


def test_front_matter_and_cover_print_no_machinery(pages):
    bab_1 = next(i for i, p in enumerate(pages) if _lines(p)[1:3] == ["BAB I", "PENDAHULUAN"])
    front = "\n".join(pages[:bab_1])
    for word in ("diskominfo ", "data/", ".yaml", ".md", "kata_pengantar", "keputusan.", "{{", "{%", "SEQ", "TOC"):
        assert word not in front, word
    assert "KATA PENGANTAR" in front and "Puji syukur" in front
    assert "Nomor 050/117/Diskominfo/2025 tanggal 15 Agustus 2025" in " ".join(front.split())


# ---------------------------------------------------------------- the .docx, before any field update


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def test_docx_lists_read_right_before_fields_are_updated(lengkap):
    doc = _doc(lengkap)
    toc = [entry_text(p._p) for p in doc.paragraphs if p.style.name.startswith("toc ")]
    assert toc[:6] == ["KATA PENGANTAR", "PENETAPAN RENCANA STRATEGIS", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR",
                       "BAB I PENDAHULUAN"]
    assert "BAB IV TUJUAN DAN SASARAN" in toc and "BAB VIII PENUTUP" in toc
    assert all(re.match(r"BAB [IVX]+ [A-Z]", t) for t in toc if t.startswith("BAB"))
    figures = [entry_text(p._p) for p in doc.paragraphs if p.style.name == "table of figures"]
    assert "Tabel 6.1 Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan Dinas Komunikasi dan Informatika" in figures
    assert any(f.startswith("Gambar 4.1 Pohon Kinerja Dinas Komunikasi dan Informatika Tujuan 1") for f in figures)
    assert any(f.startswith("Gambar L.1 ") for f in figures)  # the lampiran's trees are listed too
    instr = [el.text.strip() for el in doc.element.body.iter(qn("w:instrText"))]
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr and 'TOC \\h \\z \\c "Tabel"' in instr
    assert 'TOC \\h \\z \\c "Gambar"' in instr


def test_every_section_names_its_header_and_footer_and_numbering(lengkap):
    doc = _doc(lengkap)
    sects = list(doc.element.body.iter(qn("w:sectPr")))
    assert len(sects) >= 10  # cover, front matter, eight chapters
    for s in sects:
        assert s.find(qn("w:headerReference")) is not None and s.find(qn("w:footerReference")) is not None
    fmt = [(n.get(qn("w:fmt")), n.get(qn("w:start"))) if (n := s.find(qn("w:pgNumType"))) is not None else None
           for s in sects]
    assert fmt[1] == ("lowerRoman", "1")
    assert fmt[2] == ("decimal", "1")
    assert all(f == ("decimal", None) for f in fmt[3:])
    cover, front = doc.sections[0], doc.sections[1]
    assert "PAGE" not in cover.footer._element.xml and not cover.header.paragraphs[0].text
    assert "PAGE" in front.footer._element.xml
    landscape = [s for s in doc.sections if s.page_width > s.page_height]
    assert landscape and all("PAGE" in s.footer._element.xml for s in landscape)


def test_without_kata_pengantar_and_keputusan_their_pages_are_left_out(tmp_path):
    root = copy_example(tmp_path / "repo")
    os.remove(os.path.join(root, "data/opd/diskominfo/kata-pengantar.md"))
    text = open(os.path.join(root, "data/opd/diskominfo/opd.yaml"), encoding="utf-8").read()
    start = text.index("renstra:\n")
    mutate(root, "data/opd/diskominfo/opd.yaml", text[start:text.index("jabatan:\n")], "")
    checked = check(root, ["diskominfo"])
    assert not checked.report.errors
    doc = _doc(_lengkap(checked.repo))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "KATA PENGANTAR" not in body and "PENETAPAN" not in body
    assert "DAFTAR ISI" in body


def test_the_logo_is_on_the_cover(lengkap, repo):
    doc = _doc(lengkap)
    cover_blips = []
    for p in doc.paragraphs[:3]:
        cover_blips += list(p._p.iter(qn("a:blip")))
    assert cover_blips
    rid = cover_blips[0].get(qn("r:embed"))
    with open(os.path.join(repo.root, "data", repo.pemda.settings.logo), "rb") as fh:
        assert doc.part.related_parts[rid].blob == fh.read()


# ---------------------------------------------------------------- the lambang daerah and the Kata Pengantar, checked


def _findings(root, code):
    return [d for d in check(root).report.items if d.code == code]


def test_a_logo_that_is_no_png_or_jpeg_is_refused_where_it_is_named(tmp_path):
    root = copy_example(tmp_path / "repo")
    with open(os.path.join(root, "data", "lambang-arunika.png"), "wb") as fh:
        fh.write(b"GIF89a\x01\x00\x01\x00")  # a GIF renamed .png: python-docx could not place it
    line = open(os.path.join(root, "data/pemda.yaml"), encoding="utf-8").read().split("\n").index(
        "  logo: lambang-arunika.png") + 1
    hits = _findings(root, "R065")
    assert [(d.loc.file, d.loc.line) for d in hits] == [("data/pemda.yaml", line)]
    assert "bukan gambar PNG atau JPEG" in hits[0].message and hits[0].hint
    assert not os.path.exists(os.path.join(root, "build"))


def test_a_jpeg_logo_is_accepted_and_printed(tmp_path):
    root = copy_example(tmp_path / "repo")
    jpeg = bytes.fromhex(  # a 1×1 baseline JPEG
        "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912"
        "130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b0800"
        "01000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b510000201"
        "0303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433"
        "627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a"
        "737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5"
        "c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3"
        "ffd9")
    with open(os.path.join(root, "data", "lambang.jpg"), "wb") as fh:
        fh.write(jpeg)
    mutate(root, "data/pemda.yaml", "logo: lambang-arunika.png", "logo: lambang.jpg")
    checked = check(root, ["diskominfo"])
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    doc = _doc(_lengkap(checked.repo))
    blip = next(doc.paragraphs[0]._p.iter(qn("a:blip")))
    assert doc.part.related_parts[blip.get(qn("r:embed"))].blob == jpeg


def test_changing_the_logo_image_makes_the_build_stale(tmp_path):
    from cascade.freshness import Fingerprints

    root = copy_example(tmp_path / "repo")
    before = Fingerprints(root).opd("diskominfo", (), None)
    assert "data/lambang-arunika.png" in before.files
    with open(os.path.join(root, "data", "lambang-arunika.png"), "ab") as fh:
        fh.write(b"\0")
    assert Fingerprints(root).opd("diskominfo", (), None).digest != before.digest
    assert Fingerprints(root).pemda(None).digest != Fingerprints(copy_example(tmp_path / "b")).pemda(None).digest


def test_kata_pengantar_with_a_heading_or_a_table_is_refused_and_an_empty_one_warned(tmp_path):
    root = copy_example(tmp_path / "repo")
    path = os.path.join(root, "data/opd/diskominfo/kata-pengantar.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Paragraf pembuka.\n\n# Sambutan\n\nTeks.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    hits = [d for d in check(root, ["diskominfo"]).report.items if d.code == "M008"]
    assert [(d.loc.file, d.loc.line) for d in hits] == [("data/opd/diskominfo/kata-pengantar.md", 3),
                                                        ("data/opd/diskominfo/kata-pengantar.md", 7)]
    assert all(d.severity.value == "galat" for d in hits)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n  \n")
    hits = [d for d in check(root, ["diskominfo"]).report.items if d.code == "M009"]
    assert len(hits) == 1 and hits[0].severity.value == "peringatan"
    assert "tidak dicetak" in hits[0].message
