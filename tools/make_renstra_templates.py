"""Bootstrap the Renstra Word templates in templates/renstra/.

Run once (`.venv/bin/python tools/make_renstra_templates.py`) to create the templates; after that the
committed .docx files are the source of truth and planners restyle them in Word. Re-running
overwrites them, so only do that when the table layouts change in code.

Everything a planner reads in the templates is Bahasa Indonesia; Jinja tags follow docxtpl
(`{{ x }}`, `{%tr for … %}` rows, `{%p … %}` paragraphs).
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import sys

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from cascade.formats.docx import house, ooxml  # noqa: E402
from cascade.formats.docx.layout import (  # noqa: E402
    ensure_update_fields,
    set_repeat_header,
    shade_cell,
)

OUT = os.path.join(ROOT, "templates", "renstra")
FONT = "Bookman Old Style"
YEARS = 5  # Permendagri 86/2017 tables have five year columns


# ---------------------------------------------------------------- styles and page


def base_document(landscape: bool = False):
    doc = house.base_document("F4", landscape, FONT)
    _header_footer(doc.sections[0])
    return doc


_field = house.field


def _header_footer(section):
    house.running_header(section, "Renstra {{ opd.singkatan }} {{ pemda.nama }} {{ periode }}")
    house.page_number_footer(section)


def heading1(doc, bab: str, judul: str):
    p = doc.add_paragraph(style="Heading 1")
    p.add_run(bab)
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run(judul)
    return p


def para(doc, text: str, style: str | None = None, bold=False, align=None):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
    if align is not None:
        p.alignment = align
    return p


def caption(doc, text: str):
    return para(doc, text, "Caption")


# ---------------------------------------------------------------- tables

class Col:
    def __init__(self, head, cell, width_mm, style="Isi Tabel", group=None, sub=None):
        self.head, self.cell, self.width, self.style, self.group, self.sub = head, cell, width_mm, style, group, sub


def _set_widths(table, widths_mm):
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
    house.fixed_table_layout(table)


def header_rows(table, levels: list[list[tuple[str, int]]], numbered: bool = True, style="Judul Tabel"):
    """Header rows from a description: each level is a list of (text, colspan); text None = merged from above."""
    ncols = len(table.columns)
    for r, level in enumerate(levels):
        row = table.rows[r]
        c = 0
        for text, span in level:
            cell = row.cells[c]
            if span > 1:
                cell = cell.merge(row.cells[c + span - 1])
            if text is not None:
                cell.paragraphs[0].text = text
            c += span
        assert c == ncols, (r, c, ncols)
    # vertical merges: a None text below a cell merges it with the cell above
    for r in range(1, len(levels)):
        c = 0
        for text, span in levels[r]:
            if text is None:
                top = r - 1
                while top > 0 and _level_text(levels[top], c) is None:
                    top -= 1
                table.cell(top, c).merge(table.cell(r, c))
            c += span
    n = len(levels)
    if numbered:
        for i, cell in enumerate(table.rows[n].cells):
            cell.paragraphs[0].text = f"({i + 1})"
        n += 1
    for r in range(n):
        set_repeat_header(table.rows[r])
        for cell in table.rows[r].cells:
            shade_cell(cell, "D9D9D9")
            for p in cell.paragraphs:
                p.style = table.part.document.styles[style]
    return n


def _level_text(level, col):
    c = 0
    for text, span in level:
        if c <= col < c + span:
            return text if c == col else "<spanned>"
        c += span
    return None


def control_row(table, tag: str):
    row = table.add_row()
    row.cells[0].paragraphs[0].text = tag
    return row


def data_row(table, cells: list[tuple[str, str]], merge: list[tuple[int, int]] = (), bold=()):
    """One template row; `bold` lists the (post-merge) cell indexes printed bold."""
    row = table.add_row()
    for a, b in merge:
        row.cells[a].merge(row.cells[b])
    seen, i = [], 0
    for cell in row.cells:
        if cell._tc in seen:
            continue
        seen.append(cell._tc)
        text, style = cells[i]
        p = cell.paragraphs[0]
        p.style = table.part.document.styles[style]
        run = p.add_run(text)
        if i in bold:
            run.bold = True
        i += 1
    return row


def group_rows(table, suffix: str = "") -> None:
    """`{%tr if r.grup == 1 %}` "Tujuan …" row / `{%tr elif r.grup == 2 %}` "Sasaran …" row, each one cell
    across the table; the caller goes on with `{%tr elif … %}`/`{%tr else %}` rows and `{%tr endif %}`.
    The layout repeats these rows at the top of every page their rows run onto (styles house.GROUP_STYLES)."""
    last = len(table.columns) - 1
    for n, style in enumerate(house.GROUP_STYLES, 1):
        control_row(table, f"{{%tr {'if' if n == 1 else 'elif'} r.grup == {n} %}}")
        row = data_row(table, [("{{ r.label }}", style + suffix)], merge=[(0, last)])
        shade_cell(row.cells[0], house.GROUP_FILL)


def new_table(doc, widths, header_levels, style="Judul Tabel"):
    rows = len(header_levels) + 1
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, widths)
    header_rows(table, header_levels, style=style)
    return table


def year_heads(prefix="Tahun ke-"):
    return [(f"{{{{ tahun[{i}].label }}}}", 1) for i in range(YEARS)]


# ---------------------------------------------------------------- chapters

T, A, C = "Isi Tabel", "Isi Tabel Angka", "Isi Tabel Tengah"


def bab4():
    doc = base_document()
    heading1(doc, "BAB IV", "TUJUAN DAN SASARAN")
    para(doc, "Tujuan dan sasaran {{ opd.nama }} {{ pemda.nama }} periode {{ periode }} dirumuskan untuk mendukung "
              "pencapaian visi dan misi Kepala Daerah sebagaimana tertuang dalam RPJMD. Tujuan dan sasaran "
              "beserta indikator dan target kinerjanya disajikan sebagai berikut.")
    para(doc, "4.1 Tujuan dan Sasaran Jangka Menengah Perangkat Daerah", "Heading 2")
    para(doc, "Rumusan tujuan, sasaran, indikator serta target kinerja setiap tahun disajikan pada Tabel 4.1.")
    caption(doc, "Tabel 4.1 Tujuan dan Sasaran Jangka Menengah Pelayanan {{ opd.nama }}")
    # tujuan and sasaran are group rows ("Tujuan 1: …", "Sasaran 1.1: …") over their indicators
    widths = [50, 15, 16] + [13] * YEARS + [16]
    levels = [
        [("Indikator Tujuan/Sasaran", 1), ("Satuan", 1),
         ("Kondisi Awal ({{ tahun_dasar }})", 1), ("Target Kinerja Tujuan/Sasaran pada Tahun", YEARS),
         ("Kondisi Akhir ({{ tahun_akhir }})", 1)],
        [(None, 1)] * 3 + year_heads() + [(None, 1)],
    ]
    t = new_table(doc, widths, levels)
    control_row(t, "{%tr for r in tabel %}")
    group_rows(t)
    control_row(t, "{%tr else %}")
    data_row(t, [("{{ r.indikator }}", T), ("{{ r.satuan }}", C), ("{{ r.awal }}", A)]
             + [(f"{{{{ r.target[{i}] }}}}", A) for i in range(YEARS)] + [("{{ r.akhir }}", A)])
    control_row(t, "{%tr endif %}")
    control_row(t, "{%tr endfor %}")
    para(doc, "Sumber: {{ opd.nama }}, diolah dari data cascading Renstra.", "Sumber Tabel")
    para(doc, "4.2 Cascading Kinerja Perangkat Daerah", "Heading 2")
    para(doc, "Keterkaitan tujuan, sasaran dan program {{ opd.nama }} digambarkan dalam pohon kinerja pada "
              "{{ rujukan_gambar }}, satu gambar untuk setiap tujuan (dipecah per sasaran strategis bila terlalu "
              "besar untuk dibaca). Setiap kotak memuat pernyataan kinerja beserta indikator dan targetnya "
              "({{ target_pohon }}). Pohon kinerja setiap sasaran strategis sampai sub kegiatan dimuat dalam "
              "Lampiran.")
    landscape_from_here(doc)
    figures(doc, "4")
    return doc


def landscape_from_here(doc):
    """End the portrait part with a section break; what follows is on landscape pages. The break's own
    page setup carries no header or footer of its own: it takes the running header of the section
    before it, as the whole Renstra's sections do."""
    brk = doc.add_paragraph()
    sect = __import__("copy").deepcopy(doc.sections[-1]._sectPr)
    for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
        sect.remove(ref)
    brk._p.get_or_add_pPr().append(sect)
    house.page_setup(doc.sections[-1], "F4", landscape=True)


