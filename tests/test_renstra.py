"""Renstra PD in Word: every table compared with the model, layout, hostile text, Markdown, PDF conversion."""
from __future__ import annotations

import io
import json
import os

import docx
import pytest
from conftest import docx_to_pdf_text
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from cascade.documents import Job, renstra
from cascade.fmt import angka, rupiah
from cascade.pipeline import check

OUTPUTS = ["renstra/bab-4.docx", "renstra/bab-5.docx", "renstra/bab-6.docx", "renstra/bab-7.docx",
           "renstra/renstra-lengkap.docx"]
HOSTILE = "R&D <b>\"kutip\" 'tunggal' {{ x }} {% if %} {_{ y }_}"
# T-C.27 grid columns with a separate satuan column (tujuan and sasaran are group rows)
C27 = dict(kode=0, nama=1, indikator=2, satuan=3, awal=4, akhir=15, akhir_rp=16, unit=17, lokasi=18)
TARGET27, RP27 = 5, 6  # year i: target at TARGET27 + 2i, Rp at RP27 + 2i


def render_repo(repo, key="diskominfo", tahun=2026) -> dict[str, bytes]:
    return {o.path: o.data for o in renstra.render(Job(repo, repo.opds[key], tahun))}


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def outputs(repo):
    return render_repo(repo)


@pytest.fixture(scope="module")
def docs(outputs):
    return {path: open_docx(data) for path, data in outputs.items()}


def checked_copy(root, edit=None):
    """Edit a file of a copied example with `edit(path) -> None`, then load and validate it."""
    if edit:
        edit(root)
    result = check(root, ["diskominfo"])
    assert not result.report.errors, [d.format() for d in result.report.errors]
    return result.repo


def replace_in(path, old, new):
    text = open(path, encoding="utf-8").read()
    assert old in text, old
    open(path, "w", encoding="utf-8").write(text.replace(old, new))


# ---------------------------------------------------------------- grid helpers


def _span(tc):
    gs = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
    return int(gs.get(qn("w:val"))) if gs is not None else 1


def _vmerge(tc):
    vm = tc.find(qn("w:tcPr") + "/" + qn("w:vMerge"))
    return None if vm is None else (vm.get(qn("w:val")) or "continue")


def grid(tr) -> list[tuple[str, str | None, int]]:
    """(text, vMerge, span) per grid column; a spanned cell fills all its columns."""
    out = []
    for tc in tr.iterchildren(qn("w:tc")):
        # the zero-width space the layout puts after a slash between letters (a place to break) is not text
        text = "".join(t.text or "" for t in tc.iter(qn("w:t"))).replace("\u200b", "")
        out += [(text, _vmerge(tc), _span(tc))] * _span(tc)
    return out


def body_rows(table):
    trs = table._tbl.findall(qn("w:tr"))
    return [grid(tr) for tr in trs if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None]


def header_rows(table):
    return [tr for tr in table._tbl.findall(qn("w:tr")) if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None]


def main_table(document):
    return next(t for t in document.tables if header_rows(t))


def pieces(document):
    """The T-C table of a chapter: one piece per tujuan/sasaran group (layout.split_at_groups)."""
    return [t for t in document.tables if header_rows(t)]


def is_group(row) -> bool:
    """A group row ("Tujuan 1: …", "Sasaran 1.1: …"): one cell across the table."""
    return row[0][2] == len(row) > 1


def table_rows(document):
    """The data rows of all pieces of the chapter's T-C table, in order (group rows left out)."""
    return [r for t in pieces(document) for r in body_rows(t) if not is_group(r)]


def group_labels(document) -> list[str]:
    """The group rows ("Tujuan 1: …") in order, each once: a piece's header repeats the groups it lies in."""
    out = []
    for t in pieces(document):
        for tr in t._tbl.findall(qn("w:tr")):
            cells = grid(tr)
            if cells[0][2] == len(cells) and cells[0][0] not in out:
                out.append(cells[0][0])
    return out


def texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for t in document.tables:
        for tr in t._tbl.iter(qn("w:tr")):
            parts.append(" | ".join(c[0] for c in grid(tr)))
    return "\n".join(parts)


