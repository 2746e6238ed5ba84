"""A docxtpl template prepared once and filled many times, straight into reproducible zip bytes.

docxtpl re-reads the template, re-patches and re-compiles its XML, re-parses the filled body and
lets python-docx re-serialise every part for each document; then the zip is rewritten once more for
fixed timestamps. For a set of 30 PKs that is ~8× the cost of writing their bytes (issue 9). Here
docxtpl still does what planners rely on (Word's split runs around `{{ }}`, `{%tr %}`, `{% vm %}`),
once per template; each document then costs one Jinja render and one zip write.

Supported: Jinja in the body, headers and footers. Templates that need more of docxtpl (pictures,
sub-documents, `{% colspan %}`) keep going through DocxTemplate.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
import zipfile
from dataclasses import dataclass
from typing import Callable

import jinja2
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import escape

from .ooxml import zip_bytes

_TEMPLATED_RELS = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
_BODY = re.compile(rb"<w:body\b.*</w:body>", re.S)
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_MARKED = re.compile(r"\n<w:p([ >])")
NEEDS_TABLE_FIX = re.compile(r"\{%-?\s*tc\b|\{%-?\s*(?:colspan|hm)\b")
_LISTING_CHARS = ("\t", "\a", "\n", "\f")
_CORE = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
         "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
         "<cp:revision>1</cp:revision>"
         '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
         '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
         "<cp:lastPrinted>{when}</cp:lastPrinted></cp:coreProperties>")


class TemplateXmlError(Exception):
    """The filled template is not well-formed XML (a broken tag in an edited template)."""


@dataclass(frozen=True)
class _Part:
    name: str                      # zip member name
    data: bytes                    # the bytes when static; for a templated part, what surrounds the body
    template: jinja2.Template | None = None
    fix_tables: bool = False       # `{%tc %}` loops or merges: docxtpl's grid repair after filling


class CompiledTemplate:
    def __init__(self, path: str, env: jinja2.Environment, prepare: Callable | None = None):
        """`prepare(document)` may restyle the python-docx document (paper, fonts) before compiling."""
        self._tpl = DocxTemplate(path)
        self._tpl.render_init()
        if prepare is not None:
            prepare(self._tpl.docx)
        templated = {self._tpl.docx.part.partname: self._tpl.get_xml()}
        for rel in self._tpl.docx.part.rels.values():
            if rel.reltype in _TEMPLATED_RELS and rel.target_part.blob:
                xml = self._tpl.get_part_xml(rel.target_part)
                if "{" in xml:
                    templated[rel.target_part.partname] = xml
        buf = io.BytesIO()
        self._tpl.docx.save(buf)
        self._parts = []
        with zipfile.ZipFile(buf) as package:
            for info in package.infolist():
                data = package.read(info.filename)
                source = templated.get("/" + info.filename)
                if source is None:
                    self._parts.append(_Part(info.filename, data))
                    continue
                if info.filename == "word/document.xml":
                    data = _BODY.sub(b"\0", data, count=1)  # the filled body goes where \0 is
                patched = self._tpl.patch_xml(source)  # Word's runs split inside `{% … %}` joined
                self._parts.append(_Part(info.filename, data, self._compile(patched, env),
                                         bool(NEEDS_TABLE_FIX.search(patched))))

    def _compile(self, patched: str, env: jinja2.Environment) -> jinja2.Template:
        # the same steps as DocxTemplate.build_xml / render_xml_part, done once
        return env.from_string(_PARAGRAPH_START.sub(r"\n<w:p\1", patched))

    def render(self, context: dict, when: dt.datetime, title: str, author: str = "Cascade") -> bytes:
        """The filled document as .docx bytes with fixed timestamps (raises jinja2.TemplateError,
        TemplateXmlError)."""
        members = []
        for part in self._parts:
            data = part.data
            if part.template is not None:
                filled = self._fill(part, context)
                data = data.replace(b"\0", filled, 1) if part.name == "word/document.xml" else filled
            elif part.name == "docProps/core.xml":
                stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
                data = _CORE.format(title=escape(title), author=escape(author), when=stamp).encode("utf-8")
            members.append((part.name, data))
        return zip_bytes(members)

    def _fill(self, part: _Part, context: dict) -> bytes:
        xml = _PARAGRAPH_MARKED.sub(r"<w:p\1", part.template.render(context))
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(c in xml for c in _LISTING_CHARS):  # a value with a line break or tab: docxtpl's w:br / w:tab
            xml = self._tpl.resolve_listing(xml)
        data = xml.encode("utf-8")
        try:  # docxtpl parses it here too; a broken edited template must not give a broken file
            etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise TemplateXmlError(str(exc)) from exc
        if part.fix_tables:
            return etree.tostring(self._tpl.fix_tables(xml), encoding="utf-8")
        return data


_CACHE: dict = {}
_LOCK = threading.Lock()


def compiled(path: str, env: jinja2.Environment, key: tuple = (), prepare: Callable | None = None) -> CompiledTemplate:
    """One CompiledTemplate per template file version, environment and `key` (the settings `prepare` applies)."""
    stat = os.stat(path)
    cache_key = (path, stat.st_mtime_ns, stat.st_size, env, key)
    with _LOCK:
        if cache_key not in _CACHE:
            _CACHE[cache_key] = CompiledTemplate(path, env, prepare)
        return _CACHE[cache_key]
