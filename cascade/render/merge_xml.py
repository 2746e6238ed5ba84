"""The vertical merges of `renstra_layout.merge_blank_runs`, written straight into a filled chapter's XML.

Reading BAB VI of a 300-sub-kegiatan OPD into a tree, merging its tujuan/sasaran cells and writing
the tree back was most of writing that chapter (issue 9): 1.4 MB of XML parsed and serialised for a
few hundred `w:vMerge` elements. Where the T-C table is written the plain way (rows of cells, no
content controls, nested tables, comments or namespace declarations inside the body: what Word and
the shipped templates write) the rows and cells are read from the text and each `w:vMerge` is put
where the tree pass puts it; for anything else `merge_blank_runs_xml` answers None and the caller
takes the tree path. tests/test_merge_xml.py holds the two to the same tree.
"""
from __future__ import annotations

import html
import re

W_MAIN = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# what the text reading below does not follow; the tree path does
_NOT_PLAIN = (b"<w:sdt", b"<w:customXml", b"AlternateContent", b"txbxContent", b"<!--", b"<![CDATA[", b"<?",
              b"xmlns", b"<w:tc/>", b"<w:tr/>")
_TC = re.compile(rb"<w:tc[\s>]")
_TC_PR = re.compile(rb"\s*<w:tcPr(\s[^>]*)?(/?)>")
_GRID_SPAN = re.compile(rb'<w:gridSpan\b[^>]*?\sw:val="(\d+)"[^>]*?/>')
_GRID_SPAN_OR_TC_W = re.compile(rb"<w:(gridSpan|tcW)\b[^>]*?/>")
_V_MERGE = re.compile(rb"<w:vMerge\b([^>]*?)(/?)>")
_VAL = re.compile(rb'\sw:val="[^"]*"')
_T = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_SPACE = re.compile(rb"\s*")
_PROPERTIES_AFTER_CELL = re.compile(r"<w:tc[\s>](?:(?!</w:tr>).)*?<w:(?:trPr|tblHeader)\b", re.S)
_TC_W = re.compile(rb"\s*<w:tcW\b[^>]*?/>")


def plain(template_body: str) -> bool:
    """Whether a template's body (its Jinja source after its start tag) is written the plain way this
    module reads: none of `_NOT_PLAIN`, no table inside a table, row properties before the cells.
    Filling cannot add markup (every value is escaped, except the pictures Cascade places, and then
    the caller merges on the tree), so this is asked once per template instead of per filling."""
    if any(mark.decode() in template_body for mark in _NOT_PLAIN + (b"safe", b"Markup", b"autoescape")):
        return False
    if _PROPERTIES_AFTER_CELL.search(template_body):
        return False
    tables = outer_tables(template_body.encode("utf-8"))
    return tables is not None and not any(nested for _, _, nested in tables)


def outer_tables(xml: bytes, at: int = 0, end: int | None = None) -> list[tuple[int, int, bool]] | None:
    """(start of `<w:tbl>`, end of `</w:tbl>`, whether it holds a table) of each table in xml[at:end]
    that is inside no other; `<w:tbl/>` holds nothing and is left out. None if the tags do not pair."""
    end = len(xml) if end is None else end
    found, depth, start, nested = [], 0, 0, False
    opening, closing = _next_tag(xml, b"<w:tbl", at, end), xml.find(b"</w:tbl>", at, end)
    while opening >= 0 or closing >= 0:
        if closing < 0 or 0 <= opening < closing:
            tag_end = xml.find(b">", opening)
            if xml[tag_end - 1:tag_end] != b"/":  # not <w:tbl …/>
                if depth == 0:
                    start, nested = opening, False
                else:
                    nested = True
                depth += 1
            opening = _next_tag(xml, b"<w:tbl", opening + 1, end)
        else:
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                found.append((start, closing + len(b"</w:tbl>"), nested))
            closing = xml.find(b"</w:tbl>", closing + 1, end)
    return found if depth == 0 else None


def main_table_span(xml: bytes) -> tuple[int, int] | None:
    """Where `renstra_layout.main_table` is in `xml` filled from a `plain` template (start of its
    `<w:tbl>`, end of its `</w:tbl>`): the first table in the body with a repeating header row."""
    body = xml.find(b"<w:body>")
    end = xml.rfind(b"</w:body>")
    if body < 0 or end < 0 or W_MAIN not in xml[:body]:
        return None
    for start, stop, nested in outer_tables(xml, body, end) or ():
        if nested:
            return None  # a header row inside a table inside it would not be its own: the tree decides
        if xml.find(b"<w:tblHeader", start, stop) >= 0:
            return start, stop
    return None


def _next_tag(xml: bytes, opening: bytes, at: int, end: int) -> int:
    """Where the next start tag `opening` (`<w:tbl`, not `<w:tblPr`) is in xml[at:end], or -1."""
    at = xml.find(opening, at, end)
    while at >= 0:
        follow = xml[at + len(opening):at + len(opening) + 1]
        if follow == b">" or follow.isspace():
            return at
        at = xml.find(opening, at + 1, end)
    return -1


