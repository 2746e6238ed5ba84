"""The fast paths of issue 9 must give the same answers as the slow ones they stand in for:
libyaml's composer as our own composer, fastjsonschema's verdict as jsonschema's."""
from __future__ import annotations

import copy
import dataclasses
import glob
import os

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.load import yaml_strict
from cascade.load.yaml_strict import load_text
from cascade.validate import schema

CORPUS = sorted(glob.glob(os.path.join(ROOT, "tests", "corpus", "*.yaml")))
EXAMPLE = sorted(glob.glob(os.path.join(ROOT, "data", "**", "*.yaml"), recursive=True))


def _kind(path: str) -> str:
    name = os.path.basename(path)
    if name == "pemda.yaml":
        return "pemda"
    if name in ("opd.yaml", "renstra.yaml"):
        return name[:-5]
    return "realisasi" if "/realisasi/" in path else "program"


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def _slow_load(text: str, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(yaml_strict, "_c_safe", lambda _text: False)
        return load_text(text, "f.yaml")


@pytest.mark.parametrize("path", EXAMPLE + CORPUS, ids=lambda p: os.path.relpath(p, ROOT))
def test_libyaml_composer_gives_the_same_document(path, monkeypatch):
    text = _read(path)
    fast_doc, fast_diags = load_text(text, "f.yaml")
    slow_doc, slow_diags = _slow_load(text, monkeypatch)
    assert [d.format() for d in fast_diags] == [d.format() for d in slow_diags]
    assert (fast_doc is None) == (slow_doc is None)
    if fast_doc is not None:
        assert fast_doc.data == slow_doc.data
        assert fast_doc.positions == slow_doc.positions
        assert fast_doc.key_positions == slow_doc.key_positions


def test_the_example_takes_the_libyaml_composer():
    assert all(yaml_strict._c_safe(_read(p)) for p in EXAMPLE)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                        # anchor and alias
    '{"a":&x 1, "b":*x}\n',                    # the same after JSON-like keys
    "- [&x a, *x]\n",
    "a: [" * 3000 + "]" * 3000 + "\n",         # flow nesting past the bound libyaml is given
    "".join("  " * i + f"k{i}:\n" for i in range(1000)),  # deep block nesting
])
def test_text_libyaml_could_mishandle_takes_our_composer(text):
    assert not yaml_strict._c_safe(text)


# ------------------------------------------------------------------ schema gate
def _agree(data, kind: str) -> None:
    authoritative = not any(True for _ in schema._validator(kind).iter_errors(data))
    assert schema._valid_fast(data, kind) == authoritative, (kind, data)


LOADABLE = [p for p in EXAMPLE + CORPUS if load_text(_read(p), "f.yaml")[0] is not None]


def test_the_corpus_reaches_the_schema():
    assert len(set(LOADABLE) & set(CORPUS)) >= 40


@pytest.mark.parametrize("path", LOADABLE, ids=lambda p: os.path.relpath(p, ROOT))
def test_gate_agrees_with_jsonschema_on_every_file(path):
    _agree(load_text(_read(path), "f.yaml")[0].data, _kind(path))


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 3000) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "2025", "2025-02-30", "2025-02-28", "2025-W01-1", "20250101", "2025-01-01\n", "２０２５-01-01", "2.16.01", "positif", "negatif", "diskominfo",
                       "199001012015031001", "Rp 1.000", "1.000,5", "kepala", "eselon_iv", "definitif", "plt"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "nama", "2025", "2026", "target", "pagu", "x_tak_dikenal"]), inner, max_size=3),
    max_leaves=6)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