def figures(doc, prefix: str):
    """One landscape page per picture of the pohon kinerja: the picture, then its caption
    "Gambar <prefix>.N …" (each picture scaled by the code to fit the page at a readable size)."""
    para(doc, "{%p for g in gambar_pohon %}")
    p = para(doc, "{{ g.gambar }}", "Gambar")
    p.paragraph_format.page_break_before = True
    p.paragraph_format.keep_with_next = True
    caption(doc, f"Gambar {prefix}.{{{{ g.nomor }}}} {{{{ g.judul }}}}")
    para(doc, "{%p endfor %}")


def lampiran_pohon():
    doc = base_document(landscape=True)
    heading1(doc, "LAMPIRAN", "POHON KINERJA PER SASARAN STRATEGIS")
    para(doc, "Lampiran ini memuat pohon kinerja setiap sasaran strategis {{ opd.nama }} sampai sub kegiatan, "
              "dengan {{ target_pohon }} ({{ rujukan_gambar }}).")
    figures(doc, "L")
    return doc


def bab5():
    doc = base_document()
    heading1(doc, "BAB V", "STRATEGI DAN ARAH KEBIJAKAN")
    para(doc, "Strategi dan arah kebijakan {{ opd.nama }} merupakan rumusan perencanaan menyeluruh untuk mencapai "
              "tujuan dan sasaran Renstra secara efektif dan efisien, dengan mengacu pada visi dan misi Kepala "
              "Daerah berikut.")
    para(doc, "VISI:", bold=True)
    para(doc, "“{{ pemda.visi }}”", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "MISI:", bold=True)
    para(doc, "{%p for m in pemda.misi %}")
    para(doc, "{{ m.nomor }}. {{ m.uraian }}")
    para(doc, "{%p endfor %}")
    para(doc, "Keterkaitan tujuan, sasaran, strategi dan arah kebijakan disajikan pada Tabel 5.1.")
    caption(doc, "Tabel 5.1 Tujuan, Sasaran, Strategi, dan Arah Kebijakan {{ opd.nama }}")
    # tujuan and sasaran are group rows ("Tujuan 1: …", "Sasaran 1.1: …") over their strategi
    widths = [80, 90]
    t = new_table(doc, widths, [[("Strategi", 1), ("Arah Kebijakan", 1)]])
    control_row(t, "{%tr for r in tabel %}")
    group_rows(t)
    control_row(t, "{%tr else %}")
    data_row(t, [("{{ r.strategi }}", T), ("{{ r.arah_kebijakan }}", T)])
    control_row(t, "{%tr endif %}")
    control_row(t, "{%tr endfor %}")
    para(doc, "Sumber: {{ opd.nama }}, diolah dari data cascading Renstra.", "Sumber Tabel")
    return doc


