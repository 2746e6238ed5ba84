"""Narrative chapters (data/opd/<opd>/bab-N.md): every bad input is found when the data is checked,
at its line and column, and every text that passes is printed into the Renstra without a crash.

Expected positions are counted by hand from the bytes written in each test.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from xml.etree import ElementTree as ET

import docx
import pytest
from conftest import ROOT, copy_example, run_cli
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cascade.documents import Job, renstra
from cascade.formats.docx import ooxml
from cascade.load import sources
from cascade.load.markdown import (
    BOLD,
    BOLD_ITALIC,
    CODE,
    ITALIC,
    TEXT,
    inline_spans,
    parse,
)
from cascade.load.narrative import CHAPTERS, check_narrative
from cascade.load.sources import load_opd_sources
from cascade.load.yaml_strict import MAX_BYTES, load_bytes
from cascade.pipeline import check

BAB2 = "data/opd/diskominfo/bab-2.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def found(raw: bytes) -> list[tuple[str, int, int]]:
    _, diags = check_narrative(raw, BAB2)
    return [(d.code, d.loc.line, d.loc.column) for d in diags]


# ---------------------------------------------------------------- characters, markers, tables


@pytest.mark.parametrize("raw,expected", [
    (b"# Judul\n\nabc\x01def\x02\n", [("M002", 3, 4)]),  # one finding per line: the first
    (b"a\x00b\n", [("M002", 1, 2)]),
    (b"teks\x0bvertikal\x0cform\n", [("M002", 1, 5)]),
    (b"x\x1by\n\x7f\n", [("M002", 1, 2), ("M002", 2, 1)]),
    ("caf\u00e9 \u0092kutip\n".encode(), [("M002", 1, 6)]),  # C1, after a two-byte character
    (b"satu\rdua\n", [("M002", 1, 5)]),  # CR that does not end a line
    (b"akhir tanpa LF\r", [("M002", 1, 15)]),
    (b"baris\r\nwindows\r\n", []),  # CRLF is an ordinary line end
    (b"\xef\xbb\xbf# Judul\n", []),  # a BOM at the start is dropped by the reader
    (b"# A\n\xef\xbb\xbf# B\n", [("M004", 2, 1)]),
    ("x \ufffe\n\uffff\n".encode(), [("M003", 1, 3), ("M003", 2, 1)]),
    (b"caf\xc3\xa9 caf\xe9\n", [("Y002", 1, 9)]),  # column in characters, as an editor shows it
    (b"ok\nsatu \xff\ndua \xed\xa0\x80\n", [("Y002", 2, 6), ("Y002", 3, 5)]),  # every line; a UTF-8 surrogate too
    (b"\xff\xfe#\x00 \x00", [("Y002", 1, 1)]),  # UTF-16
    ("\u202bعربي\u202c \u200fשלום \U0001F469\u200d\U0001F4BB \u2063 \u00a0 \t tab\n".encode(), []),  # bidi, ZWJ: allowed
])
def test_characters_are_found_at_their_line_and_column(raw, expected):
    assert found(raw) == expected


def test_each_finding_names_the_character():
    _, diags = check_narrative("a\x0bb\nc\u0085\nd\x00\n".encode(), BAB2)
    assert [d.message for d in diags] == [
        "karakter tab vertikal (U+000B) tidak dapat dicetak di Word",
        "karakter kendali C1 U+0085 tidak dapat dicetak",
        "karakter NUL (U+0000) tidak dapat dicetak di Word",
    ]
    assert all(d.hint for d in diags)


def test_many_bad_lines_are_capped_with_a_count():
    raw = b"# Judul\n" + b"x\x00\n" * 25
    _, diags = check_narrative(raw, BAB2)
    assert [d.loc.line for d in diags] == list(range(2, 13))  # ten, then the eleventh says how many follow
    assert diags[-1].message.endswith("(dan 14 lagi sesudah baris ini)")
    assert not any("lagi" in d.message for d in diags[:-1])


def test_conflict_markers_are_each_reported():
    raw = b"# A\n\n<<<<<<< HEAD\nsatu\n||||||| base\nnol\n=======\ndua\n>>>>>>> cabang\n"
    _, diags = check_narrative(raw, BAB2)
    assert [(d.code, d.loc.line, d.loc.column) for d in diags] == [
        ("M001", 3, 1), ("M001", 5, 1), ("M001", 7, 1), ("M001", 9, 1)]
    assert "`<<<<<<<`" in diags[0].message and "`=======`" in diags[2].message


def test_a_setext_underline_alone_is_not_a_conflict():
    assert found(b"Judul\n=======\n\nteks\n") == []
    assert found(b"Judul\r\n=======\r\n>>>>>>> x\r\n") == [("M001", 2, 1), ("M001", 3, 1)]


def test_tables_wider_than_word_allows():
    def table(n):
        return ("| " + " | ".join(f"k{i}" for i in range(n)) + " |\n|" + "---|" * n + "\n").encode()
    assert found(table(63)) == []
    assert found(b"# A\n\n" + table(64)) == [("M006", 3, 1)]
    rows = b"| a | b |\n|---|---|\n| 1 | 2 |\n|" + b" x |" * 70 + b"\n"
    _, diags = check_narrative(rows, BAB2)
    assert [(d.code, d.loc.line) for d in diags] == [("M006", 4)] and "70 kolom" in diags[0].message


def test_empty_heading_is_a_warning_and_the_text_is_kept():
    text, diags = check_narrative(b"# \n\n#\n\nteks\n", BAB2)
    assert [(d.code, d.severity.value, d.loc.line) for d in diags] == [("M007", "peringatan", 1)]
    assert text == "# \n\n#\n\nteks\n"


def test_yaml_bad_byte_after_a_bom_is_located_in_characters():
    _, diags = load_bytes(b"\xef\xbb\xbfa: 1\nb: caf\xc3\xa9 \xe9\n", "x.yaml")
    assert [(d.code, d.loc.line, d.loc.column) for d in diags] == [("Y002", 2, 9)]
    assert "0xE9" in diags[0].message


# ---------------------------------------------------------------- the Markdown reader


def test_blocks_carry_their_source_lines():
    text = "# Judul\n\nsatu\ndua\n\n- a\n  lanjut\n- b\n\nTabel: T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    blocks = parse(text)
    assert [(b.kind, b.line) for b in blocks] == [
        ("heading", 1), ("para", 3), ("bullet", 6), ("bullet", 8), ("caption", 10), ("table", 12)]
    assert blocks[2].text == "a lanjut" and blocks[-1].row_lines == [12, 14]


# The expression the converter used before the scanner in cascade/load/markdown.py, as the oracle.
_OLD_INLINE = re.compile(r"(\\[\\*_`|])|(\*\*\*(.+?)\*\*\*)|(\*\*(.+?)\*\*)|(__(.+?)__)|(\*(.+?)\*)|"
                         r"(?<![\w])(_(.+?)_)(?![\w])|(`(.+?)`)|(\[([^\]]+)\]\([^)]*\))")


def _old_spans(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    for m in _OLD_INLINE.finditer(text):
        if m.start() > pos:
            out.append((TEXT, text[pos:m.start()]))
        g = m.group
        kind, part = ((TEXT, g(1)[1]) if g(1) else (BOLD_ITALIC, g(3)) if g(3) else (BOLD, g(5) or g(7)) if g(5) or g(7)
                      else (ITALIC, g(9) or g(11)) if g(9) or g(11) else (CODE, g(13)) if g(13) else (TEXT, g(15)))
        out.append((kind, part))
        pos = m.end()
    if pos < len(text):
        out.append((TEXT, text[pos:]))
    return out


_INLINE_PIECES = st.sampled_from(["*", "**", "***", "_", "__", "`", "[", "]", "(", ")", "](", "\\", "|", "a", "é",
                                  " ", "\n", "1", "x_y", "ب"])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(_INLINE_PIECES, max_size=30).map("".join))
def test_inline_spans_read_as_the_former_expression(text):
    assert inline_spans(text) == _old_spans(text)


@pytest.mark.parametrize("text", ["[" * 300_000, "[a](" * 75_000, " _a" * 100_000])
def test_unclosed_markers_are_literal_text(text):
    # the former expression scanned to the end of the text for each unclosed opener: hours for these
    assert inline_spans(text) == [(TEXT, text)]


def test_a_marker_closed_far_away_still_closes():
    text = " _a" * 100_000 + "_ "
    assert inline_spans(text) == [(TEXT, " "), (ITALIC, text[2:-2]), (TEXT, " ")]


# ---------------------------------------------------------------- files of an OPD folder


def _diags_for(root, name):
    _, diags = load_opd_sources(root, "diskominfo")
    return [d for d in diags if d.loc.file == f"data/opd/diskominfo/{name}"]


def test_unused_markdown_files_are_named_and_not_read(tmp_repo):
    folder = os.path.join(tmp_repo, "data", "opd", "diskominfo")
    for name, data in (("bab-9.md", b"\xff\x00"), ("notes.md", b"catatan"), ("Bab-02.MD", b"x")):
        open(os.path.join(folder, name), "wb").write(data)
    src, diags = load_opd_sources(tmp_repo, "diskominfo")
    mine = {d.loc.file.rsplit("/", 1)[1]: d for d in diags}
    assert set(mine) == {"bab-9.md", "notes.md", "Bab-02.MD"}  # bab-9.md's bytes were never decoded
    assert all(d.code == "M005" and d.severity.value == "peringatan" for d in mine.values())
    for d in mine.values():
        assert "bab-1.md (BAB I), bab-2.md (BAB II), bab-3.md (BAB III) dan bab-8.md (BAB VIII)" in d.hint
    assert "ganti nama berkas menjadi bab-2.md" in mine["Bab-02.MD"].hint
    assert sorted(src.narratives) == ["bab-1", "bab-2", "bab-3", "bab-8", "kata-pengantar"]
    assert sorted(CHAPTERS) == ["bab-1", "bab-2", "bab-3", "bab-8"]


def test_huge_markdown_is_refused_without_reading_it(tmp_repo):
    path = os.path.join(tmp_repo, BAB2)
    with open(path, "r+b") as fh:
        fh.truncate(1 << 30)  # sparse: 1 GiB that would take seconds and a gigabyte to read
    diags = _diags_for(tmp_repo, "bab-2.md")
    assert [(d.code, d.loc.line, d.loc.column) for d in diags] == [("Y008", 1, 1)]
    assert "1.073.741.824 bita; batas 5.242.880" in diags[0].message
    with open(path, "r+b") as fh:
        fh.truncate(MAX_BYTES)
    lines = open(path, "rb").read().count(b"\n")
    # the limit itself is allowed, so the file is read: the NULs the truncation added are found
    assert [(d.code, d.loc.line, d.loc.column) for d in _diags_for(tmp_repo, "bab-2.md")] == [("M002", lines + 1, 1)]


def test_unreadable_and_outside_files_are_reported(tmp_repo, tmp_path, monkeypatch):
    outside = tmp_path / "rahasia.md"
    outside.write_text("# rahasia\n")
    os.remove(os.path.join(tmp_repo, BAB2))
    os.symlink(outside, os.path.join(tmp_repo, BAB2))
    assert [d.code for d in _diags_for(tmp_repo, "bab-2.md")] == ["B005"]
    os.remove(os.path.join(tmp_repo, BAB2))
    open(os.path.join(tmp_repo, BAB2), "w").write("# ok\n")

    def refuse(path, *args, **kwargs):  # root reads any file, so the refusal is simulated
        raise PermissionError(13, "Permission denied", path)
    monkeypatch.setattr(sources, "open", refuse, raising=False)
    diags = _diags_for(tmp_repo, "bab-2.md")
    assert [(d.code, d.message) for d in diags] == [("B006", "berkas tidak dapat dibaca (Permission denied)")]


# ---------------------------------------------------------------- rendering


def _document_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_indonesian_emoji_and_rtl_text_is_printed_intact(tmp_repo):
    lines = ["Pembangunan daerah yang *berkelanjutan* dan **inklusif**: café, naïve — “kutip” – 2,5%.",
             "Emoji: 😀 👩\u200d💻 🇮🇩 ✅",
             "Kutipan: \u202bمرحبا بالعالم\u202c dan \u200fשלום\u200f."]
    open(os.path.join(tmp_repo, BAB2), "w", encoding="utf-8").write("# 2.1 Uji Teks\n\n" + "\n\n".join(lines) + "\n")
    checked = check(tmp_repo, ["diskominfo"])
    problems = checked.report.errors + checked.report.warnings  # catatan (R086: DPA ≠ pagu) are information
    assert not problems, [d.format() for d in problems]
    outputs = {o.path: o.data for o in renstra.render(Job(checked.repo, checked.repo.opds["diskominfo"], checked.tahun))}
    text = _document_text(outputs["renstra/renstra-lengkap.docx"])
    assert "2.1 Uji Teks" in text
    assert "Pembangunan daerah yang berkelanjutan dan inklusif: café, naïve — “kutip” – 2,5%." in text
    assert "Emoji: 😀 👩\u200d💻 🇮🇩 ✅" in text
    assert "Kutipan: \u202bمرحبا بالعالم\u202c dan \u200fשלום\u200f." in text


def test_text_that_reads_like_a_stand_in_is_printed_as_text(tmp_repo):
    """Planner text equal to the invisible-separator markers Cascade once used for its own
    placeholders: the build crashed (X001), or BAB III's narrative went into BAB II."""
    forged = ["\u2063cascade:tabel:0\u2063", "\u2063cascade:bab-3\u2063", "\u2063cascade:isi\u2063"]
    open(os.path.join(tmp_repo, BAB2), "w", encoding="utf-8").write("# 2.1 Palsu\n\n" + "\n\n".join(forged) + "\n")
    checked = check(tmp_repo, ["diskominfo"])
    assert not checked.report.errors
    outputs = {o.path: o.data for o in renstra.render(Job(checked.repo, checked.repo.opds["diskominfo"], checked.tahun))}
    document = docx.Document(io.BytesIO(outputs["renstra/renstra-lengkap.docx"]))
    paras = [p.text for p in document.paragraphs if not p.style.name.startswith("toc")]  # the body, not its contents list
    bab3_first = open(os.path.join(tmp_repo, "data/opd/diskominfo/bab-3.md"), encoding="utf-8").readline()[2:].strip()
    at = {t: paras.index(t) for t in ["BAB II\nGAMBARAN PELAYANAN PERANGKAT DAERAH", "2.1 Palsu", *forged,
                                      "BAB III\nPERMASALAHAN DAN ISU-ISU STRATEGIS PERANGKAT DAERAH", bab3_first]}
    assert list(at.values()) == sorted(at.values()) and len(set(at.values())) == len(at), at
    assert all(paras.count(t) == 1 for t in forged)


