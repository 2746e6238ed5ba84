"""Bootstrap the Perjanjian Kinerja Word templates in templates/pk/.

Run once (`.venv/bin/python tools/make_pk_templates.py`) to create the first version. After that the
committed .docx files are the source of truth: a Pemda restyles and re-words them in Word (kop,
logo, the wording of its own Perkada), and this script is only rerun to start over.

The templates use docxtpl tags (`{{ x }}`, `{%p %}`, `{%tr %}`, `{% vm %}`); every tag is written
inside one run so Word-edited copies keep working. Styles, margins, the page-number footer and the kop's
layout come from the house style (cascade/formats/docx/house.py). A PK has a page number on every page and
no running header (primer §4.2/§7: a PK is a short signed document; its title and kop say what it is);
each PK of the combined set is its own section, numbered from 1. The kop's left cell holds `{# lambang #}`,
where the renderer puts the lambang daerah (`dokumen.logo`).
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import sys

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cascade.formats.docx import house  # noqa: E402
from cascade.formats.docx.ooxml import docx_bytes  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates", "pk")
WIDTH_MM = house.text_width_mm("F4", False)  # 170: F4 210 mm minus the house margins 25 + 15
LOGO_MARK = "{# lambang #}"  # cascade/documents/pk/template.py puts the lambang daerah here
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY

TITLE = "PERJANJIAN KINERJA {% if perubahan %}PERUBAHAN {% endif %}TAHUN {{ tahun }}"
OPENING = ("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta "
           "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")
COMMITMENT = ("Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, "
              "dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen "
              "perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.")
SUPERVISION = ("Pihak Kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian "
               "kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian "
               "penghargaan dan sanksi.")
PEMDA_COMMITMENT = ("berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam "
                    "rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen "
                    "perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung "
                    "jawab kami.")


def base_document() -> Document:
    """The house document (styles, F4, margins) with the PK's tighter spacing, its own styles and a
    page number in the footer."""
    doc = house.base_document("F4")
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, bold in [("PK Tabel", 10, False), ("PK Tabel Kepala", 10, True), ("PK Judul", 12, True)]:
        st = house.paragraph_style(doc, name, size, bold, CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT)
        st.paragraph_format.line_spacing = 1.0 if "Tabel" in name else 1.15
    doc.styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.styles["Caption"].paragraph_format.space_before = Pt(10)
    # the paragraph that keeps two tables apart, barely a line high; it keeps with what follows, so the
    # last table's end stays with the signatures below it (see keep_rows)
    house.paragraph_style(doc, "PK Jarak", 4).paragraph_format.keep_with_next = True
    section = doc.sections[0]
    house.page_numbering(section, start=1)
    house.page_number_footer(section)
    return doc


def para(container, text="", style=None, align=None, bold=None, italic=None, size=None, space_after=None,
         keep_next=False):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if keep_next:
        p.paragraph_format.keep_with_next = True
    return p


def runs(container, parts, align=None, space_after=None):
    """A paragraph of (text, bold) runs: lets a label be bold inside running text."""
    p = container.add_paragraph()
    for text, bold in parts:
        p.add_run(text).bold = bold
    if align is not None:
        p.alignment = align
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    return p


def tag(container, text):
    """A docxtpl control paragraph (`{%p … %}`); removed when the template is rendered."""
    return container.add_paragraph(text)


def page_break(container):
    container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def section_break(doc):
    """A paragraph ending a section like the document's own (paper, footer) on a new page; the next
    section's page numbers start again at 1, so each PK of the combined set is numbered on its own."""
    p = doc.add_paragraph()
    sect = copy.deepcopy(doc.sections[0]._sectPr)
    kind = OxmlElement("w:type")
    kind.set(qn("w:val"), "nextPage")
    refs = [c for c in sect if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    if refs:  # CT_SectPr: the header/footer references come first, then w:type
        refs[-1].addnext(kind)
    else:
        sect.insert(0, kind)
    p._p.get_or_add_pPr().append(sect)
    return p


def widths(table, mm):
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.iterchildren(qn("w:gridCol")), mm):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, mm):
            cell.width = Mm(w)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def shade(cell, fill="D9D9D9"):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"), shd.set(qn("w:color"), "auto"), shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def cell_text(cell, text, style="PK Tabel", align=None, bold=None, italic=None):
    p = cell.paragraphs[0]
    p.style = style
    if text:
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
    if align is not None:
        p.alignment = align
    return p


