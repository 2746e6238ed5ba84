"""Every document `build --pemda` writes, rendered in memory and compared with tests/golden/ (docs/golden.md)."""
from __future__ import annotations

import io
import os

import openpyxl
import pytest
from conftest import copy_example, mutate
from openpyxl.styles import Font

from tools import golden

MAKE_GOLDEN = "Run `make golden` if this change is intended"


@pytest.mark.parametrize("pemda", golden.PEMDAS, ids=lambda p: p.name)
def test_documents_match_golden_files(pemda):
    texts = golden.golden_texts(golden.outputs_of(pemda))
    found = golden.difference(pemda.name, golden.stored(os.path.join(golden.GOLDEN, pemda.name)), texts)
    if found:
        pytest.fail(found, pytrace=False)


def test_changed_data_value_fails_with_a_readable_diff(tmp_path):
    root = copy_example(tmp_path / "repo")
    mutate(root, "data/opd/dispusip/program/2.23.02-perpustakaan.yaml", "nilai: 84500", "nilai: 84123")
    texts = golden.golden_texts(golden.render_outputs(root, 2026))
    found = golden.difference("example", golden.stored(os.path.join(golden.GOLDEN, "example")), texts)

    assert found is not None
    changed = [line.split("changed: ", 1)[1] for line in found.splitlines() if line.startswith("  changed: ")]
    assert "HASHES" in changed and "dispusip/renstra/bab-6.docx/document.xml" in changed
    assert not [c for c in changed if c.split("/")[0] in ("bappeda", "diskominfo", "inspektorat")]
    diff = found[found.index("\n--- tests/golden/example/"):found.index(MAKE_GOLDEN)].strip().splitlines()
    assert diff[0].startswith("--- tests/golden/example/dispusip/") and diff[1].startswith("+++ rendered/dispusip/")
    assert any(line.startswith("-") and ("84500" in line or "84.500" in line) for line in diff)
    assert any(line.startswith("+") and ("84123" in line or "84.123" in line) for line in diff)
    assert len([line for line in diff if not line.startswith("...")]) <= golden.DIFF_LINES
    assert found.rstrip().endswith(f"{MAKE_GOLDEN}, and review the diff of tests/golden/ before committing.")


def test_xml_is_canonical_with_one_element_a_line():
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document xmlns:w="urn:w">'
           '<w:body><!-- note --><w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> a &amp; b </w:t></w:r>'
           '<w:r><w:t>one\ntwo</w:t></w:r></w:p>\n  <w:p w:z="2" w:a="1"/></w:body></w:document>')
    assert golden.pretty_xml(xml.encode("utf-8")) == (
        '<w:document xmlns:w="urn:w">\n'
        ' <w:body>\n'
        '  <w:p>\n'
        '   <w:r>\n'
        '    <w:rPr>\n'
        '     <w:b></w:b>\n'
        '    </w:rPr>\n'
        '    <w:t xml:space="preserve"> a &amp; b </w:t>\n'
        '   </w:r>\n'
        '   <w:r>\n'
        '    <w:t>one&#xA;two</w:t>\n'
        '   </w:r>\n'
        '  </w:p>\n'
        '  <w:p w:a="1" w:z="2"></w:p>\n'
        ' </w:body>\n'
        '</w:document>\n')


def test_sheet_lists_cells_merges_and_widths():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "T-C.27"
    ws["A1"] = "5"
    ws["A1"].font = Font(bold=True)
    ws["B2"] = 1234.5
    ws["B2"].number_format = "#,##0.0"
    ws["A3"] = "baris\tdua"
    ws.merge_cells("A3:B3")
    ws.merge_cells("A1:A2")
    ws.column_dimensions["A"].width = 20
    buf = io.BytesIO()
    wb.save(buf)
    assert golden.xlsx_texts("excel/t.xlsx", buf.getvalue()) == {"excel/t.xlsx/sheet1.tsv": (
        '# sheet 1: "T-C.27"\n'
        "# cell\tvalue\tnumber_format\tbold\n"
        'A1\t"5"\tGeneral\tbold\n'
        "B2\t1234.5\t#,##0.0\t-\n"
        'A3\t"baris\\tdua"\tGeneral\t-\n'
        "# merged\n"
        "A1:A2\n"
        "A3:B3\n"
        "# column widths\n"
        "A\t20\n")}


HASH_A, HASH_B = "a" * 64, "b" * 64


def _hashes(*lines: str) -> str:
    return "# a comment naming this machine's Graphviz\n" + "".join(line + "\n" for line in lines)


def test_comments_are_not_compared_but_every_hash_is_png_too():
    stored = {"HASHES": _hashes(f"{HASH_A}  opd/pohon/ikhtisar.png", f"{HASH_A}  opd/ringkasan.md")}
    comment_only = {"HASHES": "# another machine\n" + stored["HASHES"]}
    assert golden.difference("x", stored, comment_only) is None
    # PNG bytes depend only on Graphviz's version, as SVG bytes do: a changed PNG fails like any file,
    # and so does a document that holds it
    outputs = {"opd/pohon/ikhtisar.png": b"png 1", "opd/ringkasan.md": b"md"}
    for path in ("opd/pohon/ikhtisar.png", "opd/ringkasan.md"):
        other = dict(outputs, **{path: b"changed"})
        found = golden.difference("x", {"HASHES": golden.hashes_text(outputs)}, {"HASHES": golden.hashes_text(other)})
        assert found is not None and "  changed: HASHES" in found and f"  {path}" in found


def test_only_the_first_changed_file_is_shown_and_its_diff_is_cut():
    stored = {"a.dot": "".join(f"old {i}\n" for i in range(200)), "b.md": "x\n", "HASHES": _hashes(f"{HASH_A}  a.dot")}
    rendered = {"a.dot": "".join(f"new {i}\n" for i in range(200)), "b.md": "y\n", "c.md": "z\n",
                "HASHES": _hashes(f"{HASH_B}  a.dot")}
    found = golden.difference("x", stored, rendered)
    assert "  changed: a.dot\n  changed: b.md\n  changed: HASHES" in found and "  new output: c.md" in found
    assert "--- tests/golden/x/a.dot" in found and "b.md\n+++" not in found
    assert "-old 0" in found and "-old 199" not in found and "... (" in found

