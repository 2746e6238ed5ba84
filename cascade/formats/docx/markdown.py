"""The planner's Markdown chapters (bab-1.md …) into Word, before a marker paragraph.

What is supported, and how it is read, is `cascade.load.markdown` (the same blocks the checks in
`cascade.load.narrative` see); this module only writes them with the template's styles. The text
reaches it checked: nothing Word cannot hold, no table wider than Word allows.
"""
from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cascade.formats.docx.house import FONT, SIZE
from cascade.formats.docx.layout import keep_rows_whole, set_repeat_header, shade_cell, style_fonts
from cascade.formats.docx.widths import fit_columns
from cascade.load.markdown import BOLD, BOLD_ITALIC, CODE, ITALIC, inline_spans, parse
from cascade.load.narrative import MARKER

HEADING_STYLE = {1: "Heading 2", 2: "Heading 3"}


def add_inline(paragraph, text: str, bold: bool = False) -> None:
    """Runs for `text` with **bold**, *italic* and `code`; anything else stays literal."""
    for kind, part in inline_spans(text):
        if kind == BOLD_ITALIC:
            _run(paragraph, part, True, True)
        elif kind == BOLD:
            _run(paragraph, part, True)
        elif kind == ITALIC:
            _run(paragraph, part, bold, True)
        elif kind == CODE:
            _run(paragraph, part, bold).font.name = "Courier New"
        else:
            _run(paragraph, part, bold)


def _run(paragraph, text, bold=False, italic=False):
    r = paragraph.add_run(text)
    if bold:
        r.bold = True
    if italic:
        r.italic = True
    return r


class _Numbering:
    """A fresh w:num per numbered list so each list starts again at 1."""

    def __init__(self, document):
        self.part = document.part.numbering_part.element
        style = document.styles["List Number"].element
        num_id = style.find(qn("w:pPr") + "/" + qn("w:numPr") + "/" + qn("w:numId")).get(qn("w:val"))
        self.abstract = next(n.find(qn("w:abstractNumId")).get(qn("w:val"))
                             for n in self.part.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        self.last_id: int | None = None

    def restart(self) -> str:
        if self.last_id is None:  # counted once: a chapter may hold thousands of numbered lists
            self.last_id = max((int(n.get(qn("w:numId"))) for n in self.part.iterchildren(qn("w:num"))), default=0)
        self.last_id += 1
        new_id = str(self.last_id)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), new_id)
        absn = OxmlElement("w:abstractNumId")
        absn.set(qn("w:val"), self.abstract)
        num.append(absn)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.part.append(num)
        return new_id


def _set_num(paragraph, num_id: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(nid)
    style = p_pr.find(qn("w:pStyle"))
    (style.addnext if style is not None else lambda e: p_pr.insert(0, e))(num_pr)


def insert_markdown(document, anchor, text: str, bab: int, table_width_mm: float = 170, tables_at=None) -> int:
    """Render `text` before the paragraph `anchor`; returns the number of tables captioned.

    `tables_at`: table id → `put(anchor, label)`, which puts a captioned table ("Tabel {label} …")
    before its anchor. Each is put where a paragraph `[[id]]` stands (the first one), the others at
    the end, in the mapping's order; they are numbered with the chapter's own tables."""
    pending = dict(tables_at or {})
    numbering = _Numbering(document)
    styles = _Styles(document)
    tables = 0
    num_id = None  # the w:num of the numbered list being written; nested items keep it
    caption = None
    for block in parse(text):
        if block.kind == "heading":
            p = _styled(anchor, styles[HEADING_STYLE.get(block.level, "Heading 4")])
            add_inline(p, block.text)
        elif block.kind == "para":
            marker = MARKER.match(block.text.strip())
            if marker and marker.group(1) in pending:
                tables += 1
                pending.pop(marker.group(1))(anchor, f"{bab}.{tables}")
            else:
                add_inline(anchor.insert_paragraph_before(), block.text)
        elif block.kind == "bullet":
            p = _styled(anchor, styles["List Bullet 2" if block.level else "List Bullet"])
            add_inline(p, block.text)
        elif block.kind == "number":
            if block.level:
                p = _styled(anchor, styles["List Number 2"])
            else:
                if num_id is None:
                    num_id = numbering.restart()
                p = _styled(anchor, styles["List Number"])
                _set_num(p, num_id)
            add_inline(p, block.text)
        elif block.kind == "caption":
            caption = block.text
        elif block.kind == "table":
            tables += 1
            if caption is not None:
                p = _styled(anchor, styles["Caption"])
                add_inline(p, f"Tabel {bab}.{tables} {caption}")
                caption = None
            _table(document, anchor, block.rows, table_width_mm, styles)
        if not (block.kind == "number" or (block.kind == "bullet" and block.level)):
            num_id = None
    for put in pending.values():
        tables += 1
        put(anchor, f"{bab}.{tables}")
    return tables


class _Styles(dict):
    """Style ids by name, looked up once: python-docx finds a style by scanning all of them, and
    again for every paragraph it is assigned to (to tell whether it is the default style)."""

    def __init__(self, document):
        super().__init__()
        self.document = document

    def __missing__(self, name):
        self[name] = self.document.styles[name].style_id
        return self[name]


def _styled(anchor, style_id: str):
    p = anchor.insert_paragraph_before()
    p._p.style = style_id
    return p


# a cell holding only a number: 9, 1.250.000, 2,85, 85%, Rp 1.000, -3
NUMBER = re.compile(r"^(Rp\.?\s?)?[-+−]?\d[\d.,]*\s?%?$")


def numeric_columns(body: list[list[str]], ncols: int) -> list[bool]:
    """Per column: does every filled cell of the body hold a number ("-" counts as none)? Those
    columns are right-aligned ("Isi Tabel Angka"), so the digits line up."""
    result = []
    for c in range(ncols):
        filled = [row[c].strip() for row in body if c < len(row) and row[c].strip() not in ("", "-", "–")]
        result.append(bool(filled) and all(NUMBER.match(v.replace("**", "")) for v in filled))
    return result


def _table(document, anchor, rows: list[list[str]], width_mm: float, styles=None) -> None:
    from docx.shared import Mm

    styles = styles if styles is not None else _Styles(document)
    ncols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = document.styles["Table Grid"]
    width = Mm(width_mm / ncols)
    for column in table.columns:
        column.width = width
    numeric = numeric_columns(rows[1:], ncols)
    # rows and columns walked once: python-docx's `rows[r]` lists every row again
    for r, (row, cells) in enumerate(zip(table.rows, rows)):
        for c, cell in enumerate(row.cells):
            cell.width = width
            p = cell.paragraphs[0]
            p._p.style = styles["Judul Tabel" if r == 0 else "Isi Tabel Angka" if numeric[c] else "Isi Tabel"]
            add_inline(p, cells[c] if c < len(cells) else "")
        if r == 0:
            set_repeat_header(row)
            for cell in row.cells:
                shade_cell(cell, "D9D9D9")
    # columns as wide as their content asks (no word broken inside), rows never split across pages
    normal = document.styles["Normal"].font
    fit_columns(table._tbl, normal.name or FONT, normal.size.pt if normal.size else SIZE, Mm(width_mm).twips,
                style_fonts(document.styles.element))
    keep_rows_whole(table._tbl)
    anchor._p.addprevious(table._tbl)
