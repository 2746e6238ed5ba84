"""Column widths from the content: how wide a text prints, and table grids where no word, code or
amount has to break inside.

Text width is approximated with per-character advance widths (1/1000 em) of the printable ASCII
characters, taken from the URW base-35 AFM files (URW Bookman = ITC Bookman, Nimbus Sans = Helvetica,
whose widths Arial shares). Bookman Old Style, the house font, has about ITC Bookman's widths (its digits 0.606 em against
0.62), so every Bookman width is taken 3 % wider, and a character outside the table counts as the
widest one: the estimate errs wide, never narrow, so a column sized from it holds its longest word.
"""
from __future__ import annotations

import functools
import re

from docx.oxml.ns import qn

_ASCII = range(32, 127)
_BOOKMAN = (
    "320,300,380,620,620,900,800,220,300,300,440,600,320,400,320,600,620,620,620,620,620,620,620,620,620,620,320,320,"
    "600,600,600,540,820,680,740,740,800,720,640,800,800,340,600,720,600,920,740,800,620,820,720,660,620,780,700,960,"
    "720,640,640,300,600,300,600,500,220,580,620,520,620,520,320,540,660,300,300,620,300,940,660,560,620,580,440,520,"
    "380,680,520,780,560,540,480,280,600,280,600")
_BOOKMAN_BOLD = (
    "340,360,420,660,660,940,800,320,320,320,460,600,340,360,340,600,660,660,660,660,660,660,660,660,660,660,340,340,"
    "600,600,600,660,820,720,720,740,780,720,680,780,820,400,640,800,640,940,740,800,660,800,780,660,700,740,720,940,"
    "780,700,640,300,600,300,600,500,320,580,600,580,640,580,380,580,680,360,340,660,340,1000,680,620,640,620,460,520,"
    "460,660,600,800,600,620,560,320,600,320,600")
_SANS = (
    "278,278,355,556,556,889,667,222,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,"
    "584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,"
    "667,667,611,278,278,278,469,556,222,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,"
    "278,556,500,722,500,500,500,334,260,334,584")
_SANS_BOLD = (
    "278,333,474,556,556,889,722,278,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,"
    "584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,"
    "667,667,611,333,278,333,584,556,278,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,"
    "333,611,556,778,556,556,500,389,280,389,584")


def _table(widths: str, factor: float) -> dict[str, float]:
    return {chr(c): int(w) * factor for c, w in zip(_ASCII, widths.split(","))}


_METRICS = {
    ("serif", False): _table(_BOOKMAN, 1.03), ("serif", True): _table(_BOOKMAN_BOLD, 1.03),
    ("sans", False): _table(_SANS, 1.0), ("sans", True): _table(_SANS_BOLD, 1.0),
}
_WIDEST = {key: max(table.values()) for key, table in _METRICS.items()}
_SANS_NAMES = ("arial", "helvetica", "liberation sans", "calibri", "verdana", "tahoma", "segoe")
# typographic characters seen in planners' text, by the ASCII character they print like
_LIKE = {"\u2013": "-", "\u2014": "M", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
         "\u2022": "o", "\u00b2": "2", "\u00b3": "3"}


@functools.lru_cache(maxsize=64)
def _family(font: str) -> str:
    """Sans-serif fonts measure as Helvetica; anything else as Bookman, the widest common serif."""
    return "sans" if any(n in (font or "").lower() for n in _SANS_NAMES) else "serif"


def packed_lines(items: list[str], separator: str, width_pt: float, font: str, size: float) -> list[str]:
    """`items` joined by `separator` into as few lines as fit `width_pt` each, in order; an item wider
    than a line gets a line of its own. Where a line breaks is then decided here, between items,
    rather than by the word processor after a separator."""
    lines: list[str] = []
    for item in items:
        joined = f"{lines[-1]}{separator}{item}" if lines else item
        if lines and text_width_pt(joined, font, size) <= width_pt:
            lines[-1] = joined
        else:
            lines.append(item)
    return lines


def text_width_pt(text: str, font: str, size: float, bold: bool = False) -> float:
    """Printed width of `text` on one line, in points (an estimate that errs wide)."""
    return _em_thousandths(text, _family(font), bold) * size / 1000


# A table's cells are measured for their widths, then again for their height, word by word
# (≈ 40,000 calls for one OPD's documents), and the same words recur in every row.
@functools.lru_cache(maxsize=1 << 16)
def _em_thousandths(text: str, family: str, bold: bool) -> float:
    table = _METRICS[(family, bold)]
    widest = _WIDEST[(family, bold)]
    total = 0.0
    for ch in text.replace(ZWSP, ""):
        w = table.get(_LIKE.get(ch, ch))
        if w is None:
            # accented letters print about as wide as their base letter; the rest as the widest
            w = table.get(ch.encode("ascii", "ignore").decode() or "\0", widest) if ch.isalpha() else widest
        total += w
    return total