def tag_row(table, text):
    """A table row holding only a `{%tr … %}` tag; docxtpl removes the whole row."""
    row = table.add_row()
    cell_text(row.cells[0], text)
    return row


def header_rows(table, labels, mm):
    head = table.rows[0]
    for cell, label in zip(head.cells, labels):
        cell_text(cell, label, "PK Tabel Kepala")
        shade(cell)
    repeat_header(head)
    nums = table.add_row()
    for i, cell in enumerate(nums.cells, 1):
        cell_text(cell, f"({i})", "PK Tabel", CENTER, italic=True)
    repeat_header(nums)


def keep_rows(row):
    """A row that stays on the page of the row after it (LibreOffice and Word follow keepNext on every
    paragraph of a row): the end of a table is kept with the signature block that signs it, so the
    signatures never stand alone on an otherwise empty page."""
    cant_split(row)
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
    return row


def last_row_kept(table, condition, fill):
    """The loop's row twice: kept with what follows when `condition` (the table's last row), plain
    otherwise. A row's paragraph settings cannot follow a value, so the template holds both."""
    tag_row(table, "{%tr if " + condition + " %}")
    keep_rows(fill(table.add_row()))
    tag_row(table, "{%tr else %}")
    fill(table.add_row())
    tag_row(table, "{%tr endif %}")


def kinerja_table(doc, rows_expr, kolom_expr):
    """No | <sasaran column> | Indikator Kinerja | Target | Satuan, one row per indicator, sasaran merged."""
    mm = (10, 55, 60, 20, 25)
    t = doc.add_table(rows=1, cols=5)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_rows(t, ["No", kolom_expr, "Indikator Kinerja", "Target", "Satuan"], mm)
    tag_row(t, "{%tr for s in " + rows_expr + " %}")
    tag_row(t, "{%tr for i in s.indikator %}")

    def indikator(r):
        cell_text(r.cells[0], "{% vm %}{{ s.no }}", align=CENTER)
        cell_text(r.cells[1], "{% vm %}{{ s.uraian }}")
        cell_text(r.cells[2], "{{ i.nama }}")
        cell_text(r.cells[3], "{{ i.target }}", align=CENTER)
        cell_text(r.cells[4], "{{ i.satuan }}", align=CENTER)
        return r

    last_row_kept(t, "loop.last and s.no == " + rows_expr + "|length", indikator)
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr endfor %}")
    widths(t, mm)
    return t


def anggaran_table(doc, table_expr):
    """No | Program/Kegiatan/Sub Kegiatan | Anggaran (Rp) | Keterangan, grouped under a heading row, then Jumlah."""
    mm = (9, 85, 36, 40)
    t = doc.add_table(rows=1, cols=4)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_rows(t, ["No", "{{ " + table_expr + ".judul_kolom }}", "Anggaran (Rp)", "Keterangan"], mm)
    tag_row(t, "{%tr for g in " + table_expr + ".grup %}")
    tag_row(t, "{%tr if g.judul %}")
    r = t.add_row()
    cell_text(r.cells[1], "{{ g.judul }}", bold=True)
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr for r in g.baris %}")

    def baris(row):
        cell_text(row.cells[0], "{{ r.no }}", align=CENTER)
        cell_text(row.cells[1], "{{ r.nama }}")
        cell_text(row.cells[2], "{{ r.anggaran }}", align=RIGHT)
        cell_text(row.cells[3], "{{ r.keterangan }}")
        return row

    last_row_kept(t, "loop.last and g is sameas(" + table_expr + ".grup|last)", baris)
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr endfor %}")
    r = t.add_row()
    cell_text(r.cells[1], "Jumlah", bold=True, align=CENTER)
    cell_text(r.cells[2], "{{ " + table_expr + ".jumlah }}", bold=True, align=RIGHT)
    keep_rows(r)
    widths(t, mm)
    return t


