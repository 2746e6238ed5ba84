"""The tables of generated documents as grids of cell text, and their differences cell by cell.

A Word table, an Excel sheet or the lines of a text file become a `Grid`: one text per grid column
(a merged cell repeated over the columns and rows it covers), with column labels taken from the
header rows. Two grids are compared row by row: rows the change left alone drop out, the others are
paired old ↔ new by how many of their cells agree (a row whose code changed is the same row, not a
deleted one and an added one), and only the cells that differ are kept. The same change down many
rows (a renamed sasaran in a merged column) is told once, with the rows it touches.
"""
from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Iterator

from cascade.fmt import angka
from cascade.review.result import CellChange, RowChange

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}
_NUMBERING = re.compile(r"^\(\d+\)$")  # the "(1) (2) (3)" row under a Permendagri table header
# a nomenklatur code alone in its cell: program 2.16.02, kegiatan 2.16.02.2.01, sub kegiatan 2.16.02.2.01.0014
# (never a grouped number such as 485.000.000)
_CODE = re.compile(r"^\d\.\d{2}\.\d{2}(\.\d\.\d{2}(\.\d{4})?)?$")
_NUMBER = re.compile(r"^[-+]?(Rp)?[\d.,]+%?$")
_RUNNING = {"no", "nomor"}  # running-number columns
TEXT_COLUMN = "teks"  # the one column of a grid of paragraphs or lines
# Pairing every removed row with every added one costs their product; beyond this, rows are paired
# only within the stretch where they were replaced.
_PAIRING_BUDGET = 250_000


@dataclass(frozen=True)
class Grid:
    title: str
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """A label per grid column: the last two distinct texts down the header rows ("2026 / Rp"),
        all of them where two columns would otherwise read the same, leaving out title rows (one
        text across the whole row) and the "(1) (2) …" numbering."""
        width = max((len(r) for r in self.header + self.rows), default=0)
        paths = []
        for c in range(width):
            texts: list[str] = []
            for row in self.header:
                if len({t for t in row if t}) <= 1 and len(row) > 1:
                    continue
                text = row[c] if c < len(row) else ""
                if text and not _NUMBERING.match(text) and (not texts or texts[-1] != text):
                    texts.append(text)
            paths.append(texts)
        short = [" / ".join(p[-2:]) for p in paths]
        return tuple((" / ".join(p) if short.count(s) > 1 else s) or f"kolom {c + 1}"
                     for c, (p, s) in enumerate(zip(paths, short)))


# ---------------------------------------------------------------- reading


def _cell_text(tc) -> str:
    """A cell's text as python-docx's `_Cell.text` gives it, whitespace folded."""
    parts = []
    for p in tc.iter(_W + "p"):
        for el in p.iter(*_TEXT):
            parts.append(el.text or "" if el.tag == _W + "t" else _TEXT[el.tag])
        parts.append("\n")
    return " ".join("".join(parts).split())


