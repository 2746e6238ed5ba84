"""Report blocks (headings, paragraphs, tables) and their landscape Word layout.

The keselarasan report and the evaluation document are built as a list of these blocks once, then
laid out as .docx (and, for keselarasan, as Markdown). The .docx body is written as the
WordprocessingML python-docx would write for it, every string escaped on its way in, so "R&D" or
"<b>" in the data stays text.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import threading
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm, Pt

from ..content_store import ContentStore
from ..model.types import Settings
from .docx_compiled import code_version
from .ooxml import (
    DOCUMENT, fix_core_properties, package_members, set_core_properties, source_datetime, splice, zip_bytes,
)

PAPER_MM = {"A4": (210, 297), "F4": (210, 330)}  # primer §7: F4/Folio common, A4 also used
HEAD_FILL = "D9D9D9"
STRONG_FILL = "F2F2F2"


@dataclass(frozen=True)
class Judul:
    teks: str
    tingkat: int  # 0 = document title, 1 = section, 2–3 = sub-sections


@dataclass(frozen=True)
class Paragraf:
    teks: str


@dataclass(frozen=True)
class Baris:
    sel: tuple[str, ...]
    tegas: bool = False  # rows that stand out (a node, a total) so the rows under them read against them
    warna: dict = field(default_factory=dict)  # column index → fill colour (e.g. a capaian category)


@dataclass(frozen=True)
class Tabel:
    kepala: tuple[str, ...]
    baris: tuple[Baris, ...]
    angka_mulai: int = 99  # columns from this index hold numbers (right-aligned)
    lebar: tuple[float, ...] = ()  # relative column widths; empty: text columns wide, number columns narrow
    judul: str = ""  # a bold caption above the table


_ALIGN = {WD_ALIGN_PARAGRAPH.LEFT: "left", WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right"}
_BREAKS = re.compile(r"[\t\r\n]")
# the table as python-docx's add_table, table.style, .alignment and .autofit = False write it
_TBL_PR = ('<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" '
           'w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>')


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _t(text: str) -> str:
    """A w:t of non-empty `text` (python-docx keeps spaces at its ends)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # saxutils.escape, inlined
    if text[0].isspace() or text[-1].isspace():
        return f'<w:t xml:space="preserve">{escaped}</w:t>'
    return f"<w:t>{escaped}</w:t>"


def run_content(text: str) -> str:
    """What python-docx's `run.text = text` puts in a run: text, and a w:tab or w:br for each tab and
    line break."""
    out, at = [], 0
    for m in _BREAKS.finditer(text):
        if m.start() > at:
            out.append(_t(text[at:m.start()]))
        out.append("<w:tab/>" if m.group() == "\t" else "<w:br/>")
        at = m.end()
    if at < len(text):
        out.append(_t(text[at:]))
    return "".join(out)


def _paragraph(text: str, style_id: str = "", bold: bool = False) -> str:
    """`document.add_paragraph(text)` (with its style, or its one run bold)."""
    p_pr = f'<w:pPr><w:pStyle w:val="{_attr(style_id)}"/></w:pPr>' if style_id else ""
    run = f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{run_content(text)}</w:r>" if text else ""
    return f"<w:p>{p_pr}{run}</w:p>" if p_pr or run else "<w:p/>"


@functools.lru_cache(maxsize=None)
def _cell_start(size: float, bold: bool, align) -> tuple[str, str]:
    """A cell paragraph's start up to its first run, and the run properties of each run."""
    weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
    return (f'<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="{_ALIGN[align]}"/></w:pPr>',
            f'<w:r><w:rPr>{weight}<w:sz w:val="{int(Pt(size).pt * 2)}"/></w:rPr>')


def cell_paragraph(text: str, size: float, bold: bool, align) -> str:
    """A table cell's paragraph: no space after it, aligned, one run per line of `text`."""
    start, run = _cell_start(size, bold, align)
    if not text:
        return f"{start}{run}</w:r></w:p>"
    if not _BREAKS.search(text):  # most cells: one run of plain text
        return f"{start}{run}{_t(text)}</w:r></w:p>"
    lines = text.split("\n")
    runs = [f"{run}{run_content(line)}{'<w:br/>' if i < len(lines) - 1 else ''}</w:r>"
            for i, line in enumerate(lines)]
    return f'{start}{"".join(runs)}</w:p>'