def bab6():
    doc = base_document(landscape=True)
    heading1(doc, "BAB VI", "RENCANA PROGRAM, KEGIATAN DAN SUB KEGIATAN SERTA PENDANAAN")
    para(doc, "Rencana program, kegiatan dan sub kegiatan {{ opd.nama }} beserta indikator kinerja, target dan "
              "pendanaan indikatif untuk setiap tahun periode {{ periode }} disajikan pada Tabel 6.1. Nilai "
              "pendanaan dalam rupiah (Rp) bersifat indikatif.")
    caption(doc, "Tabel 6.1 Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan {{ opd.nama }}")
    # kode, program/kegiatan, indikator, satuan, awal, 5 × (target, Rp), akhir (target, Rp), unit, lokasi; tujuan
    # and sasaran are group rows ("Tujuan 1: …", "Sasaran 1.1: …") over their rows, repeated on every page.
    # The kode is one column; {{ r.kode.urusan }} … {{ r.kode.sub }} are there for a five-column split.
    # Widths are recomputed from the content when the chapter is built (layout.fit_to_content).
    widths = [22, 30, 30, 12, 11] + [9, 19] * YEARS + [9, 21, 16, 10]
    t1, ta, tc = "Isi Tabel Kecil", "Isi Tabel Angka Kecil", "Isi Tabel Tengah Kecil"
    lead = [("Kode", 1), ("Program, Kegiatan dan Sub Kegiatan", 1),
            ("Indikator Kinerja Program (outcome) dan Kegiatan (output)", 1),
            ("Satuan", 1), ("Data Capaian Awal ({{ tahun_dasar }})", 1)]
    levels = [
        lead + [("Target Kinerja Program dan Kerangka Pendanaan", 2 * YEARS),
                ("Kondisi Kinerja pada Akhir Periode Renstra", 2),
                ("Unit Kerja Penanggung Jawab", 1), ("Lokasi", 1)],
        [(None, 1)] * 5 + [(f"{{{{ tahun[{i}].label }}}}", 2) for i in range(YEARS)]
        + [("{{ tahun_akhir }}", 2), (None, 1), (None, 1)],
        [(None, 1)] * 5 + [("Target", 1), ("Rp", 1)] * (YEARS + 1) + [(None, 1), (None, 1)],
    ]
    t = new_table(doc, widths, levels, style="Judul Tabel Kecil")
    control_row(t, "{%tr for r in tabel %}")
    group_rows(t, " Kecil")
    control_row(t, "{%tr elif r.jumlah %}")
    # subtotal of one program: label across kode … data capaian awal, then Rp per year
    data_row(t, [("{{ r.label }}", t1)]
             + sum(([("", tc), (f"{{{{ r.rp[{i}] }}}}", ta)] for i in range(YEARS)), [])
             + [("", tc), ("{{ r.akhir_rp }}", ta), ("", t1), ("", t1)], merge=[(0, 4)], bold=(0,))
    control_row(t, "{%tr else %}")
    data_row(t, [("{{ r.kode.lengkap }}", t1),
                 ("{{ r.nama }}", t1), ("{{ r.indikator }}", t1), ("{{ r.satuan }}", tc), ("{{ r.awal }}", ta)]
             + sum(([(f"{{{{ r.target[{i}] }}}}", ta), (f"{{{{ r.rp[{i}] }}}}", ta)] for i in range(YEARS)), [])
             + [("{{ r.akhir }}", ta), ("{{ r.akhir_rp }}", ta), ("{{ r.unit }}", t1), ("{{ r.lokasi }}", t1)])
    control_row(t, "{%tr endif %}")
    control_row(t, "{%tr endfor %}")
    data_row(t, [("JUMLAH TOTAL PENDANAAN INDIKATIF", t1)]
             + sum(([("", tc), (f"{{{{ total.rp[{i}] }}}}", ta)] for i in range(YEARS)), [])
             + [("", tc), ("{{ total.akhir_rp }}", ta), ("", t1), ("", t1)], merge=[(0, 4)], bold=(0,))
    para(doc, "Sumber: {{ opd.nama }}, diolah dari data cascading Renstra.", "Sumber Tabel")
    return doc


