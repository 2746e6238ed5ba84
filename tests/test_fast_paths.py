"""The fast paths of issue 9 must give the same answers as the slow ones they stand in for:
libyaml's composer as our own composer, fastjsonschema's verdict as jsonschema's."""
from __future__ import annotations

import copy
import dataclasses
import glob
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.load import yaml_strict
from cascade.load.yaml_strict import load_text
from cascade.validate import schema
from conftest import ROOT

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


def test_kept_gates_are_the_gates(tmp_path, monkeypatch):
    """What `make` keeps compiled is what would be generated now, and nothing kept for other
    schemas or damaged is used."""
    monkeypatch.setattr(schema, "GATE_DIR", str(tmp_path))
    open(tmp_path / "gate-opd.000000000000000000000000.marshal", "wb").write(b"from another schema")
    schema.keep_gates()
    assert len(os.listdir(tmp_path)) == len(schema.KINDS), "one per kind, older ones removed"
    for kind in schema.KINDS:
        kept, path = schema._gate_code(kind)
        assert os.path.isfile(path) and kept == schema._gate_code(kind, compiled=False)[0], kind
    kept_opd, path = schema._gate_code("opd")
    open(path, "wb").write(b"\xe3damaged")
    assert schema._gate_code("opd")[0] == schema._gate_code("opd", compiled=False)[0]
    real = schema._read
    monkeypatch.setattr(schema, "_read", lambda name: {**real(name), "maxProperties": 0} if name == "opd" else real(name))
    other, other_path = schema._gate_code("opd")
    assert other_path != path and not os.path.exists(other_path)
    data = load_text(_read(os.path.join(ROOT, "data", "opd", "diskominfo", "opd.yaml")), "opd.yaml")[0].data
    for code, valid in ((kept_opd, True), (other, False)):
        namespace: dict = {}
        exec(code, namespace)
        try:
            namespace["validate"](data, custom_formats=schema._FORMATS)
            verdict = True
        except schema.fastjsonschema.JsonSchemaException:
            verdict = False
        assert verdict is valid


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
    from docxtpl import DocxTemplate
    from lxml import etree

    import jinja2

    from cascade.render import Job, pk, pk_data, pk_docx
    from cascade.render.docx_compiled import CompiledTemplate
    from cascade.render.jinja_env import env_for

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
    import dataclasses
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
    ("{{ '%c'|format(60)|safe }}", "P003"),     # fills to "<": not XML any more
    ("{{ pk.pertama.nama }}</w:t>", "P004"),   # the template itself is not XML
])
def test_a_broken_edited_template_is_an_error_not_a_broken_file(repo, tmp_path, new, code):
    from cascade.render import Job, RenderError, pk

    other = _edited_pk_template(repo, tmp_path, "{{ pk.pertama.nama }}", new)
    with pytest.raises(RenderError) as info:
        pk.render(Job(other, other.opds["diskominfo"], 2026))
    assert info.value.code == code and "pk-opd.docx" in info.value.message


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                                  min_size=1, max_size=12),
                          st.binary(max_size=3000) | st.sampled_from([b"", b"<w:p/>" * 500])),
                min_size=1, max_size=6, unique_by=lambda m: m[0]))
