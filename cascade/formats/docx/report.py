"""Report blocks (headings, paragraphs, tables) and their Word layout as an official document.

The keselarasan report and the evaluation document are built as a list of these blocks once, then
laid out as .docx (and, for keselarasan, as Markdown). The Word layout starts from the report
template templates/laporan/laporan.docx (the Pemda's own copy first, else Cascade's; generated from
the house style by tools/make_report_templates.py), so a planner restyles every report in Word; the
Pemda's paper, font and size (dokumen: in pemda.yaml) are applied over it. python-docx escapes every
string, so "R&D" or "<b>" in the data stays text.
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cascade import paths
from cascade.formats.docx import house
from cascade.formats.docx.house import GROUP_FILL as STRONG_FILL
from cascade.formats.docx.house import GROUP_STYLES, HEAD_FILL
from cascade.formats.docx.layout import (
    SHORT_TABLE_SHARE,
    W_TR,
    _is_header,
    _mark_header,
    group_level,
    keep_together,
    keep_with_next,
    new_piece,
    style_fonts,
)
from cascade.formats.docx.ooxml import docx_bytes, source_datetime
from cascade.formats.docx.problems import blamed_on, missing
from cascade.model.types import Settings

TEMPLATE = "laporan.docx"
TITLE_MARK = "{{ judul }}"  # the running header's text in the template, replaced by the report's title


@dataclass(frozen=True)
class Judul:
    teks: str
    tingkat: int  # 0 = document title, 1 = section, 2–3 = sub-sections


@dataclass(frozen=True)
class Paragraf:
    teks: str


@dataclass(frozen=True)
class Catatan:
    """A note printed in small type right under the table before it ("Catatan: …"), kept with that
    table's last rows and with the signature after it."""
    teks: str


@dataclass(frozen=True)
class HalamanBaru:
    """The heading that follows starts a new page (a Manual IKU sheet per indicator)."""


@dataclass(frozen=True)
class Baris:
    sel: tuple[str, ...]
    tegas: bool = False  # rows that stand out (a node, a total) so the rows under them read against them
    warna: dict = field(default_factory=dict)  # column index → fill colour (e.g. a capaian category)
    # 1 (tujuan) or 2 (sasaran): a row of one cell across the table naming the group of the rows under it
    # ("Sasaran 1.2: …"); the layout repeats the groups in force at the top of every page the rows run onto
    grup: int = 0


@dataclass(frozen=True)
class Tabel:
    kepala: tuple[str, ...]
    baris: tuple[Baris, ...]
    angka: frozenset = frozenset()  # indexes of the columns that hold numbers (right-aligned, never broken)
    judul: str = ""  # the caption's title; the layout numbers it "Tabel X.Y"
    kelompok: tuple[tuple[str, int], ...] = ()  # a header row above `kepala`: (text, columns spanned)
    nomor_kolom: bool = False  # a row "(1) (2) …" under the header, as Permendagri 86/2017 tables have
    # group rows start a new piece of the table whose header names them again (long tables of many rows
    # per group); False: the groups of a short table stay plain rows of one table
    pisah_grup: bool = True


@dataclass(frozen=True)
class Kop:
    """The letterhead on the first page: name lines, address lines and the Pemda's logo (a path or "")."""
    baris: tuple[str, ...]
    alamat: tuple[str, ...] = ()
    logo: str = ""


@dataclass(frozen=True)
class Pengesahan:
    """The signature block at the end: place and date, role, name, pangkat and NIP."""
    tempat_tanggal: str
    jabatan: str
    nama: str
    pangkat: str = ""
    nip: str = ""
    label_nip: str = "NIP"  # "NI PPPK" for a PPPK


def angka_dari(start: int, n: int) -> frozenset:
    """Columns `start` … `n - 1` hold numbers."""
    return frozenset(range(start, n))


# ---------------------------------------------------------------- the template


def template_path(root: str) -> str:
    """The repository's report template, else Cascade's own; whatever stands at the repository's path
    (a folder, a broken file) is used and then reported, never silently replaced by Cascade's."""
    path = paths.template(root, "laporan", TEMPLATE)
    if path is None:
        raise missing(root, "laporan", TEMPLATE)
    return str(path)