def _docx_rows(tbl) -> Iterator[tuple[bool, list[str]]]:
    """(is a header row, one text per grid column) for each row, as python-docx's `row.cells` reads
    them: a spanned cell once per grid column it covers, a vertically merged cell as the one it
    continues. One pass: python-docx looks the cell above up anew for every merged cell."""
    above: dict[int, str] = {}  # grid column → text of the cell there in the row above
    for tr in tbl.iterchildren(_W + "tr"):
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        header = tr.find(f"{_W}trPr/{_W}tblHeader") is not None
        col = int(before.get(_W + "val")) if before is not None else 0
        cells = [""] * col
        here: dict[int, str] = {}
        for tc in tr.iterchildren(_W + "tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(_W + "val")) if span_el is not None else 1
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(_W + "val", "continue") == "continue"
            text = above.get(col, "") if continued else _cell_text(tc)
            for c in range(col, col + span):
                here[c] = text
            cells.extend([text] * span)
            col += span
        above = here
        yield header, cells


_GROUP = re.compile(r"^(\w+)(?: [\w.]+)?: (.+)$")  # a group row: "Tujuan 1: …", "Sasaran 1.1: …"


def _group(cells) -> tuple[str, str] | None:
    """(label, text) of a group row: one text across the whole row, "Sasaran 1.1: Meningkatnya …"."""
    texts = set(cells)
    if len(cells) < 2 or len(texts) != 1:
        return None
    m = _GROUP.match(next(iter(texts)))
    return (m.group(1), m.group(2)) if m else None


def fold_groups(header: list, rows: list) -> tuple[list, list]:
    """Group rows ("Tujuan 1: …", "Sasaran 1.1: …", which documents print above the rows they hold,
    and repeat at the top of every page) become columns of the rows under them, so a renamed sasaran
    is one change down its rows, as it was when tujuan and sasaran were merged columns; the copies of
    the header and group rows that repeat at a page break drop out."""
    order: list[str] = []  # group labels, outermost first
    for cells in header + rows:
        g = _group(cells)
        if g and g[0] not in order:
            order.append(g[0])
    if not order:
        return header, rows
    columns = [cells for cells in header if not _group(cells)]
    seen_header = {tuple(c) for c in columns}
    folded, context = [], {}
    for cells in rows:
        g = _group(cells)
        if g:
            level = order.index(g[0])
            context = {k: v for k, v in context.items() if order.index(k) < level}
            context[g[0]] = g[1]
        elif tuple(cells) not in seen_header:  # a column header repeated by a later piece of the table
            folded.append([context.get(k, "") for k in order] + list(cells))
    # title rows (one text, or none) stay title rows: the group labels head only the rows that name columns
    return [(list(order) if len({t for t in c if t}) > 1 else [""] * len(order)) + list(c) for c in columns], folded


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t")).strip()


def docx_grids(data: bytes) -> list[Grid]:
    """The body's own tables, each titled by the caption before it ("Tabel 6.1 …") when there is one."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(_W + "body")
    grids, caption, in_caption, paragraphs = [], "", False, []
    pieces: list = []  # (caption, rows) of the table being read: pieces of one table follow each other
    for child in body.iterchildren(_W + "p", _W + "tbl"):
        if child.tag == _W + "p":
            text = _paragraph_text(child)
            if text:
                paragraphs.append((text,))
                grids += _joined(pieces)
            style = child.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and style.get(_W + "val") == "Caption":  # "Tabel 6.1" may be one paragraph, its title the next
                caption = f"{caption} {text}".strip() if in_caption else text
                in_caption = True
            elif text:
                caption, in_caption = (text if re.match(r"^Tabel\b", text) else ""), False
            continue
        in_caption = False
        pieces.append((caption, list(_docx_rows(child))))
        caption = ""
    grids += _joined(pieces)
    return [Grid("Teks", ((TEXT_COLUMN,),), tuple(paragraphs))] + grids


def _joined(pieces: list) -> list[Grid]:
    """The tables read since the last paragraph of text, emptied in place. A long table is printed as
    pieces that each repeat its column headers (and the group rows in force), with only empty
    paragraphs between them: consecutive pieces with the same column headers are read as one grid."""
    grids, tables = [], []
    for caption, rows in pieces:
        columns = [cells for is_header, cells in rows if is_header and not _group(cells)]
        if tables and columns and columns == tables[-1][1]:
            tables[-1][2].extend(rows)
        else:
            tables.append((caption, columns, list(rows)))
    pieces.clear()
    for caption, columns, rows in tables:
        # group rows count where they stand, even when marked to repeat at the top of a page
        ordered = [cells for is_header, cells in rows if not is_header or _group(cells)]
        if not columns and ordered:  # no row marked as repeating header: the first row heads the columns
            columns, ordered = ordered[:1], ordered[1:]
        head, body_rows = fold_groups(columns, ordered)
        title = caption or ("Blok tanda tangan" if _signatures(head + body_rows) else _untitled(head))
        grids.append(Grid(title, _pad(head), _pad(body_rows)))
    return grids


_MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
# a signature block: "NIP. …", "PIHAK PERTAMA", or its place and date line ("Arunika, 5 Januari 2026")
_SIGNATURE = re.compile(rf"^(NIP\.? |PIHAK (PERTAMA|KEDUA)\b|[^,]+, \d{{1,2}} ({_MONTHS}) \d{{4}}$)")


def _signatures(rows) -> bool:
    """Whether a table without caption is a signature block (names, NIP, "PIHAK PERTAMA"): its first row
    is a place and date, not column names, so it is not named by it."""
    return any(_SIGNATURE.match(t or "") for row in rows for t in row)


def _untitled(header) -> str:
    """A table without a caption, named by its columns ("Tabel No, Sasaran Strategis, Indikator Kinerja, …")."""
    names = list(dict.fromkeys(t for row in header for t in row if t and not _NUMBERING.match(t)))
    return "Tabel " + ", ".join(names[:4]) + (", …" if len(names) > 4 else "") if names else "Tabel tanpa judul"


_X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _span(ref: str) -> tuple[int, int]:
    """"B5" → (row 4, column 1), 0-based."""
    letters, row = _CELL_REF.match(ref).groups()
    return int(row) - 1, _column_index(letters)


def xlsx_grids(data: bytes) -> list[Grid]:
    """Every sheet, merged ranges filled with their value; rows above the frozen pane are its header.
    Read with lxml from the sheet XML: openpyxl spends over a second binding the merged cells of one
    large Renstra sheet."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())

        def xml(name):
            return etree.fromstring(z.read(name)) if name in names else None

        shared = xml("xl/sharedStrings.xml")
        strings = ["".join(t.text or "" for t in si.iter(_X + "t")) for si in shared] if shared is not None else []
        rels = xml("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels} if rels is not None else {}
        grids = []
        for sheet in xml("xl/workbook.xml").iter(_X + "sheet"):
            target = targets.get(sheet.get(_REL), "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            root = xml(path)
            if root is not None:
                grids.append(_sheet_grid(sheet.get("name"), root, strings))
    return grids


def _sheet_grid(title: str, root, strings: list[str]) -> Grid:
    cells: dict[tuple[int, int], str] = {}
    for c in root.iter(_X + "c"):
        kind, v = c.get("t", "n"), c.find(_X + "v")
        if kind == "inlineStr":
            value = "".join(t.text or "" for t in c.iter(_X + "t"))
        elif v is None or v.text is None:
            continue
        elif kind == "s":
            value = strings[int(v.text)]
        elif kind == "n":
            number = float(v.text)
            value = int(number) if number.is_integer() and "E" not in v.text.upper() and "." not in v.text else number
        else:
            value = v.text
        cells[_span(c.get("r"))] = _xlsx_text(value)
    for merged in root.iter(_X + "mergeCell"):
        first, _, last = merged.get("ref").partition(":")
        (r1, c1), (r2, c2) = _span(first), _span(last or first)
        text = cells.get((r1, c1), "")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cells[(r, c)] = text
    height = max((r for r, _ in cells), default=-1) + 1
    width = max((c for _, c in cells), default=-1) + 1
    values = [tuple(cells.get((r, c), "") for c in range(width)) for r in range(height)]
    pane = root.find(f"{_X}sheetViews/{_X}sheetView/{_X}pane")
    first = int(float(pane.get("ySplit", 0))) if pane is not None and pane.get("state") in ("frozen", "frozenSplit") else 1
    header, rows = fold_groups([list(v) for v in values[:first]], [list(v) for v in values[first:]])
    return Grid(title, _pad(header), _pad(rows))


def _xlsx_text(value) -> str:
    """A cell's value as the sheet shows it to an Indonesian reader: 1.250.000, 42,5 (a year stays 2026)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000):
        return angka(value)
    return " ".join(str(value).split())


def text_grids(data: bytes) -> list[Grid]:
    """A Markdown file: each table (`| a | b |` lines, headed by the line above `|---|`) a grid titled
    by the text line before it, and the other non-blank lines one grid of one column."""
    lines = [line.rstrip() for line in data.decode("utf-8", errors="replace").splitlines()]
    grids: list[Grid] = []
    text: list[tuple[str, ...]] = []
    title, i = "", 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("|"):
            if lines[i].strip():
                text.append((lines[i].strip(),))
                title = lines[i].strip().lstrip("#").strip()
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            block.append(_markdown_cells(lines[i]))
            i += 1
        separator = len(block) > 1 and all(set(c) <= set(":- ") for c in block[1])
        header, rows = (block[:1], block[2:]) if separator else ([], block)
        grids.append(Grid(title or f"Tabel ke-{len(grids) + 1}", _pad(header), _pad(rows)))
    return [Grid("Teks", ((TEXT_COLUMN,),), tuple(text))] + grids


def _markdown_cells(line: str) -> tuple[str, ...]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return tuple(c.strip() for c in cells)


def _pad(rows) -> tuple[tuple[str, ...], ...]:
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r) + ("",) * (width - len(r)) for r in rows)


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True)
class TableDiff:
    rows_changed: int = 0
    cells_changed: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    cells: tuple[CellChange, ...] = ()
    rows: tuple[RowChange, ...] = ()


def row_label(row: tuple[str, ...], above: tuple[str, ...] | None) -> str:
    """What names a row for a reader: its most specific nomenklatur code with the name beside it
    (or after it in the same cell), else its first text of its own (not repeated from the row
    above), else its first text."""
    coded = ""
    for c, text in enumerate(row):
        if _CODE.match(text):
            coded = f"{text} {next((t for t in row[c + 1:] if t and t != text), '')}".strip()
        elif _CODE.match(text.split(" ", 1)[0]):
            coded = text
    if coded:
        return coded
    for c, text in enumerate(row):
        if text and not _NUMBER.match(text) and (above is None or c >= len(above) or above[c] != text):
            return text
    return next((t for t in row if t), "")


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of the filled cells two rows agree on (blank columns say nothing about identity); for
    rows of one cell (a line of text), the share of words they agree on."""
    if len(a) == len(b) == 1:
        return difflib.SequenceMatcher(None, a[0].split(), b[0].split(), autojunk=False).ratio()
    filled = same = 0
    for x, y in zip(a, b):
        if x or y:
            filled += 1
            same += x == y
    return same / filled if filled else 0.0


def _pairs(old: Grid, new: Grid, removed: list[int], added: list[int], blocks) -> list[tuple[int, int]]:
    """Removed and added rows that are one row changed: the same label (its code, its own text), or
    at least half of their filled cells alike; most alike first, then closest in position."""
    if len(removed) * len(added) > _PAIRING_BUDGET:
        candidates = [(i, j) for i1, i2, j1, j2 in blocks for i, j in zip(range(i1, i2), range(j1, j2))]
    else:
        candidates = [(i, j) for i in removed for j in added]
    old_labels = {i: _label_at(old, i) for i in removed}
    new_labels = {j: _label_at(new, j) for j in added}
    scored = []
    for i, j in candidates:
        score = _similarity(old.rows[i], new.rows[j]) + (old_labels[i] == new_labels[j] != "")
        if score >= 0.5:
            distance = abs(i / max(len(old.rows), 1) - j / max(len(new.rows), 1))
            scored.append((-score, distance, i, j))
    used_old, used_new, pairs = set(), set(), []
    for _, _, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return sorted(pairs, key=lambda p: p[1])


def _label_at(grid: Grid, index: int) -> str:
    return row_label(grid.rows[index], grid.rows[index - 1] if index else None)


def _own_cells(grid: Grid, index: int, columns) -> tuple[tuple[str, str], ...]:
    row, above = grid.rows[index], grid.rows[index - 1] if index else None
    cells = []
    for c, text in enumerate(row):
        if text and (above is None or above[c] != text) and not (c and row[c - 1] == text):
            cells.append((columns[c], text))
    return tuple(cells)


def diff_grid(old: Grid, new: Grid) -> TableDiff:
    matcher = difflib.SequenceMatcher(None, old.rows, new.rows, autojunk=False)
    removed, added, blocks = [], [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed.extend(range(i1, i2))
            added.extend(range(j1, j2))
            blocks.append((i1, i2, j1, j2))
    pairs = _pairs(old, new, removed, added, blocks)
    columns = new.columns if len(new.columns) >= len(old.columns) else old.columns
    grouped: dict[tuple[str, str, str], list[str]] = {}
    cells_changed = rows_changed = 0
    for i, j in pairs:
        counted = cells_changed
        a, b = _pad((old.rows[i], new.rows[j]))
        label = _label_at(new, j)
        for c, (x, y) in enumerate(zip(a, b)):
            if x == y or (c and (a[c - 1], b[c - 1]) == (x, y)):
                continue  # unchanged, or the same spanned cell as the column before
            if c < len(columns) and columns[c].strip(" .").lower() in _RUNNING:
                continue  # a running number follows the rows above it, not this row's content
            cells_changed += 1
            grouped.setdefault((columns[c] if c < len(columns) else f"kolom {c + 1}", x, y), []).append(label)
        rows_changed += cells_changed > counted
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    rows = [RowChange(old.title, "dihapus", _label_at(old, i), _own_cells(old, i, old.columns))
            for i in removed if i not in paired_old]
    rows += [RowChange(new.title, "baru", _label_at(new, j), _own_cells(new, j, new.columns))
             for j in added if j not in paired_new]
    return TableDiff(rows_changed, cells_changed, len(added) - len(pairs), len(removed) - len(pairs),
                     tuple(CellChange(new.title, col, x, y, tuple(labels)) for (col, x, y), labels in grouped.items()),
                     tuple(rows))


def diff_grids(old: list[Grid], new: list[Grid]) -> TableDiff:
    """Tables matched by title (in order); a table only one side has counts as rows added or removed."""
    matcher = difflib.SequenceMatcher(None, [g.title for g in old], [g.title for g in new], autojunk=False)
    parts: list[TableDiff] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for i, j in zip(range(i1, i2), range(j1, j2)):
            if old[i] != new[j]:
                parts.append(diff_grid(old[i], new[j]))
        for i in range(i1 + (j2 - j1), i2):
            parts.append(diff_grid(old[i], Grid(old[i].title, old[i].header, ())))
        for j in range(j1 + (i2 - i1), j2):
            parts.append(diff_grid(Grid(new[j].title, new[j].header, ()), new[j]))
    return TableDiff(sum(p.rows_changed for p in parts), sum(p.cells_changed for p in parts),
                     sum(p.rows_added for p in parts), sum(p.rows_removed for p in parts),
                     tuple(c for p in parts for c in p.cells), tuple(r for p in parts for r in p.rows))
