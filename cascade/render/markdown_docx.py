"""A small Markdown → Word converter for the narrative chapters a planner writes (bab-1.md …).

Supported, because that is what Renstra narratives use: headings (`#` = sub-bab, `##`, `###`),
paragraphs, bulleted (`-`, `*`, `+`) and numbered (`1.`) lists with one nested level (indent two
spaces), **bold**, *italic* / _italic_, `kode`, simple pipe tables, and a `Tabel: judul` line just
before a table, which becomes a caption numbered per chapter ("Tabel 2.1 …"). Everything else is
kept as literal text: the planner's text is never interpreted as anything but text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .renstra_layout import set_repeat_header, shade_cell

HEADING_STYLE = {1: "Heading 2", 2: "Heading 3"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)\d+[.)]\s+(.*)$")
_CAPTION = re.compile(r"^tabel\s*:\s*(.+)$", re.IGNORECASE)
_INLINE = re.compile(r"(\\[\\*_`|])|(\*\*\*(.+?)\*\*\*)|(\*\*(.+?)\*\*)|(__(.+?)__)|(\*(.+?)\*)|"
                     r"(?<![\w])(_(.+?)_)(?![\w])|(`(.+?)`)|(\[([^\]]+)\]\([^)]*\))")


@dataclass
class Block:
    kind: str  # heading, para, bullet, number, table, caption
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i, para = 0, []

    def flush():
        if para:
            blocks.append(Block("para", " ".join(s.strip() for s in para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|?[\s:|-]+\|?", lines[i + 1].strip()) \
                and "-" in lines[i + 1]:
            flush()
            rows = [_cells(stripped)]
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i].strip()))
                i += 1
            blocks.append(Block("table", rows=rows))
            continue
        elif m := _HEADING.match(line):
            flush()
            blocks.append(Block("heading", m.group(2), len(m.group(1))))
        elif (m := _BULLET.match(line)) and not stripped.startswith("**"):
            flush()
            blocks.append(Block("bullet", m.group(2), 1 if len(m.group(1).expandtabs(4)) >= 2 else 0))
        elif m := _NUMBER.match(line):
            flush()
            blocks.append(Block("number", m.group(2), 1 if len(m.group(1).expandtabs(4)) >= 2 else 0))
        elif (m := _CAPTION.match(stripped)) and not para:
            blocks.append(Block("caption", m.group(1)))
        elif blocks and blocks[-1].kind in ("bullet", "number") and line.startswith((" ", "\t")) and not para:
            blocks[-1].text += " " + stripped  # continuation line of a list item
        else:
            para.append(line)
        i += 1
    flush()
    # a "Tabel:" line not followed by a table is ordinary text
    for n, b in enumerate(blocks):
        if b.kind == "caption" and not (n + 1 < len(blocks) and blocks[n + 1].kind == "table"):
            b.kind, b.text = "para", f"Tabel: {b.text}"
    return blocks


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]


def add_inline(paragraph, text: str, bold: bool = False) -> None:
    """Runs for `text` with **bold**, *italic* and `code`; anything else stays literal."""
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            _run(paragraph, text[pos:m.start()], bold)
        if m.group(1):
            _run(paragraph, m.group(1)[1], bold)
        elif m.group(3):
            _run(paragraph, m.group(3), True, True)
        elif m.group(5) or m.group(7):
            _run(paragraph, m.group(5) or m.group(7), True)
        elif m.group(9) or m.group(11):
            _run(paragraph, m.group(9) or m.group(11), bold, True)
        elif m.group(13):
            r = _run(paragraph, m.group(13), bold)
            r.font.name = "Courier New"
        elif m.group(15):
            _run(paragraph, m.group(15), bold)
        pos = m.end()
    if pos < len(text):
        _run(paragraph, text[pos:], bold)


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

    def restart(self) -> str:
        ids = [int(n.get(qn("w:numId"))) for n in self.part.iterchildren(qn("w:num"))]
        new_id = str(max(ids, default=0) + 1)
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


def insert_markdown(document, anchor, text: str, bab: int, table_width_mm: float = 170) -> int:
    """Render `text` before the paragraph `anchor`; returns the number of tables captioned."""
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


def _table(document, anchor, rows: list[list[str]], width_mm: float, styles=None) -> None:
    from docx.shared import Mm

    styles = styles if styles is not None else _Styles(document)
    ncols = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = document.styles["Table Grid"]
    for c in range(ncols):
        table.columns[c].width = Mm(width_mm / ncols)
    for r, cells in enumerate(rows):
        row = table.rows[r]
        for c in range(ncols):
            cell = row.cells[c]
            cell.width = Mm(width_mm / ncols)
            p = cell.paragraphs[0]
            p._p.style = styles["Judul Tabel" if r == 0 else "Isi Tabel"]
            add_inline(p, cells[c] if c < len(cells) else "")
        if r == 0:
            set_repeat_header(row)
            for cell in row.cells:
                shade_cell(cell, "D9D9D9")
    anchor._p.addprevious(table._tbl)