def open_template(root: str, settings: Settings, title: str):
    """The report template with its body emptied, on the Pemda's paper (landscape: wide tables, primer
    §7) and font, its running header reading `title`."""
    path = template_path(root)
    with blamed_on(path, root):
        doc = Document(path)
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        _ensure_styles(doc, settings)
        house.apply_settings(doc, settings)
        house.plain_defaults(doc, settings.huruf)
        for section in doc.sections:
            house.page_setup(section, settings.kertas, landscape=True)
            for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
                if not part.is_linked_to_previous:
                    _replace_mark(part, title)
    return doc


STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "Isi Tabel", "Isi Tabel Angka",
          "Judul Tabel", "Isi Tabel Kecil", "Isi Tabel Angka Kecil", "Judul Tabel Kecil", "Table Grid",
          "Tanda Tangan", "Kop", "Kop Alamat", "Sumber Tabel") + tuple(g + k for g in GROUP_STYLES for k in house.TABLE_SIZES)


def _ensure_styles(doc, settings: Settings) -> None:
    """A style the reports use that the planner's template lacks (deleted, or a template saved from
    another document) is taken from the house style, so the report is still laid out in it."""
    have = {s.name for s in doc.styles}
    lacking = [name for name in STYLES if name not in have]
    if lacking:
        source = house.base_document(settings.kertas, True, settings.huruf, settings.ukuran_huruf)
        for name in lacking:
            doc.styles.element.append(copy.deepcopy(source.styles[name].element))


def _replace_mark(part, title: str) -> None:
    for p in part.paragraphs:
        for r in p.runs:
            if TITLE_MARK in r.text:
                r.text = r.text.replace(TITLE_MARK, title)


# ---------------------------------------------------------------- column widths from content

# Advance widths in em of a Bookman-like face (URW Bookman, the metric stand-in LibreOffice uses for
# Bookman Old Style); Bookman is the widest of the house fonts, so other fonts only leave more room.
_NARROW = set(".,:;'!|il()[]/ ")
_WIDE = set("mwMW%@")
CELL_MARGIN_MM = 1.0  # left and right, set on every report table


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of one line of `text`, generously estimated (a slightly wide column is
    harmless; a number broken over two lines is not)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.34
        elif ch in _WIDE:
            em += 0.9
        elif ch.isupper():
            em += 0.74
        else:
            em += 0.62
    return em * size_pt * 0.3528 * (1.08 if bold else 1.0)


# spaces (not a no-break space, which holds "a.\u00a086,84%" together), and after "/" or "-" before a letter
_BREAK = re.compile(r"[^\S\u00a0]+|(?<=[/-])(?=[^\W\d])")
_SLASH = re.compile(r"(?<=[^\W\d]/)(?=[^\W\d])")  # a slash between two letters
ZWSP = "\u200b"  # LibreOffice breaks after "-" but not after "/": a zero-width space after it lets it


def breakable(text: str) -> str:
    """`text` with a line break allowed after each "/" between words ("Pemeliharaan/Rehabilitasi")."""
    return _SLASH.sub(ZWSP, text) if "/" in text else text


def _longest_word(text: str, size: float, bold: bool) -> float:
    """The widest piece of `text` a line cannot break inside (a number, a code, a word)."""
    return max((text_mm(w, size, bold) for w in _BREAK.split(text) if w), default=0.0)


def _longest_line(text: str, size: float, bold: bool) -> float:
    return max((text_mm(line, size, bold) for line in text.split("\n")), default=0.0)


