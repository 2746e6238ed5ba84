"""The tujuan/sasaran merges written into a filled chapter's text (cascade/render/merge_xml.py) must
be the merges the tree pass makes (renstra_layout.merge_blank_runs on the parsed document), and the
whole Renstra must still get every table when a chapter was read without its T-C table."""
from __future__ import annotations

import datetime as dt
import glob
import io
import os
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cascade.render import merge_xml, ooxml
from cascade.render import renstra_layout as L
from cascade.render.docx_compiled import OXML_PARSER, CompiledTemplate
from conftest import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_DECL = f'xmlns:w="{W}"'
R_DECL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _document(body: str, extra: str = "") -> bytes:
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f"<w:document {W_DECL} {R_DECL}{extra}><w:body>{body}<w:sectPr/></w:body></w:document>").encode()


# cell properties as Word, docxtpl and planners write them, with and without what the pass looks for
_PROPERTIES = st.sampled_from([
    "", "<w:tcPr/>", ' <w:tcPr/>', '<w:tcPr><w:tcW w:w="900" w:type="dxa"/></w:tcPr>',
    '<w:tcPr><w:tcW w:w="900" w:type="dxa"/><w:shd w:val="clear" w:fill="D9D9D9"/></w:tcPr>',
    '<w:tcPr> <w:tcW w:w="900" w:type="dxa"/> <w:shd w:val="clear"/> </w:tcPr>',
    '<w:tcPr><w:shd w:val="clear" w:fill="F2F2F2"/></w:tcPr>', '<w:tcPr> <w:shd w:val="clear"/></w:tcPr>',
    '<w:tcPr><w:tcW w:w="900" w:type="dxa"/><w:gridSpan w:val="2"/></w:tcPr>',
    '<w:tcPr><w:tcW w:w="900" w:type="dxa"/><w:gridSpan w:val="3"/><w:vAlign w:val="top"/></w:tcPr>',
    '<w:tcPr><w:tcW w:w="900" w:type="dxa"/><w:vMerge/></w:tcPr>',
    '<w:tcPr><w:tcW w:w="900" w:type="dxa"/><w:vMerge w:val="restart"/><w:shd w:val="clear"/></w:tcPr>',
    '<w:tcPr><w:gridSpan w:val="1"/><w:tcW w:w="1" w:type="dxa"/><w:tcW w:w="2" w:type="dxa"/></w:tcPr>',
    '<w:tcPr> <w:shd w:val="clear"/> <w:tcW w:w="900" w:type="dxa"/> <w:vAlign w:val="top"/> </w:tcPr>',
    '<w:tcPr>\n<w:tcW w:w="900" w:type="dxa"/>\n<w:gridSpan w:val="1"/>\n</w:tcPr>',
])
# cell text: blank in every way the tree pass reads as blank, and not
_TEXT = st.sampled_from(["", " ", "   ", "&#160;", "&#10;", "Tujuan 1", "R&amp;D", "&lt;b&gt;", " x ", "&#x41;"])
_PARAGRAPHS = st.lists(st.one_of(
    _TEXT.map(lambda t: f'<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>'),
    _TEXT.map(lambda t: f"<w:p><w:r><w:t>{t}</w:t></w:r><w:r><w:t/></w:r></w:p>"),
    st.just("<w:p/>"), st.just('<w:p><w:r><w:t xml:space="preserve"/></w:r></w:p>'),
), min_size=1, max_size=2).map("".join)
_CELL = st.tuples(_PROPERTIES, _PARAGRAPHS, st.sampled_from(["<w:tc>", '<w:tc w14:paraId="1">'])).map(
    lambda c: f"{c[2]}{c[0]}{c[1]}</w:tc>")