VALID = [(p, _kind(p)) for p in EXAMPLE]


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(VALID), st.integers(min_value=0), st.sampled_from(["replace", "delete", "add"]), VALUES)
def test_gate_agrees_with_jsonschema_on_mutated_data(source, pick, action, value):
    path, kind = source
    doc, _ = load_text(_read(path), "f.yaml")
    data = copy.deepcopy(doc.data)
    paths = list(_paths(data))[1:]
    where = paths[pick % len(paths)]
    parent = data
    for part in where[:-1]:
        parent = parent[part]
    last = where[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[f"{last}_baru" if isinstance(last, str) else "baru"] = value
    else:
        parent.append(value)
    _agree(data, kind)


# ------------------------------------------------------------------ compiled Word templates
def _pk_template_with_header(dest) -> str:
    import docx

    document = docx.Document(os.path.join(ROOT, "templates", "pk", "pk-opd.docx"))
    document.sections[0].header.paragraphs[0].text = "PK {{ tahun }} · {{ opd.alamat }}"
    path = os.path.join(str(dest), "pk-opd.docx")
    document.save(path)
    return path


def _canonical(xml: bytes) -> bytes:
    from lxml import etree

    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_compiled_template_fills_like_docxtpl(repo, tmp_path):
    import datetime as dt
    import io
    import zipfile

    import docx
    import jinja2
    from docxtpl import DocxTemplate
    from lxml import etree

    from cascade.documents import Job, pk
    from cascade.documents.pk import data as pk_data
    from cascade.documents.pk import template as pk_docx
    from cascade.formats.docx.jinja import env_for
    from cascade.formats.docx.template import CompiledTemplate

    path = _pk_template_with_header(tmp_path)
    job = Job(repo, repo.opds["diskominfo"], 2026)
    day = repo.pemda.settings.pk_date(2026)
    ctx = pk.context(job, pk_data.build_all(job.opd, repo.pemda, 2026, day))
    ctx["opd"]["alamat"] = "Jalan Merdeka 1\nArunika\t(kantor) & <gedung B>"  # docxtpl's w:br and w:tab
    settings = repo.pemda.settings

    slow = DocxTemplate(path)
    slow.init_docx()
    pk_docx._page_and_font(slow.docx, settings)
    # the reference: docxtpl with a plain environment of the same settings
    slow.render(ctx, jinja_env=jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True), autoescape=True)
    fast = CompiledTemplate(path, env_for("pk"), lambda d: pk_docx._page_and_font(d, settings))
    data = fast.render(ctx, dt.datetime(2026, 1, 5), "judul")

    package = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(package.read("word/document.xml")).find(slow.docx.element.body.tag)
    assert _canonical(etree.tostring(body)) == _canonical(etree.tostring(slow.docx.element.body))
    header = docx.Document(io.BytesIO(data)).sections[0].header
    assert header.paragraphs[0].text == "PK 2026 · Jalan Merdeka 1\nArunika\t(kantor) & <gedung B>"
    assert "<w:br/>" in package.read("word/header1.xml").decode()


def _edited_pk_template(repo, tmp_path, old: str, new: str):
    import zipfile

    src = zipfile.ZipFile(os.path.join(repo.root, "templates", "pk", "pk-opd.docx"))
    members = {i.filename: src.read(i.filename) for i in src.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert old in xml
    members["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    folder = tmp_path / "repo" / "templates" / "pk"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "pk-opd.docx", "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    return dataclasses.replace(repo, root=str(tmp_path / "repo"))


@pytest.mark.parametrize("new,code", [
    ("{{ '%c'|format(60)|safe }}", "T012"),     # fills to "<": not XML any more
    ("{{ pk.pertama.nama }}</w:t>", "T007"),   # the template itself is not XML
])
def test_a_broken_edited_template_is_an_error_not_a_broken_file(repo, tmp_path, new, code):
    from cascade.documents import Job, RenderError, pk

    other = _edited_pk_template(repo, tmp_path, "{{ pk.pertama.nama }}", new)
    with pytest.raises(RenderError) as info:
        pk.render(Job(other, other.opds["diskominfo"], 2026))
    assert info.value.code == code and info.value.file == "templates/pk/pk-opd.docx"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                                  min_size=1, max_size=12),
                          st.binary(max_size=3000) | st.sampled_from([b"", b"<w:p/>" * 500])),
                min_size=1, max_size=6, unique_by=lambda m: m[0]))
def test_zip_writer_gives_what_zipfile_gives(members):
    """`ooxml.zip_bytes` (which keeps each member's deflate by content) writes the bytes zipfile writes."""
    import io
    import zipfile

    from cascade.formats.docx import ooxml

    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for name, data in members:
            out.writestr(ooxml.member(name), data)
    assert ooxml.zip_bytes(members) == expected.getvalue()
    assert ooxml.zip_bytes(members) == expected.getvalue()  # again, from the kept deflates
    with zipfile.ZipFile(io.BytesIO(ooxml.zip_bytes(members))) as back:
        assert back.testzip() is None
        assert [(i.filename, back.read(i)) for i in back.infolist()] == members


# ---------------------------------------------------------------- Renstra table cells read in one pass


def _rows_cell_by_cell(tbl):
    from cascade.formats.docx import layout as L

    return [(tr, L._grid_cells(tr)) for tr in tbl.iterchildren(L.W_TR)]