# a slash between letters ("Kabupaten/Kota") is a place a line may break; `soft_slashes` makes it one
# for Word as well as LibreOffice with a zero-width space after it
_SLASH_WORDS = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")
ZWSP = "\u200b"


def soft_slashes(text: str) -> str:
    return _SLASH_WORDS.sub("/" + ZWSP, text)


_SPACES = re.compile(r"[^\S\u00a0]+")  # where a line may break: any space but the no-break space


def words(text: str, slashes: bool = True) -> list[str]:
    """The pieces of `text` a line never breaks inside: split at spaces and, where the text gets
    `soft_slashes` (Word documents), after a slash between letters; a code "2.16.03.2.01.0001" or an
    amount "16.913.500.000" stays whole. Spreadsheets (`slashes=False`) wrap at spaces only: neither
    Excel nor LibreOffice breaks "Pemeliharaan/Rehabilitasi", and LibreOffice cut it mid-word."""
    parts = [w for w in _SPACES.split(text) if w]
    return [w for part in parts for w in soft_slashes(part).split(ZWSP) if w] if slashes else parts


def longest_word_pt(text: str, font: str, size: float, bold: bool = False) -> float:
    """Width of the longest piece of `text` a line may not break inside (`words`)."""
    return max((text_width_pt(w, font, size, bold) for w in words(text)), default=0.0)


# ---------------------------------------------------------------- Word tables

_TWIPS_PER_PT = 20
HEADER_LINES = 3  # lines a header cell may take before its column asks for more room
_W_VAL, _W_W, _W_TYPE = qn("w:val"), qn("w:w"), qn("w:type")


def _cell_texts(tc, size: float, bold_default: bool, styles: dict):
    """(text, bold, size) of every paragraph in a cell: its style's size and bold (`styles`, from
    layout.style_fonts), else `size`; a run's own size or bold counts."""
    for p in tc.iter(qn("w:p")):
        ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        st_size, st_bold, _ = styles.get(ps.get(_W_VAL) if ps is not None else None, (None, None, None))
        parts, bold, run_size = [], bold_default or bool(st_bold), st_size or size
        for r in p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:b")).get(_W_VAL) not in ("0", "false"):
                    bold = True
                sz = rpr.find(qn("w:sz"))
                if sz is not None:
                    run_size = int(sz.get(_W_VAL)) / 2
            parts.extend(t.text or "" for t in r.iter(qn("w:t")))
        yield "".join(parts), bold, run_size


def _padding_twips(tbl) -> int:
    """Left plus right cell margin of the table (Word's default 108 twips each when not set)."""
    mar = tbl.find(qn("w:tblPr") + "/" + qn("w:tblCellMar"))
    total = 0
    for side in ("left", "right"):
        el = mar.find(qn(f"w:{side}")) if mar is not None else None
        total += int(el.get(_W_W)) if el is not None else 108
    return total