_ROW = st.tuples(st.lists(_CELL, min_size=0, max_size=5), st.booleans()).map(
    lambda r: ("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if r[1] else "<w:tr>") + "".join(r[0]) + "</w:tr>")


def _table(rows: list[str]) -> str:
    return '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>' + "".join(rows) + "</w:tbl>"


def _tree_merge(xml: bytes, cols) -> bytes | None:
    root = etree.fromstring(xml, OXML_PARSER)
    tbl = L.main_table(root.find(L.W_BODY))
    if tbl is None:
        return None
    L.merge_blank_runs(tbl, cols)
    return etree.tostring(root)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ROW, max_size=9), st.lists(_ROW, max_size=2), st.booleans(),
       st.sampled_from([(0,), (0, 1), (0, 1, 2), (1, 3)]))
def test_merging_in_the_text_is_merging_on_the_tree(rows, before, paragraph_first, cols):
    """Blank and filled cells (entities, spaces, empty w:t), cells with no, empty or full properties,
    spans, merges already there, header rows, a table without header rows before the T-C table."""
    body = ("<w:p><w:r><w:t>Tabel</w:t></w:r></w:p>" if paragraph_first else "") + (
        _table([r for r in before if "tblHeader" not in r]) if before else "") + _table(rows)
    xml = _document(body.replace("w14:paraId", "w:paraId"))
    expected = _tree_merge(xml, cols)
    fast = merge_xml.merge_blank_runs_xml(xml, cols)
    if expected is None:  # no T-C table: nothing to merge either way
        assert fast is None
        return
    assert fast is not None
    merged, (start, end) = fast
    assert etree.tostring(etree.fromstring(merged, OXML_PARSER)) == expected
    table = etree.fromstring(f"<w:x {W_DECL}>".encode() + merged[start:end] + b"</w:x>")[0]
    tree_table = L.main_table(etree.fromstring(expected).find(L.W_BODY))
    assert (etree.tostring(table, method="c14n", exclusive=True)
            == etree.tostring(tree_table, method="c14n", exclusive=True))


def test_the_example_chapters_merge_in_the_text(repo):
    """BAB V–VII of the example take the text path, and it merges what the tree pass merges."""
    from cascade.render import Job, renstra
    from cascade.render.renstra_data import common_context, fmt_for

    job = Job(repo, repo.opds["diskominfo"], 2026)
    contexts = renstra.chapter_contexts(job, fmt_for(repo.pemda), common_context(repo.pemda, job.opd))
    for key, ctx in contexts.items():
        if key == "bab-4":
            continue  # its picture is placed on the tree
        tpl = renstra._template(job, f"{key}.docx")
        assert tpl.plain_body, key
        xml = tpl.fill(ctx)["word/document.xml"]
        merged, _ = merge_xml.merge_blank_runs_xml(xml, renstra.MERGE_COLS[key])
        assert merged.count(b"<w:vMerge") > 3
        assert etree.tostring(etree.fromstring(merged, OXML_PARSER)) == _tree_merge(xml, renstra.MERGE_COLS[key])


