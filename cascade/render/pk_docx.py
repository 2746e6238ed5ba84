"""Fill a Perjanjian Kinerja Word template (docxtpl) and return reproducible .docx bytes.

Templates are looked up in the Pemda repository first (templates/pk/ beside data/), so a Pemda's
restyled copy wins; Cascade's own copy is the fallback. Rendering is strict: autoescape, so "R&D"
stays "R&D", and StrictUndefined, so a misspelt tag in an edited template is an error, not a blank.
"""
from __future__ import annotations

import datetime as dt
import os

import jinja2
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from ..model.types import Settings
from . import RenderError, ooxml

BUILTIN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "templates", "pk")
PAPER_MM = {"F4": (210, 330), "A4": (210, 297)}


def template_path(root: str, name: str) -> str:
    for folder in (os.path.join(root, "templates", "pk"), BUILTIN):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    raise RenderError("P002", f"templat Perjanjian Kinerja templates/pk/{name} tidak ditemukan",
                      "pulihkan templatnya dari repositori Cascade atau jalankan tools/make_pk_templates.py")


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


class _CompiledOnce(jinja2.Environment):
    """docxtpl compiles the same patched document XML for every PK of the set; compiling it once per
    source text is most of the work saved (`make bench`: PK rendering)."""

    def __init__(self):
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


_ENV = _CompiledOnce()


def render_docx(path: str, context: dict, settings: Settings, day: dt.date, title: str) -> bytes:
    tpl = DocxTemplate(path)
    env = _ENV
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        name = os.path.basename(path)
        raise RenderError("P003", f"templat templates/pk/{name} tidak dapat diisi: {exc}",
                          "periksa tanda {{ … }} dan {%… %} di templat (lihat templates/pk/README.md)") from exc
    _page_and_font(tpl.docx, settings)
    return ooxml.docx_bytes(tpl.docx, ooxml.source_datetime(day), title)
