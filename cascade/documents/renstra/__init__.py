"""Renstra PD in Word (Permendagri 86/2017): BAB IV–VII from the cascading, and the whole document.

    templates/renstra/bab-4.docx … bab-7.docx   one chapter each, with its T-C table
    templates/renstra/bab-narasi.docx          BAB I–III, filled from the planner's Markdown
    templates/renstra/bab-8.docx               BAB VIII (Markdown) with place, date and signature
    templates/renstra/renstra-lengkap.docx     cover and table of contents; the chapters go at {{ isi_dokumen }}

Stages: rows from the model (`renstra_data`) → the chapter templates, prepared once per process with
paper, font and columns from the Pemda settings (`docx_compiled`, docxtpl's tags, autoescape and
strict undefined) → merged tujuan/sasaran cells (`renstra_layout`) → reproducible bytes (`ooxml`);
the whole document puts the filled chapters into renstra-lengkap.docx with python-docx.
"""
from __future__ import annotations

import os
import posixpath
import re
import struct

import jinja2
from docx.opc.oxml import serialize_part_xml
from docx.shared import Mm
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from cascade import fmt
from cascade.documents import Job, Output, PemdaJob, RenderError
from cascade.documents.renstra.bab2 import Bab2Tables
from cascade.documents.renstra.tabel_tc import (
    Fmt,
    common_context,
    fmt_for,
    renstra_date,
    tabel_4_1,
    tabel_5_1,
    tabel_6_1,
    tabel_7_1,
)
from cascade.formats.docx import ooxml
from cascade.formats.docx.jinja import env_for
from cascade.formats.docx.layout import (
    MARGIN_MM,
    PAPER_MM,
    W_BODY,
    Chapter,
    apply_page_setup,
    drop_column,
    ensure_update_fields,
    find_paragraph,
    fit_tables,
    insert_chapters,
    main_table,
    merge_blank_runs,
    note_paragraph,
    prefill_toc,
    renumber_drawings,
    text_width_mm,
)
from cascade.formats.docx.markdown import insert_markdown
from cascade.formats.docx.ooxml import stand_in_text
from cascade.formats.docx.problems import (
    TemplateSourceError,
    blamed_on,
    missing,
    shown_path,
    template_lineno,
)
from cascade.formats.docx.template import (
    DOCUMENT,
    CompiledTemplate,
    Pictures,
    TemplateXmlError,
    compiled,
    well_formed,
)
from cascade.load.narrative import CHAPTERS
from cascade.paths import TOOL_ROOT

NARASI = CHAPTERS  # chapters written by the planner in Markdown, the files the loader reads: key → (BAB, title, number)
# grid columns merged over their rows, outermost first (No/tujuan, sasaran, strategi …)
MERGE_COLS = {"bab-4": (0, 1, 2), "bab-5": (0, 1, 2), "bab-6": (0, 1), "bab-7": (0,)}


def render(job: Job) -> list[Output]:
    pemda, opd = job.repo.pemda, job.opd
    when = ooxml.source_datetime(renstra_date(pemda))
    f = fmt_for(pemda)
    base = common_context(pemda, opd)
    contexts = chapter_contexts(job, f, base)
    title = f"Renstra {opd.nama} {pemda.nama} {base['periode']}"
    templates, problems = _templates(job, f)
    outputs, chapters = [], {}
    for key, ctx in contexts.items():
        tpl = templates.get(key)
        if tpl is None:
            continue
        pictures = Pictures(tpl)
        if key == "bab-4":
            ctx["gambar_pohon"] = _figure(pictures, job)
        try:
            with blamed_on(tpl.path, job.repo.root):
                chapters[key], filled = _chapter(tpl, ctx, MERGE_COLS[key], pictures)
        except RenderError as exc:  # the other chapters are still filled, so each broken one is reported
            problems.append(exc)
            continue
        data = tpl.package(filled, when, f"{title} — {key.upper()}", pictures=pictures)
        outputs.append(Output(f"renstra/{key}.docx", data))
    chapters.update(_marked_chapters(job, base, templates, problems))
    whole = anchor = None
    if "renstra-lengkap" in templates:
        lengkap = templates["renstra-lengkap"]
        try:
            whole = _render(lengkap, {**base, "isi_dokumen": stand_in_text("isi")}, job.repo.root)
            anchor = find_paragraph(whole, stand_in_text("isi"))
            if anchor is None:
                raise RenderError("D003", "templat ini tidak memuat {{ isi_dokumen }}",
                                  "tambahkan paragraf berisi {{ isi_dokumen }} di tempat bab-bab Renstra disisipkan",
                                  file=shown_path(str(lengkap.template_file), job.repo.root))
        except RenderError as exc:
            problems.append(exc)
    if problems:
        raise RenderError(problems[0].code, problems[0].message, problems[0].hint, problems[0].file,
                          others=problems[1:])
    _whole(job, whole, anchor, chapters)
    outputs.append(Output("renstra/renstra-lengkap.docx", ooxml.docx_bytes(whole, when, title)))
    return outputs


