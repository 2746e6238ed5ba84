"""The pohon kinerja coloured by capaian category (issue 7), reusing the pohon layout.

Each box's header band takes the colour of its node's category (the mean capaian of its
indicators); each indicator row shows target, realisasi and capaian on its own category colour.
Grey means no realisasi yet, never a low score. Every coloured cell carries an SVG id
(`capaian-<node id>`, `capaian-<indicator id>`) and a tooltip, so a reader hovering over a box, and
the tests, can tell which category it shows.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from cascade.documents import Output
from cascade.documents.pohon import Drawing, laid_out, tree_outputs
from cascade.documents.pohon.graph import Ctx, make_ctx, overview, sasaran_tree
from cascade.documents.pohon.label import (
    CHIP,
    SEPIHAK_COLOR,
    WRAP_IK,
    XC_COLOR,
    clean,
    esc,
    level_title,
    node_label,
    text,
)
from cascade.fmt import nilai_satuan, persen, target
from cascade.formats.dot.run import run_dot_many, settle, svg_size_px
from cascade.model.capaian import KATEGORI, KATEGORI_LABEL, EvaluasiTahun
from cascade.model.types import Node

# Traffic-light palette, readable in black-and-white print by lightness; text colour per fill.
WARNA = {
    "sangat_tinggi": ("#1B7F3B", "#FFFFFF"),
    "tinggi": ("#7CB342", "#000000"),
    "sedang": ("#FBC02D", "#000000"),
    "rendah": ("#EF6C00", "#FFFFFF"),
    "sangat_rendah": ("#C62828", "#FFFFFF"),
    None: ("#9E9E9E", "#000000"),
}
PAGE_W, PAGE_H = 3900, 2700  # as cascade/documents/pohon/__init__.py: A3 landscape at a readable scale
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def persen_text(value: float | None) -> str:
    return "belum ada data" if value is None else persen(value)


def _attrs(cell_id: str, tooltip: str, kategori: str | None) -> str:
    # HREF makes dot 2.43+ emit the ID as an SVG group; it points at nothing outside the drawing.
    return (f'ID="{html.escape(cell_id, quote=True)}" TOOLTIP="{esc(clean(tooltip))}" '
            f'HREF="#{kategori or "belum-ada-data"}"')


@dataclass(frozen=True)
class EvalCtx(Ctx):
    """A pohon Ctx whose boxes are painted by capaian (pohon_graph calls `label` for every box)."""

    evaluasi: EvaluasiTahun | None = None

    def band(self, node: Node) -> str:
        e = self.evaluasi.node(node.id)
        fill, font = WARNA[e.kategori]
        status = KATEGORI_LABEL[None] if e.persen is None else f"{persen_text(e.persen)} · {KATEGORI_LABEL[e.kategori]}"
        tip = f"{level_title(self.theme, node)} {clean(node.judul)}: capaian {status}"
        return (f'<TR><TD COLSPAN="2" BGCOLOR="{fill}" ALIGN="LEFT" {_attrs("capaian-" + node.id, tip, e.kategori)}>'
                f'<FONT COLOR="{font}" POINT-SIZE="10"><B>{esc(clean(level_title(self.theme, node)))}</B>'
                f'<BR ALIGN="LEFT"/>{esc(clean(status))}<BR ALIGN="LEFT"/></FONT></TD></TR>')

    def ik_rows(self, node: Node) -> list[str]:
        rows = []
        for c in self.evaluasi.node(node.id).indikator:
            fill, font = WARNA[c.kategori]
            ind = c.indikator
            real = "belum ada data" if c.realisasi is None else nilai_satuan(c.realisasi, ind.satuan, True)
            if c.sampai_triwulan:
                real += f" (s.d. TW {ROMAN[c.sampai_triwulan]})"
            value = (f"T: {esc(clean(target(c.target, ind.satuan, True)))}<BR/>R: {esc(clean(real))}<BR/>"
                     f"<B>{esc(clean(persen_text(c.persen)))}</B>")
            tip = f"{ind.nama}: capaian {persen_text(c.persen)} · {KATEGORI_LABEL[c.kategori]}"
            rows.append(f'<TR><TD BGCOLOR="{CHIP}" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8">'
                        f'IK: {text(ind.nama, WRAP_IK)}</FONT></TD>'
                        f'<TD BGCOLOR="{fill}" {_attrs("capaian-" + ind.id, tip, c.kategori)}>'
                        f'<FONT POINT-SIZE="8" COLOR="{font}">{value}</FONT></TD></TR>')
        return rows

    def label(self, node: Node, with_children: bool = False) -> str:
        return node_label(self.theme, node, self.opd.jabatan_by_id(), self.tahun, self.years, with_children,
                          band=self.band, ik_rows=self.ik_rows, other=self.other, sepihak=self.sepihak)

    def shows(self) -> str:
        return f"Capaian Kinerja Tahun {self.evaluasi.tahun}"

    def legend(self, kinds: list[str], sepihak: bool = False) -> str:
        return legend(self.repo.pemda.kategori_capaian, self.evaluasi.sampai_triwulan, sepihak)


def legend(batas: dict, sampai_triwulan: int | None, sepihak: bool = False) -> str:
    """The legend (in the title block): every category with its band (from the settings), grey for
    no data, and the dashed crosscutting line."""
    bounds = [batas[k] for k in KATEGORI[:-1]]
    ranges = [f"≥ {persen(bounds[0])}"]
    ranges += [f"{persen(lo)} – < {persen(hi)}" for hi, lo in zip(bounds, bounds[1:])]
    ranges += [f"< {persen(bounds[-1])}"]
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="10"><B>Legenda kategori capaian</B></FONT></TD></TR>']
    for key, rng in zip(KATEGORI, ranges):
        fill, font = WARNA[key]
        rows.append(f'<TR><TD BGCOLOR="{fill}" WIDTH="28"> </TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">'
                    f'{esc(KATEGORI_LABEL[key])} ({esc(rng)})</FONT></TD></TR>')
    rows.append(f'<TR><TD BGCOLOR="{WARNA[None][0]}" WIDTH="28"> </TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">'
                f'Belum ada data realisasi</FONT></TD></TR>')
    rows.append(f'<TR><TD WIDTH="28"><FONT POINT-SIZE="9" COLOR="{XC_COLOR}"><B>- - ▸</B></FONT></TD>'
                f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9">Crosscutting (kinerja lintas perangkat daerah)</FONT></TD></TR>')
    if sepihak:
        rows.append(f'<TR><TD WIDTH="28"><FONT POINT-SIZE="9" COLOR="{SEPIHAK_COLOR}"><B>- - ▸</B></FONT></TD>'
                    '<TD ALIGN="LEFT"><FONT POINT-SIZE="9">Crosscutting sepihak (dicatat satu pihak saja)</FONT></TD></TR>')
    note = "T: target, R: realisasi; warna judul kotak = rata-rata capaian indikatornya"
    if sampai_triwulan:
        note += f"; capaian sementara s.d. triwulan {ROMAN[sampai_triwulan]} terhadap target setahun"
    rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8"><I>{text(note, 48, balanced=True)}</I></FONT></TD></TR>')
    return ('<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" COLOR="#333333" BGCOLOR="#FFFFFF">'
            + "".join(rows) + "</TABLE>")


def _sasaran_plan(ctx: EvalCtx, sasaran: Node):
    """The sasaran tree in as few kegiatan columns as fit on a page (the widest program decides);
    a plan for `settle`."""
    widest = max((len(p.children) for p in sasaran.children), default=1)
    for columns in range(1, max(widest, 1) + 1):
        g = sasaran_tree(ctx, sasaran, list(sasaran.children), columns)
        svg = yield g
        w, h = svg_size_px(svg)
        if h <= PAGE_H or w > PAGE_W:
            break
    return [Drawing(f"sasaran-{sasaran.id}", g.source(), svg)]


def outputs(repo, opd, evaluasi: EvaluasiTahun, folder: str, cache=None) -> list[Output]:
    """`ikhtisar` (tujuan → sasaran → program) and one tree per sasaran, under `folder`; `cache`: a
    DotCache, so a tree drawn before is not drawn again."""
    base = make_ctx(repo, opd, evaluasi.tahun)
    ctx = EvalCtx(base.repo, base.opd, base.theme, evaluasi.tahun, evaluasi)
    plans = [laid_out("ikhtisar", overview(ctx))]
    plans += [_sasaran_plan(ctx, s) for t in opd.tujuan for s in t.children]
    drawn = settle(plans, lambda sources: run_dot_many(sources, "svg", cache))
    return tree_outputs([d for found in drawn for d in found], cache, folder)
