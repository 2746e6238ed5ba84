"""Cascade's house style: the one page-style definition every Word document shares.

The Renstra, PK and report templates are generated from these definitions (tools/make_*_templates.py), and
documents built without a template (none should remain) start from `base_document`. A Pemda restyles the
committed templates in Word; what varies per Pemda at build time (paper, font, font size, logo) comes from
`dokumen:` in data/pemda.yaml and is applied by `apply_settings`.

Style names are Word's built-in ones where Word has one (Normal, Heading 1–3, Title, Caption, Header, Footer,
toc 1–3, "table of figures") so Word's own Daftar Isi / Daftar Tabel fields find them, and Indonesian names for
Cascade's own (Isi Tabel, Judul Tabel, Tanda Tangan, Kop …). No Word default look (blue Calibri headings) is left.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from cascade.formats.docx.ooxml import package_members, zip_bytes
from cascade.formats.docx.widths import packed_lines

FONT = "Bookman Old Style"
SIZE = 12
WORD_CELL_MARGIN_MM = 1.9  # Word's own left and right cell margin (108 twips), where a table sets none
PAPER_MM = {"A4": (210, 297), "F4": (210, 330), "A3": (297, 420)}  # primer §7: F4/Folio common, A4/A3 also used
MARGIN_MM = {"left": 25, "right": 15, "top": 20, "bottom": 20}  # primer §7 (Kota Madiun)
HEADER_FOOTER_MM = 10
HEAD_FILL = "D9D9D9"  # table header rows: light grey prints as grey on any printer
GROUP_FILL = "F2F2F2"  # rows that stand out (a node, a total)
TABLE_SIZES = {"": 8, " Kecil": 6.5}  # table text; "Kecil" for the widest tables (T-C.27); 7 pt does not fit F4 (T-C.27, T-C.24)
GROUP_STYLES = ("Grup Tabel", "Subgrup Tabel")  # outer (tujuan) and inner (sasaran) group rows of a table
# Styles that Word shows in its own colours and theme fonts unless told otherwise
_BUILT_IN = ("Title", "Subtitle", "TOC Heading", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption",
             "List Bullet", "List Bullet 2", "List Number", "List Number 2", "Header", "Footer", "Quote",
             "Intense Quote", "No Spacing")


def plain_font(style, size=None, bold=None, italic=None, color=True) -> None:
    """Drop theme fonts and colours so the style takes the Normal font in black."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:  # theme fonts would override the Normal font chosen in the settings
        rpr.remove(fonts)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color:
        style.font.color.rgb = RGBColor(0, 0, 0)


def paragraph_style(doc, name, size, bold=False, align=None, italic=False):
    """A Cascade paragraph style on Normal, single-spaced, no space around (table text, signatures)."""
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    plain_font(style, size, bold, italic)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    if align is not None:
        pf.alignment = align
    return style


