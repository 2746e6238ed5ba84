"""HTML-like Graphviz labels for pohon kinerja boxes: themes, escaping, wrapping.

Graphviz does not wrap text and breaks on a bare `&` or `<`, so every string goes through
`text()` (control characters stripped, html.escape, textwrap) before it reaches a label.
"""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from cascade.fmt import target as fmt_target
from cascade.model.types import Crosscutting, Indikator, Jabatan, Node

WRAP = 42  # characters per line of a statement; ~240 pt at 9 pt
WRAP_IK = 30  # indicator names share the row with the target column
CHIP = "#EEF2F5"  # indicator rows (primer §3.4, Pringsewu chips)
WARN = "#B91C1C"  # RPJMD sasaran no OPD supports
XC_COLOR = "#7C3AED"  # crosscutting edges and notes
SEPIHAK_COLOR = "#6B7280"  # a crosscutting link only one side wrote (keselarasan: "sepihak")


# Box headers per level (primer §3.2 with Indonesian names; PermenPANRB 53/2014 echelons);
# `dokumen.label_pohon` in pemda.yaml overrides any of them.
LABEL_POHON = {
    "tujuan": "Tujuan Perangkat Daerah",
    "sasaran": "Sasaran Strategis (Eselon II)",
    "program": "Sasaran Program (Eselon III)",
    "kegiatan": "Sasaran Kegiatan (Eselon IV)",
    "subkegiatan": "Sub Kegiatan",
}


@dataclass(frozen=True)
class Theme:
    """Header colours per box kind, and the header label per level."""

    key: str
    fill: dict
    font: dict
    labels: dict = field(default_factory=lambda: dict(LABEL_POHON))

    def band(self, kind: str) -> tuple[str, str]:
        return self.fill[kind], self.font.get(kind, "#FFFFFF")

    def with_labels(self, overrides: Mapping[str, str]) -> "Theme":
        return replace(self, labels={**LABEL_POHON, **overrides})


_NEUTRAL = "#FAFAF2"
_BLACK = "#000000"
# Every level a header colour of its own whose grey value (printed in black and white) stands at
# least 24 steps of 255 from every other level's (tests/test_pohon_cetak.py), the text black on the light
# ones and white on the dark ones.
THEMES = {
    # Kota Madiun Kertas Kerja: Strategic red, Tactical blue, Operational green, neutral context boxes;
    # the tujuan a light red, sub kegiatan a lighter green than the kegiatan.
    "madiun": Theme(
        "madiun",
        fill={"visi": _NEUTRAL, "misi": _NEUTRAL, "rpjmd_tujuan": _NEUTRAL, "rpjmd_sasaran": _NEUTRAL,
              "tujuan": "#F7D4CF", "sasaran": "#8E1F1F", "program": "#2F6DB5", "kegiatan": "#4DAE6D",
              "subkegiatan": "#8FCB9B", "crosscutting": "#FFFFFF"},
        font={k: _BLACK for k in ("visi", "misi", "rpjmd_tujuan", "rpjmd_sasaran", "tujuan", "kegiatan",
                                  "subkegiatan", "crosscutting")},
    ),
    # E-Sakip Pringsewu: one colour per echelon row of the cascading, in lighter or darker shades.
    "pringsewu": Theme(
        "pringsewu",
        fill={"visi": "#166534", "misi": "#166534", "rpjmd_tujuan": "#15803D", "rpjmd_sasaran": "#0F766E",
              "tujuan": "#C7D8FB", "sasaran": "#6B240A", "program": "#A855F7", "kegiatan": "#F0728F",
              "subkegiatan": "#E9B872", "crosscutting": "#FFFFFF"},
        font={k: _BLACK for k in ("tujuan", "kegiatan", "subkegiatan", "crosscutting")},
    ),
}


def theme_for(settings) -> Theme:
    """The theme the Pemda chose (`dokumen.tema_pohon`), with its own level labels (`dokumen.label_pohon`)."""
    return THEMES.get(settings.tema_pohon, THEMES["madiun"]).with_labels(settings.label_pohon)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value) -> str:
    """One line of plain text: control characters dropped, any whitespace run made one space."""
    return " ".join(_CONTROL.sub("", str(value if value is not None else "")).split())