def column_widths(t: Tabel, size: float, width_mm: float, squeeze: bool = False) -> list[float] | None:
    """Widths (mm) that hold every word and number of each column on one line, the room left shared by
    the columns whose text is longest. When even the words alone do not fit `width_mm`: None, or with
    `squeeze` the narrowest layout that still keeps every number whole (`_squeezed`)."""
    n = len(t.kepala)
    pad = 2 * CELL_MARGIN_MM + 0.8
    least = [0.0] * n
    want = [0.0] * n
    heads = list(t.kepala)
    for i, h in enumerate(heads):
        least[i] = _longest_word(h, size, True)
    spans = list(t.kelompok)
    col = 0
    for text, span in spans:
        if span == 1:  # a group of one column is that column's header
            least[col] = max(least[col], _longest_word(text, size, True))
        col += span
    body_least = [0.0] * n
    volume = [0.0] * n  # the most text a cell of the column holds, all its lines end to end
    for row in t.baris:
        if row.grup:  # spans the table: it wraps in the width the other rows give
            continue
        for i, cell in enumerate(row.sel[:n]):
            body_least[i] = max(body_least[i], _longest_word(cell, size, row.tegas))
            least[i] = max(least[i], body_least[i])
            want[i] = max(want[i], _longest_line(cell, size, row.tegas))
            volume[i] = max(volume[i], text_mm(cell.replace("\n", " "), size, row.tegas))
    body_least = [w + pad for w in body_least]
    least = [w + pad for w in least]
    want = [max(least[i], min(want[i] + pad, 110.0)) for i in range(n)]
    spare = width_mm - sum(least)
    if spare < 0:
        if not squeeze:
            return None
        # squeezed: number columns keep their header words whole while the text columns keep at least half
        # their longest words; else a number column is only as wide as its numbers (its header wraps)
        fixed = sum(w for i, w in enumerate(least) if i in t.angka)
        text = sum(w for i, w in enumerate(least) if i not in t.angka)
        if text and (width_mm - fixed) / text >= 0.5:
            return _squeezed(least, t.angka, width_mm)
        return _squeezed([body_least[i] if i in t.angka else w for i, w in enumerate(least)], t.angka, width_mm)
    growth = [want[i] - least[i] for i in range(n)]
    if sum(growth) >= spare:
        # the room goes by how much text each column wraps, so a long definition gets the width that
        # keeps its rows low rather than the same share as a short name
        need = [max(growth[i], volume[i] + pad - least[i]) for i in range(n)]
        return [least[i] + spare * need[i] / sum(need) for i in range(n)]
    rest = spare - sum(growth)  # every line up to 110 mm fits: the longer text columns share what is left
    # first the columns whose text still wraps at that (a definition), up to the width that holds it
    more = [max(0.0, volume[i] + pad - want[i]) if i not in t.angka else 0.0 for i in range(n)]
    if sum(more) > 0:
        share = min(1.0, rest / sum(more))
        want = [want[i] + more[i] * share for i in range(n)]
        rest -= sum(more) * share
        if rest <= 0:
            return want
    text_cols = ([i for i in range(n) if i not in t.angka and want[i] >= 30] or
                 [i for i in range(n) if i not in t.angka] or list(range(n)))
    weight = sum(want[i] ** 2 for i in text_cols)  # squared: the longest texts gain most
    return [want[i] + (rest * want[i] ** 2 / weight if i in text_cols else 0.0) for i in range(n)]


def _squeezed(least: list[float], numbers: frozenset, width_mm: float) -> list[float]:
    """Number columns keep their width (an amount is never broken); the text columns share what is
    left by need, their longest words then wrapping. Only when the numbers alone overflow is every
    column scaled down."""
    fixed = sum(w for i, w in enumerate(least) if i in numbers)
    text = sum(w for i, w in enumerate(least) if i not in numbers)
    if fixed >= width_mm or not text:
        return [w * width_mm / sum(least) for w in least]
    scale = (width_mm - fixed) / text
    return [w if i in numbers else w * scale for i, w in enumerate(least)]


# ---------------------------------------------------------------- tables


def _look(looks: dict, style_id: str, bold: bool):
    """An empty cell paragraph in `style_id`, one run, `bold`. Formatting every cell through python-docx
    took ~0.5 ms a cell (seconds for a large OPD's evaluation), so each look is made once and copied."""
    look = looks.get((style_id, bold))
    if look is None:
        p = OxmlElement("w:p")
        ppr = p.get_or_add_pPr()
        ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
        r = OxmlElement("w:r")
        if bold:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:b"))
            r.append(rpr)
        p.append(r)
        look = looks[style_id, bold] = p
    return look