def indicators(opd, levels):
    for n in opd.nodes():
        if n.level in levels:
            yield from ((n, i) for i in n.indikator)


# ---------------------------------------------------------------- outputs


def test_render_produces_the_four_chapters_and_the_whole_document(outputs):
    assert sorted(outputs) == sorted(OUTPUTS)
    for data in outputs.values():
        assert data[:2] == b"PK"


def test_rebuild_is_byte_identical(repo, outputs):
    again = render_repo(repo)
    assert {p: d for p, d in again.items()} == outputs


def test_templates_render_without_leftover_tags(docs):
    for path, d in docs.items():
        assert "{{" not in texts(d).replace("{{ x }}", "") and "{%" not in texts(d), path


# ---------------------------------------------------------------- BAB IV (T-C.25)


def test_tabel_4_1_has_every_tujuan_and_sasaran_indicator_with_targets(repo, docs):
    opd, years = repo.opds["diskominfo"], repo.pemda.years
    rows = table_rows(docs["renstra/bab-4.docx"])
    expected = list(indicators(opd, ("tujuan", "sasaran")))
    assert len(rows) == len(expected)
    by_name = {r[0][0]: r for r in rows}
    for node, ind in expected:
        row = by_name[ind.nama]
        assert row[1][0] == ind.satuan
        assert row[2][0] == angka(ind.baseline)
        assert [row[3 + i][0] for i in range(len(years))] == [angka(ind.target[y]) for y in years]
        assert row[8][0] == angka(ind.kondisi_akhir(years))
    assert "2,8" in [c[0] for r in rows for c in r]


def test_tabel_4_1_groups_indicators_under_numbered_tujuan_and_sasaran_rows(repo, docs):
    opd = repo.opds["diskominfo"]
    expected = []
    for i, t in enumerate(opd.tujuan, 1):
        expected.append(f"Tujuan {i}: {t.uraian}")
        expected += [f"Sasaran {i}.{j}: {s.uraian}" for j, s in enumerate(t.children, 1)]
    assert group_labels(docs["renstra/bab-4.docx"]) == expected
    # a table this short stays whole on one page (every row kept with the next), so each group row is on
    # the page of its rows; a long one is cut into pieces (BAB VI, below)
    parts = pieces(docs["renstra/bab-4.docx"])
    assert len(parts) == 1
    rows = parts[0]._tbl.findall(qn("w:tr"))
    keep = qn("w:pPr") + "/" + qn("w:keepNext")
    assert all(p.find(keep) is not None for tr in rows[:-1] for p in tr.iter(qn("w:p")))


def test_bab_4_embeds_the_pohon_kinerja_per_tujuan(repo, docs):
    d = docs["renstra/bab-4.docx"]
    blips = list(d.element.body.iter(qn("a:blip")))
    assert len(blips) >= len(repo.opds["diskominfo"].tujuan)
    for blip in blips:
        image = d.part.related_parts[blip.get(qn("r:embed"))]
        assert image.blob[:8] == b"\x89PNG\r\n\x1a\n"
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption" and p.text.startswith("Gambar 4.")]
    assert [c.split()[1] for c in captions] == [f"4.{n}" for n in range(1, len(blips) + 1)]


# ---------------------------------------------------------------- BAB V (T-C.26)


def test_tabel_5_1_lists_strategi_and_arah_kebijakan_under_visi_misi(repo, docs):
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    d = docs["renstra/bab-5.docx"]
    paragraphs = [p.text for p in d.paragraphs]
    assert f"“{pemda.visi}”" in paragraphs
    assert [f"{m.nomor}. {m.uraian}" for m in pemda.misi] == [p for p in paragraphs if p[:2] in ("1.", "2.")]
    rows = table_rows(d)
    arah = [a for t in opd.tujuan for s in t.children for st in s.strategi for a in st.arah_kebijakan]
    assert [r[1][0] for r in rows] == arah
    strategi = [st.uraian for t in opd.tujuan for s in t.children for st in s.strategi]
    assert [r[0][0] for r in rows if r[0][0]] == strategi
    assert [r[0][0] for r in rows if r[0][1] == "restart"] == strategi  # merged over its arah kebijakan
    assert [g.split(": ", 1)[1] for g in group_labels(d) if g.startswith("Sasaran")] == [
        s.uraian for t in opd.tujuan for s in t.children]


