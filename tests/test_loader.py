"""The strict YAML loader: YAML 1.1 traps, positions, and refusal of unsafe constructs."""
from __future__ import annotations

import pytest

from cascade.load.yaml_strict import load_bytes


def load(text: bytes | str):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, "f.yaml")


def only(diags):
    assert len(diags) == 1, [d.format() for d in diags]
    return diags[0]


@pytest.mark.parametrize("text,key,expected", [
    ("aktif: no\n", "aktif", "no"),
    ("layanan: on\n", "layanan", "on"),
    ("kode: 010\n", "kode", "010"),
    ("kode: 08\n", "kode", "08"),
    ("tanggal: 2025-01-01\n", "tanggal", "2025-01-01"),
    ("jam: 12:30\n", "jam", "12:30"),
    ("pagu: 1_000_000\n", "pagu", "1_000_000"),
    ("nilai: .inf\n", "nilai", ".inf"),
    ("nip: 197503122000031004\n", "nip", 197503122000031004),
    ("target: 2.85\n", "target", 2.85),
    ("benar: true\n", "benar", True),
    ("kosong: ~\n", "kosong", None),
    ("teks: '2.16'\n", "teks", "2.16"),
])
def test_yaml_1_1_traps_are_not_applied(text, key, expected):
    doc, diags = load(text)
    assert diags == []
    assert doc.data[key] == expected and type(doc.data[key]) is type(expected)


def test_year_keys_become_strings_for_the_schema():
    doc, _ = load("target: {2025: 1, 2026: 2}\n")
    assert doc.data == {"target": {"2025": 1, "2026": 2}}


def test_positions_of_values_and_keys():
    doc, _ = load("a:\n  b:\n    - x\n    - y: 1\n")
    assert (doc.loc(("a", "b", 1, "y")).line, doc.loc(("a", "b", 1, "y")).column) == (4, 10)
    assert doc.key_loc(("a", "b")).line == 2 and doc.key_loc(("a", "b")).column == 3
    assert doc.loc(("a", "b", 0)).line == 3
    # an unknown path falls back to its nearest known ancestor
    assert doc.loc(("a", "b", 9, "z")).line == 3


def test_duplicate_key_is_an_error_at_the_second_key():
    d = only(load("nama: A\numur: 1\nnama: B\n")[1])
    assert (d.code, d.loc.line, d.loc.column) == ("Y003", 3, 1)
    assert "baris 1" in d.message


@pytest.mark.parametrize("text,code,line", [
    ("a: &x 1\nb: *x\n", "Y004", 1),
    ("a: 1\nb: *x\n", "Y004", 2),
    ("base: {a: 1}\nc:\n  <<: {a: 1}\n", "Y004", 3),
    ("a: !!python/object/apply:os.system ['ls']\n", "Y006", 1),
    ("a: !custom x\n", "Y006", 1),
])
def test_unsafe_constructs_are_refused(text, code, line):
    doc, diags = load(text)
    d = only(diags)
    assert (d.code, d.loc.line) == (code, line)


def test_alias_bomb_is_refused_without_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    doc, diags = load(bomb)
    assert doc is None and only(diags).code == "Y004"


def test_deep_nesting_is_bounded():
    doc, diags = load("[" * 5000 + "]" * 5000)
    assert doc is None and only(diags).code == "Y005"
    doc, diags = load("".join("  " * i + f"k{i}:\n" for i in range(200)))
    assert doc is None and only(diags).code == "Y005"


@pytest.mark.parametrize("raw,code,line,col", [
    (b"a:\n\tb: 1\n", "Y001", 2, 1),
    (b"a: b: c\n", "Y001", 1, 5),
    (b"a: \"tidak ditutup\n", "Y001", 2, 1),
    (b"a: 1\n  b: 2\n", "Y001", 2, 4),
    (b"nama: caf\xe9\n", "Y002", 1, 10),
    (b"\x00\x01binary", "Y009", 1, 1),
    (b"", "Y011", 1, 1),
    (b"# hanya komentar\n", "Y011", 1, 1),
    (b"a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> cabang\n", "Y010", 2, 1),
    (b"a: 1\n---\nb: 2\n", "Y001", 2, 1),
    (b"a: [1, 2\n", "Y001", 2, 1),
    (b"a: \x07\n", "Y001", 1, 4),
])
def test_broken_files_give_located_messages(raw, code, line, col):
    doc, diags = load(raw)
    assert doc is None
    first = diags[0]
    assert (first.code, first.loc.line, first.loc.column) == (code, line, col), first.format()
    assert first.hint, "every message needs a hint"


def test_conflict_markers_are_all_reported():
    _, diags = load(b"<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> x\n")
    assert [d.loc.line for d in diags] == [1, 3, 5]


def test_bom_and_crlf_are_accepted():
    doc, diags = load(b"\xef\xbb\xbfa: 1\r\nb: teks\r\n")
    assert diags == [] and doc.data == {"a": 1, "b": "teks"}


def test_huge_file_is_refused_before_parsing():
    doc, diags = load(b"a: " + b"x" * (6 * 1024 * 1024) + b"\n")
    assert doc is None and only(diags).code == "Y008"


def test_huge_number_stays_exact():
    doc, _ = load("pagu: 123456789012345678901234567890\n")
    assert doc.data["pagu"] == 123456789012345678901234567890