def _templates(job: Job, f: Fmt) -> tuple[dict, list[RenderError]]:
    """Every template of the Renstra opened and prepared before any is filled (chapter key → template),
    and why each of the others cannot be used: a planner who edited several sees them all in one run."""
    found, problems = {}, []
    wanted = [(key, f.in_cell) for key in MERGE_COLS] + [("bab-narasi", False), ("bab-8", False)]
    for key, drop_satuan in wanted:
        try:
            found[key] = _template(job, f"{key}.docx", drop_satuan=drop_satuan)
        except RenderError as exc:
            problems.append(exc)
    try:
        found["renstra-lengkap"] = _docxtpl(job, "renstra-lengkap.docx")
    except RenderError as exc:
        problems.append(exc)
    return found, problems


def chapter_contexts(job: Job, f: Fmt, base: dict) -> dict[str, dict]:
    """What BAB IV–VII are filled with, given the job's `fmt_for` and `common_context` (BAB IV's
    picture, `gambar_pohon`, is added when it is placed)."""
    pemda, opd = job.repo.pemda, job.opd
    rows, total = tabel_6_1(opd, f)
    return {
        "bab-4": {**base, "tabel": tabel_4_1(opd, f)},
        "bab-5": {**base, "tabel": tabel_5_1(opd)},
        "bab-6": {**base, "tabel": rows, "total": total},
        "bab-7": {**base, "tabel": tabel_7_1(pemda, opd, f)},
    }


def render_pemda(job: PemdaJob) -> list[Output]:
    return []


# ---------------------------------------------------------------- templates


_FILTERS = {"angka": fmt.angka, "rupiah": fmt.rupiah, "tanggal": fmt.tanggal}


class _Template(DocxTemplate):
    def __init__(self, path: str, env: jinja2.Environment):
        super().__init__(path)
        self.env = env

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        try:
            filled = super().render_xml_part(src_xml, part, context, jinja_env)
            well_formed(filled.encode("utf-8"))  # docxtpl reads it back with a parser that drops what breaks
            return filled
        except TemplateXmlError:
            raise
        except Exception as exc:  # noqa: BLE001 — a tag's failure is told as the template's (template_problems)
            if isinstance(exc, jinja2.TemplateSyntaxError):
                lineno = exc.lineno
            elif isinstance(exc, jinja2.TemplateError) or template_lineno(exc) is not None:
                lineno = template_lineno(exc)
            else:
                raise
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)  # the lines docxtpl gave Jinja
            raise TemplateSourceError(str(part.partname).lstrip("/"), source, lineno, exc, context) from exc


def _path(job: Job, name: str) -> str:
    """The repository's template, else Cascade's own. Whatever stands at the repository's path (a
    folder, a broken link) is used and then reported: a planner's damaged template is never
    silently replaced by Cascade's."""
    for root in (job.repo.root, TOOL_ROOT):
        path = os.path.join(root, "templates", "renstra", name)
        if os.path.lexists(path):
            return path
    raise missing(job.repo.root, "renstra", name)


def _env(job: Job):
    return env_for("renstra", _FILTERS)


def _template(job: Job, name: str, drop_satuan: bool = False) -> CompiledTemplate:
    """A chapter template prepared once per process (issue 9): the Pemda's paper, margins and font, its
    tables fitted to the page, and with `drop_satuan` the satuan column of its T-C table gone (targets
    then read "3 Dokumen"). Filling it then costs one Jinja render."""
    path = _path(job, name)
    settings = job.repo.pemda.settings

    def prepare(document):
        tbl = main_table(document.element.body)
        if drop_satuan and tbl is not None:
            drop_column(tbl, "Satuan")
        apply_page_setup(document, settings)

    with blamed_on(path, job.repo.root):
        return compiled(path, _env(job), (settings.kertas, settings.huruf, settings.ukuran_huruf, drop_satuan),
                        prepare)


def _fill(tpl: CompiledTemplate, ctx: dict):
    """The filled document's root and its other filled parts; the tables fitted again where
    `{%tc %}` or a merge may have changed a grid."""
    root, filled = tpl.fill_tree(ctx)
    if tpl.grid_may_change:
        fit_tables(root.find(W_BODY))
    return root, filled