# ---------------------------------------------------------------- any text: checked, then rendered


_REFUSED = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\x9f", "\ufeff", "\ufffe", "\uffff",
            "\ud800", "\udfff", "<<<<<<< HEAD", ">>>>>>> b", "|" * 64 + "\n|" + "-|" * 64]
_ODD_BUT_FINE = ["\u202e", "\u2066", "\u200f", "\u200d", "\u2028", "\u2063", "\u2063cascade:bab-3\u2063", "\U0001F600",
                 "ب", "\t", "\u00a0", "=======", "|||||||"]
_SYNTAX = ["# ", "## ", "#", "###### ", "####### ", "- ", "* ", "+ ", "  - ", "1. ", "2) ", "   ", "|", "| a | b |",
           "|---|---|", "|:-:|", "Tabel: ", "**", "*", "_", "__", "`", "[t](u)", "[", "](", "\\", "\\|", "\n", "\n\n",
           "\r\n", "kata", "{{ x }}", "&<>\"'"]
_PLAIN = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff\ufffe\uffff"), max_size=8)
_CLEAN = st.lists(st.one_of(st.sampled_from(_SYNTAX + _ODD_BUT_FINE), _PLAIN), max_size=60).map("".join)
_DIRTY = st.lists(st.one_of(st.sampled_from(_SYNTAX), st.sampled_from(_REFUSED), st.text(max_size=8)), max_size=60).map("".join)
_MARKDOWN = st.one_of(st.text(), _CLEAN, _DIRTY)
_RAW = st.one_of(_MARKDOWN.map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.lists(st.one_of(_MARKDOWN.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=3)),
                          max_size=6).map(b"".join))