@functools.lru_cache(maxsize=64)
def _shade(fill: str | None) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(fill)}"/>' if fill is not None else ""


def _tc_start(width: int, fill: str | None) -> str:
    """A cell up to its paragraph: its width, and its shading if any."""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{_shade(fill)}</w:tcPr>'


def _cell(text: str, width: int, size: float, bold: bool, align, fill: str | None) -> str:
    return f"{_tc_start(width, fill)}{cell_paragraph(text, size, bold, align)}</w:tc>"


def _widths(t: Tabel, text_mm: float) -> list[float]:
    n = len(t.kepala)
    weights = list(t.lebar) if len(t.lebar) == n else [1.2 if i >= t.angka_mulai else 3.0 for i in range(n)]
    return [text_mm * w / sum(weights) for w in weights]


def _table(t: Tabel, size: float, text_mm: float, grid_style: str, paragraphs: dict | None = None) -> str:
    """The table, then an empty paragraph. Word reads the grid, LibreOffice the cells: both get the widths.
    `paragraphs`: cell paragraphs already written in the document, by (text, size, bold, right-aligned)."""
    widths = [Mm(w).twips for w in _widths(t, text_mm)]
    out = [_paragraph(t.judul, bold=True)] if t.judul else []
    out.append("<w:tbl>" + _TBL_PR.format(style=_attr(grid_style)) + "<w:tblGrid>"
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")
    # a long table repeats its header on every page
    out.append('<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
               + "".join(_cell(text, w, size, True, WD_ALIGN_PARAGRAPH.CENTER, HEAD_FILL)
                         for text, w in zip(t.kepala, widths)) + "</w:tr>")
    aligns = [WD_ALIGN_PARAGRAPH.RIGHT if i >= t.angka_mulai else WD_ALIGN_PARAGRAPH.LEFT for i in range(len(widths))]
    if paragraphs is None:
        paragraphs = {}  # a report repeats its cells ("–", OPD names, numbers): each written once
    starts: dict[tuple, str] = {}  # (column, fill) → the cell up to its paragraph
    for row in t.baris:
        bold, warna = row.tegas, row.warna
        usual = STRONG_FILL if bold else None
        cells = []
        for i, text in enumerate(row.sel[:len(widths)]):
            fill = warna.get(i, usual) if warna else usual
            start = starts.get((i, fill))
            if start is None:
                start = starts[i, fill] = _tc_start(widths[i], fill)
            key = (text, size, bold, i >= t.angka_mulai)  # not the alignment: an Enum hashes in Python
            paragraph = paragraphs.get(key)
            if paragraph is None:
                paragraph = paragraphs[key] = cell_paragraph(text, size, bold, aligns[i])
            cells.append(start + paragraph + "</w:tc>")
        # a row of fewer values leaves the table's other cells as python-docx made them
        cells += [_tc_start(w, None) + "<w:p/></w:tc>" for w in widths[len(row.sel):]]
        out.append("<w:tr>" + "".join(cells) + "</w:tr>")
    out.append("</w:tbl><w:p/>")
    return "".join(out)


def landscape_document(settings: Settings, margin_mm: float):
    """An empty python-docx document, landscape on the Pemda's paper, and its text width in mm."""
    doc = Document()
    section = doc.sections[0]
    short, long = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(long), Mm(short)
    section.left_margin = section.right_margin = Mm(margin_mm)
    section.top_margin = section.bottom_margin = Mm(min(margin_mm, 20))
    normal = doc.styles["Normal"]
    normal.font.name = settings.huruf
    normal.font.size = Pt(min(settings.ukuran_huruf, 11))
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), settings.huruf)
    return doc, long - 2 * margin_mm


@dataclass(frozen=True)
class _Shell:
    """A landscape report with nothing in it yet: plain data, made once per page and font."""

    members: tuple[tuple[str, bytes], ...]  # word/document.xml holds the _STAND_IN paragraph
    style_ids: dict[str, str]  # style name → id, for the names `docx` asks for
    text_mm: float


