"""HTML-like Graphviz labels for pohon kinerja boxes: themes, escaping, wrapping.

Graphviz does not wrap text and breaks on a bare `&` or `<`, so every string goes through
`text()` (control characters stripped, html.escape, textwrap) before it reaches a label.
"""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import Callable

from cascade.fmt import nilai_satuan
from cascade.model.types import LEVEL_LABEL, Indikator, Jabatan, Node

WRAP = 42  # characters per line of a statement; ~240 pt at 9 pt
WRAP_IK = 30  # indicator names share the row with the target column
CHIP = "#EEF2F5"  # indicator rows (primer §3.4, Pringsewu chips)
WARN = "#B91C1C"  # RPJMD sasaran no OPD supports
XC_COLOR = "#7C3AED"  # crosscutting edges and notes


@dataclass(frozen=True)
class Theme:
    """Header colours per box kind, and the tier name shown next to the level (Madiun practice)."""

    key: str
    fill: dict
    font: dict
    tier: dict

    def band(self, kind: str) -> tuple[str, str]:
        return self.fill[kind], self.font.get(kind, "#FFFFFF")


_NEUTRAL = "#FAFAF2"
THEMES = {
    # Kota Madiun Kertas Kerja: Strategic red, Tactical blue, Operational green, neutral context boxes.
    "madiun": Theme(
        "madiun",
        fill={"visi": _NEUTRAL, "misi": _NEUTRAL, "rpjmd_tujuan": _NEUTRAL, "rpjmd_sasaran": _NEUTRAL,
              "tujuan": _NEUTRAL, "sasaran": "#CA3636", "program": "#3673CA", "kegiatan": "#139052",
              "subkegiatan": "#139052", "crosscutting": "#FFFFFF"},
        font={k: "#000000" for k in ("visi", "misi", "rpjmd_tujuan", "rpjmd_sasaran", "tujuan", "crosscutting")},
        tier={"sasaran": "Strategic", "program": "Tactical", "kegiatan": "Operational",
              "subkegiatan": "Operational N"},
    ),
    # E-Sakip Pringsewu: one colour per echelon row of the cascading.
    "pringsewu": Theme(
        "pringsewu",
        fill={"visi": "#166534", "misi": "#166534", "rpjmd_tujuan": "#15803D", "rpjmd_sasaran": "#0F766E",
              "tujuan": "#2563EB", "sasaran": "#C2410C", "program": "#9333EA", "kegiatan": "#E11D48",
              "subkegiatan": "#B45309", "crosscutting": "#FFFFFF"},
        font={"crosscutting": "#000000"},
        tier={"sasaran": "ESS II", "program": "ESS III", "kegiatan": "ESS IV", "subkegiatan": "Pelaksana"},
    ),
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value) -> str:
    """One line of plain text: control characters dropped, any whitespace run made one space."""
    return " ".join(_CONTROL.sub("", str(value if value is not None else "")).split())


def text(value, width: int = WRAP) -> str:
    """Escaped and wrapped for an HTML-like label; lines joined with left-aligned breaks."""
    lines = textwrap.wrap(clean(value), width, break_long_words=True, break_on_hyphens=False) or [""]
    return '<BR ALIGN="LEFT"/>'.join(esc(line) for line in lines) + '<BR ALIGN="LEFT"/>'


_DOT_ESCAPE = re.compile(r"\\(?=[GNEHTL])")


def esc(value: str) -> str:
    """html.escape, and a word joiner (U+2060, invisible) after a backslash that precedes G/N/E/H/T/L:
    dot replaces `\\N`, `\\G`… by graph and node names even in HTML-like labels, entities or not."""
    return _DOT_ESCAPE.sub("\\\\\u2060", html.escape(value, quote=True))


def target_text(ind: Indikator, tahun: int | None, years: tuple[int, ...]) -> str:
    """The target shown in a box: for `tahun`, or the end-of-period condition when `tahun` is None."""
    value = ind.kondisi_akhir(years) if tahun is None else ind.target.get(tahun)
    return nilai_satuan(value, ind.satuan, True)


def _band(theme: Theme, kind: str, title: str, cols: int = 2) -> str:
    fill, font = theme.band(kind)
    return (f'<TR><TD COLSPAN="{cols}" BGCOLOR="{fill}" ALIGN="LEFT">'
            f'<FONT COLOR="{font}" POINT-SIZE="10"><B>{esc(clean(title))}</B></FONT></TD></TR>')


def _row(content: str, cols: int = 2, bg: str = "#FFFFFF", size: int = 9) -> str:
    return (f'<TR><TD COLSPAN="{cols}" BGCOLOR="{bg}" ALIGN="LEFT" BALIGN="LEFT">'
            f'<FONT POINT-SIZE="{size}">{content}</FONT></TD></TR>')