SIGNATURE_LINES = [("{label}", False), ("{{ {who}.jabatan }},", False), ("", False), ("{{ {who}.nama }}", True),
                   ("{{ {who}.pangkat }}", False), ("{% if {who}.nip %}{{ {who}.label_nip }}. {{ {who}.nip }}{% endif %}", False)]


def signature_rows(table, columns, lines=SIGNATURE_LINES):
    """Party label, jabatan, room to sign, bold name, pangkat, NIP: one row each, so the names of both
    parties sit on one line even when the kepala daerah has no pangkat or NIP line (primer §4.2)."""
    for n, (text, bold) in enumerate(lines):
        row = table.add_row()
        cant_split(row)
        if not text:
            row.height = Mm(22)
        for col, (label, who) in columns.items():
            if who is None or (text == "{label}" and not label):
                continue
            p = row.cells[col].paragraphs[0]
            p.alignment = CENTER
            run = p.add_run(text.replace("{label}", label).replace("{who}", who))
            run.bold = run.underline = bold or None
    keep_together(table)


def cant_split(row):
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_together(table):
    """Keep a signature block on one page: every paragraph but the last row's keeps with the next."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def two_party_signature(doc):
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.rows[0].cells[1].paragraphs[0].add_run("{{ tempat_tanggal }}")
    t.rows[0].cells[1].paragraphs[0].alignment = CENTER
    signature_rows(t, {0: ("PIHAK KEDUA,", "pk.kedua"), 1: ("PIHAK PERTAMA,", "pk.pertama")})
    widths(t, (85, 85))
    return t


def nama_jabatan(doc, who):
    t = doc.add_table(rows=2, cols=3)
    for row, (label, field) in zip(t.rows, (("Nama", "nama"), ("Jabatan", "jabatan"))):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(":")
        row.cells[2].paragraphs[0].add_run("{{ " + who + "." + field + " }}")
    widths(t, (30, 6, 134))
    return t


def letterhead(doc):
    """The house kop (logo cell left, name lines right, double rule below), filled from the data: address
    and contact lines are values, so a Pemda's edited template keeps them current."""
    table = house.kop(doc, ["{{ pemerintah }}", "{{ opd.nama_kapital }}"], [], None, logo_mm=20, width_mm=WIDTH_MM)
    widths(table, (24, WIDTH_MM - 24))  # the grid, which LibreOffice follows, not only the cell widths
    logo_cell, text_cell = table.rows[0].cells
    logo_cell.paragraphs[0].add_run(LOGO_MARK)
    text_cell.paragraphs[1].runs[0].font.size = Pt(15)
    for line in ("{{ opd.alamat }}", "{{ opd.kontak }}"):
        text_cell.add_paragraph(style="Kop Alamat").add_run(line)
    return table