def test_renstra_table_pass_reads_the_cells_a_cell_by_cell_walk_reads(repo):
    import io

    import docx

    from cascade.documents import Job, renstra
    from cascade.formats.docx import layout as L

    tables = 0
    for out in renstra.render(Job(repo, repo.opds["diskominfo"], 2026)):
        for tbl in docx.Document(io.BytesIO(out.data)).element.body.iter(L.W_TBL):
            tables += 1
            assert L._rows(tbl) == _rows_cell_by_cell(tbl), out.path
    assert tables >= 5


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(1, 3))),
       st.sets(st.tuples(st.integers(0, 3), st.integers(0, 4))), st.sampled_from([None, "w:tbl", "w:sdt"]))
def test_table_pass_on_spans_missing_widths_and_wrapped_content(rows, cols, spans, unsized, wrap):
    """Horizontal merges (w:gridSpan), cells without w:tcW, and a table or content control inside a
    cell (read cell by cell then) give the same cells either way."""
    from copy import deepcopy

    import docx
    from docx.oxml import OxmlElement

    from cascade.formats.docx import layout as L

    table = docx.Document().add_table(rows=rows, cols=cols)
    for r, c, width in spans:
        if r < rows and c + width <= cols:
            try:
                table.cell(r, c).merge(table.cell(r, c + width - 1))
            except Exception:  # overlaps an earlier merge: python-docx refuses, the case is skipped
                pass
    tbl = table._tbl
    for r, c in unsized:
        if r < rows and c < len(list(tbl.tr_lst[r].iterchildren(L.W_TC))):
            tc = list(tbl.tr_lst[r].iterchildren(L.W_TC))[c]
            tc_w = tc.find(L._TC_W)
            if tc_w is not None:
                tc_w.getparent().remove(tc_w)
    if wrap:
        inner = OxmlElement(wrap)
        inner.append(deepcopy(tbl.tr_lst[0]) if wrap == "w:tbl" else OxmlElement("w:sdtContent"))
        next(tbl.iter(L.W_TC)).append(inner)
    assert L._rows(tbl) == _rows_cell_by_cell(tbl)


# ---------------------------------------------------------------- the nomenklatur read lazily


def _nomenklatur_by_dictreader(root, rel):
    """The nomenklatur as csv.DictReader reads it, every Entry made up front: the reference for
    `load_nomenklatur`, which keeps the cells and makes an Entry when a kode is looked up."""
    import csv
    import io

    from cascade.diagnostics import Loc, error
    from cascade.load.nomenklatur import COLUMNS, Entry

    text = open(os.path.join(root, rel), "rb").read().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return None, [error(Loc(rel, 1, 1), "N001", f"kolom wajib tidak ada: {', '.join(missing)}",
                            "baris pertama harus memuat kode,level,nama")]
    entries, diags = {}, []
    for row in reader:
        kode = (row.get("kode") or "").strip()
        if not kode:
            continue
        if kode in entries:
            diags.append(error(Loc(rel, reader.line_num, 1), "N002", f"kode `{kode}` tercantum dua kali (pertama di "
                               f"baris {entries[kode].loc.line})", "hapus salah satu baris"))
            continue
        satuan = (row.get("satuan_if_known") or row.get("satuan") or "").strip() or None
        entries[kode] = Entry(kode, (row.get("level") or "").strip(), " ".join((row.get("nama") or "").split()),
                              satuan, Loc(rel, reader.line_num, 1))
    return entries, diags


def _same_nomenklatur(root, rel):
    """The same table, and the same N001/N002 at the same lines (the reader now checks more: each
    row's kode, level and nama, tests/test_nomenklatur_csv.py)."""
    from cascade.load.nomenklatur import parse_nomenklatur

    table, diags = parse_nomenklatur(open(os.path.join(root, rel), "rb").read(), rel)
    entries, expected = _nomenklatur_by_dictreader(root, rel)
    assert [(d.code, d.loc.line) for d in diags if d.code in ("N001", "N002")] == [(d.code, d.loc.line) for d in expected]
    if entries is None:
        assert not table.rows and diags
        return
    assert list(table.rows) == list(entries)
    assert all(table.get(k) == e for k, e in entries.items())
    assert table.get("9.99.99") is None


def test_nomenklatur_read_lazily_is_the_nomenklatur():
    _same_nomenklatur(ROOT, "data/referensi/nomenklatur.csv")


_CELL = st.text(alphabet=" ab.,\"1", max_size=5)  # a line break in a cell is now an error (N005)


@settings(max_examples=200, deadline=None)
@given(st.permutations(["kode", "level", "nama", "satuan", "satuan_if_known", "x"]), st.integers(3, 6),
       st.lists(st.lists(_CELL | st.sampled_from(["2.16.01", " 2.16.01 ", "2.16.02", "", "  "]), max_size=8),
                max_size=8))
