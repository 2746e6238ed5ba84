"""A pohon kinerja's Graphviz source read back as boxes, and the boxes a change altered.

Each box is a node with an HTML-like label (a table of rows); its text rows are what the picture
shows. Boxes are matched by their Graphviz name, which is stable across a change, but never shown:
a box is named by what it says. A box's parent is the box its solid edge comes from (through the
small junction points the layout inserts); dashed edges are crosscutting, not the tree.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from cascade.review.result import BoxChange, Delta

_NODE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*\[(.*)\];?\s*$')
_EDGE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*->\s*"((?:[^"\\]|\\.)*)"\s*(\[(.*)\])?;?\s*$')
_CELL = re.compile(r"<TD\b[^>]*>(.*?)</TD>", re.S | re.I)


@dataclass(frozen=True)
class Box:
    texts: tuple[str, ...]  # the text of each cell, top to bottom
    parent: str  # the Graphviz name of the box above ("" at the top)

    @property
    def title(self) -> str:
        """What names the box: its statement (the second cell; the first is the level band)."""
        return self.texts[1] if len(self.texts) > 1 else (self.texts[0] if self.texts else "")


def _label(attrs: str) -> str | None:
    """The `label=<…>` (HTML) or `label="…"` of a node's attributes."""
    at = attrs.find("label=<")
    if at >= 0:
        depth, i = 1, at + len("label=<")
        while i < len(attrs) and depth:
            depth += {"<": 1, ">": -1}.get(attrs[i], 0)
            i += 1
        return attrs[at + len("label=<"):i - 1]
    quoted = re.search(r'label="((?:[^"\\]|\\.)*)"', attrs)
    return quoted.group(1).replace("\\n", "\n") if quoted else None


def _texts(label: str) -> tuple[str, ...]:
    cells = _CELL.findall(label) or [label]
    out = []
    for cell in cells:
        text = re.sub(r"<BR\b[^>]*>", " ", cell, flags=re.I)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
        if text:
            out.append(text)
    return tuple(out)


def boxes(dot: str) -> dict[str, Box]:
    """Every box of a tree by its Graphviz name; junction points (empty labels) are left out."""
    texts: dict[str, tuple[str, ...]] = {}
    parent: dict[str, str] = {}
    for line in dot.splitlines():
        edge = _EDGE.match(line)
        if edge:
            if "dashed" not in (edge.group(4) or "") and edge.group(2) not in parent:
                parent[edge.group(2)] = edge.group(1)
            continue
        node = _NODE.match(line)
        if node:
            label = _label(node.group(2))
            if label is not None:
                texts[node.group(1)] = _texts(label)

    def box_above(name: str) -> str:
        seen = set()
        up = parent.get(name, "")
        while up and not texts.get(up) and up not in seen:  # through junction points
            seen.add(up)
            up = parent.get(up, "")
        return up if texts.get(up) else ""

    return {name: Box(t, box_above(name)) for name, t in texts.items() if t}


def diff_trees(old: str, new: str) -> tuple[BoxChange, ...]:
    a, b = boxes(old), boxes(new)
    out = []
    for name in list(b) + [n for n in a if n not in b]:  # in the order the tree draws them
        if name not in a:
            out.append(BoxChange("baru", b[name].title))
        elif name not in b:
            out.append(BoxChange("dihapus", a[name].title))
        else:
            x, y = a[name], b[name]
            details = _text_changes(x.texts, y.texts)
            if x.parent != y.parent:
                above = Delta("di bawah", a[x.parent].title if x.parent in a else "",
                              b[y.parent].title if y.parent in b else "")
                out.append(BoxChange("dipindah", y.title, (above,) + details))
            elif details:
                out.append(BoxChange("diubah", y.title, details))
    return tuple(out)


def _text_changes(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[Delta, ...]:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2]))
        out += [Delta("", x, y) for x, y in pairs]
        out += [Delta("", x, "") for x in old[i1 + len(pairs):i2]]
        out += [Delta("", "", y) for y in new[j1 + len(pairs):j2]]
    return tuple(out)