def define_styles(doc, font: str = FONT, size: float = SIZE) -> None:
    """Every style a Cascade document uses, in the house look (primer §7)."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    for name in _BUILT_IN:
        plain_font(styles[name])
    for name in ("Title", "Heading 1", "TOC Heading"):
        st = styles[name]
        plain_font(st, size, True, False)
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        st.paragraph_format.space_before = Pt(0)
        st.paragraph_format.space_after = Pt(18)
        st.paragraph_format.keep_with_next = True
    title_border = styles["Title"].element.get_or_add_pPr().find(qn("w:pBdr"))
    if title_border is not None:  # Word's Title underlines itself in the theme colour
        title_border.getparent().remove(title_border)
    for name in ("Heading 2", "Heading 3", "Heading 4"):
        st = styles[name]
        plain_font(st, size, True, False)
        st.paragraph_format.space_before = Pt(12)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        st.paragraph_format.keep_with_next = True
    cap = styles["Caption"]
    plain_font(cap, size - 1, True, False)
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.space_before = Pt(6)
    cap.paragraph_format.space_after = Pt(6)
    cap.paragraph_format.keep_with_next = True
    for suffix, table_size in TABLE_SIZES.items():
        paragraph_style(doc, "Isi Tabel" + suffix, table_size, align=WD_ALIGN_PARAGRAPH.LEFT)
        paragraph_style(doc, "Isi Tabel Angka" + suffix, table_size, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph_style(doc, "Isi Tabel Tengah" + suffix, table_size, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph_style(doc, "Judul Tabel" + suffix, table_size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        # group rows spanning a table ("Tujuan 1: …" / "Sasaran 1.1: …"): layout.split_at_groups finds them by
        # these names and repeats them at the top of every page their rows run onto
        for name in GROUP_STYLES:
            paragraph_style(doc, name + suffix, table_size, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph_style(doc, "Sumber Tabel", 9, italic=True).paragraph_format.space_after = Pt(12)
    paragraph_style(doc, "Gambar", size, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.keep_with_next = True
    paragraph_style(doc, "Tanda Tangan", size, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.line_spacing = 1.15
    paragraph_style(doc, "Kop", size + 2, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(doc, "Kop Alamat", size - 3, align=WD_ALIGN_PARAGRAPH.CENTER)
    for name in ("Header", "Footer"):
        plain_font(styles[name], 9)
    # list entries left-aligned: justified, a wrapped long title is stretched word by word
    for level in (1, 2, 3):
        toc = paragraph_style(doc, f"toc {level}", size, align=WD_ALIGN_PARAGRAPH.LEFT)
        toc.paragraph_format.left_indent = Mm(8 * (level - 1))
        toc.paragraph_format.space_after = Pt(3)
        toc.paragraph_format.line_spacing = 1.15
    figures = paragraph_style(doc, "table of figures", size, align=WD_ALIGN_PARAGRAPH.LEFT)
    figures.paragraph_format.space_after = Pt(3)
    figures.paragraph_format.line_spacing = 1.15


def page_setup(section, paper: str = "F4", landscape: bool = False) -> None:
    """Paper size, orientation and the house margins of one section."""
    short, long = PAPER_MM.get(paper, PAPER_MM["F4"])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(long), Mm(short)) if landscape else (Mm(short), Mm(long))
    section.left_margin, section.right_margin = Mm(MARGIN_MM["left"]), Mm(MARGIN_MM["right"])
    section.top_margin, section.bottom_margin = Mm(MARGIN_MM["top"]), Mm(MARGIN_MM["bottom"])
    section.header_distance = section.footer_distance = Mm(HEADER_FOOTER_MM)


def text_width_mm(paper: str, landscape: bool) -> float:
    short, long = PAPER_MM.get(paper, PAPER_MM["F4"])
    return (long if landscape else short) - MARGIN_MM["left"] - MARGIN_MM["right"]


def base_document(paper: str = "F4", landscape: bool = False, font: str = FONT, size: float = SIZE):
    """An empty document in the house style: styles defined, one section, no paragraphs."""
    doc = Document()
    define_styles(doc, font, size)
    page_setup(doc.sections[0], paper, landscape)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def apply_settings(document, settings) -> None:
    """The Pemda's font and size (dokumen: huruf, ukuran_huruf) over a document made from a template."""
    normal = document.styles["Normal"]
    normal.font.name = settings.huruf
    normal.font.size = Pt(settings.ukuran_huruf)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), settings.huruf)



def plain_defaults(document, font: str = FONT, lang: str = "id-ID") -> None:
    """The document defaults (what text without a style falls back to) in `font` and Indonesian, not the
    theme's Calibri/Cambria and en-US that python-docx's starting document carries."""
    r_pr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if r_pr is None:
        return
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    lang_el = r_pr.find(qn("w:lang"))
    if lang_el is not None:
        lang_el.set(qn("w:val"), lang)
        lang_el.set(qn("w:eastAsia"), lang)

def fixed_table_layout(table) -> None:
    """Column widths as set (not autofit), and narrow cell padding, so wide money columns fit on the page."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "28")
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    look = tbl_pr.find(qn("w:tblLook"))  # CT_TblPr order: … tblLayout, tblCellMar, tblLook
    for el in (layout, mar):
        if look is not None:
            look.addprevious(el)
        else:
            tbl_pr.append(el)


# ---------------------------------------------------------------- fields, headers and footers


def field(paragraph, instr: str, placeholder: str = "1"):
    """A complex field (PAGE, TOC …) as Word writes it: begin, instruction, separate, result, end.

    Returns the result run so a caller can fill in a precomputed result (read before any field update).
    """
    def fld(kind):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    fld("begin")
    r = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    result = paragraph.add_run(placeholder)
    fld("end")
    return result


def page_numbering(section, fmt: str = "decimal", start: int | None = None) -> None:
    """Number format (decimal, lowerRoman) and restart of one section's page numbers."""
    sect_pr = section._sectPr
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        # CT_SectPr order: pgNumType comes after pgMar/paperSrc/pgBorders/lnNumType
        anchor = None
        for tag in ("w:lnNumType", "w:pgBorders", "w:paperSrc", "w:pgMar", "w:pgSz"):
            anchor = sect_pr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(pg)
        else:
            sect_pr.insert(0, pg)
    pg.set(qn("w:fmt"), fmt)
    if start is not None:
        pg.set(qn("w:start"), str(start))