def test_plain_refuses_what_the_text_reading_does_not_follow():
    shipped = sorted(glob.glob(os.path.join(ROOT, "templates", "renstra", "bab-[4-7].docx")))
    assert len(shipped) == 4
    for path in shipped:
        tpl = CompiledTemplate(path, __import__("jinja2").Environment(autoescape=True))
        assert tpl.plain_body, path
    row = "<w:tr><w:tc><w:p/></w:tc></w:tr>"
    assert merge_xml.plain(f"<w:p/><w:tbl>{row}</w:tbl></w:body>")
    for body in (f"<w:sdt><w:sdtContent><w:tbl>{row}</w:tbl></w:sdtContent></w:sdt>",
                 f"<w:tbl><!-- catatan -->{row}</w:tbl>",
                 f"<w:tbl><w:tr><w:tc><w:tbl>{row}</w:tbl><w:p/></w:tc></w:tr></w:tbl>",
                 "<w:tbl><w:tr><w:tc><w:p/></w:tc><w:trPr><w:tblHeader/></w:trPr></w:tr></w:tbl>",
                 "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{ x|safe }}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                 f'<w:tbl xmlns:v="urn:x">{row}</w:tbl>'):
        assert not merge_xml.plain(body), body


def _chapter_xml(extra_namespace: str = "") -> tuple[bytes, int, int]:
    rows = "".join(f'<w:tr><w:tc><w:p><w:r><w:t>baris {i}</w:t></w:r></w:p></w:tc></w:tr>' for i in range(4))
    body = ("<w:p><w:r><w:t>Tabel 6.1</w:t></w:r></w:p>"
            + _table(["<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p/></w:tc></w:tr>", rows]) + "<w:p/>")
    xml = _document(body, extra_namespace)
    start, end = merge_xml.main_table_span(xml)
    return xml, start, end


def _whole_with(chapter) -> bytes:
    import docx

    whole = docx.Document()
    anchor = whole.add_paragraph("tempat bab")
    whole.add_paragraph("sesudah")
    spliced: dict[bytes, bytes] = {}
    L.insert_chapters(whole, anchor, [chapter], spliced=spliced)
    data = ooxml.docx_bytes(whole, dt.datetime(2026, 1, 2), "uji", spliced)
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_chapter_read_without_its_table_gives_the_whole_document_that_table():
    import docx

    styles = docx.Document().styles.element
    xml, start, end = _chapter_xml()
    chapter = L.Chapter.stubbed(xml, start, end, styles, {})
    assert chapter.skeleton is not None and len(chapter.body.findall(L.W_TBL)) == 1
    assert b"baris" not in etree.tostring(chapter.body)  # read without it
    document = _whole_with(chapter)
    assert all(f"baris {i}".encode() in document for i in range(4))
    assert document.count(b"<w:tbl>") == 1 and b"<w:tbl></w:tbl>" not in document and b"cascade:tabel" not in document


def test_a_chapter_whose_table_cannot_be_taken_as_written_is_read_whole():
    """A namespace the whole document does not declare: the table is read from the chapter's whole
    tree instead of written in from its bytes; a table with a link is never cut out."""
    import docx

    styles = docx.Document().styles.element
    xml, start, end = _chapter_xml(' xmlns:cascade="urn:cascade:uji"')
    chapter = L.Chapter.stubbed(xml, start, end, styles, {})
    assert chapter.skeleton is not None
    document = _whole_with(chapter)
    assert all(f"baris {i}".encode() in document for i in range(4))
    assert b"<w:tbl></w:tbl>" not in document and b"<w:tbl/>" not in document

    linked = xml[:start] + xml[start:end].replace(b"<w:t>baris 0", b'<w:t r:id="rId9">baris 0') + xml[end:]
    chapter = L.Chapter.stubbed(linked, start, end + len(b' r:id="rId9"'), styles, {})
    assert chapter.skeleton is None and b"baris 0" in etree.tostring(chapter.body)


_BLOCKS = st.recursive(
    st.sampled_from(["<w:p/>", "<w:tbl/>", '<w:tbl w:x="1"/>', "<w:p><w:r><w:t>tbl</w:t></w:r></w:p>"]),
    lambda inner: st.lists(inner, max_size=3).map(
        lambda cells: '<w:tbl><w:tblPr/><w:tr><w:tc>' + "".join(cells) + "<w:p/></w:tc></w:tr></w:tbl>"),
    max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(_BLOCKS, max_size=5))
def test_outer_tables_are_the_tables_directly_in_the_body(blocks):
    """The text scan the whole Renstra and the merge use finds each table directly in the body, with
    whether it holds another, as the tree sees them; empty `<w:tbl/>` elements hold nothing."""
    xml = _document("".join(blocks))
    body = etree.fromstring(xml).find(L.W_BODY)
    expected = [(etree.tostring(t, method="c14n", exclusive=True), any(len(x) for x in t.iterdescendants(L.W_TBL)))
                for t in body.iterchildren(L.W_TBL) if len(t)]
    found = merge_xml.outer_tables(xml)
    assert [(etree.tostring(etree.fromstring(f"<w:x {W_DECL}>".encode() + xml[a:b] + b"</w:x>")[0],
                            method="c14n", exclusive=True), nested) for a, b, nested in found] == expected
    assert merge_xml.outer_tables(xml.replace(b"<w:body>", b"<w:body></w:tbl>")) is None  # tags that do not pair
