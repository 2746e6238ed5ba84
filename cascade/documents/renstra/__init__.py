"""Renstra PD in Word (Permendagri 86/2017): BAB IV–VII from the cascading, and the whole document.

    templates/renstra/bab-4.docx … bab-7.docx   one chapter each, with its T-C table
    templates/renstra/bab-narasi.docx          BAB I–III, filled from the planner's Markdown
    templates/renstra/bab-8.docx               BAB VIII (Markdown) with place, date and signature
    templates/renstra/renstra-lengkap.docx     cover (with the lambang daerah), front matter (Kata Pengantar from
                                               kata-pengantar.md, the penetapan page, Daftar Isi/Tabel/Gambar);
                                               the chapters go at {{ isi_dokumen }}

Stages: rows from the model (`renstra_data`) → the chapter templates, prepared once per process with
paper, font and columns from the Pemda settings (`docx_compiled`, docxtpl's tags, autoescape and
strict undefined) → merged tujuan/sasaran cells (`renstra_layout`) → reproducible bytes (`ooxml`);
the whole document puts the filled chapters into renstra-lengkap.docx with python-docx.
"""
from __future__ import annotations

import os
import re
import threading

import jinja2
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from cascade import fmt
from cascade.documents import Job, Output, PemdaJob, RenderError
from cascade.documents.renstra.bab2 import Bab2Tables
from cascade.documents.renstra.tabel_tc import (
    Fmt,
    common_context,
    fmt_for,
    marks_iku,
    renstra_date,
    tabel_4_1,
    tabel_5_1,
    tabel_6_1,
    tabel_7_1,
    with_groups,
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
    mark_captions,
    note_paragraph,
    prefill_indexes,
    print_table,
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
from cascade.load.narrative import CHAPTERS, FRONT_MATTER
from cascade.paths import template

KATA_PENGANTAR = next(iter(FRONT_MATTER))  # "kata-pengantar": data/opd/<opd>/kata-pengantar.md
LOGO_MM = 40  # height of the lambang daerah on the cover
NARASI = CHAPTERS  # chapters written by the planner in Markdown, the files the loader reads: key → (BAB, title, number)
# grid columns merged over their rows, outermost first (tujuan and sasaran are group rows: only BAB V's
# strategi column is merged over its arah kebijakan)
MERGE_COLS = {"bab-4": (), "bab-5": (0,), "bab-6": (), "bab-7": ()}


def render(job: Job) -> list[Output]:
    _start_figures(job)
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
            ctx.update(_figures(pictures, job, "bab-4"))
        try:
            with blamed_on(tpl.path, job.repo.root):
                chapters[key], filled = _chapter(tpl, ctx, MERGE_COLS[key], pictures, pemda.settings.huruf)
        except RenderError as exc:  # the other chapters are still filled, so each broken one is reported
            problems.append(exc)
            continue
        data = tpl.package(filled, when, f"{title} — {key.upper()}", pictures=pictures)
        outputs.append(Output(f"renstra/{key}.docx", data))
    chapters.update(_marked_chapters(job, base, templates, problems))
    if "lampiran-pohon" in templates:
        tpl = templates["lampiran-pohon"]
        pictures = Pictures(tpl)
        try:
            with blamed_on(tpl.path, job.repo.root):
                chapters["lampiran-pohon"], _ = _chapter(tpl, {**base, **_figures(pictures, job, "lampiran")}, (),
                                                         pictures, job.repo.pemda.settings.huruf)
        except RenderError as exc:
            problems.append(exc)
    whole = anchor = None
    if "renstra-lengkap" in templates:
        lengkap = templates["renstra-lengkap"]
        try:
            whole = _render(lengkap, {**base, **_front_matter(job, lengkap), "isi_dokumen": stand_in_text("isi")},
                            job.repo.root)
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
    wanted = [(key, f.in_cell) for key in MERGE_COLS] + [("bab-narasi", False), ("bab-8", False),
                                                         ("lampiran-pohon", False)]
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
        "bab-4": {**base, "tabel": with_groups(tabel_4_1(opd, f))},
        "bab-5": {**base, "tabel": with_groups(tabel_5_1(opd))},
        "bab-6": {**base, "tabel": with_groups(rows), "total": total},
        "bab-7": {**base, "tabel": tabel_7_1(pemda, opd, f), "iku": marks_iku(opd)},
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
    """The repository's template, else Cascade's own (cascade/paths.py)."""
    path = template(job.repo.root, "renstra", name)
    if path is None:
        raise missing(job.repo.root, "renstra", name)
    return str(path)


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


def _chapter(tpl: CompiledTemplate, ctx: dict, cols: tuple[int, ...], pictures: Pictures, font: str
             ) -> tuple[Chapter, dict[str, bytes]]:
    """The chapter filled and its T-C table laid out for print (`print_table`: widths from the content,
    a piece per tujuan/sasaran group, `cols` merged), and its filled parts."""
    root, filled = _fill(tpl, ctx)
    body = root.find(W_BODY)
    tbl = main_table(body)
    if tbl is not None:
        print_table(tbl, tpl.styles(), font, cols)
    if pictures or tpl.has_drawings:
        renumber_drawings(body, 1001)  # as docxtpl numbers them
    filled[DOCUMENT] = serialize_part_xml(root)
    _inherit_headers(body)
    return Chapter(body, tpl.styles(), {**tpl.images(), **pictures.blobs}), filled


def _inherit_headers(body) -> None:
    """A section break inside a chapter (BAB IV turns landscape for its figures) names no header or
    footer of its own in the whole Renstra: its references point into the chapter's package, and
    without them the section takes the running header of the one before it."""
    for sect in body.iter(qn("w:sectPr")):
        if sect.getparent() is body:
            continue
        for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            sect.remove(ref)


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


CAPTION_ROOM_MM = 16  # below a figure on its landscape page: the caption, two lines at most


def figure_box_pt(settings) -> tuple[float, float]:
    """The room for one pohon picture on a landscape page of the configured paper, in points."""
    short = PAPER_MM.get(settings.kertas, PAPER_MM["F4"])[0]
    height = short - MARGIN_MM["top"] - MARGIN_MM["bottom"] - CAPTION_ROOM_MM
    return text_width_mm(settings, landscape=True) * 72 / 25.4, height * 72 / 25.4


def _start_figures(job: Job) -> None:
    """Start drawing the pohon figures of BAB IV and the lampiran now, beside the tables: they are
    mostly `dot` rasterising at print resolution, outside Python, and the chapters ask for them only
    near the end. `_figures` takes them from the job when they are done, or draws them itself (and
    reports what went wrong) when drawing them here failed."""
    from cascade.documents.pohon import figures

    threading.Thread(target=_quietly, args=(figures.bab4_figures, job, *figure_box_pt(job.repo.pemda.settings)),
                     daemon=True).start()


def _quietly(draw, *args) -> None:
    try:
        draw(*args)
    except Exception:  # noqa: BLE001 — the chapter's own call draws again and reports it
        pass


def _figures(pictures: Pictures, job: Job, which: str) -> dict:
    """The pohon pictures of BAB IV (per tujuan, split until readable) or of the lampiran (per
    sasaran), each scaled to its landscape page, with their captions, for the chapter's context."""
    from cascade.documents.pohon import figures
    from cascade.documents.pohon.label import target_caption

    settings = job.repo.pemda.settings
    box_w, box_h = figure_box_pt(settings)
    found = (figures.bab4_figures if which == "bab-4" else figures.lampiran_figures)(job, box_w, box_h)
    shows = target_caption(None if settings.pohon_target == "akhir" else job.tahun, job.repo.pemda.years)
    prefix = "4" if which == "bab-4" else "L"
    items = []
    for n, fig in enumerate(found, start=1):
        scale = fig.scale(box_w, box_h)
        items.append({"nomor": n, "judul": f"{fig.title}, {shows}",
                      "gambar": pictures.add(fig.png, Pt(fig.width_pt * scale), Pt(fig.height_pt * scale))})
    if not items:
        refer = "gambar berikut"
    elif len(items) == 1:
        refer = f"Gambar {prefix}.1"
    else:
        refer = f"Gambar {prefix}.1 sampai dengan Gambar {prefix}.{len(items)}"
    return {"gambar_pohon": items, "rujukan_gambar": refer, "target_pohon": shows.lower()}


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


def _front_matter(job: Job, tpl) -> dict:
    """What the cover and front matter of renstra-lengkap.docx are filled with: the lambang daerah
    (data/<dokumen.logo>, checked by rule R064–R066), the Kata Pengantar's stand-in paragraph (its
    Markdown goes there later) or "" for no Kata Pengantar page, and the Keputusan or None for no
    penetapan page."""
    from docxtpl import InlineImage

    settings, opd = job.repo.pemda.settings, job.opd
    logo = ""
    path = os.path.join(job.repo.root, "data", settings.logo) if settings.logo else ""
    if path and os.path.isfile(path):
        logo = InlineImage(tpl, path, height=Mm(LOGO_MM))
    text = opd.narratives.get(KATA_PENGANTAR) or ""
    k = opd.keputusan
    return {
        "logo": logo,
        "kata_pengantar": stand_in_text(KATA_PENGANTAR) if text.strip() else "",
        "keputusan": {"nomor": k.nomor, "tanggal": fmt.tanggal(k.tanggal), "tentang": k.tentang} if k else None,
    }


def _whole(job: Job, whole, anchor, chapters: dict[str, Chapter]):
    """The filled renstra-lengkap.docx (`whole`) with every chapter put in at `anchor`, the planner's
    Markdown in place, and the Daftar Isi/Tabel/Gambar listing what is there."""
    opd, settings = job.opd, job.repo.pemda.settings
    parts = [chapters[key] for key in ("bab-1", "bab-2", "bab-3", "bab-4", "bab-5", "bab-6", "bab-7", "bab-8")]
    if "lampiran-pohon" in chapters:  # the per-sasaran trees, on landscape pages after BAB VIII
        parts.append(chapters["lampiran-pohon"])
    insert_chapters(whole, anchor, parts)
    bab2 = Bab2Tables(whole, job.repo.pemda, opd, fmt_for(job.repo.pemda))
    width = text_width_mm(settings, landscape=False)
    place_narratives(whole, opd.narratives, width, {"bab-2": bab2.hooks()})
    bab2.to_landscape()
    mark = find_paragraph(whole, stand_in_text(KATA_PENGANTAR))
    if mark is not None:
        insert_markdown(whole, mark, opd.narratives[KATA_PENGANTAR], 0, width)
        mark._p.getparent().remove(mark._p)
    mark_captions(whole)
    prefill_indexes(whole)
    ensure_update_fields(whole)
    apply_page_setup(whole, settings)
    renumber_drawings(whole.element.body)
    return whole


def place_narratives(document, narratives: dict[str, str], width_mm: float,
                     tables_at: dict[str, dict] | None = None) -> None:
    """Each chapter's Markdown (checked by cascade/load/narrative.py) in place of its stand-in
    paragraph, or a note that the chapter is not written yet; and the tables a chapter holds from data
    (`tables_at`: chapter → table id → put, see `insert_markdown`), even when its text is not written."""
    tables_at = tables_at or {}
    for key, (_, _, number) in NARASI.items():
        mark = find_paragraph(document, stand_in_text(key))
        if mark is None:
            continue
        text = narratives.get(key)
        if text is None or not text.strip():
            # the printed page names no file: templates/renstra/README.md tells the planner where chapters live
            note_paragraph(mark, "Bab ini belum ditulis.")
            for n, put in enumerate(tables_at.get(key, {}).values(), 1):
                put(mark, f"{number}.{n}")
        else:
            insert_markdown(document, mark, text, number, width_mm, tables_at.get(key))
        mark._p.getparent().remove(mark._p)
