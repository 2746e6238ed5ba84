"""data/referensi/nomenklatur.csv, however it is broken, gives located Indonesian messages, all of
them in one run, exit 1 and no traceback; and a broken table never lets rules R012/R013 pass or
fire silently (no rule runs while the data has errors, and the run fails).

The broken tables are in tests/corpus/nomenklatur/ (written by generate.py there); the messages
each must give are listed here, line and column counted by hand.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
from unittest import mock

import pytest
from conftest import ROOT, copy_example, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade import cli
from cascade.load import nomenklatur as N
from cascade.load import sources

CORPUS = os.path.join(ROOT, "tests", "corpus", "nomenklatur")
REL = "data/referensi/nomenklatur.csv"
G = f"{REL}:{{}}: galat {{}}: {{}}"
W = f"{REL}:{{}}: peringatan {{}}: {{}}"
EXAMPLE_CSV = open(os.path.join(ROOT, REL), "rb").read()

CASES = {
    "unclosed-quote.csv": [  # the lines after the open quote are read on their own: line 9 is still checked
        G.format("5:23", "N005", "tanda kutip yang dibuka di sini tidak pernah ditutup di baris ini"),
        G.format("9:19", "N013", "level `sub_kegiatn` tidak dikenal")],
    "text-after-quote.csv": [G.format("5:50", "N006", "ada teks setelah tanda kutip penutup sel")],
    "nul-byte.csv": [G.format("6:50", "N007", "baris ini memuat karakter kendali NUL")],
    "lone-cr.csv": [G.format("3:75", "N007", "baris ini memuat karakter kendali CR (akhir baris gaya Mac lama) di tengah baris")],
    "latin1.csv": [G.format("8:82", "Y002", "berkas bukan UTF-8 (bita 0xE9 tidak sah)")],
    "cells.csv": [
        G.format("7:16", "N010", "baris ini hanya memiliki 2 sel; kolom `nama` tidak ada"),
        G.format("8:87", "N010", "baris ini memiliki 6 sel, padahal kepala tabel hanya 5 kolom")],
    "kode-shape.csv": [  # the codes left without their parents are not reported: see kode-empty.csv
        G.format("4:1", "N012", "kode `2.16.1` tidak berbentuk kode nomenklatur"),
        G.format("8:1", "N012", "kode `2.16.02.02.01` tidak berbentuk kode nomenklatur"),
        G.format("10:1", "N012", "kode `2.2` tidak berbentuk kode nomenklatur")],
    "level.csv": [  # line 3's ` Bidang_Urusan ` is read as bidang_urusan
        G.format("4:9", "N013", "level `progam` tidak dikenal"),
        G.format("7:9", "N013", "level kosong"),
        G.format("8:14", "N014", "kode `2.16.02.2.01` berbentuk kode kegiatan, tetapi levelnya `program`")],
    "nama-empty.csv": [
        G.format("4:17", "N015", "nama untuk kode `2.16.01` kosong"),
        G.format("7:17", "N015", "nama untuk kode `2.16.02` kosong")],
    "kode-empty.csv": [  # the blank, comma-only and space-only lines at its end are fine; the
        # official table's missing parents are its known gaps, not reported (only a local code's are)
        G.format("7:1", "N011", "kode kosong, padahal baris ini berisi")],
    "duplicate.csv": [G.format("10:1", "N002", "kode `2.16.01` tercantum dua kali (pertama di baris 4)")],
    "semicolon.csv": [G.format("1:1", "N001", "kolom wajib tidak ada: kode, level, nama")],
    "column-missing.csv": [G.format("1:1", "N001", "kolom wajib tidak ada: nama")],
    "column-twice.csv": [G.format("1:33", "N009", "kolom `kode` tercantum dua kali di kepala tabel (juga kolom ke-1)")],
    "header-only.csv": [G.format("1:1", "N017", "tabel nomenklatur hanya berisi kepala tabel, tanpa satu kode pun")],
    "empty.csv": [G.format("1:1", "N017", "tabel nomenklatur kosong")],
}


def _csv_lines(stdout: str) -> list[str]:
    """The findings about the nomenklatur, without their hints (each must have one)."""
    found = [line for line in stdout.splitlines() if line.startswith(REL)]
    assert all(" (saran: " in line for line in found), found
    return [line.split(" (saran: ")[0] for line in found]


def _validate(root: str, *args: str):
    result = run_cli("validate", *args, cwd=root)
    assert "Traceback" not in result.stdout + result.stderr and "X001" not in result.stdout + result.stderr
    return result


def _put(root: str, data: bytes) -> None:
    with open(os.path.join(root, REL), "wb") as fh:
        fh.write(data)


def _broken_run(root: str, expected: list[str]) -> None:
    result = _validate(root)
    assert _csv_lines(result.stdout) == expected, result.stdout
    assert result.returncode == 1
    # the rules that read the table never ran on it: the small tables lack most of the example's codes
    assert "peringatan R012" not in result.stdout and "peringatan R013" not in result.stdout
    assert "GAGAL" in result.stdout


def test_the_corpus_is_what_generate_py_writes():
    spec = importlib.util.spec_from_file_location("nomenklatur_corpus", os.path.join(CORPUS, "generate.py"))
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    assert sorted(CASES) == sorted(n for n in os.listdir(CORPUS) if n.endswith(".csv"))
    for name, text in {**generate.FILES, **generate.LATIN1}.items():
        encoding = "latin-1" if name in generate.LATIN1 else "utf-8"
        assert open(os.path.join(CORPUS, name), "rb").read() == text.encode(encoding), name


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_table_gives_located_messages(tmp_repo, name):
    shutil.copyfile(os.path.join(CORPUS, name), os.path.join(tmp_repo, REL))
    _broken_run(tmp_repo, CASES[name])


def test_huge_cell_utf16_and_workbook(tmp_repo):
    base = open(os.path.join(CORPUS, "nama-empty.csv"), encoding="utf-8").read().split("\n")
    base[3] = "2.16.01,program,PROGRAM PENUNJANG,,"
    base[6] = "2.16.02,program,PROGRAM INFORMASI,,"
    huge = list(base)
    huge[5] = "2.16.01.2.01.0001,sub_kegiatan," + "x" * 200_000 + ",,"
    _put(tmp_repo, "\n".join(huge).encode())
    _broken_run(tmp_repo, [G.format("6:32", "N008", "sel ini terlalu panjang (lebih dari 131.072 karakter)")])
    _put(tmp_repo, "\n".join(base).encode("utf-16"))
    _broken_run(tmp_repo, [G.format("1:1", "Y002", "berkas tersimpan sebagai UTF-16, bukan UTF-8")])
    _put(tmp_repo, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 64)
    _broken_run(tmp_repo, [G.format("1:1", "N018", "berkas ini buku kerja Excel, bukan CSV")])


def test_build_writes_nothing_with_a_broken_table(tmp_repo, tmp_path):
    shutil.copyfile(os.path.join(CORPUS, "unclosed-quote.csv"), os.path.join(tmp_repo, REL))
    out = tmp_path / "build"
    result = run_cli("build", "--opd", "diskominfo", "--out", str(out), cwd=tmp_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert _csv_lines(result.stdout)[0] == CASES["unclosed-quote.csv"][0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not out.exists(), "a failed validation must write nothing"


def _cascades_table_without_aptika(tmp_path, monkeypatch):
    """Cascade's own reference data made to differ from the example's: no row for program 2.16.03 or below it."""
    from cascade import paths

    own = tmp_path / "alat" / "referensi"
    own.mkdir(parents=True)
    (own / "nomenklatur.csv").write_bytes(b"".join(line for line in EXAMPLE_CSV.splitlines(keepends=True)
                                                   if not line.startswith(b"2.16.03")))
    monkeypatch.setattr(paths, "tool_folder", lambda kind: tmp_path / "alat" / kind)


APTIKA_UNKNOWN = 'peringatan R012: kode "2.16.03" (program) tidak ada di data/referensi/nomenklatur.csv'


def test_a_repository_without_its_own_table_uses_cascades(tmp_repo, tmp_path, monkeypatch, capsys):
    """data/referensi/ overrides Cascade's reference data file by file (cascade/paths.py): a Pemda
    repository without nomenklatur.csv is checked against the one Cascade carries."""
    _cascades_table_without_aptika(tmp_path, monkeypatch)
    os.remove(os.path.join(tmp_repo, REL))
    code = cli.main(["--root", tmp_repo, "validate", "--opd", "diskominfo"])
    printed = capsys.readouterr().out
    assert code == 0 and "N003" not in printed
    assert APTIKA_UNKNOWN in printed


def test_the_repositorys_own_table_wins(tmp_repo, tmp_path, monkeypatch, capsys):
    _cascades_table_without_aptika(tmp_path, monkeypatch)
    code = cli.main(["--root", tmp_repo, "validate", "--opd", "diskominfo"])
    printed = capsys.readouterr().out
    assert code == 0 and APTIKA_UNKNOWN not in printed and "R012" not in printed


# ---------------------------------------------------------------- the file itself

MISSING = (f"{REL}: galat N003: tabel nomenklatur tidak ditemukan; tanpanya kode dan nama program, kegiatan dan "
           f"sub kegiatan tidak dapat diperiksa (R012, R013) (saran: kembalikan dengan `git checkout {REL}`, "
           "atau salin dari repositori contoh)")


def test_missing_table_is_an_error_naming_the_way_back(tmp_repo, tmp_path, monkeypatch, capsys):
    """Neither the repository nor Cascade has the table (Cascade's own is found through cascade/paths.py)."""
    from cascade import paths

    os.remove(os.path.join(tmp_repo, REL))
    monkeypatch.setattr(paths, "tool_folder", lambda kind: tmp_path / "kosong")
    code = cli.main(["--root", tmp_repo, "validate"])
    printed = capsys.readouterr().out
    assert code == 1
    assert MISSING in printed.splitlines()
    assert "peringatan R012" not in printed


def test_a_folder_fifo_or_dangling_link_in_its_place(tmp_repo, tmp_path):
    path = os.path.join(tmp_repo, REL)
    os.remove(path)
    os.mkdir(path)
    result = _validate(tmp_repo)
    assert result.returncode == 1
    assert _csv_lines(result.stdout) == [f"{REL}: galat N004: tabel nomenklatur tidak dapat dibaca: yang ada di "
                                         "tempatnya sebuah folder, bukan berkas"]
    os.rmdir(path)
    os.mkfifo(path)  # opening it would wait for ever for a writer
    result = _validate(tmp_repo)
    assert _csv_lines(result.stdout) == [f"{REL}: galat N004: tabel nomenklatur tidak dapat dibaca: bukan berkas biasa"]
    os.remove(path)
    os.symlink(tmp_path / "tidak-ada.csv", path)
    result = _validate(tmp_repo)
    assert _csv_lines(result.stdout) == [f"{REL}: galat N004: tabel nomenklatur tidak dapat dibaca: tautan simbolik "
                                         "ini menunjuk ke berkas yang tidak ada"]
    outside = tmp_path / "luar.csv"
    outside.write_bytes(EXAMPLE_CSV)
    os.remove(path)
    os.symlink(outside, path)
    result = _validate(tmp_repo)
    assert _csv_lines(result.stdout) == [f"{REL}: galat B005: berkas menunjuk ke luar repositori (tautan simbolik)"]
    assert result.returncode == 1


def test_too_large_a_file_is_not_read(tmp_repo):
    with open(os.path.join(tmp_repo, REL), "r+b") as fh:
        fh.truncate(65 * 1024 * 1024)  # sparse: takes no disk
    result = _validate(tmp_repo)
    assert result.returncode == 1
    assert _csv_lines(result.stdout) == [f"{REL}: galat N019: berkas terlalu besar (68.157.440 bita; batas 67.108.864)"]


def test_unreadable_file(tmp_repo):
    """chmod does not stop root, who runs these tests, so the system's refusal is made at `open`."""
    def refuse(path, mode="r", *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    with mock.patch.object(sources, "open", refuse, create=True):
        table, diags = sources.read_nomenklatur(tmp_repo)
    assert table.rows == {}
    assert [d.format() for d in diags] == [f"{REL}: galat N004: tabel nomenklatur tidak dapat dibaca: tidak ada izin "
                                           f"untuk membacanya (saran: periksa hak akses berkas, misalnya `chmod a+r {REL}`)"]


# ---------------------------------------------------------------- what is fine


@pytest.fixture(scope="module")
def clean_output(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("clean"))
    result = _validate(root)
    assert result.returncode == 0 and _csv_lines(result.stdout) == []
    return result.stdout


def test_example_table_is_clean(clean_output):
    assert "N0" not in clean_output


@pytest.mark.parametrize("variant", ["bom-crlf", "header-spaces-case", "trailing-blank-lines", "short-optional-cells"])
def test_harmless_variants_read_the_same(tmp_repo, clean_output, variant):
    text = EXAMPLE_CSV.decode("utf-8")
    if variant == "bom-crlf":
        data = b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode()
    elif variant == "header-spaces-case":
        data = text.replace("kode,level,nama,kinerja,", " Kode , LEVEL,Nama ,Kinerja,", 1).encode()
        assert data != text.encode()
    elif variant == "trailing-blank-lines":
        data = (text + "\n\n,,,,\n").encode()
    else:  # a row a planner adds by hand: no satuan, no source
        data = (text + "2.16.02.2.01.0099,sub_kegiatan,Sub Kegiatan Tambahan\n").encode()
    _put(tmp_repo, data)
    result = _validate(tmp_repo)
    assert result.returncode == 0 and result.stdout == clean_output


# ---------------------------------------------------------------- any damage at all

_DAMAGE = st.sampled_from([b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xe9", b"\xef\xbb\xbf", b".", b"X",
                           b"2.16.01", b" ", b"\t", b"a", b'""', b"\x1b", b"\xc3"])
_EDIT = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, len(EXAMPLE_CSV)), st.lists(_DAMAGE, min_size=1, max_size=4)),
    st.tuples(st.just("delete"), st.integers(0, len(EXAMPLE_CSV)), st.integers(1, 40)),
    st.tuples(st.just("replace"), st.integers(0, len(EXAMPLE_CSV)), _DAMAGE),
    st.tuples(st.just("duplicate_line"), st.integers(0, 200), st.integers(0, 200)),
    st.tuples(st.just("truncate"), st.integers(0, len(EXAMPLE_CSV)), st.just(0)),
)