def merge_blank_runs_xml(xml: bytes, cols: tuple[int, ...]) -> tuple[bytes, tuple[int, int]] | None:
    """`xml` (filled from a `plain` template) with the merges `merge_blank_runs(main_table(…), cols)`
    makes, and where the table is in it; None where the table is not plainly written after all."""
    span = main_table_span(xml)
    if span is None:
        return None
    start, end = span
    edits: list[tuple[int, int, bytes]] = []  # (from, to, new bytes)
    open_groups = [False] * len(cols)
    last = max(cols)
    row = _next_tag(xml, b"<w:tr", start, end)
    while row >= 0:
        row_end = xml.find(b"</w:tr>", row, end)
        if row_end < 0:
            return None
        tc = _TC.search(xml, row, row_end)
        if xml.find(b"<w:tblHeader", row, tc.start() if tc else row_end) >= 0:
            row = _next_tag(xml, b"<w:tr", row_end, end)
            continue
        cells, pos = {}, 0  # grid column → cell
        while tc is not None and pos <= last:
            cell = _cell(xml, tc.start(), row_end)
            if cell is None:
                return None
            cells[pos] = cell
            pos += cell.span
            tc = _TC.search(xml, cell.end, row_end)
        for i, col in enumerate(cols):
            cell = cells.get(col)
            if cell is None or cell.span != 1:
                open_groups[i:] = [False] * (len(cols) - i)
                break
            if cell.has_text(xml):
                edits.append(cell.v_merge(b"restart"))
                open_groups[i] = True
                open_groups[i + 1:] = [False] * (len(cols) - i - 1)
            elif open_groups[i]:
                edits.append(cell.v_merge(b"continue"))
        row = _next_tag(xml, b"<w:tr", row_end, end)
    out, at, grown = [], 0, 0
    for a, b, new in sorted(edits):
        out += [xml[at:a], new]
        at = b
        grown += len(new) - (b - a)
    out.append(xml[at:])
    return b"".join(out), (start, end + grown)


class _Cell:
    """One `w:tc` of a row: where its text is, its grid span, and where a `w:vMerge` would go."""

    __slots__ = ("content", "end", "span", "at", "to", "make")

    def __init__(self, content: int, end: int, span: int, at: int, to: int, make):
        self.content, self.end, self.span = content, end, span  # content: just after the start tag
        self.at, self.to, self.make = at, to, make  # xml[at:to] becomes make(value)

    def has_text(self, xml: bytes) -> bool:
        """What the tree pass asks: does the joined text of the cell's w:t hold more than whitespace."""
        text = b"".join(_T.findall(xml, self.content, self.end)).decode("utf-8")
        return bool((html.unescape(text) if "&" in text else text).strip())

    def v_merge(self, value: bytes) -> tuple[int, int, bytes]:
        """The edit `renstra_layout._set_vmerge(tc, value)` makes."""
        return self.at, self.to, self.make(value)


def _element(value: bytes) -> bytes:
    return b'<w:vMerge w:val="' + value + b'"/>'


def _in_new_properties(value: bytes) -> bytes:
    return b"<w:tcPr>" + _element(value) + b"</w:tcPr>"


def _cell(xml: bytes, start: int, row_end: int) -> _Cell | None:
    """The cell starting at `start`, as `_set_vmerge` sees it; None where the text is not plain."""
    open_end = xml.find(b">", start) + 1
    end = xml.find(b"</w:tc>", open_end, row_end)
    if open_end <= 0 or end < 0:
        return None
    end += len(b"</w:tc>")
    m = _TC_PR.match(xml, open_end)
    if m is not None and m.group(1):
        return None  # tcPr has no attributes
    if m is None or m.group(2):
        if m is None and xml.find(b"<w:tcPr", open_end, end) >= 0:
            return None  # properties not first: the tree pass reads them differently
        first = _SPACE.match(xml, open_end).end()  # lxml keeps whitespace before a first child as text
        return _Cell(open_end, end, 1, first, m.end() if m else first, _in_new_properties)
    inner, close = m.end(), xml.find(b"</w:tcPr>", m.end(), end)
    if close < 0:
        return None
    if xml.find(b"<w:gridSpan", inner, close) < 0 and xml.find(b"<w:vMerge", inner, close) < 0:
        # most cells: a width first, then shading or borders
        w = _TC_W.match(xml, inner)
        if w is not None and xml.find(b"<w:tcW", w.end(), close) < 0:
            at = _SPACE.match(xml, w.end()).end()
            return _Cell(open_end, end, 1, at, at, _element)
    spans = _GRID_SPAN.findall(xml, inner, close)
    anchors = list(_GRID_SPAN_OR_TC_W.finditer(xml, inner, close))
    if (len(anchors) != xml.count(b"<w:gridSpan", inner, close) + xml.count(b"<w:tcW", inner, close)
            or len(spans) != xml.count(b"<w:gridSpan", inner, close)):
        return None  # written some other way than <w:tcW …/> and <w:gridSpan w:val="n"/>
    span = int(spans[0]) if spans else 1  # the tree pass reads the first
    vm = _V_MERGE.search(xml, inner, close)
    if vm is not None:  # the one there gets the value, where its attribute is or else last
        attrs, tail = vm.group(1), vm.group(2) + b">"
        if b"w:val" in attrs and not _VAL.search(attrs):
            return None

        def make(value: bytes) -> bytes:
            val = b' w:val="' + value + b'"'
            return b"<w:vMerge" + (_VAL.sub(val, attrs, count=1) if _VAL.search(attrs) else attrs + val) + tail

        return _Cell(open_end, end, span, vm.start(), vm.end(), make)
    # none yet: after the (last) gridSpan, else after the tcW, else first; schema order is tcW,
    # gridSpan, hMerge, vMerge. lxml's addnext puts it after the anchor's tail whitespace.
    named = [a for a in anchors if a.group(1) == b"gridSpan"] or anchors
    at = _SPACE.match(xml, named[-1].end()).end() if named else _SPACE.match(xml, inner).end()
    return _Cell(open_end, end, span, at, at, _element)
