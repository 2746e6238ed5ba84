"""A docxtpl template prepared once and filled many times, straight into reproducible zip bytes.

docxtpl re-reads the template, re-patches and re-compiles its XML, re-parses the filled body and
lets python-docx re-serialise every part for each document; then the zip is rewritten once more for
fixed timestamps. For a set of 30 PKs that is ~8× the cost of writing their bytes (issue 9). Here
docxtpl still does what planners rely on (Word's split runs around `{{ }}`, `{%tr %}`, `{% vm %}`),
once per template; each document then costs one Jinja render and one zip write.

Supported: Jinja in the body, headers and footers, and pictures placed by a value (`Pictures`).
Templates that need more of docxtpl (sub-documents, `{% colspan %}`) keep going through DocxTemplate.
"""
from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import threading
from dataclasses import dataclass
from typing import Callable

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import element_class_lookup
from docx.oxml.shape import CT_Inline
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup, escape

from cascade.formats.docx.ooxml import (
    DOCUMENT,
    declarations,
    inheriting,
    package_members,
    zip_bytes,
)
from cascade.formats.docx.problems import (
    TemplateSourceError,
    TemplateXmlError,
    template_lineno,
)

_TEMPLATED_RELS = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
_RELS, _TYPES = "word/_rels/document.xml.rels", "[Content_Types].xml"
_BODY = re.compile(rb"<w:body\b.*</w:body>", re.S)
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
NEEDS_TABLE_FIX = re.compile(r"\{%-?\s*tc\b|\{%-?\s*(?:colspan|hm)\b")
_LISTING_BYTES = (b"\t", b"\a", b"\n", b"\f")
_ESCAPES = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_CORE = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
         "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
         "<cp:revision>1</cp:revision>"
         '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
         '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
         "<cp:lastPrinted>{when}</cp:lastPrinted></cp:coreProperties>")


# python-docx's element classes (tcPr helpers and the like) for a filled document that is reworked
# before it is written; unlike python-docx's own parser it keeps whitespace-only text, as docxtpl does
OXML_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
OXML_PARSER.set_element_class_lookup(element_class_lookup)


@dataclass(frozen=True)
class _Part:
    name: str                      # zip member name
    data: bytes                    # the bytes when static; for a templated part, what surrounds the body
    template: jinja2.Template | None = None
    fix_tables: bool = False       # `{%tc %}` loops or merges: docxtpl's grid repair after filling