def _fill_cell(cell, look, text: str, fill: str | None, keep: bool) -> None:
    """`cell`'s paragraph: a copy of `look` with one run per line of `text`; the cell shaded with `fill`."""
    p = copy.deepcopy(look)
    if keep:  # the row stays on the page of the row under it
        p.pPr.append(OxmlElement("w:keepNext"))
    cell._tc.replace(cell._tc.p_lst[0], p)
    lines = text.split("\n")
    blank = p.r_lst[0]
    p.extend([copy.deepcopy(blank) for _ in lines[1:]])
    para = Paragraph(p, cell)
    for i, (r, line) in enumerate(zip(p.r_lst, lines)):
        run = Run(r, para)
        run.text = line
        if i < len(lines) - 1:
            run.add_break()
    if fill is not None:
        cell._tc.get_or_add_tcPr().append(
            OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}))


def _row_props(tr, header: bool) -> None:
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never split across two pages
    if header:  # a long table repeats its header on every page
        tr_pr.append(OxmlElement("w:tblHeader", {qn("w:val"): "true"}))


def _cell_margins(table) -> None:
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        mar.append(OxmlElement(f"w:{side}", {qn("w:w"): str(round(CELL_MARGIN_MM * 56.7)), qn("w:type"): "dxa"}))
    tbl_pr.append(mar)


def _merged(cell: _Cell, width: int, height: int) -> _Cell:
    """`cell` spanning `width` grid columns and `height` rows: what python-docx's `merge` writes, without
    its search for the span's corners (a tenth of a second in a document of a dozen grouped tables)."""
    cell._tc._grow_to(width, height)
    return _Cell(cell._tc, cell._parent)


KEEP_WHOLE = 12  # tables of up to this many rows stay on one page; longer ones keep their first rows


LEAD_SHARE = 0.3  # the first rows a long table keeps together fill at most this share of a page


def _kept(i: int, n: int, lead: int = 3) -> bool:
    """Whether body row i of n keeps with the next: all but the last of a short table; the first `lead`
    of a long one (so its header never stands alone) and the last but one (so no row is orphaned)."""
    if i == n - 1:
        return False
    return n <= KEEP_WHOLE or i < lead or i == n - 2


def _lead(rows: tuple[Baris, ...], heights: list[float], page_pt: float) -> int:
    """How many first rows (at most three) a long table keeps with the next: row i is kept while the
    rows up to the first data row after it fill at most LEAD_SHARE of a page (a group row always keeps
    with the row under it). Tall rows (a definition of ten lines) chained to the title and caption would
    otherwise leave the first page empty under the kop."""
    lead = 0
    while lead < min(3, len(rows) - 1):
        nxt = next((j for j in range(lead + 1, len(rows)) if not rows[j].grup), len(rows) - 1)
        if sum(heights[:nxt + 1]) > LEAD_SHARE * page_pt:
            break
        lead += 1
    return lead


def _tail_break(rows: tuple[Baris, ...]) -> int | None:
    """The row after which a table may break to take its last two data rows (its last one, of two) to the
    signature's page: the last row above them that is not a group row (a group row stays with its rows)."""
    data = [i for i, row in enumerate(rows) if not row.grup]
    if len(data) < 2:
        return None
    taken = data[-2] if len(data) >= 3 else data[-1]
    return next((j for j in range(taken - 1, -1, -1) if not rows[j].grup), None)


def _release(tr) -> None:
    """The row no longer kept with the next (its paragraphs' w:keepNext removed)."""
    for p_pr in tr.iter(qn("w:pPr")):
        for keep in p_pr.findall(qn("w:keepNext")):
            p_pr.remove(keep)


# a group (a tujuan with its sasaran, a sasaran with its rows) taller than this share of a page gets a
# piece of its own whose repeated header names it; a shorter one is kept whole on one page instead, as
# a table that short is
LONG_GROUP_SHARE = SHORT_TABLE_SHARE


def row_height_pt(row: Baris, widths: list[float], size: float, font: str) -> float:
    """The printed height of `row` in a table of `widths` (mm), as widths.table_height_pt estimates a row."""
    from cascade.formats.docx.widths import wrapped_lines

    pad_pt = 2 * CELL_MARGIN_MM * 72 / 25.4
    if row.grup:
        cells = [(row.sel[0], sum(widths))]
    else:
        cells = list(zip(row.sel, widths))
    tallest = max((wrapped_lines(text, max(1.0, w * 72 / 25.4 - pad_pt), font, size, row.tegas or bool(row.grup))
                   for text, w in cells), default=1)
    return tallest * size * 1.2 + 2