def wrap(value, width: int = WRAP, balanced: bool = False) -> list[str]:
    """`value` in lines of at most `width` characters; `balanced`: the narrowest width that needs no
    more lines, so the lines are about even and the last never holds a lone word."""
    def lines_at(w: int) -> list[str]:
        return textwrap.wrap(clean(value), w, break_long_words=True, break_on_hyphens=False) or [""]

    lines = lines_at(width)
    if balanced:
        while width > 1 and len(lines_at(width - 1)) == len(lines):
            width -= 1
        lines = lines_at(width)
    return lines


def text(value, width: int = WRAP, balanced: bool = False) -> str:
    """Escaped and wrapped for an HTML-like label; lines joined with left-aligned breaks."""
    lines = wrap(value, width, balanced)
    return '<BR ALIGN="LEFT"/>'.join(esc(line) for line in lines) + '<BR ALIGN="LEFT"/>'


_DOT_ESCAPE = re.compile(r"\\(?=[GNEHTL])")


def esc(value: str) -> str:
    """html.escape, and a word joiner (U+2060, invisible) after a backslash that precedes G/N/E/H/T/L:
    dot replaces `\\N`, `\\G`… by graph and node names even in HTML-like labels, entities or not."""
    return _DOT_ESCAPE.sub("\\\\\u2060", html.escape(value, quote=True))


def target_text(ind: Indikator, tahun: int | None, years: tuple[int, ...]) -> str:
    """The target shown in a box: for `tahun`, or the end-of-period condition when `tahun` is None."""
    value = ind.kondisi_akhir(years) if tahun is None else ind.target.get(tahun)
    return fmt_target(value, ind.satuan, True)


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
    """The header of a box: the level's label only; the box names its node by statement and code."""
    return theme.labels.get(node.level) or LABEL_POHON[node.level]


def _pj_row(node: Node, jabatan: dict[str, Jabatan]) -> str:
    jab = jabatan.get(node.penanggung_jawab)
    name = jab.nama if jab else node.penanggung_jawab
    return _row(f"<I>PJ: {text(name, WRAP)}</I>", size=8)


# The other side of a crosscutting link as a reader knows it: (OPD name, statement of its node).
Other = Callable[[Crosscutting], tuple[str, str]]
# Why a link of a node is one-sided, in keselarasan's words ("sepihak: belum diakui penerima"), or "".
Sepihak = Callable[[Node, Crosscutting, bool], str]


def xc_links(node: Node) -> list[tuple[Crosscutting, bool]]:
    """The node's crosscutting links in drawing order, each with whether it is given (True) or received."""
    return [(link, given) for links, given in ((node.crosscutting, True), (node.crosscutting_diterima, False))
            for link in sorted(links, key=lambda c: (c.opd, c.node))]


def xc_port(node: Node, link: Crosscutting, given: bool) -> str:
    """The table cell a crosscutting edge leaves from (or enters): the row naming that link."""
    return port_name(node.id, given, link.opd, link.node)


def port_name(node_id: str, given: bool, opd: str, other_node: str) -> str:
    return f"xc~{node_id}~{'ke' if given else 'dari'}~{opd}~{other_node}"


def _crosscutting_rows(node: Node, other: Other | None, sepihak: Sepihak | None = None) -> list[str]:
    """Name the linked OPD inside the box too, on the row the dashed edge leaves from; a one-sided
    link in grey with keselarasan's words for it."""
    rows = []
    for link, given in xc_links(node):
        opd_name = other(link)[0] if other else "perangkat daerah lain"
        words = f"Crosscutting {'ke' if given else 'dari'} {opd_name}"
        why = sepihak(node, link, given) if sepihak else ""
        if why:
            words += f" ({why})"
        rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT" PORT="{esc(xc_port(node, link, given))}">'
                    f'<FONT POINT-SIZE="8" COLOR="{SEPIHAK_COLOR if why else XC_COLOR}"><I>{text(words)}</I>'
                    '</FONT></TD></TR>')
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
               band: Callable[[Node], str] | None = None, ik_rows: Callable[[Node], list[str]] | None = None,
               other: Other | None = None, sepihak: Sepihak | None = None) -> str:
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
    rows += _crosscutting_rows(node, other, sepihak)
    if with_children:
        for sub in node.children:
            rows.append(f'<TR><TD COLSPAN="2" PORT="{html.escape(sub.id, quote=True)}" HEIGHT="2" '
                        f'BGCOLOR="{theme.band(sub.level)[0]}"></TD></TR>')
            rows.append(head(sub))
            rows += _statement_rows(sub)
            rows += iks(sub)
            rows.append(_pj_row(sub, jabatan))
            rows += _crosscutting_rows(sub, other, sepihak)
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