def test_nomenklatur_read_lazily_on_any_csv(tmp_path_factory, columns, width, rows):
    """Columns in any order, some missing, short and long rows, blank lines, quoted commas and
    quotes, duplicate codes, whitespace-only satuan_if_known."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns[:width])
    for row in rows:
        writer.writerow(row)
        if len(row) == 1:
            buf.write("\n")  # a blank line
    folder = tmp_path_factory.mktemp("nomenklatur")
    (folder / "n.csv").write_text(buf.getvalue(), encoding="utf-8")
    _same_nomenklatur(str(folder), "n.csv")


# ---------------------------------------------------------------- Renstra chapters from templates prepared once


def _docxtpl_then_laid_out(job, key: str, ctx: dict):
    """A chapter body as docxtpl fills the template, laid out afterwards as before the templates were
    prepared once: satuan column dropped, paper and table widths set, the table laid out for print."""
    import jinja2
    from docxtpl import DocxTemplate

    from cascade.documents import renstra
    from cascade.documents.renstra.tabel_tc import fmt_for
    from cascade.formats.docx import layout as L

    tpl = DocxTemplate(os.path.join(ROOT, "templates", "renstra", f"{key}.docx"))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(renstra._FILTERS)
    tpl.render(ctx, jinja_env=env, autoescape=True)
    tbl = L.main_table(tpl.docx.element.body)
    if fmt_for(job.repo.pemda).in_cell:
        L.drop_column(tbl, "Satuan")  # BAB V has none
    L.apply_page_setup(tpl.docx, job.repo.pemda.settings)
    # widths from the content, a piece per tujuan/sasaran group, merges within pieces, rows kept whole
    L.print_table(tbl, tpl.docx.styles.element, job.repo.pemda.settings.huruf, renstra.MERGE_COLS[key])
    return tpl.docx.element.body


def _c14n_ignoring_blanks(element) -> bytes:
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(etree.tostring(element), parser), method="c14n")


@pytest.mark.parametrize("edit", [None, "A4, satuan dalam sel"])
def test_prepared_renstra_chapters_equal_docxtpl_filled_then_laid_out(tmp_repo, edit):
    """Paper, font, table widths and the dropped satuan column are applied to the template once per
    process (renstra._template); the chapters must read as applying them to each filled chapter did."""
    import io

    import docx

    from cascade.documents import Job, renstra
    from cascade.documents.renstra.tabel_tc import common_context, fmt_for
    from cascade.pipeline import check

    if edit:
        path = os.path.join(tmp_repo, "data", "pemda.yaml")
        text = open(path, encoding="utf-8").read()
        assert "kertas: F4" in text and "tema_pohon: madiun" in text
        text = text.replace("kertas: F4", "kertas: A4").replace(
            "tema_pohon: madiun", "tema_pohon: madiun\n  tampil_satuan: dalam_sel")
        open(path, "w", encoding="utf-8").write(text)
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors
    job = Job(checked.repo, checked.repo.opds["diskominfo"], 2026)
    built = {o.path: o.data for o in renstra.render(job)}
    contexts = renstra.chapter_contexts(job, fmt_for(job.repo.pemda), common_context(job.repo.pemda, job.opd))
    for key in ("bab-5", "bab-6", "bab-7"):  # BAB IV's picture is placed differently (no InlineImage)
        fast = docx.Document(io.BytesIO(built[f"renstra/{key}.docx"])).element.body
        slow = _docxtpl_then_laid_out(job, key, contexts[key])
        assert _c14n_ignoring_blanks(fast) == _c14n_ignoring_blanks(slow), key
        assert len(list(fast.iter(qn_w("tr")))) > 3


def qn_w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))
               | st.sampled_from(list(" \t\n\r\x0b\x1c\xa0\u2003*_|#")), max_size=30))
def test_markdown_escaping_skips_only_what_needs_no_spacing_fixed(text):
    """md_escape leaves text whose spacing is already one space between words as it is; the answer is
    still: whitespace runs made one space, ends trimmed, every Markdown character escaped."""
    from cascade.documents.keselarasan import md_escape

    assert md_escape(text) == "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in " ".join(text.split()))


def test_a_pattern_end_is_the_end_of_the_string_as_json_schema_means_it():
    """ECMA-262 `$` never matches before a final newline; Python's re.search does. "P-X\\n" is no id,
    for the authority as for the gate (hypothesis once found the two disagreeing on it)."""
    data = {"program": {"id": "P-X\n"}}
    errors = [e for e in schema._validator("program").iter_errors(data) if list(e.path) == ["program", "id"]]
    assert [e.validator for e in errors] == ["pattern"]
    data["program"]["id"] = "P-X"
    assert not [e for e in schema._validator("program").iter_errors(data) if list(e.path) == ["program", "id"]]
