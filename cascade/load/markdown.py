"""The planner's Markdown (bab-1.md …) read into blocks and inline spans, with source lines.

Pure text in, plain data out (no Word here): the checks (`narrative`) and the Word converter
(`render.markdown_docx`) read the same blocks, so what is checked is what is printed.

Supported, because that is what Renstra narratives use: headings (`#` = sub-bab, `##`, `###`),
paragraphs, bulleted (`-`, `*`, `+`) and numbered (`1.`) lists with one nested level (indent two
spaces), **bold**, *italic* / _italic_, `kode`, simple pipe tables, and a `Tabel: judul` line just
before a table, which becomes a caption numbered per chapter ("Tabel 2.1 …"). Everything else is
kept as literal text: the planner's text is never interpreted as anything but text.

Every step is linear in the text's length (a 5 MB file of `[[[[` or ` _a _a` once took hours).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^(\s*)\d+[.)]\s+(.*)$")
_CAPTION = re.compile(r"^tabel\s*:\s*(.+)$", re.IGNORECASE)
_TABLE_RULE = re.compile(r"\|?[\s:|-]+\|?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass
class Block:
    kind: str  # heading, para, bullet, number, table, caption
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0  # 1-based line of the block's first source line
    row_lines: list[int] = field(default_factory=list)  # tables: the source line of each row


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i, para, para_line = 0, [], 0
    continued: dict[int, list[str]] = {}  # list item (block index) → its continuation lines, joined once at the end

    def flush():
        if para:
            blocks.append(Block("para", " ".join(s.strip() for s in para), line=para_line))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.fullmatch(lines[i + 1].strip()) \
                and "-" in lines[i + 1]:
            flush()
            rows, row_lines = [_cells(stripped)], [i + 1]
            start = i + 1
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i].strip()))
                row_lines.append(i + 1)
                i += 1
            blocks.append(Block("table", rows=rows, line=start, row_lines=row_lines))
            continue
        elif m := _HEADING.match(line):
            flush()
            blocks.append(Block("heading", m.group(2), len(m.group(1)), line=i + 1))
        elif (m := _BULLET.match(line)) and not stripped.startswith("**"):
            flush()
            blocks.append(Block("bullet", m.group(2), _indent_level(m.group(1)), line=i + 1))
        elif m := _NUMBER.match(line):
            flush()
            blocks.append(Block("number", m.group(2), _indent_level(m.group(1)), line=i + 1))
        elif (m := _CAPTION.match(stripped)) and not para:
            blocks.append(Block("caption", m.group(1), line=i + 1))
        elif blocks and blocks[-1].kind in ("bullet", "number") and line.startswith((" ", "\t")) and not para:
            # a continuation line of a list item (`text +=` per line would copy the item each time)
            continued.setdefault(len(blocks) - 1, []).append(stripped)
        else:
            if not para:
                para_line = i + 1
            para.append(line)
        i += 1
    flush()
    for n, parts in continued.items():
        blocks[n].text = " ".join([blocks[n].text, *parts])
    # a "Tabel:" line not followed by a table is ordinary text
    for n, b in enumerate(blocks):
        if b.kind == "caption" and not (n + 1 < len(blocks) and blocks[n + 1].kind == "table"):
            b.kind, b.text = "para", f"Tabel: {b.text}"
    return blocks


def _indent_level(indent: str) -> int:
    return 1 if len(indent.expandtabs(4)) >= 2 else 0


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line)]


# ---------------------------------------------------------------- inline


TEXT, BOLD_ITALIC, BOLD, ITALIC, CODE = "text", "bold-italic", "bold", "italic", "code"
_ESCAPABLE = "\\*_`|"
# At one position the first of these that closes wins, as in the regular expression this replaces:
# (\\[\\*_`|]) | \*\*\*(.+?)\*\*\* | \*\*(.+?)\*\* | __(.+?)__ | \*(.+?)\* | (?<!\w)_(.+?)_(?!\w) |
# `(.+?)` | \[([^\]]+)\]\([^)]*\)   — which scanned to the end of the text for every opener that
# never closes, so a long paragraph of them took quadratic time.
_PAIRED = (("***", BOLD_ITALIC), ("**", BOLD), ("__", BOLD), ("*", ITALIC))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what `\w` matches in a str pattern


class _Positions:
    """Sorted start positions of a delimiter in the text (overlapping ones included), asked for
    the first one at or after a position."""

    def __init__(self, text: str, delimiter: str):
        self.at = [m.start() for m in re.finditer(f"(?={re.escape(delimiter)})", text)]

    def first_from(self, pos: int) -> int:
        k = bisect_left(self.at, pos)
        return self.at[k] if k < len(self.at) else -1


def inline_spans(text: str) -> list[tuple[str, str]]:
    """`text` as (kind, text) spans: TEXT (literal), BOLD_ITALIC, BOLD, ITALIC or CODE. An escaped
    character and a link's text are TEXT spans of their own; nothing else is interpreted."""
    n = len(text)
    if not any(c in text for c in "\\*_`["):
        return [(TEXT, text)] if text else []
    found = {d: _Positions(text, d) for d in ("***", "**", "__", "*", "`", "]", ")", "\n")}
    # `_` closes only where no word character follows it
    underscore_closers = [m.start() for m in re.finditer(r"_(?!\w)", text)]
    spans: list[tuple[str, str]] = []
    literal_from = pos = 0

    def line_end(start: int) -> int:  # `.` stops at a line break
        nl = found["\n"].first_from(start)
        return n if nl < 0 else nl

    def emit(kind: str, content: str, end: int) -> int:
        if pos > literal_from:
            spans.append((TEXT, text[literal_from:pos]))
        spans.append((kind, content))
        return end

    while pos < n:
        ch = text[pos]
        end = -1
        if ch == "\\" and pos + 1 < n and text[pos + 1] in _ESCAPABLE:
            end = emit(TEXT, text[pos + 1], pos + 2)
        elif ch == "*" or ch == "_" or ch == "`":
            for delimiter, kind in _PAIRED:
                if text.startswith(delimiter, pos):
                    start = pos + len(delimiter)
                    close = found[delimiter].first_from(start + 1)
                    if 0 <= close < line_end(start):
                        end = emit(kind, text[start:close], close + len(delimiter))
                        break
            if end < 0 and ch == "_" and (pos == 0 or not _is_word(text[pos - 1])):
                k = bisect_left(underscore_closers, pos + 2)
                close = underscore_closers[k] if k < len(underscore_closers) else -1
                if 0 <= close < line_end(pos + 1):
                    end = emit(ITALIC, text[pos + 1:close], close + 1)
            if end < 0 and ch == "`":
                close = found["`"].first_from(pos + 2)
                if 0 <= close < line_end(pos + 1):
                    end = emit(CODE, text[pos + 1:close], close + 1)
        elif ch == "[":
            bracket = found["]"].first_from(pos + 1)  # [^\]]+ crosses line breaks
            if bracket > pos + 1 and text.startswith("(", bracket + 1):
                paren = found[")"].first_from(bracket + 2)
                if paren >= 0:
                    end = emit(TEXT, text[pos + 1:bracket], paren + 1)
        if end >= 0:
            pos = literal_from = end
        else:
            pos += 1
    if literal_from < n:
        spans.append((TEXT, text[literal_from:]))
    return spans