def column_needs(tbl, font: str, size: float, styles: dict | None = None,
                 header_bold: bool = True) -> tuple[list[int], list[int]]:
    """Per grid column of `tbl`: the least width (twips) that holds its longest word, and the width
    that holds its longest paragraph on one line (a header's on HEADER_LINES lines). Cells spanning
    columns are left out."""
    from cascade.formats.docx.layout import _is_header, _rows

    ncols = len(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
    pad = _padding_twips(tbl) + 14  # the cell margins, and 0.7 pt more (the widths already err wide)
    least, want = [pad] * ncols, [pad] * ncols
    for tr, cells in _rows(tbl):
        bold = header_bold and _is_header(tr)
        for pos, span, tc, _ in cells:
            if span != 1 or pos >= ncols:
                continue
            for text, b, sz in _cell_texts(tc, size, bold, styles or {}):
                least[pos] = max(least[pos], pad + round(longest_word_pt(text, font, sz, b) * _TWIPS_PER_PT))
                # a header may wrap to about three lines; the rest of the room goes to the rows' text
                full = text_width_pt(text, font, sz, b) / (HEADER_LINES if bold else 1)
                want[pos] = max(want[pos], pad + round(full * _TWIPS_PER_PT))
    return least, want


def share_width(least: list[int], want: list[int], target: int) -> list[int] | None:
    """Column widths summing to `target`: every column at least `least`; the room left goes to the
    columns whose text would still wrap, in proportion to how much more they want (HTML's auto
    layout). None when the least widths do not fit in `target`."""
    floor = sum(least)
    if floor > target:
        return None
    want = [max(w, lo) for w, lo in zip(want, least)]
    if sum(want) <= target:
        widths = list(want)
        extra = target - sum(want)
        weights = want
    else:
        widths = list(least)
        extra = target - floor
        weights = [w - lo for w, lo in zip(want, least)]
    total_weight = sum(weights) or 1
    widths = [w + extra * wt // total_weight for w, wt in zip(widths, weights)]
    widths[max(range(len(widths)), key=lambda i: weights[i])] += target - sum(widths)
    return widths


def set_grid(tbl, widths: list[int]) -> None:
    """Grid column and cell widths of `tbl` (twips), a fixed layout, the table as wide as their sum."""
    from cascade.formats.docx.layout import _rows

    for col, w in zip(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")), widths):
        col.set(_W_W, str(w))
    tbl_pr = tbl.find(qn("w:tblPr"))
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(_W_W, str(sum(widths)))
        tbl_w.set(_W_TYPE, "dxa")
    for _, cells in _rows(tbl):
        for pos, span, _, tc_w in cells:
            if tc_w is not None:
                tc_w.set(_W_W, str(sum(widths[pos:pos + span])))
                tc_w.set(_W_TYPE, "dxa")


MIN_TABLE_PT = 5.5  # the smallest table text `fit_columns` shrinks to


def fit_columns(tbl, font: str, size: float, max_width: int, styles: dict | None = None) -> float:
    """Widths of `tbl`'s columns from its content, filling `max_width` twips: no word, code or amount
    breaks inside. When even the longest words do not fit side by side (T-C.27 on A4), the table's
    text is made smaller, down to MIN_TABLE_PT; returns the factor it was scaled by (1.0: not at all).
    Below that the widths are shared in proportion to the least ones and long words may break: the
    Pemda then needs a wider paper (dokumen.kertas: F4 or A3)."""
    least, want = column_needs(tbl, font, size, styles)
    widths = share_width(least, want, max_width)
    factor = 1.0
    if widths is None:
        pad = _padding_twips(tbl) + 14
        text = sum(least) - pad * len(least)  # what the text itself needs, without the cell margins
        if 0 < max_width - pad * len(least) < text:
            factor = shrink_text(tbl, (max_width - pad * len(least)) / text, size, styles or {})
            least, want = column_needs(tbl, font, size, styles)
            widths = share_width(least, want, max_width)
        if widths is None:  # still too wide at MIN_TABLE_PT, or the cell margins alone overflow (very many columns)
            widths = [lo * max_width // sum(least) for lo in least]
            widths[-1] += max_width - sum(widths)
    set_grid(tbl, widths)
    return factor


def shrink_text(tbl, factor: float, size: float, styles: dict) -> float:
    """Every run of `tbl` at `factor` of its size, in half points, never below MIN_TABLE_PT; returns
    the factor applied to the largest text."""
    applied = 1.0
    for p in tbl.iter(qn("w:p")):
        ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        st_size = styles.get(ps.get(_W_VAL) if ps is not None else None, (None, None, None))[0] or size
        for r in p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                rpr = r.makeelement(qn("w:rPr"))
                r.insert(0, rpr)
            sz = rpr.find(qn("w:sz"))
            current = int(sz.get(_W_VAL)) / 2 if sz is not None else st_size
            new = max(MIN_TABLE_PT, int(current * factor * 2) / 2)
            applied = min(applied, new / current) if current else applied
            if sz is None:
                sz = rpr.makeelement(qn("w:sz"))
                _insert_sz(rpr, sz)
            sz.set(_W_VAL, str(int(new * 2)))
    return applied


# CT_RPr order: … w:kern, w:position, w:sz, w:szCs, w:highlight, w:u, w:effect …
_AFTER_SZ = tuple(qn(f"w:{n}") for n in ("szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
                                          "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"))


def _insert_sz(rpr, sz) -> None:
    for child in rpr:
        if child.tag in _AFTER_SZ:
            child.addprevious(sz)
            return
    rpr.append(sz)


def wrapped_lines(text: str, width_pt: float, font: str, size: float, bold: bool = False) -> int:
    """Lines `text` takes in a column `width_pt` wide, wrapped at spaces (and after a slash between
    letters); a word wider than the column takes a line of its own."""
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        space = text_width_pt(" ", font, size, bold)
        for w in words(part):
            need = text_width_pt(w, font, size, bold)
            if used and used + space + need > width_pt:
                lines += 1
                used = need
            else:
                used += (space if used else 0) + need
    return lines


def table_height_pt(tbl, font: str, size: float, styles: dict | None = None) -> float:
    """Printed height of `tbl` (an estimate erring tall): each row as tall as its tallest cell, a
    line 1.2 times its text size, plus 2 pt of borders and spacing per row."""
    from cascade.formats.docx.layout import _is_header, _rows

    grid = [int(c.get(_W_W)) for c in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    pad = _padding_twips(tbl)
    total = 0.0
    for tr, cells in _rows(tbl):
        tallest = 0.0
        for pos, span, tc, _ in cells:
            room = max(1, sum(grid[pos:pos + span]) - pad) / _TWIPS_PER_PT
            height = sum(wrapped_lines(text, room, font, sz, b) * sz * 1.2
                         for text, b, sz in _cell_texts(tc, size, _is_header(tr), styles or {}))
            tallest = max(tallest, height)
        total += tallest + 2
    return total