def test_zip_writer_gives_what_zipfile_gives(members):
    """`ooxml.zip_bytes` (which keeps each member's deflate by content) writes the bytes zipfile writes."""
    import io
    import zipfile

    from cascade.render import ooxml

    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for name, data in members:
            out.writestr(ooxml.member(name), data)
    assert ooxml.zip_bytes(members) == expected.getvalue()
    assert ooxml.zip_bytes(members) == expected.getvalue()  # again, from the kept deflates
    with zipfile.ZipFile(io.BytesIO(ooxml.zip_bytes(members))) as back:
        assert back.testzip() is None
        assert [(i.filename, back.read(i)) for i in back.infolist()] == members


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _python_docx_cell(text: str, size: float, bold: bool, align):
    """A report cell's paragraph the plain python-docx way: its run text setter is the reference."""
    import docx
    from docx.shared import Pt

    para = docx.Document().add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = para.add_run()
        run.font.size = Pt(size)
        run.bold = bold
        run.text = line
        if i < len(lines) - 1:
            run.add_break()
    return para._p


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab <&>\"' \t\n\ré—😀", max_size=24), st.booleans(), st.sampled_from([7, 8]))
def test_report_cell_is_what_python_docx_writes(text, bold, size):
    """The report writes its cells as text; python-docx's paragraph and run API is the reference."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from lxml import etree

    from cascade.render import laporan

    for align in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER):
        fast = etree.fromstring(laporan.cell_paragraph(text, size, bold, align).replace("<w:p>", f"<w:p {_W_NS}>", 1))
        slow = _python_docx_cell(text, size, bold, align)
        assert etree.tostring(fast, method="c14n", exclusive=True) == etree.tostring(slow, method="c14n", exclusive=True)


def _python_docx_report(items, settings, day, margin_mm: float = 20) -> bytes:
    """The report built through python-docx objects, block by block and cell by cell."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    from cascade.render import laporan, ooxml

    doc, text_mm = laporan.landscape_document(settings, margin_mm)  # the page is not what is compared
    title = ""
    for b in items:
        if isinstance(b, laporan.Judul):
            doc.add_paragraph(b.teks, "Title" if b.tingkat == 0 else f"Heading {b.tingkat}")
            title = title or b.teks
        elif isinstance(b, laporan.Paragraf):
            doc.add_paragraph(b.teks)
        else:
            if b.judul:
                doc.add_paragraph().add_run(b.judul).bold = True
            size = 7 if len(b.kepala) > 10 else 8
            table = doc.add_table(rows=1 + len(b.baris), cols=len(b.kepala))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            widths = [Mm(w) for w in laporan._widths(b, text_mm)]
            for column, width in zip(table.columns, widths):
                column.width = width
            rows = [(b.kepala, True, {}, True)] + [(r.sel, r.tegas, r.warna, False) for r in b.baris]
            for tr, (texts, strong, colours, head) in zip(table.rows, rows):
                if head:
                    mark = OxmlElement("w:tblHeader")
                    mark.set(qn("w:val"), "true")
                    tr._tr.get_or_add_trPr().append(mark)
                for i, cell in enumerate(tr.cells):
                    cell.width = widths[i]
                    if i >= len(texts):
                        continue
                    align = (WD_ALIGN_PARAGRAPH.CENTER if head else
                             WD_ALIGN_PARAGRAPH.RIGHT if i >= b.angka_mulai else WD_ALIGN_PARAGRAPH.LEFT)
                    cell._tc.replace(cell._tc.p_lst[0], _python_docx_cell(texts[i], size, strong, align))
                    fill = laporan.HEAD_FILL if head else colours.get(i, laporan.STRONG_FILL if strong else None)
                    if fill is not None:
                        shd = OxmlElement("w:shd")
                        for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
                            shd.set(qn(attr), value)
                        cell._tc.get_or_add_tcPr().append(shd)
            doc.add_paragraph()
    return ooxml.docx_bytes(doc, ooxml.source_datetime(day), title)


def test_report_document_is_what_python_docx_writes(repo):
    """The keselarasan report of the example, and blocks with what data can hold (escapes, tabs, line
    breaks, short rows, colours), read the same as when built through python-docx objects."""
    import datetime as dt
    import io
    import zipfile

    from cascade.keselarasan import analyse
    from cascade.render import keselarasan, laporan

    hostile = "R&D <b>\"kutip\"</b>\tta b\n baris  dua "
    items = [
        laporan.Judul("Laporan & <uji>", 0), laporan.Paragraf(""), laporan.Paragraf(hostile),
        laporan.Judul("", 2), laporan.Judul(hostile, 3),
        laporan.Tabel(("No", "Uraian", "2025"), (
            laporan.Baris(("1", hostile, "1.000")),
            laporan.Baris(("2", "pendek")),
            laporan.Baris(("3", "tegas", "9"), True, {0: "FF0000", 2: ""}),
        ), angka_mulai=2, judul="Tabel <1>"),
        laporan.Tabel(tuple(str(i) for i in range(12)), (laporan.Baris(tuple("x" * i for i in range(12))),),
                      lebar=(1,) * 12),
    ]
    blocks = [items, keselarasan.blocks(analyse(repo.pemda, repo.opds))]
    for paper in (repo.pemda.settings, dataclasses.replace(repo.pemda.settings, kertas="A4", ukuran_huruf=12)):
        for block in blocks:
            day = dt.date(2026, 1, 5)
            fast = zipfile.ZipFile(io.BytesIO(laporan.docx(block, paper, day, margin_mm=15)))
            slow = zipfile.ZipFile(io.BytesIO(_python_docx_report(block, paper, day, margin_mm=15)))
            assert fast.namelist() == slow.namelist()
            for name in fast.namelist():
                a, b = fast.read(name), slow.read(name)
                assert a == b or _canonical(a) == _canonical(b), name