def split_long_groups(tbl, levels: dict[str, int], heights: list[float], page_pt: float) -> list:
    """Cut `tbl` into pieces only at the groups taller than LONG_GROUP_SHARE of a page: such a group's
    row joins the repeated header rows of its piece (with the column headers and the long groups it lies
    in), so every page it runs onto names it. A short group is kept whole (w:keepNext through its rows):
    a page never breaks inside it, so its own group row opens it on whatever page it lands.
    `heights`: each body row's estimated height. Returns the pieces."""
    rows = list(tbl.iterchildren(W_TR))
    head = [tr for tr in rows if _is_header(tr)]
    body = [tr for tr in rows if not _is_header(tr)]
    level = [group_level(tr, levels) for tr in body]
    n = len(body)
    end = []  # the body index where each group's rows end
    for i, lv in enumerate(level):
        j = i + 1
        if lv is not None:
            while j < n and not (level[j] is not None and level[j] <= lv):
                j += 1
        end.append(j)
    long = [lv is not None and sum(heights[i:end[i]]) > LONG_GROUP_SHARE * page_pt for i, lv in enumerate(level)]
    # the first group follows the title and caption on a page the kop already fills in part: kept whole,
    # all of it could go to the next page and leave the first page empty, so it may break, named again
    first = next((i for i, lv in enumerate(level) if lv is not None), None)
    if first is not None and end[first] - first > 2:
        long[first] = True
    for i, lv in enumerate(level):
        if lv is not None and not long[i]:  # a short group: its rows kept together
            keep_with_next(body[i:end[i] - 1])
    for tr in body:
        tbl.remove(tr)
    pieces, current, stack = [tbl], tbl, []  # stack: (level, row, long) of the groups in force
    shown: list = []  # the long group rows heading the current piece
    for i, tr in enumerate(body):
        lv = level[i]
        if lv is None:
            current.append(tr)
            continue
        stack = [g for g in stack if g[0] < lv] + [(lv, tr, long[i])]
        wanted = [g[1] for g in stack if g[2]]
        if wanted != shown:
            if any(not _is_header(r) for r in current.iterchildren(W_TR)):
                current, shown = new_piece(tbl, head, current), []
                pieces.append(current)
            for g in wanted[len(shown):] if wanted[:len(shown)] == shown else wanted:
                if g is not tr:
                    current.append(copy.deepcopy(g))
                    _mark_header(current[-1])
            shown = wanted
        if long[i]:
            _mark_header(tr)
        current.append(tr)
    return pieces


