"""Hostile text in every text field reaches every document and tree intact, and never runs.

Issue 10: `& < > " '`, template syntax, RTL marks, emoji and a 2,000-character sentence are written
into the example data, everything is rendered (in memory, as `build` would), and each output is read
back: .docx through its XML text, .svg through its text elements, Markdown as text.
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from conftest import copy_example

from cascade.build import render_opd, render_pemda
from cascade.pipeline import check

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "R&D <b>\"kutip\"</b> 'tunggal' {{ rahasia }} {% if x %}ya{% endif %} \u202bعربي\u202c 😀"
LONG = " ".join(f"kata{i:04d}" for i in range(222))  # 222 × 9 chars ≈ 2,000 characters


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    paragraphs = []
    for p in root.iter(f"{W}p"):
        paragraphs.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(paragraphs)


def _svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join((t.text or "") for t in root.iter(f"{SVG}text")).replace("\u2060", "")


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("hostile"))

    def edit(rel, old, new):
        path = f"{root}/{rel}"
        text = open(path, encoding="utf-8").read()
        assert old in text, old
        open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))

    q = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    renstra = "data/opd/diskominfo/renstra.yaml"
    edit(renstra, "uraian: Terwujudnya tata kelola pemerintahan digital yang efektif dan terpadu", f'uraian: "T1 {q}"')
    edit(renstra, "uraian: Meningkatnya keamanan informasi pemerintah daerah", f'uraian: "S3 {q} {LONG}"')
    edit(renstra, "nama: Skor Indeks Keamanan Informasi (Indeks KAMI)", f'nama: "IKAMI {q}"')
    sandi = "data/opd/diskominfo/program/2.21.02-persandian.yaml"
    edit(sandi, "uraian: Meningkatnya pengamanan informasi perangkat daerah", f'uraian: "PSANDI {q}"')
    edit(sandi, "nama: Jumlah perangkat daerah yang terhubung jaring komunikasi sandi", f'nama: "JARING {q}"')
    edit(sandi, "lokasi: Kota Arunika\n          indikator:\n            - id: SK-SANDI-2-1-I1",
         f'lokasi: "LOKASI {q}"\n          indikator:\n            - id: SK-SANDI-2-1-I1')
    opd = "data/opd/diskominfo/opd.yaml"
    edit(opd, "nama: Ketua Tim Kerja Persandian dan Keamanan Informasi", f'nama: "KATIM {q}"')
    edit(opd, "nama: Teguh Santoso, S.ST., M.Kom.", f'nama: "TEGUH {q}"')
    edit(opd, "alamat: Jl. Merdeka Digital No. 17, Arunika 50111", f'alamat: "ALAMAT {q}"')
    lalu = "data/opd/diskominfo/kinerja-periode-lalu.yaml"
    edit(lalu, "nama: Indeks Keterbukaan Informasi Publik", f'nama: "LALUIND {q}"')
    edit(lalu, "nama: PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL", f'nama: "LALUPROG {q}"')
    edit("data/pemda.yaml", "visi: Arunika Kota Cerdas, Berbudaya, dan Sejahtera yang Berkelanjutan", f'visi: "VISI {q}"')
    checked = check(root)
    assert not checked.report.errors, [d.format() for d in checked.report.errors]
    outputs, diags = render_opd(checked.repo, "diskominfo", checked.tahun)
    assert not diags, [d.format() for d in diags]
    pemda_outputs, diags = render_pemda(checked.repo, checked.tahun)
    assert not diags, [d.format() for d in diags]
    return {o.path: o.data for o in outputs}, {o.path: o.data for o in pemda_outputs}


def _texts(outputs: dict) -> dict[str, str]:
    out = {}
    for path, data in outputs.items():
        if path.endswith(".docx"):
            out[path] = _docx_text(data)
        elif path.endswith(".svg"):
            out[path] = _svg_text(data)
        elif path.endswith(".md"):
            out[path] = data.decode("utf-8")
    return out


@pytest.mark.parametrize("marker,where", [
    ("T1", r"renstra/(bab-4|bab-5|bab-6|renstra-lengkap)\.docx|pohon/ikhtisar\.svg|pk/\d+/(perubahan/)?kepala-dinas-komunikasi-dan-informatika\.docx"),
    ("IKAMI", r"renstra/(bab-4|bab-7|renstra-lengkap)\.docx|pk/\d+/(perubahan/)?kepala-dinas-komunikasi-dan-informatika\.docx"),
    ("PSANDI", r"pohon/(ikhtisar|sasaran-S3.*)\.svg|pk/\d+/(perubahan/)?kepala-bidang-statistik-dan-persandian\.docx"),
    ("JARING", r"renstra/(bab-6|renstra-lengkap)\.docx|pohon/sasaran-S3.*\.svg"),
    ("LOKASI", r"renstra/(bab-6|renstra-lengkap)\.docx"),
    ("KATIM", r"pk/\d+/(perubahan/)?katim-[^/]*\.docx|pohon/sasaran-S3.*\.svg"),
    ("TEGUH", r"pk/\d+/(perubahan/)?katim-[^/]*\.docx"),
    ("ALAMAT", r"pk/\d+/(perubahan/)?kepala-dinas-komunikasi-dan-informatika\.docx"),
    ("VISI", r"renstra/(bab-5|renstra-lengkap)\.docx"),
    ("LALUIND", r"renstra/renstra-lengkap\.docx"),  # T-C.23 in BAB II
    ("LALUPROG", r"renstra/renstra-lengkap\.docx"),  # T-C.24 in BAB II
])
def test_hostile_text_is_read_back_intact(hostile, marker, where):
    texts = _texts(hostile[0])
    targets = [p for p in texts if re.fullmatch(where, p)]
    assert targets, f"no output matches {where}: {sorted(texts)}"
    for path in targets:
        assert _normal(f"{marker} {HOSTILE}") in _normal(texts[path]), f"{marker} lost or altered in {path}"


def test_long_sentence_survives_wrapping(hostile):
    texts = _texts(hostile[0])
    for path in ("renstra/bab-4.docx", "renstra/bab-6.docx"):
        assert _normal(LONG) in _normal(texts[path]), path
    trees = [p for p in texts if p.startswith("pohon/sasaran-S3")]
    assert trees and all(_normal(LONG) in _normal(texts[p]) for p in trees)


def test_template_syntax_in_data_is_never_evaluated(hostile):
    for path, text in _texts({**hostile[0], **hostile[1]}).items():
        text = text.replace("\u00a0", " ")  # a kop keeps each address item whole with no-break spaces
        assert "{{ rahasia }}" in text or "rahasia" not in text, path
        assert "ya{% endif %}" in text or "endif" not in text, path


def test_pemda_outputs_carry_the_hostile_visi(hostile):
    texts = _texts(hostile[1])
    assert any(_normal(f"VISI {HOSTILE}") in _normal(t) for t in texts.values()), sorted(texts)


def test_every_docx_and_svg_is_well_formed(hostile):
    for outputs in hostile:
        for path, data in outputs.items():
            if path.endswith(".docx"):
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    assert z.testzip() is None
                    for name in z.namelist():
                        if name.endswith(".xml") or name.endswith(".rels"):
                            ET.fromstring(z.read(name))
            elif path.endswith(".svg"):
                ET.fromstring(data)


def test_hostile_text_in_excel_is_stored_as_text(hostile):
    from openpyxl import load_workbook

    found = {}
    for path, data in hostile[0].items():
        if path.endswith(".xlsx"):
            wb = load_workbook(io.BytesIO(data))
            cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
            found[path] = " \n".join(cells)
    assert {"excel/t-c-25.xlsx", "excel/t-c-27.xlsx", "excel/matriks-cascading.xlsx"} <= set(found)
    for path in ("excel/t-c-25.xlsx", "excel/t-c-27.xlsx", "excel/matriks-cascading.xlsx"):
        assert _normal(f"T1 {HOSTILE}") in _normal(found[path]), path
    assert _normal(LONG) in _normal(found["excel/t-c-25.xlsx"])