class CompiledTemplate:
    def __init__(self, path: str, env: jinja2.Environment, prepare: Callable | None = None):
        """`prepare(document)` may restyle the python-docx document (paper, fonts) before compiling."""
        self.path = path
        self._tpl = DocxTemplate(path)  # opened only to prepare; its XML helpers need no document
        self.prepared = self._prepare(prepare)
        self._parts = [_Part(name, data, None if source is None else self._compile(name, source, env), fix)
                       for name, data, source, fix in self.prepared]
        document = next(data for name, data, _, _ in self.prepared if name == DOCUMENT)
        root = re.search(rb"<w:document\b[^>]*>", document)
        self._declared = declarations(root.group()) if root else set()  # what the filled body need not repeat

    def _prepare(self, prepare: Callable | None) -> list[tuple[str, bytes, str | None, bool]]:
        """Every zip member as (name, bytes, patched Jinja source of a templated part or None, whether
        filling it needs docxtpl's grid repair)."""
        tpl = self._tpl
        tpl.render_init()
        if prepare is not None:
            prepare(tpl.docx)
        templated = {tpl.docx.part.partname: tpl.get_xml()}
        for rel in tpl.docx.part.rels.values():
            if rel.reltype in _TEMPLATED_RELS and rel.target_part.blob:
                xml = tpl.get_part_xml(rel.target_part)
                if "{" in xml:
                    templated[rel.target_part.partname] = xml
        parts = []
        for name, data in package_members(tpl.docx):
            source = templated.get("/" + name)
            if source is None:
                parts.append((name, data, None, False))
                continue
            if name == DOCUMENT:
                data = _BODY.sub(b"\0", data, count=1)  # the filled body goes where \0 is
            patched = tpl.patch_xml(source)  # Word's runs split inside `{% … %}` joined
            parts.append((name, data, patched, bool(NEEDS_TABLE_FIX.search(patched))))
        tpl.docx = None
        return parts

    def _compile(self, name: str, patched: str, env: jinja2.Environment) -> jinja2.Template:
        source = jinja_source(patched)
        try:
            return env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:  # a mistyped tag: the planner is told which paragraph
            raise TemplateSourceError(name, source, exc.lineno, exc) from exc

    def _source(self, name: str) -> str:
        """The Jinja source of the templated part `name` (asked only to say where filling it failed)."""
        return jinja_source(next(source for part, _, source, _ in self.prepared if part == name))

    @property
    def has_drawings(self) -> bool:
        """Whether the template's own text holds a drawing (a logo), whose shape id filling may repeat."""
        return any(name == DOCUMENT and (b"docPr" in data or "docPr" in source)
                   for name, data, source, _ in self.prepared)

    @property
    def grid_may_change(self) -> bool:
        """Whether filling may change a table's grid (`{%tc %}`, colspan, hm): docxtpl repairs it."""
        return any(part.fix_tables for part in self._parts)

    def render(self, context: dict, when: dt.datetime, title: str, author: str = "Cascade") -> bytes:
        """The filled document as .docx bytes with fixed timestamps (raises jinja2.TemplateError,
        TemplateXmlError)."""
        return self.package(self.fill(context), when, title, author)

    def fill(self, context: dict) -> dict[str, bytes]:
        """Every templated part filled: zip member name → bytes."""
        return {part.name: self._fill(part, context) for part in self._parts if part.template is not None}

    def fill_tree(self, context: dict) -> tuple[etree._Element, dict[str, bytes]]:
        """`fill`, with word/document.xml as its root element (python-docx's element classes) for a
        caller that reworks it; `package` takes it back as `serialize_part_xml` bytes."""
        filled = {part.name: self._fill(part, context, check=part.name != DOCUMENT)
                  for part in self._parts if part.template is not None}
        try:  # the body is always templated (`_prepare`)
            return etree.fromstring(filled.pop(DOCUMENT), OXML_PARSER), filled
        except etree.XMLSyntaxError as exc:
            raise TemplateXmlError(str(exc)) from exc

    def package(self, filled: dict[str, bytes], when: dt.datetime, title: str, author: str = "Cascade",
                pictures: "Pictures | None" = None) -> bytes:
        """The .docx of `filled` parts (the template's own bytes for the others) and `pictures`."""
        members = []
        for part in self._parts:
            data = filled.get(part.name, part.data)
            if part.name == "docProps/core.xml":
                stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
                data = _CORE.format(title=escape(title), author=escape(author), when=stamp).encode("utf-8")
            elif pictures and part.name == _RELS:
                data = pictures.relationships(data)
            elif pictures and part.name == _TYPES:
                data = pictures.content_types(data)
            members.append((part.name, data))
        return zip_bytes(members + (pictures.members() if pictures else []))

    def styles(self) -> etree._Element:
        """word/styles.xml as the template has it after `prepare`."""
        return etree.fromstring(next(p.data for p in self._parts if p.name == "word/styles.xml"), OXML_PARSER)

    def _relationships(self) -> list[dict[bytes, bytes]]:
        """The document part's relationships, each as its attributes."""
        rels = next((p.data for p in self._parts if p.name == _RELS), b"")
        return [dict(re.findall(rb'(\w+)="([^"]*)"', rel)) for rel in re.findall(rb"<Relationship\b[^>]*>", rels)]

    def images(self) -> dict[str, bytes]:
        """The document part's own pictures (a logo a planner put in the template): relationship id → bytes."""
        data = {p.name: p.data for p in self._parts}
        out = {}
        for attrs in self._relationships():
            if attrs.get(b"Type") == RT.IMAGE.encode() and attrs.get(b"TargetMode") != b"External":
                target = posixpath.normpath(posixpath.join("word", attrs.get(b"Target", b"").decode("utf-8")))
                if target in data:
                    out[attrs[b"Id"].decode("utf-8")] = data[target]
        return out

    def member_names(self) -> set[str]:
        return {part.name for part in self._parts}

    def relationship_ids(self) -> set[str]:
        return {attrs[b"Id"].decode("utf-8") for attrs in self._relationships() if b"Id" in attrs}

    def _fill(self, part: _Part, context: dict, check: bool = True) -> bytes:
        # docxtpl's `\n<w:p([ >])` → `<w:p\1`, as two replaces on the bytes (a regex substitution
        # per paragraph, or the same on a text holding non-ASCII, cost more)
        try:
            data = part.template.render(context).encode("utf-8")
        except Exception as exc:  # noqa: BLE001 — whatever a tag raises (an undefined name, 1/0): the template's
            raise TemplateSourceError(part.name, self._source(part.name), template_lineno(exc), exc, context) from exc
        data = data.replace(b"\n<w:p ", b"<w:p ").replace(b"\n<w:p>", b"<w:p>")
        if any(c in data for c in _LISTING_BYTES):  # a value with a line break or tab: docxtpl's w:br / w:tab
            data = self._tpl.resolve_listing(data.decode("utf-8")).encode("utf-8")
        if check or part.fix_tables:  # docxtpl parses it too; a broken edited template must not give a broken file
            well_formed(data)
        if part.fix_tables:
            data = etree.tostring(self._tpl.fix_tables(data.decode("utf-8")), encoding="utf-8")
        if part.name == DOCUMENT:
            return part.data.replace(b"\0", inheriting(data, self._declared), 1)
        return data