# ---------------------------------------------------------------- BAB VI (T-C.27)


def test_tabel_6_1_has_every_node_with_targets_and_rupiah(repo, docs):
    opd, years = repo.opds["diskominfo"], repo.pemda.years
    rows = table_rows(docs["renstra/bab-6.docx"])
    by_kode = {r[C27["kode"]][0]: r for r in rows if r[C27["kode"]][0] and r[C27["kode"]][2] == 1}
    funded = [n for n in opd.nodes() if n.level in ("program", "kegiatan", "subkegiatan")]
    assert len(funded) >= 10
    units = {j.id: j.unit_kerja for j in opd.jabatan}
    for node in funded:
        row = by_kode[node.kode]
        assert row[C27["nama"]][0] == node.judul
        ind = node.indikator[0]
        assert row[C27["indikator"]][0] == ind.nama
        for i, y in enumerate(years):
            assert row[TARGET27 + 2 * i][0] == angka(ind.target[y]), (node.id, y)
            assert row[RP27 + 2 * i][0] == rupiah(node.pagu[y], sign=False), (node.id, y)
        assert row[C27["akhir"]][0] == angka(ind.kondisi_akhir(years))
        assert row[C27["akhir_rp"]][0] == rupiah(node.pagu_total(), sign=False)
        assert row[C27["unit"]][0] == units[node.penanggung_jawab]
        assert row[C27["lokasi"]][0] == (node.lokasi or "")
    names = [r[C27["indikator"]][0] for r in rows]
    for _, ind in indicators(opd, ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")):
        assert ind.nama in names


def test_tabel_6_1_subtotals_and_grand_total_equal_the_model_sums(repo, docs):
    opd, years = repo.opds["diskominfo"], repo.pemda.years
    rows = table_rows(docs["renstra/bab-6.docx"])
    programs = [n for n in opd.nodes() if n.level == "program"]
    subtotals = {r[C27["kode"]][0]: r for r in rows[:-1] if r[C27["kode"]][2] == 5}
    assert len(subtotals) == len(programs)
    for p in programs:
        row = subtotals[f"Jumlah {p.judul}"]
        assert [row[RP27 + 2 * i][0] for i in range(len(years))] == [rupiah(p.pagu[y], sign=False) for y in years]
        assert row[C27["akhir_rp"]][0] == rupiah(p.pagu_total(), sign=False)
    total = rows[-1]
    assert total[0][0] == "JUMLAH TOTAL PENDANAAN INDIKATIF" and total[0][2] == 5
    for i, y in enumerate(years):
        assert total[RP27 + 2 * i][0] == rupiah(sum(t.pagu.get(y, 0) for t in opd.tujuan), sign=False)
    grand = sum(t.pagu_total() for t in opd.tujuan)
    assert total[C27["akhir_rp"]][0] == rupiah(grand, sign=False)
    assert grand > 1_000_000 and "." in total[C27["akhir_rp"]][0]


def test_tabel_6_1_repeats_its_header_and_the_tujuan_and_sasaran_of_each_piece(repo, docs):
    opd = repo.opds["diskominfo"]
    parts = pieces(docs["renstra/bab-6.docx"])
    assert len(parts) == len(opd.tujuan) + sum(len(t.children) for t in opd.tujuan)
    for table in parts:
        heads = header_rows(table)
        # three header levels, the "(1) (2) …" row, then the tujuan (and sasaran) the piece lies in
        assert [c[0] for c in grid(heads[3])][:2] == ["(1)", "(2)"]
        labels = [grid(tr)[0][0] for tr in heads[4:]]
        assert labels[0].startswith("Tujuan ") and (len(labels) == 1 or labels[1].startswith("Sasaran ")), labels
    sasaran = [s.uraian for t in opd.tujuan for s in t.children]
    assert [g.split(": ", 1)[1] for g in group_labels(docs["renstra/bab-6.docx"])
            if g.startswith("Sasaran")] == sasaran
    for table in parts:  # no row breaks across a page
        assert all(tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None for tr in table._tbl.findall(qn("w:tr")))


def test_bab_6_is_landscape_f4_and_others_portrait(docs):
    s = docs["renstra/bab-6.docx"].sections[0]
    assert s.orientation == WD_ORIENT.LANDSCAPE
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (330, 210)
    s4 = docs["renstra/bab-4.docx"].sections[0]
    assert s4.orientation == WD_ORIENT.PORTRAIT and (round(s4.page_width.mm), round(s4.page_height.mm)) == (210, 330)
    assert (round(s4.left_margin.mm), round(s4.right_margin.mm), round(s4.top_margin.mm)) == (25, 15, 20)
    whole = docs["renstra/renstra-lengkap.docx"]
    orientations = [sec.orientation for sec in whole.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[0] == WD_ORIENT.PORTRAIT
    # BAB VIII is portrait; the lampiran of per-sasaran trees after it is landscape
    assert orientations[-2:] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]


def test_a4_setting_changes_every_page_and_fits_tables(tmp_repo):
    repo = checked_copy(tmp_repo, lambda r: replace_in(os.path.join(r, "data", "pemda.yaml"), "kertas: F4",
                                                       "kertas: A4"))
    out = render_repo(repo)
    s = open_docx(out["renstra/bab-6.docx"]).sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (297, 210)
    for table in pieces(open_docx(out["renstra/bab-6.docx"])):
        width = sum(int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
        assert abs(width - Mm(297 - 40).twips) <= 2
    for sec in open_docx(out["renstra/renstra-lengkap.docx"]).sections:
        assert {round(sec.page_width.mm), round(sec.page_height.mm)} == {210, 297}


# ---------------------------------------------------------------- BAB VII (T-C.28)


def test_tabel_7_1_groups_opd_indicators_under_rpjmd_sasaran(repo, docs):
    opd, pemda, years = repo.opds["diskominfo"], repo.pemda, repo.pemda.years
    d = docs["renstra/bab-7.docx"]
    groups = group_labels(d)
    supported = [s for s in pemda.rpjmd_sasaran() if any(s.id in t.mendukung for t in opd.tujuan)]
    assert len(groups) == len(supported)
    assert all(g.startswith(f"{n}. ") and s.uraian in g for n, (s, g) in enumerate(zip(supported, groups), 1))
    data = {r[0][0]: r for r in table_rows(d)}
    for _, ind in indicators(opd, ("tujuan", "sasaran")):
        row = data[ind.nama]
        assert [row[3 + i][0] for i in range(len(years))] == [angka(ind.target[y]) for y in years]


# ---------------------------------------------------------------- satuan in the cell


def test_dalam_sel_joins_satuan_and_drops_the_column(tmp_repo):
    def edit(root):
        replace_in(os.path.join(root, "data", "pemda.yaml"), "  tema_pohon: madiun",
                   "  tema_pohon: madiun\n  tampil_satuan: dalam_sel")
    repo = checked_copy(tmp_repo, edit)
    out = render_repo(repo)
    t25 = main_table(open_docx(out["renstra/bab-4.docx"]))
    heads = [c[0] for tr in header_rows(t25) for c in grid(tr)]
    assert "Satuan" not in heads and "(8)" in heads and "(9)" not in heads
    t27 = table_rows(open_docx(out["renstra/bab-6.docx"]))
    cells = {c[0] for r in t27 for c in r}
    assert "2 Dokumen" in cells and "50%" in cells


# ---------------------------------------------------------------- hostile text


def test_hostile_text_round_trips_literally(tmp_repo):
    def edit(root):
        path = os.path.join(root, "data", "opd", "diskominfo", "renstra.yaml")
        replace_in(path, "uraian: Terwujudnya tata kelola pemerintahan digital yang efektif dan terpadu",
                   "uraian: " + json.dumps(HOSTILE))
        replace_in(path, "nama: Nilai Evaluasi Penyelenggaraan Statistik Sektoral (EPSS)",
                   "nama: " + json.dumps("EPSS " + HOSTILE))
    repo = checked_copy(tmp_repo, edit)
    out = render_repo(repo)
    for path in ("renstra/bab-4.docx", "renstra/bab-5.docx", "renstra/bab-6.docx", "renstra/renstra-lengkap.docx"):
        d = open_docx(out[path])
        cells = [c[0] for t in d.tables for r in t._tbl.findall(qn("w:tr")) for c in grid(r)]
        assert f"Tujuan 1: {HOSTILE}" in cells, path
        assert "{{ x }}" not in texts(d).replace(HOSTILE, ""), path
    cells = [c[0] for r in table_rows(open_docx(out["renstra/bab-4.docx"])) for c in r]
    assert "EPSS " + HOSTILE in cells


# ---------------------------------------------------------------- the whole document


def test_whole_document_has_cover_toc_and_all_chapters_in_order(docs):
    d = docs["renstra/renstra-lengkap.docx"]
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert [h.split("\n")[0] for h in heads] == ["BAB I", "BAB II", "BAB III", "BAB IV", "BAB V", "BAB VI",
                                                "BAB VII", "BAB VIII", "LAMPIRAN"]
    xml = d.element.xml
    assert 'TOC \\o "1-2"' in xml
    assert d.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    for label in ("Tabel 4.1 Tujuan dan Sasaran", "Gambar 4.1", "Tabel 5.1 Tujuan, Sasaran, Strategi",
                  "Tabel 6.1 Rencana Program", "Tabel 7.1 Indikator Kinerja", "Gambar L.1"):
        assert any(c.startswith(label) for c in captions), label
    assert any(c.startswith("Tabel 2.1 ") for c in captions)  # the Markdown table of BAB II
    ids = [el.get("id") for el in d.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == len(set(ids)) > 2  # the lambang daerah, the pohon kinerja in BAB IV and the lampiran



def test_whole_document_holds_each_chapter_table_as_the_chapter_has_it(docs):
    """Every T-C table of BAB IV–VII reaches renstra-lengkap.docx as it reads in its chapter (merges,
    widths, text), and no stand-in paragraph of the assembly is left."""
    from lxml import etree

    from cascade.formats.docx.layout import main_table

    def canonical(element) -> bytes:
        parsed = etree.fromstring(etree.tostring(element), etree.XMLParser(remove_blank_text=True))
        return etree.tostring(parsed, method="c14n")

    body = docs["renstra/renstra-lengkap.docx"].element.body
    assert not any("\u2063" in (t.text or "") for t in body.iter(qn("w:t")))
    tables = [canonical(t) for t in body.iterchildren(qn("w:tbl"))]
    assert any(True for _ in main_table(docs["renstra/bab-5.docx"].element.body).iter(qn("w:vMerge")))
    for key in ("bab-4", "bab-5", "bab-6", "bab-7"):
        parts = pieces(docs[f"renstra/{key}.docx"])
        assert parts, key
        for piece in parts:
            assert canonical(piece._tbl) in tables, key

def test_markdown_chapters_are_rendered(docs):
    d = docs["renstra/renstra-lengkap.docx"]
    paras = d.paragraphs
    assert any(p.style.name == "Heading 2" and p.text == "1.1 Latar Belakang" for p in paras)
    assert any(p.style.name == "List Bullet" and p.text.startswith("menjabarkan visi") for p in paras)
    assert any(p.style.name == "List Bullet 2" and p.text.startswith("Subbagian Umum") for p in paras)
    assert any(r.bold and r.text == "Renstra PD" for p in paras for r in p.runs)
    assert any(r.italic and r.text == "cascading" for p in paras for r in p.runs)
    numbered = [p for p in paras if p.style.name == "List Number"]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) >= 4  # each numbered list restarts at 1
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Jenjang Pendidikan")
    assert [c.text for c in table.rows[-1].cells] == ["Jumlah", "51", "13", "64"]


def test_bab_8_ends_with_place_date_and_signature(repo, docs):
    opd, pemda = repo.opds["diskominfo"], repo.pemda
    kepala = opd.kepala().pemangku(pemda.settings.tanggal_renstra)
    lines = [p.text for t in docs["renstra/renstra-lengkap.docx"].tables for c in t._cells for p in c.paragraphs]
    start = lines.index("Arunika, 15 Agustus 2025")
    block = lines[start:start + 8]
    assert block[1] == opd.kepala().nama
    assert kepala.nama in block and kepala.pangkat_tampil in block
    assert f"NIP. {kepala.nip_tampil}" in block


def test_missing_markdown_gives_a_visible_note(tmp_repo):
    repo = checked_copy(tmp_repo, lambda r: os.remove(os.path.join(r, "data", "opd", "diskominfo", "bab-3.md")))
    d = open_docx(render_repo(repo)["renstra/renstra-lengkap.docx"])
    notes = [p.text for p in d.paragraphs if "belum ditulis" in p.text]
    assert notes == ["Bab ini belum ditulis."]  # a printed page names no file


# ---------------------------------------------------------------- LibreOffice


PDF_EXPECT = {
    "renstra/bab-4.docx": ["BAB IV", "TUJUAN DAN SASARAN", "Tabel 4.1", "Gambar 4.1", "2,8", "2,59"],
    "renstra/bab-5.docx": ["BAB V", "STRATEGI DAN ARAH KEBIJAKAN", "Tabel 5.1", "VISI", "MISI"],
    "renstra/bab-6.docx": ["BAB VI", "Tabel 6.1", "JUMLAH TOTAL PENDANAAN INDIKATIF", "2.400.000.000"],
    "renstra/bab-7.docx": ["BAB VII", "KINERJA PENYELENGGARAAN BIDANG URUSAN", "Tabel 7.1", "2,75"],
    "renstra/renstra-lengkap.docx": ["RENCANA STRATEGIS", "DAFTAR ISI", "BAB I", "PENDAHULUAN", "1.1 Latar Belakang",
                                     "BAB VI", "Tabel 6.1", "BAB VIII", "PENUTUP", "15 Agustus 2025",
                                     "NIP. 19750312 200003 1 004"],
}


@pytest.mark.parametrize("path", OUTPUTS)
def test_libreoffice_converts_and_shows_headings_and_figures(path, outputs, repo, tmp_path):
    src = tmp_path / os.path.basename(path)
    src.write_bytes(outputs[path])
    text = " ".join(docx_to_pdf_text(src, tmp_path).split())
    for expected in PDF_EXPECT[path]:
        assert expected in text, (path, expected)
    if path == "renstra/bab-6.docx":
        grand = sum(t.pagu_total() for t in repo.opds["diskominfo"].tujuan)
        assert rupiah(grand, sign=False) in text


# ---------------------------------------------------------------- pictures a planner put in a template


def _png(rgb: tuple[int, int, int]) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_pictures_in_an_edited_template_reach_the_whole_document(tmp_repo):
    """A logo in a chapter's text and one in a table of its own: both keep their image in the chapter
    and in renstra-lengkap.docx, next to the pohon kinerja figure of BAB IV."""
    red, blue = _png((200, 0, 0)), _png((0, 0, 200))
    path = os.path.join(tmp_repo, "templates", "renstra", "bab-5.docx")
    template = docx.Document(path)
    template.add_paragraph().add_run().add_picture(io.BytesIO(red), width=Mm(10))
    template.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(blue), width=Mm(10))
    template.save(path)
    out = render_repo(checked_copy(tmp_repo))

    def pictures(data: bytes) -> list[bytes]:
        document = open_docx(data)
        blips = document.element.body.iter(qn("a:blip"))
        return [document.part.related_parts[b.get(qn("r:embed"))].blob for b in blips]

    assert pictures(out["renstra/bab-5.docx"]) == [red, blue]
    whole = pictures(out["renstra/renstra-lengkap.docx"])
    assert red in whole and blue in whole
    pohon = pictures(out["renstra/bab-4.docx"])  # the pohon kinerja, and more of it in the lampiran
    assert set(pohon) <= set(whole) and len(whole) > 2 + len(pohon)
    with open(os.path.join(tmp_repo, "data", "lambang-arunika.png"), "rb") as fh:
        assert whole[0] == fh.read()  # the lambang daerah on the cover
    ids = [el.get("id") for el in open_docx(out["renstra/renstra-lengkap.docx"]).element.body.iter(qn("wp:docPr"))]
    assert len(ids) == len(whole) and len(set(ids)) == len(ids)