@pytest.fixture(scope="module")
def narrative_repo(tmp_path_factory):
    return copy_example(tmp_path_factory.mktemp("narasi"))


def _render_narratives(narratives: dict[str, str]) -> bytes:
    """The chapters placed as the whole Renstra places them, in its own template, then written."""
    document = docx.Document(os.path.join(ROOT, "templates", "renstra", "renstra-lengkap.docx"))
    for key in CHAPTERS:
        document.add_paragraph(ooxml.stand_in_text(key))
    renstra.place_narratives(document, narratives, 160)
    return ooxml.docx_bytes(document, ooxml.source_datetime(dt.date(2025, 1, 1)))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=_RAW)
def test_any_text_is_refused_at_a_line_or_printed(narrative_repo, raw):
    open(os.path.join(narrative_repo, BAB2), "wb").write(raw)
    src, diags = load_opd_sources(narrative_repo, "diskominfo")
    errors = [d for d in diags if d.severity.value == "galat"]
    assert all(d.loc.file == BAB2 and d.loc.line > 0 and d.loc.column > 0 for d in diags), [d.format() for d in diags]
    assert all(not d.code.startswith("X") for d in diags)
    event(f"refused ({errors[0].code})" if errors else "printed")
    if errors:
        assert "bab-2" not in src.narratives  # nothing of it can be printed
        return
    data = _render_narratives(src.narratives)  # raises on anything Word cannot hold
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                ET.fromstring(z.read(name))
        body = z.read("word/document.xml").decode("utf-8")
    printed = re.sub(r"\]\([^)]*\)", "]", src.narratives["bab-2"])  # a link's address is not printed
    words = re.findall(r"[^\W_]{4,}", printed)
    plain = "".join(t.text or "" for t in ET.fromstring(body.encode()).iter(f"{W}t"))
    assert all(w in plain for w in words), words  # every word of the chapter is printed


