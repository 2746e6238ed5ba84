"""Word-level differences of two texts, as segments a report can show briefly."""
from __future__ import annotations

import difflib

from cascade.review.result import Segment


def word_diff(before: str, after: str, context: int = 5) -> tuple[tuple[Segment, ...], int, int]:
    """(segments, words added, words removed). Unchanged runs longer than twice `context` keep
    `context` words on each side of a change, the rest shown as "…"."""
    a, b = before.split(), after.split()
    segments: list[Segment] = []
    added = removed = 0
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            head = words[:context] if n else []
            tail = words[-context:] if n < len(opcodes) - 1 else []
            if len(words) <= len(head) + len(tail):
                segments.append(Segment("=", " ".join(words)))
            else:
                segments += [s for s in (Segment("=", " ".join(head)) if head else None, Segment("…", ""),
                                         Segment("=", " ".join(tail)) if tail else None) if s]
            continue
        if i2 > i1:
            segments.append(Segment("-", " ".join(a[i1:i2])))
            removed += i2 - i1
        if j2 > j1:
            segments.append(Segment("+", " ".join(b[j1:j2])))
            added += j2 - j1
    return tuple(segments), added, removed
