"""Which narrative chapters (bab-N.md) a change touched, and how: paragraphs added, removed and
changed, words added and removed, and a few word-level excerpts of what changed."""
from __future__ import annotations

import difflib
from typing import Mapping

from cascade.review.result import ChapterChange, Segment
from cascade.review.words import word_diff

MAX_EXCERPTS = 3


def _paragraphs(text: str) -> list[str]:
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return fallback


def _chapter_order(name: str) -> tuple:
    number = name.rsplit("-", 1)[-1]
    return (int(number), name) if number.isdigit() else (10**6, name)


def diff_chapter(name: str, before: str | None, after: str | None) -> ChapterChange | None:
    if before == after:
        return None
    a, b = _paragraphs(before or ""), _paragraphs(after or "")
    status = "baru" if before is None else "dihapus" if after is None else "berubah"
    added = removed = changed = words_added = words_removed = 0
    excerpts: list[tuple[Segment, ...]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(a[i1:i2], b[j1:j2]))
        for x, y in pairs:
            segments, plus, minus = word_diff(x, y)
            changed += 1
            words_added, words_removed = words_added + plus, words_removed + minus
            excerpts.append(segments)
        for x in a[i1 + len(pairs):i2]:
            removed += 1
            words_removed += len(x.split())
            excerpts.append((Segment("-", _clip(x)),))
        for y in b[j1 + len(pairs):j2]:
            added += 1
            words_added += len(y.split())
            excerpts.append((Segment("+", _clip(y)),))
    return ChapterChange(name, _title(after or before or "", name), status, added, removed, changed,
                         words_added, words_removed, tuple(excerpts[:MAX_EXCERPTS]))


def _clip(text: str, words: int = 25) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def diff_narratives(before: Mapping[str, str], after: Mapping[str, str]) -> list[ChapterChange]:
    out = []
    for name in sorted(set(before) | set(after), key=_chapter_order):
        change = diff_chapter(name, before.get(name), after.get(name))
        if change:
            out.append(change)
    return out