def bab7():
    doc = base_document()
    heading1(doc, "BAB VII", "KINERJA PENYELENGGARAAN BIDANG URUSAN")
    # with IKU marked, the table is the IKU PD (primer §3, T-C.28 "IKU PD"): the title says so
    para(doc, "Indikator kinerja{% if iku %} utama{% endif %} {{ opd.nama }} yang secara langsung menunjukkan "
              "kinerja yang akan dicapai dalam lima tahun mendatang sebagai komitmen untuk mendukung pencapaian "
              "tujuan dan sasaran RPJMD disajikan pada Tabel 7.1.")
    caption(doc, "Tabel 7.1 Indikator Kinerja{% if iku %} Utama{% endif %} {{ opd.nama }} yang Mengacu pada "
                 "Tujuan dan Sasaran RPJMD")
    # each RPJMD tujuan/sasaran is a numbered group row over the indicators supporting it
    widths = [50, 15, 18] + [13] * YEARS + [18]
    levels = [
        [("Indikator", 1), ("Satuan", 1), ("Kondisi Kinerja pada Awal Periode RPJMD ({{ tahun_dasar }})", 1),
         ("Target Capaian Setiap Tahun", YEARS), ("Kondisi Kinerja pada Akhir Periode RPJMD", 1)],
        [(None, 1)] * 3 + year_heads() + [(None, 1)],
    ]
    t = new_table(doc, widths, levels)
    control_row(t, "{%tr for r in tabel %}")
    control_row(t, "{%tr if r.judul %}")
    row = data_row(t, [("{{ r.no }}. {{ r.judul }}", house.GROUP_STYLES[0])], merge=[(0, 3 + YEARS)])
    shade_cell(row.cells[0], house.GROUP_FILL)
    control_row(t, "{%tr else %}")
    data_row(t, [("{{ r.indikator }}", T), ("{{ r.satuan }}", C), ("{{ r.awal }}", A)]
             + [(f"{{{{ r.target[{i}] }}}}", A) for i in range(YEARS)] + [("{{ r.akhir }}", A)])
    control_row(t, "{%tr endif %}")
    control_row(t, "{%tr endfor %}")
    para(doc, "Sumber: {{ opd.nama }}, diolah dari data cascading Renstra dan RPJMD {{ pemda.nama }}.", "Sumber Tabel")
    return doc