def crosscutting_label(theme: Theme, title: str, opd_name: str, statement: str, keterangan: str | None,
                       sepihak: str = "") -> str:
    """The other OPD's box: upper half names the OPD and its node's statement, lower half what is
    shared (primer §3.3); a one-sided link says so in grey under the title."""
    rows = [_band(theme, "crosscutting", title)]
    if sepihak:
        rows.append(_row(f'<FONT COLOR="{SEPIHAK_COLOR}"><B>{text(sepihak)}</B></FONT>', size=8))
    rows.append(_row(f"<B>{text(opd_name)}</B>", size=8))
    if statement:
        rows.append(_row(text(statement), size=8))
    if keterangan:
        rows.append(_row(f"<I>{text(keterangan)}</I>", size=8))
    return _table(rows)


CONTEXT_LABEL = {"visi": "Visi", "misi": "Misi", "rpjmd_tujuan": "Tujuan RPJMD", "rpjmd_sasaran": "Sasaran RPJMD"}


def kind_label(theme: Theme, kind: str) -> str:
    return CONTEXT_LABEL.get(kind) or theme.labels.get(kind) or LABEL_POHON[kind]


def legend_table(theme: Theme, kinds: list[str], crosscutting: bool = True, note: str = "",
                 sepihak: bool = False) -> str:
    """The legend of a tree, two entries a row to stay low: the header colour of every kind of box
    drawn, the dashed crosscutting line, and what the abbreviations in the boxes mean."""
    cells = []
    for kind in kinds:
        fill, _ = theme.band(kind)
        cells.append(f'<TD BGCOLOR="{fill}" WIDTH="24" BORDER="1"> </TD><TD ALIGN="LEFT">'
                     f'<FONT POINT-SIZE="9">{esc(kind_label(theme, kind))}</FONT></TD>')
    if crosscutting:
        cells.append(f'<TD WIDTH="24"><FONT POINT-SIZE="9" COLOR="{XC_COLOR}"><B>- - ▸</B></FONT></TD>'
                     '<TD ALIGN="LEFT"><FONT POINT-SIZE="9">Crosscutting (lintas perangkat daerah)</FONT></TD>')
    if sepihak:
        cells.append(f'<TD WIDTH="24"><FONT POINT-SIZE="9" COLOR="{SEPIHAK_COLOR}"><B>- - ▸</B></FONT></TD>'
                     '<TD ALIGN="LEFT"><FONT POINT-SIZE="9">Crosscutting sepihak (dicatat satu pihak saja)</FONT></TD>')
    if len(cells) % 2:
        cells.append('<TD COLSPAN="2"> </TD>')
    rows = [f"<TR>{left}{right}</TR>" for left, right in zip(cells[::2], cells[1::2])]
    rows.append(legend_note(note or "IK: indikator kinerja, di kanannya targetnya; PJ: penanggung jawab", 4))
    return ('<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2" COLOR="#333333" BGCOLOR="#FFFFFF">'
            + "".join(rows) + "</TABLE>")


def legend_note(note: str, cols: int = 2) -> str:
    return (f'<TR><TD COLSPAN="{cols}" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8"><I>{text(note, 60, balanced=True)}</I>'
            '</FONT></TD></TR>')


def title_block(lines: list[str], legend: str) -> str:
    """The graph label: the title lines (the first one large) on the left, the legend on the right."""
    head, *rest = [clean(line) for line in lines if clean(line)]
    title = f'<FONT POINT-SIZE="14"><B>{text(head, 50)}</B></FONT>'
    title += "".join(f'<FONT POINT-SIZE="10">{text(line, 72)}</FONT>' for line in rest)
    return (f'<<TABLE BORDER="0" CELLSPACING="6" CELLPADDING="0"><TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">'
            # a gutter: a browser draws the SVG's text a little wider than Graphviz measured it
            f'{title}</TD><TD WIDTH="24"> </TD><TD VALIGN="TOP">{legend}</TD></TR></TABLE>>')


def target_caption(tahun: int | None, years: tuple[int, ...]) -> str:
    """Which targets the boxes show, for the title block and the Renstra caption."""
    if tahun is None:
        return f"Target Kondisi Akhir Periode (Tahun {years[-1]})" if years else "Target Kondisi Akhir Periode"
    return f"Target Tahun {tahun}"
