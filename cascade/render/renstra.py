"""Renstra PD in Word (Permendagri 86/2017): BAB IV–VII from the cascading, and the whole document.

    templates/renstra/bab-4.docx … bab-7.docx   one chapter each, with its T-C table
    templates/renstra/bab-narasi.docx          BAB I–III, filled from the planner's Markdown
    templates/renstra/bab-8.docx               BAB VIII (Markdown) with place, date and signature
    templates/renstra/renstra-lengkap.docx     cover and table of contents; the chapters go at {{ isi_dokumen }}

Stages: rows from the model (`renstra_data`) → docxtpl with autoescape and strict undefined → layout
fixes with python-docx (`renstra_layout`) → reproducible bytes (`ooxml`).
"""
from __future__ import annotations

import io
import os
import posixpath
import struct

import jinja2
from docxtpl import DocxTemplate, InlineImage
from docx.shared import Mm
from lxml import etree
from markupsafe import Markup, escape

from .. import fmt
from . import Job, Output, PemdaJob, RenderError, ooxml
from .docx_compiled import NEEDS_TABLE_FIX
from .jinja_env import env_for
from .markdown_docx import insert_markdown
from .renstra_data import (
    common_context, fmt_for, renstra_date, tabel_4_1, tabel_5_1, tabel_6_1, tabel_7_1,
)
from .renstra_layout import (
    PAPER_MM, MARGIN_MM, apply_page_setup, drop_column, ensure_update_fields, find_paragraph, insert_chapters,
    main_table, merge_blank_runs, note_paragraph, prefill_toc, renumber_drawings, text_width_mm,
)

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NARASI = {  # chapters written by the planner in Markdown: key → (BAB, title, number for captions)
    "bab-1": ("BAB I", "PENDAHULUAN", 1),
    "bab-2": ("BAB II", "GAMBARAN PELAYANAN PERANGKAT DAERAH", 2),
    "bab-3": ("BAB III", "PERMASALAHAN DAN ISU-ISU STRATEGIS PERANGKAT DAERAH", 3),
    "bab-8": ("BAB VIII", "PENUTUP", 8),
}
# grid columns merged over their rows, outermost first (No/tujuan, sasaran, strategi …)
MERGE_COLS = {"bab-4": (0, 1, 2), "bab-5": (0, 1, 2), "bab-6": (0, 1), "bab-7": (0,)}
MARK = "\u2063cascade:{}\u2063"  # invisible separators: a marker paragraph no planner text can look like


def render(job: Job) -> list[Output]:
    pemda, opd = job.repo.pemda, job.opd
    settings = pemda.settings
    when = ooxml.source_datetime(renstra_date(pemda))
    f = fmt_for(pemda)
    base = common_context(pemda, opd)

    chapters = {}
    tpl = _template(job, "bab-4.docx")
    chapters["bab-4"] = _render(tpl, {**base, "tabel": tabel_4_1(opd, f), "gambar_pohon": _figure(tpl, job)})
    chapters["bab-5"] = _render(_template(job, "bab-5.docx"), {**base, "tabel": tabel_5_1(opd)})
    rows, total = tabel_6_1(opd, f)
    chapters["bab-6"] = _render(_template(job, "bab-6.docx"), {**base, "tabel": rows, "total": total})
    chapters["bab-7"] = _render(_template(job, "bab-7.docx"), {**base, "tabel": tabel_7_1(pemda, opd, f)})
    for key, doc in chapters.items():
        _finish_tables(doc, key, f.in_cell)
        apply_page_setup(doc, settings)

    title = f"Renstra {opd.nama} {pemda.nama} {base['periode']}"
    outputs = [Output(f"renstra/{key}.docx", ooxml.docx_bytes(doc, when, f"{title} — {key.upper()}"))
               for key, doc in chapters.items()]
    whole = _whole(job, base, chapters)
    outputs.append(Output("renstra/renstra-lengkap.docx", ooxml.docx_bytes(whole, when, title)))
    return outputs


def render_pemda(job: PemdaJob) -> list[Output]:
    return []


# ---------------------------------------------------------------- templates


_FILTERS = {"angka": fmt.angka, "rupiah": fmt.rupiah, "tanggal": fmt.tanggal}


class _Template(DocxTemplate):
    def __init__(self, path: str, env: jinja2.Environment):
        super().__init__(path)
        self.env = env

    def build_xml(self, context, jinja_env=None):
        xml = self.patch_xml(self.get_xml())  # docxtpl's build_xml, noting what fix_tables will need
        self._grid_may_change = bool(NEEDS_TABLE_FIX.search(xml))
        return self.render_xml_part(xml, self.docx._part, context, jinja_env)

    def fix_tables(self, xml: str):
        # docxtpl's grid repair walks every row and cell of the filled body (BAB VI: 40 ms of a
        # 300-sub OPD) though only `{%tc %}`, colspan and hm change a row's cells; `{%tr %}` copies
        # whole rows. Otherwise just docxtpl's parse.
        if self._grid_may_change:
            return super().fix_tables(xml)
        return etree.fromstring(xml, parser=etree.XMLParser(recover=True))

    def resolve_listing(self, xml: str) -> str:
        # docxtpl scans every paragraph for tabs and line breaks in the values (a fifth of BAB VI's
        # rendering time); without any such character there is nothing to turn into w:tab / w:br
        return super().resolve_listing(xml) if any(c in xml for c in "\t\a\n\f") else xml