# ---------------------------------------------------------------- Excel rows written as text


def _cell_by_cell_workbook(sheets, settings, when, title) -> bytes:
    """The workbook built the plain openpyxl way: a Cell per cell, merge_cells, row_dimensions, and
    openpyxl's own row writer. `excel_sheet` writes the rows itself and must give these bytes."""
    import io
    import zipfile
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Border, Font
    from openpyxl.worksheet.merge import MergedCellRange
    from openpyxl.writer.excel import ExcelWriter

    from cascade.render import ooxml
    from cascade.render import excel_sheet as X

    def put(cell, value):
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # planner text stays text, even "=…" or "#N/A"

    built = {}

    def look(cell, key, attrs):
        if key in built:
            cell._style = copy(built[key])
            return
        for name, value in attrs:
            setattr(cell, name, value)
        built[key] = copy(cell._style)

    def style(cell, bold, fill, align, number_format):
        attrs = [("font", X.Font(name=X.FONT, size=X.FONT_SIZE, bold=bold)), ("border", X.BORDER),
                 ("alignment", X.ALIGN[align])] + ([("fill", fill)] if fill is not None else []) + (
                [("number_format", number_format)] if number_format is not None else [])
        look(cell, (bold, fill is not None and fill.fgColor.rgb, align, number_format), attrs)

    def merge(ws, r0, c0, r1, c1):
        ws.merged_cells.add(MergedCellRange(ws, f"{X.get_column_letter(c0)}{r0}:{X.get_column_letter(c1)}{r1}"))
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                if (row, col) != (r0, c0):
                    cell = ws._cells[row, col] = MergedCell(ws, row, col)
                    edges = (row == r0, col == c0, col == c1, row == r1)
                    sides = {s: X.THIN for s, on in zip(("top", "left", "right", "bottom"), edges) if on}
                    look(cell, edges, [("border", Border(**sides))])

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        built.clear()
        for n, line in enumerate(sheet.heading, 1):
            put(ws.cell(n, 1), line)
            ws.cell(n, 1).font = Font(name=X.FONT, size=X.FONT_SIZE + 2, bold=True)
        top = len(sheet.heading) + 2
        for r in range(sheet.header_rows + 1):
            for c in range(len(sheet.columns)):
                style(ws.cell(top + r, c + 1), True, X.HEADER_FILL, "kepala", None)
        for h in sheet.header:
            put(ws.cell(top + h.row, h.col + 1), h.text)
            if h.rows > 1 or h.cols > 1:
                merge(ws, top + h.row, h.col + 1, top + h.row + h.rows - 1, h.col + h.cols)
        for c in range(len(sheet.columns)):
            ws.cell(top + sheet.header_rows, c + 1, f"({c + 1})")
        first = top + sheet.header_rows + 1
        for i, values in enumerate(sheet.rows):
            fill = X.TOTAL_FILL if i in sheet.emphasis else None
            for c, (value, col) in enumerate(zip(values, sheet.columns)):
                cell = ws.cell(first + i, c + 1)
                if value is not None and value != "":
                    put(cell, value)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    align = "tengah" if col.kind == "nomor" else "kanan"
                    style(cell, i in sheet.emphasis, fill, align, X.number_format(value, col.kind))
                elif col.kind in ("angka", "rupiah"):
                    style(cell, i in sheet.emphasis, fill, "tengah", None)
                else:
                    style(cell, i in sheet.emphasis, fill, "teks", "@" if col.kind == "kode" else None)
        for r0, c0, r1, c1 in sheet.merges:
            merge(ws, first + r0, c0 + 1, first + r1, c1 + 1)
        X._fit_columns(ws, sheet)
        for r, height in X._fit_rows(ws, sheet, top).items():
            ws.row_dimensions[r].height = height
        ws.cell(*X._print_setup(ws, sheet, settings, top))
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = "Cascade"
    props.title = title

    class FixedZip(zipfile.ZipFile):
        def writestr(self, name, data, *args, **kw):
            super().writestr(ooxml.member(name if isinstance(name, str) else name.filename), data)

        def write(self, filename, arcname=None, *args, **kw):
            with open(filename, "rb") as fh:
                self.writestr(arcname, fh.read())

    buf = io.BytesIO()
    with FixedZip(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        ExcelWriter(wb, archive).write_data()
    return buf.getvalue()


def test_excel_rows_are_what_openpyxl_cells_give_on_the_example(repo):
    import datetime as dt

    from cascade.render import excel_matriks, excel_tabel
    from cascade.render.excel_sheet import workbook_bytes

    when = dt.datetime(2026, 3, 4)
    for key in ("diskominfo", "bappeda"):
        opd = repo.opds[key]
        for sheet in (excel_tabel.tc27(repo.pemda, opd), excel_tabel.tc25(repo.pemda, opd),
                      excel_matriks.sheet(repo.pemda, opd, 2026)):
            expected = _cell_by_cell_workbook([sheet], repo.pemda.settings, when, "judul")
            assert workbook_bytes([sheet], repo.pemda.settings, when, "judul") == expected, (key, sheet.name)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x1F600) | st.sampled_from(
    ["\n", "\t", "\r", " ", "&", "<", ">", "=", "é", "—"]), max_size=14) | st.sampled_from(["#N/A", "=SUM(A1)"])
