"""Fill a Perjanjian Kinerja Word template (docxtpl) and return reproducible .docx bytes.

Templates are looked up in the Pemda repository first (templates/pk/ beside data/), so a Pemda's
restyled copy wins; Cascade's own copy is the fallback. Rendering is strict: autoescape, so "R&D"
stays "R&D", and StrictUndefined, so a misspelt tag in an edited template is an error, not a blank.

The lambang daerah (`dokumen.logo`) is put where the template holds the Jinja comment `{# lambang #}`
(the kop's left cell) when the template is prepared, so it is part of every PK filled from it.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import partial

from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cascade.formats.docx import ooxml
from cascade.formats.docx.jinja import env_for
from cascade.formats.docx.problems import blamed_on, missing
from cascade.formats.docx.template import compiled
from cascade.model.types import Settings
from cascade.paths import template

PAPER_MM = {"F4": (210, 330), "A4": (210, 297)}
LOGO_MARK = "{# lambang #}"
LOGO_MM = 20


def template_path(root: str, name: str) -> str:
    """The repository's template, else Cascade's own (cascade/paths.py)."""
    path = template(root, "pk", name)
    if path is None:
        raise missing(root, "pk", name)
    return str(path)


def logo_file(root: str, settings: Settings) -> str | None:
    """The lambang daerah's path when `dokumen.logo` names a file that exists (its validity is checked
    with the other data; a PK without it is still a valid PK)."""
    if not settings.logo:
        return None
    path = os.path.join(root, "data", settings.logo)
    return path if os.path.isfile(path) else None


def _place_logo(document, logo: str | None) -> None:
    """The logo at the end of the first paragraph holding LOGO_MARK (a Jinja comment: the mark itself prints
    nothing), looked for in paragraph text so a mark Word split over several runs is still found."""
    if logo is None:
        return
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for p in paragraphs:
        if LOGO_MARK in p.text:
            try:
                p.add_run().add_picture(logo, width=Mm(LOGO_MM))
            except Exception:  # noqa: BLE001 — not a readable image: reported by the logo check
                pass
            return


def _prepare(document, settings: Settings, logo: str | None) -> None:
    _page_and_font(document, settings)
    _place_logo(document, logo)


def _page_and_font(document, settings: Settings) -> None:
    """Paper and font follow dokumen.kertas / dokumen.huruf in pemda.yaml, whatever the template says."""
    width, height = PAPER_MM.get(settings.kertas.upper(), PAPER_MM["F4"])
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
    normal = document.styles["Normal"]
    normal.font.name = settings.huruf
    normal.font.size = Pt(settings.ukuran_huruf)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):  # python-docx sets ascii/hAnsi only; Word falls back per script
        rfonts.set(qn(attr), settings.huruf)


def render_docx(path: str, context: dict, settings: Settings, day: dt.date, title: str, root: str = ".") -> bytes:
    """`root`: the repository, whose path the template is named by when it cannot be used (template_problems)."""
    with blamed_on(path, root):
        # the template is prepared once per set of PKs (issue 9); see docx_compiled
        logo = logo_file(root, settings)
        stamp = None
        if logo is not None:  # a replaced logo file prepares the template again
            st = os.stat(logo)
            stamp = (logo, st.st_mtime_ns, st.st_size)
        tpl = compiled(path, env_for("pk"), (settings.kertas, settings.huruf, settings.ukuran_huruf, stamp),
                       partial(_prepare, settings=settings, logo=logo))
        return tpl.render(context, ooxml.source_datetime(day), title)