def make_opd_template() -> Document:
    doc = base_document()
    tag(doc, "{%p for pk in daftar_pk %}")
    letterhead(doc)
    para(doc, TITLE, "PK Judul", space_after=0)
    tag(doc, "{%p if pk.nomor_dokumen %}")
    para(doc, "{{ pk.nomor_dokumen }}", align=CENTER)
    tag(doc, "{%p endif %}")
    para(doc, space_after=6)
    para(doc, OPENING, align=JUSTIFY, space_after=6)
    nama_jabatan(doc, "pk.pertama")
    runs(doc, [("selanjutnya disebut ", False), ("PIHAK PERTAMA", True), (".", False)], space_after=6)
    nama_jabatan(doc, "pk.kedua")
    runs(doc, [("selaku atasan langsung Pihak Pertama, selanjutnya disebut ", False), ("PIHAK KEDUA", True),
               (".", False)], align=JUSTIFY, space_after=6)
    para(doc, COMMITMENT, align=JUSTIFY, space_after=6)
    para(doc, SUPERVISION, align=JUSTIFY, space_after=12, keep_next=True)
    rujukan(doc)
    two_party_signature(doc)
    page_break(doc)
    lampiran(doc)
    para(doc, keep_next=True)  # room above the signatures, also where no note precedes them
    two_party_signature(doc)
    tag(doc, "{%p if not loop.last %}")
    section_break(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    return doc


def rujukan(doc, expr="pk.rujukan"):
    """A PK Perubahan's sentence naming the PK it changes (number and date); nothing in a PK murni."""
    tag(doc, "{%p if " + expr + " %}")
    para(doc, "{{ " + expr + " }}", align=JUSTIFY, space_after=12, keep_next=True)
    tag(doc, "{%p endif %}")


def caption(doc, expr):
    """The table's title in the house Caption style: "Tabel 1 Tujuan", "Tabel 2 Sasaran Strategis" …"""
    return para(doc, "Tabel {{ " + expr + ".no }} {{ " + expr + ".judul }}", "Caption")


def sumber(doc, expr):
    """Where the amounts come from (DPA, DPA Perubahan, or the pagu indikatif while no DPA is recorded)."""
    tag(doc, "{%p if " + expr + " %}")
    para(doc, "{{ " + expr + " }}", "Sumber Tabel", space_after=6, keep_next=True)
    tag(doc, "{%p endif %}")


def lampiran(doc):
    para(doc, "LAMPIRAN " + TITLE, "PK Judul")
    para(doc, "{{ pk.jabatan_judul }}", "PK Judul")
    tag(doc, "{%p if pk.unit_judul %}")
    para(doc, "{{ pk.unit_judul }}", "PK Judul")
    tag(doc, "{%p endif %}")
    para(doc, space_after=6)
    tag(doc, "{%p for t in pk.kinerja %}")
    caption(doc, "t")
    kinerja_table(doc, "t.baris", "{{ t.judul_kolom }}")
    para(doc, style="PK Jarak")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for a in pk.anggaran %}")
    caption(doc, "a")
    anggaran_table(doc, "a")
    para(doc, style="PK Jarak")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if pk.anggaran|length > 1 %}")
    total = runs(doc, [("Jumlah anggaran seluruhnya: Rp", True), ("{{ pk.jumlah }}", True)], space_after=6)
    total.paragraph_format.keep_with_next = True
    tag(doc, "{%p endif %}")
    sumber(doc, "pk.sumber_anggaran")


def make_pemda_template() -> Document:
    doc = base_document()
    para(doc, LOGO_MARK, align=CENTER, space_after=6)
    para(doc, TITLE, "PK Judul")
    para(doc, "{{ pemerintah }}", "PK Judul", space_after=0)
    tag(doc, "{%p if pk.nomor_dokumen %}")
    para(doc, "{{ pk.nomor_dokumen }}", align=CENTER)
    tag(doc, "{%p endif %}")
    para(doc, space_after=6)
    para(doc, OPENING, align=JUSTIFY, space_after=6)
    nama_jabatan(doc, "pk.pihak")
    para(doc, PEMDA_COMMITMENT, align=JUSTIFY, space_after=12, keep_next=True)
    rujukan(doc)
    pemda_signature(doc)
    page_break(doc)
    para(doc, "LAMPIRAN " + TITLE, "PK Judul")
    para(doc, "{{ pemerintah }}", "PK Judul", space_after=12)
    caption(doc, "pk.kinerja")
    kinerja_table(doc, "pk.kinerja.baris", "{{ pk.kinerja.judul_kolom }}")
    para(doc, style="PK Jarak")
    caption(doc, "pk.anggaran")
    anggaran_table(doc, "pk.anggaran")
    sumber(doc, "pk.sumber_anggaran")
    para(doc, keep_next=True)
    pemda_signature(doc)
    return doc


def pemda_signature(doc):
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.rows[0].cells[1].paragraphs[0].add_run("{{ tempat_tanggal }}")
    t.rows[0].cells[1].paragraphs[0].alignment = CENTER
    # one party without a label, pangkat or NIP (primer §4.2): only the lines that print, so the block is
    # short enough to share the lampiran's last page with the table it signs
    signature_rows(t, {0: ("", None), 1: ("", "pk.pihak")}, [SIGNATURE_LINES[i] for i in (1, 2, 3)])
    widths(t, (85, 85))


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    when = dt.datetime(2025, 1, 1)
    for name, make in (("pk-opd.docx", make_opd_template), ("pk-kepala-daerah.docx", make_pemda_template)):
        path = os.path.join(OUT, name)
        with open(path, "wb") as fh:
            fh.write(docx_bytes(make(), when, "Templat Perjanjian Kinerja"))
        print(f"ditulis {os.path.relpath(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