def _chapter(tpl: CompiledTemplate, ctx: dict, cols: tuple[int, ...], pictures: Pictures
             ) -> tuple[Chapter, dict[str, bytes]]:
    """The chapter filled, its T-C table's tujuan/sasaran cells merged (`cols`), and its filled parts."""
    root, filled = _fill(tpl, ctx)
    body = root.find(W_BODY)
    tbl = main_table(body)
    if tbl is not None:
        merge_blank_runs(tbl, cols)
    if pictures or tpl.has_drawings:
        renumber_drawings(body, 1001)  # as docxtpl numbers them
    filled[DOCUMENT] = serialize_part_xml(root)
    return Chapter(body, tpl.styles(), {**tpl.images(), **pictures.blobs}), filled


def _docxtpl(job: Job, name: str) -> _Template:
    """The template filled whole by docxtpl, opened now so that a broken one is found with the others."""
    path = _path(job, name)
    with blamed_on(path, job.repo.root):
        tpl = _Template(path, _env(job))
        tpl.init_docx()
    return tpl


def _render(tpl: _Template, ctx: dict, root: str):
    with blamed_on(str(tpl.template_file), root):
        tpl.render(_protect(ctx), jinja_env=tpl.env, autoescape=True)
    return tpl.docx


# docxtpl turns these escapes back into Jinja delimiters after rendering, on the whole XML; a
# planner's text containing them is split into two w:t elements so it survives literally (the
# compiled chapters need none of this: see docx_compiled).
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


def _figure(pictures: Pictures, job: Job):
    """The pohon kinerja overview, scaled to fit a portrait page of the configured paper."""
    from cascade.documents import pohon

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
    return pictures.add(png, Mm(w), Mm(h))


# ---------------------------------------------------------------- the whole Renstra


def _marked_chapters(job: Job, base: dict, templates: dict, problems: list[RenderError]) -> dict[str, Chapter]:
    """BAB I–III and VIII with a marker paragraph where the planner's Markdown goes; why a template
    could not be filled is added to `problems` (once per template)."""
    out, failed = {}, set()
    for key in NARASI:
        name = "bab-8" if key == "bab-8" else "bab-narasi"
        tpl = templates.get(name)
        if tpl is None or name in failed:
            continue
        if key == "bab-8":
            ctx = {**base, "isi": stand_in_text(key)}
        else:
            bab, judul, _ = NARASI[key]
            ctx = {**base, "bab": {"nomor": bab, "judul": judul}, "isi": stand_in_text(key)}
        try:
            with blamed_on(tpl.path, job.repo.root):
                root, _ = _fill(tpl, ctx)
        except RenderError as exc:
            problems.append(exc)
            failed.add(name)
            continue
        out[key] = Chapter(root.find(W_BODY), tpl.styles(), tpl.images())
    return out


def _whole(job: Job, whole, anchor, chapters: dict[str, Chapter]):
    """The filled renstra-lengkap.docx (`whole`) with every chapter put in at `anchor`."""
    opd, settings = job.opd, job.repo.pemda.settings
    parts = [chapters[key] for key in ("bab-1", "bab-2", "bab-3", "bab-4", "bab-5", "bab-6", "bab-7", "bab-8")]
    insert_chapters(whole, anchor, parts)
    folder = posixpath.dirname(opd.files[0]) if opd.files else f"data/opd/{opd.key}"
    bab2 = Bab2Tables(whole, job.repo.pemda, opd, fmt_for(job.repo.pemda))
    place_narratives(whole, opd.narratives, folder, text_width_mm(settings, landscape=False),
                     {"bab-2": bab2.hooks()})
    bab2.to_landscape()
    prefill_toc(whole)
    ensure_update_fields(whole)
    apply_page_setup(whole, settings)
    renumber_drawings(whole.element.body)
    return whole


def place_narratives(document, narratives: dict[str, str], folder: str, width_mm: float,
                     tables_at: dict[str, dict] | None = None) -> None:
    """Each chapter's Markdown (checked by cascade/load/narrative.py) in place of its stand-in
    paragraph, or a note saying which file to write; and the tables a chapter holds from data
    (`tables_at`: chapter → table id → put, see `insert_markdown`), even when its text is not written."""
    tables_at = tables_at or {}
    for key, (_, _, number) in NARASI.items():
        mark = find_paragraph(document, stand_in_text(key))
        if mark is None:
            continue
        text = narratives.get(key)
        if text is None or not text.strip():
            note_paragraph(mark, f"Bab ini belum ditulis. Tulis narasinya dalam berkas {folder}/{key}.md "
                                 "(format Markdown), lalu bangun ulang dokumen.")
            for n, put in enumerate(tables_at.get(key, {}).values(), 1):
                put(mark, f"{number}.{n}")
        else:
            insert_markdown(document, mark, text, number, width_mm, tables_at.get(key))
        mark._p.getparent().remove(mark._p)