def jinja_source(patched: str) -> str:
    """A part's patched XML as Jinja compiles it: the same steps as DocxTemplate.build_xml /
    render_xml_part, done once; docxtpl turns its escapes ({_{ for a literal {{ …) back after
    filling, and so also in the values filled in: here they become literals of the template, and
    values stay as they are. Every paragraph starts a line, so Jinja's line numbers name paragraphs."""
    for escaped, literal in _ESCAPES.items():
        patched = patched.replace(escaped, "{{ '%s' }}" % literal)
    return _PARAGRAPH_START.sub(r"\n<w:p\1", patched)


class _Nothing:
    """A parser target that builds nothing: libxml2 still reads every byte (a third of building the tree)."""

    def close(self) -> None:
        return None


def well_formed(data: bytes) -> None:
    """Raise TemplateXmlError unless `data` is well-formed XML."""
    try:
        etree.fromstring(data, etree.XMLParser(target=_Nothing(), resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise TemplateXmlError(str(exc)) from exc


class Pictures:
    """The pictures of one filling of a template. `add` gives the value to put in the context (what
    docxtpl's InlineImage writes there); `package` then adds the images and their relationships."""

    def __init__(self, template: CompiledTemplate):
        self._taken = template.relationship_ids()
        self._names = template.member_names()
        self.blobs: dict[str, bytes] = {}  # relationship id → PNG

    def add(self, png: bytes, cx: int, cy: int) -> Markup:
        """A PNG `cx` × `cy` EMU inline in the text where the value is put."""
        n = 1
        while f"rId{n}" in self._taken:
            n += 1
        rid = f"rId{n}"
        self._taken.add(rid)
        self.blobs[rid] = png
        # shape ids are renumbered once the document is filled (docxtpl's fix_docpr_ids)
        inline = CT_Inline.new_pic_inline(len(self.blobs), rid, "image.png", cx, cy)
        return Markup('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r><w:t xml:space="preserve">'
                      % etree.tostring(inline, encoding="unicode"))

    def __bool__(self) -> bool:
        return bool(self.blobs)

    def _media(self) -> list[tuple[str, str, bytes]]:
        """(relationship id, target, PNG) of each picture, named as python-docx names them."""
        out, n = [], 0
        for rid, png in self.blobs.items():
            n += 1
            while f"word/media/image{n}.png" in self._names:
                n += 1
            out.append((rid, f"media/image{n}.png", png))
        return out

    def members(self) -> list[tuple[str, bytes]]:
        return [(f"word/{target}", png) for _, target, png in self._media()]

    def relationships(self, rels: bytes) -> bytes:
        added = "".join(f'<Relationship Id="{rid}" Type="{RT.IMAGE}" Target="{target}"/>'
                        for rid, target, _ in self._media())
        return rels.replace(b"</Relationships>", added.encode("utf-8") + b"</Relationships>", 1)

    def content_types(self, types: bytes) -> bytes:
        defaults = list(re.finditer(rb'<Default Extension="([^"]*)"[^>]*/>', types))
        if any(m.group(1).lower() == b"png" for m in defaults) or not defaults:
            return types
        # in order of extension, as python-docx writes them
        at = next((m.start() for m in defaults if m.group(1).lower() > b"png"), defaults[-1].end())
        return types[:at] + b'<Default Extension="png" ContentType="image/png"/>' + types[at:]


_CACHE: dict = {}
_LOCK = threading.Lock()


def compiled(path: str, env: jinja2.Environment, key: tuple = (), prepare: Callable | None = None
             ) -> CompiledTemplate:
    """One CompiledTemplate per process, template file version, environment and `key` (the settings
    `prepare` applies): the documents of an OPD share their templates, and an edited template is
    prepared again."""
    stat = os.stat(path)
    cache_key = (path, stat.st_mtime_ns, stat.st_size, env, key)
    with _LOCK:
        if cache_key not in _CACHE:
            _CACHE[cache_key] = CompiledTemplate(path, env, prepare)
        return _CACHE[cache_key]