class _Layout:
    def __init__(self, doc, width_mm: float):
        self.doc = doc
        self.width_mm = width_mm
        self.looks: dict = {}
        self.style = {name: doc.styles[name].style_id for name in STYLES}
        self.grid = doc.styles["Table Grid"].style_id
        self.chapter = 0
        self.number = 0
        self.chapters = True  # whether the report has sections (headings of level 1) to number its tables by

    def heading(self, b: Judul, new_page: bool = False) -> None:
        style = "Title" if b.tingkat == 0 else f"Heading {min(b.tingkat, 3)}"
        p = self.doc.add_paragraph(b.teks)
        p._p.style = self.style[style]
        if new_page:  # a break before the heading itself: a break paragraph could fall on a page of its own
            p.paragraph_format.page_break_before = True
        if b.tingkat == 1:
            self.chapter += 1
            self.number = 0

    def caption(self, title: str) -> None:
        """"Tabel 4.2 …" in a report of numbered sections; "Tabel 2 …" in one without (an IKU table, a
        Rencana Aksi), where "Tabel 1.1" would point at a section 1 that is not there."""
        self.number += 1
        number = f"{max(self.chapter, 1)}.{self.number}" if self.chapters else str(self.number)
        p = self.doc.add_paragraph(f"Tabel {number} {title}")
        p._p.style = self.style["Caption"]

    def table(self, t: Tabel, keep_last: bool = False, space_after: bool = True) -> None:
        """`keep_last`: the table's last rows stay with what follows (the signature, never alone on a page).
        `space_after`: an empty paragraph after the table (none before a new page: it could fill a page alone)."""
        sizes = list(house.TABLE_SIZES.items())  # the usual table type first, then the small one
        for k, (suffix, size) in enumerate(sizes):
            widths = column_widths(t, size, self.width_mm, squeeze=k == len(sizes) - 1)
            if widths is not None:
                break
        self.caption(t.judul or "Rincian")
        if t.kelompok and sum(span for _, span in t.kelompok) != len(t.kepala):
            raise ValueError(f"the header groups of {t.judul!r} do not span its {len(t.kepala)} columns")
        label_row = 1 if t.kelompok else 0
        head_rows = label_row + 1 + (1 if t.nomor_kolom else 0)
        table = self.doc.add_table(rows=head_rows + len(t.baris), cols=len(t.kepala))
        table._tbl.tblStyle_val = self.grid
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table)
        mm = [Mm(w) for w in widths]
        for column, width in zip(table.columns, mm):
            column.width = width
        rows = table.rows
        head_look = _look(self.looks, self.style["Judul Tabel" + suffix], False)
        for r in range(head_rows):
            _row_props(rows[r]._tr, True)
            for cell, width in zip(rows[r].cells, mm):
                cell.width = width
        if t.kelompok:
            self._group_header(rows[0], rows[1], t, head_look)
        for tc, text in zip(rows[label_row]._tr.tc_lst, t.kepala):
            if tc.vMerge == "continue":  # under a group of one column, which holds the header
                continue
            _fill_cell(_Cell(tc, table), head_look, text, HEAD_FILL, True)
        if t.nomor_kolom:
            for i, cell in enumerate(rows[label_row + 1].cells, 1):
                _fill_cell(cell, head_look, f"({i})", HEAD_FILL, True)
        text_style, number_style = self.style["Isi Tabel" + suffix], self.style["Isi Tabel Angka" + suffix]
        n = len(t.baris)
        font = self.doc.styles["Normal"].font.name or house.FONT
        grouped = t.pisah_grup and any(row.grup for row in t.baris)
        heights = [row_height_pt(row, widths, size, font) for row in t.baris] if n > KEEP_WHOLE or grouped else []
        lead = _lead(t.baris, heights, self._page_pt()) if heights else 3
        # before a signature, a short table kept whole may still break above its last two rows, so they go
        # with the signature rather than the whole table (and the title) leave the kop alone on its page
        tail = _tail_break(t.baris) if keep_last else None
        # one group row above all the rows (a Rencana Aksi of one sasaran) goes with the column header onto
        # every page the table runs onto; grouped tables name their groups piece by piece instead
        one_group = not grouped and bool(t.baris) and t.baris[0].grup and not any(r.grup for r in t.baris[1:])
        for k, (row, tr) in enumerate(zip(t.baris, rows[head_rows:])):
            _row_props(tr._tr, k == 0 and one_group)
            keep = (_kept(k, n, lead) or (keep_last and k >= n - 2)) and k != tail
            if row.grup:  # never at a page's foot apart from its rows
                cell = _merged(tr.cells[0], len(t.kepala), 1)
                look = _look(self.looks, self.style[GROUP_STYLES[row.grup - 1] + suffix], False)
                _fill_cell(cell, look, row.sel[0], STRONG_FILL, True)
                continue
            usual = STRONG_FILL if row.tegas else None
            for i, cell in enumerate(tr.cells):
                cell.width = mm[i]
                if i < len(row.sel):  # a row of fewer values leaves the table's other cells empty
                    look = _look(self.looks, number_style if i in t.angka else text_style, row.tegas)
                    _fill_cell(cell, look, breakable(row.sel[i]), row.warna.get(i, usual), keep)
        if grouped:  # each page names the tujuan and sasaran of its rows
            self._print_grouped(table._tbl, heights, {self.style[g + suffix]: lv for lv, g in enumerate(GROUP_STYLES, 1)},
                                None if tail is None else rows[head_rows + tail]._tr)
        if not space_after:
            return
        gap = self.doc.add_paragraph()
        gap._p.style = self.style["Normal"]
        if keep_last:
            gap.paragraph_format.keep_with_next = True

    def _print_grouped(self, tbl, heights: list[float], levels: dict[str, int], tail=None) -> None:
        """A table with group rows no taller than SHORT_TABLE_SHARE of a page stays on one page, as
        layout.print_table keeps the Renstra's; a longer one is cut only where a group is long
        (`split_long_groups`), so each page names the tujuan/sasaran of its rows without a column
        header repeated above every group of one or two rows. `heights`: each body row's, estimated."""
        from cascade.formats.docx.widths import table_height_pt

        page_pt = self._page_pt()
        normal = self.doc.styles["Normal"]
        font = normal.font.name or house.FONT
        body_size = normal.font.size.pt if normal.font.size else house.SIZE
        if table_height_pt(tbl, font, body_size, style_fonts(self.doc.styles.element)) <= SHORT_TABLE_SHARE * page_pt:
            keep_together(tbl)
            if tail is not None:
                _release(tail)
            return
        split_long_groups(tbl, levels, heights, page_pt)

    def _page_pt(self) -> float:
        section = self.doc.sections[-1]
        return (section.page_height - section.top_margin - section.bottom_margin) / 12700

    def _group_header(self, top, bottom, t: Tabel, look) -> None:
        """The group row: a group of one column is merged down over its header; a wider one spans its
        columns and the header row under it names each."""
        col = 0
        for text, span in t.kelompok:
            first = top.cells[col]
            merged = _merged(first, 1, 2) if span == 1 else _merged(first, span, 1)
            _fill_cell(merged, look, text, HEAD_FILL, True)
            col += span

    def kop(self, k: Kop) -> None:
        logo = k.logo if k.logo and os.path.isfile(k.logo) else None
        house.kop(self.doc, list(k.baris), list(k.alamat), logo, width_mm=self.width_mm)

    def pengesahan(self, s: Pengesahan, gap: bool = True) -> None:
        """`gap`: an empty line above the signature (none under a note, whose own spacing stands for it)."""
        if gap:
            p = self.doc.add_paragraph()
            p._p.style = self.style["Normal"]
            p.paragraph_format.keep_with_next = True
        house.pengesahan(self.doc, s.tempat_tanggal, s.jabatan, s.nama, s.pangkat, s.nip, width_mm=self.width_mm,
                         nip_label=s.label_nip)