def _damaged(edits) -> bytes:
    data = EXAMPLE_CSV
    for kind, at, what in edits:
        at = min(at, len(data))
        if kind == "insert":
            data = data[:at] + b"".join(what) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + what:]
        elif kind == "replace":
            data = data[:at] + what + data[at + 1:]
        elif kind == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            line = lines[at % len(lines)]
            lines.insert(what % (len(lines) + 1), line)
            data = b"\n".join(lines)
    return data


@pytest.fixture(scope="module")
def damage_repo(tmp_path_factory):
    return copy_example(tmp_path_factory.mktemp("damage"))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(_EDIT, min_size=1, max_size=3))
def test_any_damage_is_reported_at_a_line(damage_repo, edits):
    data = _damaged(edits)
    _put(damage_repo, data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["--root", damage_repo, "validate"])
    text = out.getvalue()
    assert "X001" not in text and "Traceback" not in text, text
    about = [line for line in text.splitlines() if line.startswith(REL)]
    for line in about:
        where = line[len(REL):].split(": ")[0]  # ":LINE:COL"
        assert where.count(":") == 2 and int(where.split(":")[1]) > 0, line
    errors = [line for line in text.splitlines() if ": galat " in line]
    assert code == (1 if errors else 0), text
    if any(": galat N" in line or ": galat Y002" in line for line in about):
        assert "peringatan R012" not in text and "peringatan R013" not in text
    # the quick reading of a sound table and the careful one give the same table and findings
    quick = N.parse_nomenklatur(data, REL)
    with mock.patch.object(N, "_clean_rows", lambda *a: None):
        careful = N.parse_nomenklatur(data, REL)
    assert quick[0].rows == careful[0].rows
    assert [d.format() for d in quick[1]] == [d.format() for d in careful[1]]


def test_quick_reading_is_taken_for_the_example():
    """The example (the full Kepmendagri list) is read the quick way."""
    with mock.patch.object(N, "_checked_rows", side_effect=AssertionError("read row by row")):
        quick, diags = N.parse_nomenklatur(EXAMPLE_CSV, REL)
    assert diags == [] and len(quick.rows) == EXAMPLE_CSV.count(b"\n") - 1
    with mock.patch.object(N, "_clean_rows", lambda *a: None):
        careful, diags = N.parse_nomenklatur(EXAMPLE_CSV, REL)
    assert diags == [] and careful.rows == quick.rows


def test_a_table_broken_on_every_line_reports_every_line():
    """15,000 lines, each opening a quote it never closes: each is reported once, at its own line,
    and none swallows the next."""
    data = ("kode,level,nama\n" + "".join(f'2.16.{i % 90 + 10},bidang_urusan,"B{i}\n' for i in range(15_000))).encode()
    table, diags = N.parse_nomenklatur(data, REL)
    assert table.rows == {} and len(diags) == 15_000 and {d.code for d in diags} == {"N005"}
    assert [d.loc.line for d in diags] == list(range(2, 15_002))