def page_number_footer(section, text_before: str = "") -> None:
    """A centred page number in the section's footer (its own footer, not linked to the previous one)."""
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = "Footer"
    if text_before:
        p.add_run(text_before)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(p, "PAGE")


def running_header(section, text: str) -> None:
    """A short italic title at the top right of every page of the section (its own, not linked)."""
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = "Header"
    run = p.add_run(text)
    run.italic = True
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


# ---------------------------------------------------------------- kop and pengesahan


def _border_bottom(paragraph, size: int = 18) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "thickThinSmallGap"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _widths(table, mm) -> None:
    """Column widths in the grid (which LibreOffice follows) and in the cells (which Word follows)."""
    for column, cell, w in zip(table.columns, table.rows[0].cells, mm):
        column.width = cell.width = Mm(w)


def style_id(container, name: str) -> str:
    """The id of the paragraph style `name`, looked up once: assigning a style by name makes python-docx
    search the whole style sheet for the default style on every paragraph (~1 ms each)."""
    return container.part.styles[name].style_id


def kop(container, lines: list[str], address: list[str], logo_path: str | None = None, logo_mm: float = 22,
        width_mm: float = 170):
    """The letterhead: the Pemda's logo left of its name lines, the address under, a double rule below.

    `lines`: e.g. ["PEMERINTAH KOTA ARUNIKA", "DINAS KOMUNIKASI DAN INFORMATIKA"]; `address`: lines of items
    joined by " · " (address and telephone, e-mail and laman). Each item is kept whole (non-breaking spaces), and
    a line too long for the kop is laid out again between its items, so no line ends on a dangling "·".
    """
    table = container.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, (logo_mm + 4, width_mm - logo_mm - 4))
    logo_cell, text_cell = table.rows[0].cells
    if logo_path:
        logo_cell.paragraphs[0].add_run().add_picture(logo_path, width=Mm(logo_mm))
    logo_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    first = True
    kop_style, address_style = style_id(container, "Kop"), style_id(container, "Kop Alamat")
    for line in lines:
        p = text_cell.paragraphs[0] if first else text_cell.add_paragraph()
        p._p.style = kop_style
        p.add_run(line)
        first = False
    style = container.part.styles["Kop Alamat"].font
    font = style.name or container.part.styles["Normal"].font.name or FONT
    size = style.size.pt if style.size is not None else SIZE - 3
    room_pt = (width_mm - logo_mm - 4 - 2 * WORD_CELL_MARGIN_MM) * 72 / 25.4
    for line in address:
        items = [item.replace(" ", "\u00a0") for item in line.split(" · ")]
        for packed in packed_lines(items, " · ", room_pt, font, size):
            p = text_cell.add_paragraph()
            p._p.style = address_style
            p.add_run(packed.replace(" ", "\u00a0"))
    rule = container.add_paragraph()
    rule.paragraph_format.space_after = Pt(12)
    _border_bottom(rule)
    return table


def pengesahan(container, place_date: str, role: str, name: str, rank: str = "", nip: str = "",
               width_mm: float = 170, nip_label: str = "NIP"):
    """The signature block at the right half: place and date, role, space to sign, name, rank and NIP."""
    table = container.add_table(rows=1, cols=2)
    table.autofit = False
    _widths(table, (width_mm / 2, width_mm / 2))
    cell = table.rows[0].cells[1]
    lines = [place_date, role, "", "", "", name, rank, f"{nip_label}. {nip}" if nip else ""]
    first = True
    sign_style = style_id(container, "Tanda Tangan")
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p._p.style = sign_style
        p.paragraph_format.keep_with_next = i < len(lines) - 1
        run = p.add_run(line)
        if line == name:
            run.bold = True
            run.underline = True
    for row in table.rows:  # a signature is never split from its role across a page
        tr_pr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        tr_pr.append(cant)
    return table


# ---------------------------------------------------------------- draft mark


DRAF_MARK = "DRAF"


def mark_draf(data: bytes) -> bytes:
    """The .docx `data` with "DRAF" in the header of every page (issue 26: a plan still being written).

    Each header a section defines gets the mark appended; the first section gets a header of each
    kind (odd/even/first page) it lacks, so every later section, which inherits what it does not
    define, shows the mark too. The package is written again reproducibly.
    """
    document = Document(io.BytesIO(data))
    marked: set[str] = set()
    for n, section in enumerate(document.sections):
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous:
                if n:
                    continue  # inherits a marked header of an earlier section
                header.is_linked_to_previous = False
            name = str(header.part.partname)
            if name not in marked:
                marked.add(name)
                _draf_paragraph(header)
    return zip_bytes(package_members(document))


def _draf_paragraph(header) -> None:
    p = header.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(DRAF_MARK)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