_SHELLS: dict[tuple, _Shell] = {}
_LOCK = threading.Lock()
_CORE = "docProps/core.xml"
_STYLES = (("Title", WD_STYLE_TYPE.PARAGRAPH), *((f"Heading {n}", WD_STYLE_TYPE.PARAGRAPH) for n in range(1, 10)),
           ("Table Grid", WD_STYLE_TYPE.TABLE))


def _shell(settings: Settings, margin_mm: float, store: ContentStore | None) -> _Shell:
    """Opening python-docx's default document, laying it out and saving it was a third of a report
    (issue 9), in every process: made once per process, and with `store` (the build's store of
    prepared templates) kept for later ones, named by the page, font and the code making it."""
    key = (settings.kertas, settings.huruf, settings.ukuran_huruf, margin_mm)
    with _LOCK:
        shell = _SHELLS.get(key)
    if shell is not None:
        return shell
    entry = None if store is None else store.path(
        hashlib.sha256(repr(("laporan", key, code_version())).encode("utf-8")).hexdigest())
    shell = _from_kept(None if entry is None else store.get_plain(entry))
    if shell is None:
        doc, text_mm = landscape_document(settings, margin_mm)
        doc.add_paragraph(_STAND_IN)
        fix_core_properties(doc, dt.datetime(1980, 1, 1))  # the elements a report's dates go in, in order
        members = tuple(package_members(doc))
        # python-docx finds a style by reading every style of the document: each is looked up once
        shell = _Shell(members, {name: doc.part.get_style_id(name, kind) for name, kind in _STYLES},
                       float(text_mm))
        if entry is not None:
            store.put_plain(entry, (shell.members, shell.style_ids, shell.text_mm))
    with _LOCK:
        return _SHELLS.setdefault(key, shell)


def kept_in(template_cache) -> ContentStore | None:
    """Where a build keeps prepared documents (its TemplateCache's), if it has one."""
    return None if template_cache is None else template_cache.prepared


def _from_kept(kept) -> _Shell | None:
    """A kept shell, or None when there is none or it is damaged (then it is made again)."""
    if not (isinstance(kept, tuple) and len(kept) == 3):
        return None
    members, style_ids, text_mm = kept
    if not (isinstance(members, tuple) and isinstance(style_ids, dict)
            and isinstance(text_mm, float) and set(style_ids) == {name for name, _ in _STYLES}
            and all(isinstance(m, tuple) and len(m) == 2 and isinstance(m[0], str) and isinstance(m[1], bytes)
                    for m in members)
            and sum(m[0] == DOCUMENT and _STAND_IN.encode("utf-8") in m[1] for m in members) == 1
            and sum(m[0] == _CORE for m in members) == 1):
        return None
    return _Shell(members, style_ids, text_mm)


def docx(items: list, settings: Settings, day: dt.date, margin_mm: float = 20, store: ContentStore | None = None
         ) -> bytes:
    """A landscape document on the Pemda's paper (wide tables: primer §7), dated from the data.
    `store`: where the empty document is kept for later processes (TemplateCache.prepared)."""
    shell = _shell(settings, margin_mm, store)
    style_ids, text_mm = shell.style_ids, shell.text_mm
    # The blocks are written as WordprocessingML text and put in place of one paragraph once the
    # document is serialised: building a 40-OPD report's ≈ 3,000 cells through python-docx objects
    # was most of its time. The text is what python-docx writes (tests/test_fast_paths.py).
    body, title, paragraphs = [], "", {}
    for b in items:
        if isinstance(b, Judul):
            heading = "Title" if b.tingkat == 0 else f"Heading {b.tingkat}"
            body.append(_paragraph(b.teks, style_ids[heading]))  # = add_heading
            title = title or b.teks
        elif isinstance(b, Paragraf):
            body.append(_paragraph(b.teks))
        else:
            size = 7 if len(b.kepala) > 10 else 8
            body.append(_table(b, size, text_mm, style_ids["Table Grid"], paragraphs))
    core = parse_xml(dict(shell.members)[_CORE])  # dated for this report
    set_core_properties(CoreProperties(core), source_datetime(day), title)
    spliced = {_STAND_IN.encode("utf-8"): "".join(body).encode("utf-8")}
    return zip_bytes([(name, serialize_part_xml(core) if name == _CORE else
                       splice(data, spliced) if name == DOCUMENT else data) for name, data in shell.members])


_STAND_IN = "\u2063cascade:laporan\u2063"