def docx(items: list, settings: Settings, day: dt.date, root: str, header: str = "") -> bytes:
    """The report as an official landscape document on the Pemda's paper, dated from the data: a Kop
    first when `items` has one, numbered table captions, a Pengesahan where it stands. `header`: the
    short title at the top of every page but the first (default: the document's title)."""
    title = next((b.teks for b in items if isinstance(b, Judul)), "").replace("\n", " ")  # a title of two lines
    doc = open_template(root, settings, header or title)
    layout = _Layout(doc, house.text_width_mm(settings.kertas, True))
    layout.chapters = any(isinstance(b, Judul) and b.tingkat == 1 for b in items)
    new_page = False
    for b, after, before in zip(items, items[1:] + [None], [None] + items[:-1]):
        if isinstance(b, Judul):
            layout.heading(b, new_page)
            new_page = False
        elif isinstance(b, Paragraf):
            # a paragraph that introduces a table or closes above the signature stays with it
            doc.add_paragraph(b.teks).paragraph_format.keep_with_next = isinstance(after, (Tabel, Pengesahan)) or None
        elif isinstance(b, Kop):
            layout.kop(b)
        elif isinstance(b, Pengesahan):
            layout.pengesahan(b, gap=not isinstance(before, Catatan))
        elif isinstance(b, HalamanBaru):
            new_page = True  # taken by the heading that follows
        elif isinstance(b, Catatan):
            note = doc.add_paragraph(b.teks)
            note._p.style = layout.style["Sumber Tabel"]
            note.paragraph_format.keep_with_next = isinstance(after, Pengesahan) or None
        else:
            layout.table(b, keep_last=isinstance(after, (Pengesahan, Catatan)),
                         space_after=not isinstance(after, (HalamanBaru, Catatan)))
    return docx_bytes(doc, source_datetime(day), title)