def indikator_rows(indikator, tahun: int | None, years: tuple[int, ...], label: str = "IK") -> list[str]:
    rows = []
    for ind in indikator:
        rows.append(f'<TR><TD BGCOLOR="{CHIP}" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">'
                    f'{html.escape(label)}: {text(ind.nama, WRAP_IK)}</FONT></TD>'
                    f'<TD BGCOLOR="{CHIP}"><FONT POINT-SIZE="8"><B>'
                    f'{esc(clean(target_text(ind, tahun, years)))}</B></FONT></TD></TR>')
    return rows


def level_title(theme: Theme, node: Node) -> str:
    tier = theme.tier.get(node.level)
    base = f"{LEVEL_LABEL[node.level]} {node.id}"
    return f"{base} · {tier}" if tier else base


def _pj_row(node: Node, jabatan: dict[str, Jabatan]) -> str:
    jab = jabatan.get(node.penanggung_jawab)
    name = jab.nama if jab else node.penanggung_jawab
    return _row(f"<I>PJ: {text(name, WRAP)}</I>", size=8)


def _crosscutting_rows(node: Node) -> list[str]:
    """Name the linked node inside the box too: the dashed edge alone may leave from a box's border."""
    rows = []
    for links, word in ((node.crosscutting, "ke"), (node.crosscutting_diterima, "dari")):
        for link in sorted(links, key=lambda c: (c.opd, c.node)):
            rows.append(_row(f'<FONT COLOR="{XC_COLOR}"><I>{text(f"Crosscutting {word} {link.opd}: {link.node}")}'
                             f'</I></FONT>', size=8))
    return rows


def _statement_rows(node: Node) -> list[str]:
    if node.level in ("tujuan", "sasaran"):
        return [_row(text(node.uraian))]
    code = f"{node.kode} " if node.kode else ""
    name = _row(f"<B>{text(code + (node.nama or ''))}</B>", size=8)
    if node.level == "subkegiatan":
        return [name]
    # program: the sasaran program; kegiatan: the sasaran kegiatan, under the nomenclature name
    return [name, _row(text(node.uraian))] if node.uraian and node.uraian != node.nama else [name]


def _table(rows: list[str], border: str = "#333333") -> str:
    return (f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" COLOR="{border}" BGCOLOR="#FFFFFF">'
            + "".join(rows) + "</TABLE>>")


def node_label(theme: Theme, node: Node, jabatan: dict[str, Jabatan], tahun: int | None,
               years: tuple[int, ...], with_children: bool = False, owner: str = "", *,
               band: Callable[[Node], str] | None = None, ik_rows: Callable[[Node], list[str]] | None = None) -> str:
    """A box for one node; a kegiatan with `with_children` carries its sub kegiatan as rows (org-chart).
    `owner` names the OPD where boxes of several OPDs meet (the Pemda tree). `band` and `ik_rows`, when
    given, replace the header row and the indicator rows of each node (the evaluation tree colours
    them by capaian, cascade/documents/evaluasi/pohon.py)."""
    def head(n: Node) -> str:
        return band(n) if band else _band(theme, n.level, level_title(theme, n))

    def iks(n: Node) -> list[str]:
        return ik_rows(n) if ik_rows else indikator_rows(n.indikator, tahun, years)

    rows = [head(node)]
    if owner:
        rows.append(_row(f"<B>{text(owner)}</B>", size=8))
    rows += _statement_rows(node)
    rows += iks(node)
    rows.append(_pj_row(node, jabatan))
    rows += _crosscutting_rows(node)
    if with_children:
        for sub in node.children:
            rows.append(f'<TR><TD COLSPAN="2" PORT="{html.escape(sub.id, quote=True)}" HEIGHT="2" '
                        f'BGCOLOR="{theme.band(sub.level)[0]}"></TD></TR>')
            rows.append(head(sub))
            rows += _statement_rows(sub)
            rows += iks(sub)
            rows.append(_pj_row(sub, jabatan))
            rows += _crosscutting_rows(sub)
    return _table(rows)


def context_label(theme: Theme, kind: str, title: str, statement: str, indikator=(), tahun: int | None = None,
                  years: tuple[int, ...] = (), note: str = "") -> str:
    """A box for the Pemda levels (visi, misi, RPJMD tujuan/sasaran), drawn as context.
    A `note` (e.g. "belum didukung OPD") is printed in red and the border becomes red."""
    rows = [_band(theme, kind, title), _row(text(statement))]
    rows += indikator_rows(indikator, tahun, years)
    if note:
        rows.append(_row(f'<FONT COLOR="{WARN}"><B>{text(note)}</B></FONT>', size=8))
    return _table(rows, WARN if note else "#333333")


def crosscutting_label(theme: Theme, title: str, opd_name: str, node_id: str, statement: str,
                       keterangan: str | None) -> str:
    """The other OPD's box: upper half names the OPD and node, lower half what is shared (primer §3.3)."""
    rows = [_band(theme, "crosscutting", title), _row(f"<B>{text(opd_name)}</B>", size=8),
            _row(text(f"{node_id} {statement}".strip()), size=8)]
    if keterangan:
        rows.append(_row(f"<I>{text(keterangan)}</I>", size=8))
    return _table(rows)