_VALUE = st.none() | _TEXT | st.integers(-10**15, 10**15) | st.floats(allow_nan=False, allow_infinity=False,
                                                                       width=64, min_value=-1e12, max_value=1e12)


@st.composite
def _sheets(draw):
    from cascade.render.excel_sheet import Column, HeaderCell, Sheet

    kinds = draw(st.lists(st.sampled_from(["teks", "kode", "angka", "rupiah", "nomor"]), min_size=1, max_size=5))
    width = len(kinds)
    rows = draw(st.lists(st.lists(_VALUE, min_size=width, max_size=width).map(tuple), max_size=7))
    merges, used = [], set()
    for r0, c0, tall, wide in draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4), st.integers(0, 2),
                                                      st.integers(0, 1)), max_size=4)):
        r1, c1 = r0 + tall, c0 + wide
        cells = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        if (tall or wide) and r1 < len(rows) and c1 < width and not cells & used:
            used |= cells
            merges.append((r0, c0, r1, c1))
    header = [HeaderCell(0, c, draw(_TEXT), rows=2 if c == 0 else 1) for c in range(width)]
    header += [HeaderCell(1, c, draw(_TEXT)) for c in range(1, width)]
    return Sheet(name=draw(st.sampled_from(["T-C.27", "Matriks"])), heading=tuple(draw(st.lists(_TEXT, max_size=2))),
                 columns=tuple(Column(k) for k in kinds), header=tuple(header), header_rows=2, rows=tuple(rows),
                 merges=tuple(merges), emphasis=frozenset(draw(st.sets(st.integers(0, 6)))),
                 freeze_cols=draw(st.integers(0, width - 1)))


@settings(max_examples=150, deadline=None)
@given(_sheets(), st.sampled_from(["F4", "A4"]))
def test_excel_rows_are_what_openpyxl_cells_give(sheet, kertas):
    """Any sheet: text with markup characters, CR, edge spaces, "=…", "#N/A", emoji; ints, floats,
    empty cells, merges, bold rows, an empty table."""
    import datetime as dt

    from cascade.model.types import Settings
    from cascade.render.excel_sheet import workbook_bytes

    settings_ = Settings(loc=None, kertas=kertas)
    when = dt.datetime(2025, 8, 15)
    expected = _cell_by_cell_workbook([sheet], settings_, when, "judul")
    assert workbook_bytes([sheet], settings_, when, "judul") == expected