# ---------------------------------------------------------------- as a planner runs it


CASES = {
    "konflik": (b"# 2.1 A\n\nteks\n<<<<<<< HEAD\nsatu\n=======\ndua\n>>>>>>> cabang\n",
                ["bab-2.md:4:1: galat M001: penanda konflik git `<<<<<<<`", "bab-2.md:6:1: galat M001: penanda konflik git `=======`",
                 "bab-2.md:8:1: galat M001: penanda konflik git `>>>>>>>`"]),
    "kendali": (b"# 2.1 A\n\nSalinan dari PDF:\x0bbaris\n", ["bab-2.md:3:18: galat M002: karakter tab vertikal (U+000B)"]),
    "bukan-karakter": ("# 2.1 A\n\nrusak \uffff\n".encode(), ["bab-2.md:3:7: galat M003: U+FFFF bukan karakter Unicode"]),
    "bom": (b"# 2.1 A\n\xef\xbb\xbf# 2.2 B\n", ["bab-2.md:2:1: galat M004: karakter tak terlihat U+FEFF (BOM)"]),
    "bukan-utf8": (b"# 2.1 A\n\nPeta jalan caf\xe9\n", ["bab-2.md:3:15: galat Y002: berkas bukan UTF-8 (bita 0xE9 tidak sah)"]),
    "tabel-lebar": (b"# 2.1 A\n\n|" + b" k |" * 64 + b"\n|" + b"---|" * 64 + b"\n",
                    ["bab-2.md:3:1: galat M006: tabel dengan 64 kolom; Word memuat paling banyak 63 kolom"]),
    "terlalu-besar": (None, ["bab-2.md:1:1: galat Y008: berkas terlalu besar (6.291.456 bita; batas 5.242.880)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_build_reports_the_line_and_writes_nothing(tmp_repo, tmp_path, case):
    raw, expected = CASES[case]
    path = os.path.join(tmp_repo, BAB2)
    if raw is None:
        with open(path, "r+b") as fh:
            fh.truncate(6 * 1024 * 1024)
    else:
        open(path, "wb").write(raw)
    out = tmp_path / "hasil"
    result = run_cli("--root", tmp_repo, "build", "--opd", "diskominfo", "--out", str(out), cwd=tmp_repo)
    lines = [line for line in result.stdout.splitlines() if "bab-2.md" in line]
    assert len(lines) == len(expected), result.stdout
    for line, start in zip(lines, expected):
        assert line.startswith(f"data/opd/diskominfo/{start}"), line
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr and "X001" not in result.stdout
    assert "Tidak ada dokumen yang ditulis" in result.stdout
    assert not out.exists()


def test_validate_reports_every_problem_of_the_chapter_in_one_run(tmp_repo):
    raw = (b"# 2.1 A\n\nx\x01\n<<<<<<< HEAD\ny\n>>>>>>> b\n\xef\xbb\xbfz\n\xe9\n|" + b" k |" * 64 + b"\n|" + b"-|" * 64 + b"\n")
    open(os.path.join(tmp_repo, BAB2), "wb").write(raw)
    result = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    located = re.findall(r"^data/opd/diskominfo/bab-2\.md:(\d+):(\d+): galat (\w+):", result.stdout, re.M)
    assert located == [("3", "2", "M002"), ("4", "1", "M001"), ("6", "1", "M001"), ("7", "1", "M004"),
                       ("8", "1", "Y002"), ("9", "1", "M006")], result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_unused_chapter_file_warns_and_strict_build_writes_nothing(tmp_repo, tmp_path):
    open(os.path.join(tmp_repo, "data/opd/diskominfo/bab-9.md"), "w").write("# Lampiran\n")
    out = tmp_path / "hasil"
    strict = run_cli("--root", tmp_repo, "build", "--opd", "diskominfo", "--strict", "--out", str(out), cwd=tmp_repo)
    assert "data/opd/diskominfo/bab-9.md: peringatan M005: berkas narasi `bab-9.md` tidak dipakai bab mana pun" in strict.stdout
    assert "bab-1.md (BAB I), bab-2.md (BAB II), bab-3.md (BAB III) dan bab-8.md (BAB VIII)" in strict.stdout
    assert strict.returncode == 1 and not out.exists() and "Traceback" not in strict.stderr
    normal = run_cli("validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert normal.returncode == 0 and "M005" in normal.stdout