def _template(job: Job, name: str) -> _Template:
    for root in (job.repo.root, PROJECT_ROOT):
        path = os.path.join(root, "templates", "renstra", name)
        if os.path.isfile(path):
            return _Template(path, env_for("renstra", job.template_cache, _FILTERS))
    raise RenderError("D001", f"templat Renstra templates/renstra/{name} tidak ditemukan",
                      "pulihkan berkas templat dari git atau jalankan tools/make_renstra_templates.py")


def _render(tpl: _Template, ctx: dict):
    name = os.path.basename(str(tpl.template_file))
    try:
        tpl.render(_protect(ctx), jinja_env=tpl.env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise RenderError("D002", f"templat templates/renstra/{name} tidak dapat diisi: {exc}",
                          "periksa tag {{ … }} dan {%tr … %} di templat; nama variabel ada di "
                          "cascade/render/renstra_data.py") from exc
    return tpl.docx


# docxtpl turns these escapes back into Jinja delimiters after rendering, on the whole XML;
# a planner's text containing them is split into two w:t elements so it survives literally.
_DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")
_SPLIT = '</w:t><w:t xml:space="preserve">'


def _protect(value):
    if isinstance(value, str) and any(e in value for e in _DOCXTPL_ESCAPES):
        text = str(escape(value))
        for e in _DOCXTPL_ESCAPES:
            text = text.replace(e, e[0] + _SPLIT + e[1:])
        return Markup(text)
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_protect(v) for v in value]
    return value


def _figure(tpl: DocxTemplate, job: Job):
    """The pohon kinerja overview, scaled to fit a portrait page of the configured paper."""
    from . import pohon

    png = pohon.overview_png(job)
    width_px, height_px = struct.unpack(">II", png[16:24])
    settings = job.repo.pemda.settings
    max_w = text_width_mm(settings, landscape=False)
    page_h = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])[1]
    max_h = page_h - MARGIN_MM["top"] - MARGIN_MM["bottom"] - 90  # room for the heading and caption
    w = max_w
    h = w * height_px / width_px
    if h > max_h:
        h, w = max_h, max_h * width_px / height_px
    return InlineImage(tpl, io.BytesIO(png), width=Mm(w), height=Mm(h))


def _finish_tables(doc, key: str, in_cell: bool) -> None:
    tbl = main_table(doc)
    if tbl is None:
        return
    if in_cell:  # targets read "3 Dokumen": the satuan column would repeat it
        drop_column(tbl, "Satuan")
    merge_blank_runs(tbl, MERGE_COLS[key])


# ---------------------------------------------------------------- the whole Renstra


def _whole(job: Job, base: dict, chapters: dict):
    opd, settings = job.opd, job.repo.pemda.settings
    parts = []
    for key in ("bab-1", "bab-2", "bab-3", "bab-4", "bab-5", "bab-6", "bab-7", "bab-8"):
        if key in chapters:
            parts.append(chapters[key])
        elif key == "bab-8":
            parts.append(_render(_template(job, "bab-8.docx"), {**base, "isi": MARK.format(key)}))
        else:
            bab, judul, _ = NARASI[key]
            parts.append(_render(_template(job, "bab-narasi.docx"),
                                 {**base, "bab": {"nomor": bab, "judul": judul}, "isi": MARK.format(key)}))
    whole = _render(_template(job, "renstra-lengkap.docx"), {**base, "isi_dokumen": MARK.format("isi")})
    anchor = find_paragraph(whole, MARK.format("isi"))
    if anchor is None:
        raise RenderError("D003", "templat templates/renstra/renstra-lengkap.docx tidak memuat {{ isi_dokumen }}",
                          "tambahkan paragraf berisi {{ isi_dokumen }} di tempat bab-bab Renstra disisipkan")
    insert_chapters(whole, anchor, parts)
    folder = posixpath.dirname(opd.files[0]) if opd.files else f"data/opd/{opd.key}"
    width = text_width_mm(settings, landscape=False)
    for key, (_, _, number) in NARASI.items():
        mark = find_paragraph(whole, MARK.format(key))
        if mark is None:
            continue
        text = opd.narratives.get(key)
        if text is None or not text.strip():
            note_paragraph(mark, f"Bab ini belum ditulis. Tulis narasinya dalam berkas {folder}/{key}.md "
                                 "(format Markdown), lalu bangun ulang dokumen.")
        else:
            insert_markdown(whole, mark, text, number, width)
        mark._p.getparent().remove(mark._p)
    prefill_toc(whole)
    ensure_update_fields(whole)
    apply_page_setup(whole, settings)
    renumber_drawings(whole)
    return whole