# ---------------------------------------------------------------- Renstra table cells read in one pass


def _rows_cell_by_cell(tbl):
    from cascade.render import renstra_layout as L

    return [(tr, L._grid_cells(tr)) for tr in tbl.iterchildren(L.W_TR)]


def test_renstra_table_pass_reads_the_cells_a_cell_by_cell_walk_reads(repo):
    import io

    import docx

    from cascade.render import Job, renstra
    from cascade.render import renstra_layout as L

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

    from cascade.render import renstra_layout as L

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
    prepared once: satuan column dropped, cells merged, paper and table widths set, on the filled body."""
    import jinja2
    from docxtpl import DocxTemplate

    from cascade.render import renstra
    from cascade.render import renstra_layout as L
    from cascade.render.renstra_data import fmt_for

    tpl = DocxTemplate(os.path.join(ROOT, "templates", "renstra", f"{key}.docx"))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(renstra._FILTERS)
    tpl.render(ctx, jinja_env=env, autoescape=True)
    tbl = L.main_table(tpl.docx.element.body)
    if fmt_for(job.repo.pemda).in_cell:
        L.drop_column(tbl, "Satuan")  # BAB V has none
    L.merge_blank_runs(tbl, renstra.MERGE_COLS[key])
    L.apply_page_setup(tpl.docx, job.repo.pemda.settings)
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

    from cascade.pipeline import check
    from cascade.render import Job, renstra
    from cascade.render.renstra_data import common_context, fmt_for

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


def test_whole_renstra_writes_each_chapter_table_in_once_serialised(repo):
    """renstra-lengkap.docx gets the chapters' tables as XML written in after serialising
    (insert_chapters' stand-ins): each table reads as in its chapter, and no stand-in is left."""
    import io
    import zipfile

    import docx

    from cascade.render import Job, renstra
    from cascade.render import renstra_layout as L

    built = {o.path: o.data for o in renstra.render(Job(repo, repo.opds["diskominfo"], 2026))}
    whole = docx.Document(io.BytesIO(built["renstra/renstra-lengkap.docx"]))
    xml = zipfile.ZipFile(io.BytesIO(built["renstra/renstra-lengkap.docx"])).read("word/document.xml")
    assert b"cascade:tabel" not in xml and xml.count(b"<w:tbl>") >= 4
    assert not any("\u2063" in (t.text or "") for t in whole.element.body.iter(qn_w("t")))
    tables = [_c14n_ignoring_blanks(t) for t in whole.element.body.iterchildren(qn_w("tbl"))]
    for key in ("bab-4", "bab-5", "bab-6", "bab-7"):
        chapter = docx.Document(io.BytesIO(built[f"renstra/{key}.docx"]))
        assert _c14n_ignoring_blanks(L.main_table(chapter.element.body)) in tables, key


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["tujuan", "items", "get", "keys", "__class__", "x", "_y"]), st.integers()),
       st.sampled_from(["tujuan", "items", "get", "keys", "__class__", "x", "_y", "values", "missing"]))
def test_attribute_lookup_on_a_context_dict_is_jinjas(data, name):
    """`row.tujuan` skips the AttributeError a dict raises (jinja_env): the answer stays Jinja's own,
    attributes first (`row.items` is the method even with an "items" key), then items, else undefined."""
    import jinja2

    from cascade.render.jinja_env import CompilingEnv

    fast = CompilingEnv().getattr(data, name)
    slow = jinja2.Environment(undefined=jinja2.StrictUndefined).getattr(data, name)
    assert isinstance(fast, jinja2.Undefined) == isinstance(slow, jinja2.Undefined)
    if not isinstance(slow, jinja2.Undefined):
        assert fast == slow


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))
               | st.sampled_from(list(" \t\n\r\x0b\x1c\xa0\u2003*_|#")), max_size=30))
def test_markdown_escaping_skips_only_what_needs_no_spacing_fixed(text):
    """md_escape leaves text whose spacing is already one space between words as it is; the answer is
    still: whitespace runs made one space, ends trimmed, every Markdown character escaped."""
    from cascade.render.keselarasan import md_escape

    assert md_escape(text) == "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in " ".join(text.split()))