def bab_narasi():
    doc = base_document()
    p = doc.add_paragraph(style="Heading 1")
    p.add_run("{{ bab.nomor }}")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("{{ bab.judul }}")
    para(doc, "{{ isi }}")
    return doc


def bab8():
    doc = base_document()
    heading1(doc, "BAB VIII", "PENUTUP")
    para(doc, "{{ isi }}")
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [80, 90])
    cell = table.rows[0].cells[1]
    lines = ["{{ tempat }}, {{ tanggal }}", "{{ kepala.jabatan }}", "", "", "", "{{ kepala.nama }}",
             "{{ kepala.pangkat }}", "NIP. {{ kepala.nip }}"]
    cell.paragraphs[0].text = lines[0]
    cell.paragraphs[0].style = doc.styles["Tanda Tangan"]
    for line in lines[1:]:
        p = cell.add_paragraph(style="Tanda Tangan")
        run = p.add_run(line)
        if "nama" in line:
            run.bold = True
            run.underline = True
    return doc


def _signature(doc, lines: list[str]):
    """Place and date, jabatan, room to sign, name (bold, underlined), pangkat, NIP at the right half."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [80, 90])
    cell = table.rows[0].cells[1]
    cell.paragraphs[0].text = lines[0]
    cell.paragraphs[0].style = doc.styles["Tanda Tangan"]
    for line in lines[1:]:
        p = cell.add_paragraph(style="Tanda Tangan")
        run = p.add_run(line)
        if "nama }}" in line:
            run.bold = True
            run.underline = True
    return table


def _listed(p):
    """A front-matter title listed in the Daftar Isi at its first level (outline level 1 set on the
    paragraph: the TOC field's \\u switch in Word, "outline" in LibreOffice)."""
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().append(lvl)
    return p


def _own_headers(section, refs) -> None:
    """`section` shows the header/footer parts `refs` (each section names its own: Word and LibreOffice
    give a section without references the previous section's, so only explicit ones are certain)."""
    sect = section._sectPr
    for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
        sect.remove(ref)
    for ref in reversed(refs):
        sect.insert(0, copy.deepcopy(ref))


def _refs(section):
    sect = section._sectPr
    return sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference"))


def lengkap():
    """The whole Renstra: cover (no header, no number) | front matter in lower roman numerals (Kata
    Pengantar, Keputusan, Daftar Isi, Daftar Tabel, Daftar Gambar) | the chapters, put in at
    {{ isi_dokumen }}, numbered 1, 2, … from BAB I (cascade/formats/docx/layout.py insert_chapters)."""
    doc = house.base_document("F4", False, FONT)
    cover = doc.sections[0]
    cover.header.is_linked_to_previous = False  # an empty header and footer of its own
    cover.footer.is_linked_to_previous = False
    logo = para(doc, "{{ logo }}", "Gambar", align=WD_ALIGN_PARAGRAPH.CENTER)
    logo.paragraph_format.space_after = Pt(24)
    for text, size, space in [("RENCANA STRATEGIS", 20, 6), ("(RENSTRA)", 16, 36), ("{{ opd.nama_kapital }}", 16, 6),
                              ("{{ pemda.nama_kapital }}", 16, 6), ("TAHUN {{ periode }}", 16, 96),
                              ("{{ pemda.nama_kapital }}", 14, 6), ("{{ tahun_penetapan }}", 14, 0)]:
        p = para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        p.runs[0].font.size = Pt(size)
        p.paragraph_format.space_after = Pt(space)

    front = doc.add_section(WD_SECTION.NEW_PAGE)
    house.page_setup(front, "F4")
    _header_footer(front)
    house.page_numbering(front, "lowerRoman", 1)
    para(doc, "{%p if kata_pengantar %}")
    _listed(para(doc, "KATA PENGANTAR", "Title"))
    para(doc, "{{ kata_pengantar }}")
    para(doc, "")
    _signature(doc, ["{{ tempat }}, {{ tanggal }}", "{{ kepala.jabatan }}", "", "", "", "{{ kepala.nama }}",
                     "{{ kepala.pangkat }}", "NIP. {{ kepala.nip }}"])
    para(doc, "{%p endif %}")
    para(doc, "{%p if keputusan %}")
    p = _listed(para(doc, "PENETAPAN RENCANA STRATEGIS", "Title"))
    p.paragraph_format.page_break_before = True
    p.paragraph_format.space_after = Pt(0)
    for text in ("{{ opd.nama_kapital }}", "{{ pemda.nama_kapital }}", "TAHUN {{ periode }}"):
        p = para(doc, text, "Title")
        p.paragraph_format.space_after = Pt(0)
    para(doc, "")
    para(doc, "Rencana Strategis {{ opd.nama }} {{ pemda.nama }} Tahun {{ periode }} ditetapkan dengan "
              "Keputusan {{ kepala.jabatan }} Nomor {{ keputusan.nomor }} tanggal {{ keputusan.tanggal }} "
              "tentang {{ keputusan.tentang }}.")
    para(doc, "Rencana Strategis ini menjadi pedoman {{ opd.nama }} dalam menyusun Rencana Kerja tahunan, "
              "Perjanjian Kinerja dan Laporan Kinerja selama periode {{ periode }}.")
    para(doc, "")
    _signature(doc, ["Ditetapkan di {{ tempat }}", "pada tanggal {{ keputusan.tanggal }}", "{{ kepala.jabatan }}",
                     "", "", "", "{{ kepala.nama }}", "{{ kepala.pangkat }}", "NIP. {{ kepala.nip }}"])
    para(doc, "{%p endif %}")
    for title, instr, style, note in (
            ("DAFTAR ISI", 'TOC \\o "1-2" \\h \\z \\u', "toc 1", "Daftar isi"),
            ("DAFTAR TABEL", 'TOC \\h \\z \\c "Tabel"', "table of figures", "Daftar tabel"),
            ("DAFTAR GAMBAR", 'TOC \\h \\z \\c "Gambar"', "table of figures", "Daftar gambar")):
        p = para(doc, title, "TOC Heading")
        p.paragraph_format.page_break_before = True
        _listed(p)
        p = doc.add_paragraph(style=style)
        _field(p, instr, f"{note} diperbarui otomatis saat dokumen dibuka di Word "
                         "(atau klik kanan di sini lalu pilih Update Field).")

    doc.add_section(WD_SECTION.NEW_PAGE)
    # python-docx Section objects follow the body's final sectPr, so the sections are looked up afresh
    front, body = doc.sections[1], doc.sections[2]
    house.page_setup(body, "F4")
    _own_headers(body, _refs(front))
    house.page_numbering(body, "decimal", 1)
    para(doc, "{{ isi_dokumen }}")
    ensure_update_fields(doc)
    return doc


TEMPLATES = {
    "bab-4.docx": bab4, "bab-5.docx": bab5, "bab-6.docx": bab6, "bab-7.docx": bab7,
    "bab-narasi.docx": bab_narasi, "bab-8.docx": bab8, "renstra-lengkap.docx": lengkap,
    "lampiran-pohon.docx": lampiran_pohon,
}


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    when = dt.datetime(2025, 1, 1)
    for name, make in TEMPLATES.items():
        data = ooxml.docx_bytes(make(), when, title=f"Templat Renstra {name}")
        with open(os.path.join(OUT, name), "wb") as fh:
            fh.write(data)
        print(f"ditulis templates/renstra/{name}")


if __name__ == "__main__":
    main()
