"""Well-formed but wrong data (R024, R060–R062): a reversed RPJMD period, a text of invisible
characters only, a kode used twice in one OPD, a program file named after another kode. Each is
run as a planner runs it: the exact diagnostic line, the exit status, no traceback, no documents."""
from __future__ import annotations

import json
import os
import shutil
import unicodedata

import pytest
from conftest import ROOT, mutate, run_cli

from cascade.pipeline import check
from cascade.validate.rules_data import expected_program_file

SANDI = "data/opd/diskominfo/program/2.21.02-persandian.yaml"
OPD = "data/opd/diskominfo/opd.yaml"
PEMDA = "data/pemda.yaml"

# (code, file, old text, new text, line offset from `old`, a word the message must contain): run by
# tests/test_rules.py::test_rule_triggers_with_location with the other rules' cases
DATARULES_CASES = [
    ("R024", PEMDA, "    akhir: 2029", "    akhir: 2024", 0, "sebelum tahun awalnya"),
    ("R060", SANDI, "  nama: PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI", '  nama: "\\u200b\\u2060"', 0, "tak terlihat"),
    ("R061", SANDI, 'kode: "2.21.02.2.01.0003"', 'kode: "2.21.02.2.01.0002"', 0, "dua kali"),
    ("R062", SANDI, 'kode: "2.21.02"\n', 'kode: "2.21.03"\n', 0, "2.21.03-persandian.yaml"),
    ("R063", SANDI, "target: {2025: 70,", "target: {2025: " + "9" * 400 + ",", 0, "terlalu besar"),
]


def _column(root: str, rel: str, line: int, text: str) -> int:
    """1-based column of `text` on `line` of the file."""
    with open(os.path.join(root, rel), encoding="utf-8") as fh:
        return fh.read().split("\n")[line - 1].index(text) + 1


def _lines(result) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def _build_writes_nothing(root: str, *opd) -> None:
    out = os.path.join(root, "build")
    result = run_cli("--root", root, "build", *opd, "--out", out, cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "X001" not in result.stdout + result.stderr
    written = [f for _, _, files in os.walk(out) for f in files] if os.path.isdir(out) else []
    assert written == [], written


# --- R024: reversed period ------------------------------------------------------------------


def test_reversed_period_is_one_located_error_not_an_internal_error(tmp_repo):
    line = mutate(tmp_repo, PEMDA, "    akhir: 2029", "    akhir: 2024")
    result = run_cli("--root", tmp_repo, "validate", cwd=tmp_repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "X001" not in result.stdout + result.stderr
    assert f"{PEMDA}:{line}:12: galat R024: periode RPJMD berakhir tahun 2024, sebelum tahun awalnya 2025 " \
           "(saran: tukar nilai `awal` dan `akhir` (periode 2024–2025), atau perbaiki tahunnya; " \
           "periode RPJMD/Renstra lima tahun, misalnya 2025–2029)" in _lines(result)
    # every year-based finding would be noise about a period that does not exist
    assert [ln for ln in _lines(result) if ": galat " in ln] == [ln for ln in _lines(result) if "R024" in ln]
    _build_writes_nothing(tmp_repo, "--opd", "diskominfo")


def test_reversed_period_with_a_year_asked_for(tmp_repo):
    mutate(tmp_repo, PEMDA, "    awal: 2025", "    awal: 2031")
    for args in (["validate", "--tahun", "2026"], ["build", "--opd", "diskominfo", "--tahun", "2026", "--out", "b"]):
        result = run_cli("--root", tmp_repo, *args, cwd=tmp_repo)
        assert result.returncode == 1 and "R024" in result.stdout + result.stderr, result.stdout + result.stderr
        assert "Traceback" not in result.stderr and "X001" not in result.stdout + result.stderr


def test_one_year_period_is_not_reversed(tmp_repo):
    mutate(tmp_repo, PEMDA, "    akhir: 2029", "    akhir: 2025")
    assert not any(d.code == "R024" for d in check(tmp_repo).report.items)


# --- R060: text of invisible characters only --------------------------------------------------


INVISIBLE_FIELDS = [
    # (file, old, new, field name, characters named in the message)
    (SANDI, "  nama: PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI", '  nama: "\\u200b\\u200c\\u200d"',
     "nama", "U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER"),
    (SANDI, "      satuan: \"%\"", '      satuan: "\\ufeff\\u2060"', "satuan", "U+2060 WORD JOINER, U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    (SANDI, "          lokasi: Kota Arunika", '          lokasi: "\\u00a0\\u3000"', "lokasi", "U+00A0 NO-BREAK SPACE, U+3000 IDEOGRAPHIC SPACE"),
    (SANDI, "  uraian: Meningkatnya pengamanan informasi perangkat daerah", '  uraian: "\\u200e\\u200f\\u202a\\u202c"',
     "uraian", "U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK, U+202A LEFT-TO-RIGHT EMBEDDING, U+202C POP DIRECTIONAL FORMATTING"),
    (SANDI, "      nama: Persentase perangkat daerah yang menerapkan sertifikat elektronik", '      nama: " \\u2066\\u2069 "',
     "nama", "U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE"),
    (OPD, "    nama: Kepala Dinas Komunikasi dan Informatika", '    nama: "\\u180e\\u00ad"',
     "nama", "U+00AD SOFT HYPHEN, U+180E MONGOLIAN VOWEL SEPARATOR"),
    (OPD, "        nama: Ir. Bambang Setiawan, M.Kom.", '        nama: "\\u3164"', "nama", "U+3164 HANGUL FILLER"),
    (PEMDA, "  visi: Arunika Kota Cerdas, Berbudaya, dan Sejahtera yang Berkelanjutan", '  visi: "\\U000E0020\\U000E0041"',
     "visi", "U+E0020 TAG SPACE, U+E0041 TAG LATIN CAPITAL LETTER A"),
]


@pytest.mark.parametrize("rel,old,new,field,named", INVISIBLE_FIELDS, ids=[f"{f[3]}-{i}" for i, f in enumerate(INVISIBLE_FIELDS)])
def test_text_of_invisible_characters_is_located(tmp_repo, rel, old, new, field, named):
    line = mutate(tmp_repo, rel, old, new)
    col = _column(tmp_repo, rel, line, field + ":") + len(field) + 2
    result = run_cli("--root", tmp_repo, "validate", cwd=tmp_repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = (f"{rel}:{line}:{col}: galat R060: `{field}` hanya berisi karakter tak terlihat ({named}), sehingga tercetak kosong "
                "(saran: hapus karakter tersebut lalu tulis teksnya; karakter ini biasanya ikut tersalin dari Word, PDF atau laman web)")
    assert expected in _lines(result), _lines(result)
    assert [ln for ln in _lines(result) if ": galat " in ln] == [expected]


def test_plain_spaces_stay_s005_and_empty_text_is_reported_once(tmp_repo):
    line = mutate(tmp_repo, SANDI, "          lokasi: Kota Arunika", '          lokasi: ""')
    spaces = mutate(tmp_repo, SANDI, "          lokasi: Kota Arunika", '          lokasi: "   "')
    result = run_cli("--root", tmp_repo, "validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert [ln for ln in _lines(result) if ": galat " in ln] == [
        f"{SANDI}:{line}:19: galat S005: `lokasi` tidak boleh kosong (saran: isi teksnya)",
        f"{SANDI}:{spaces}:19: galat S005: `lokasi` tidak boleh kosong atau hanya spasi (saran: isi teksnya)",
    ]


def test_a_text_field_of_another_type_keeps_its_type_message(tmp_repo):
    line = mutate(tmp_repo, SANDI, "  nama: PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI", "  nama: {a: 1}")
    errors = check(tmp_repo, ["diskominfo"]).report.errors
    assert [(d.code, d.loc.line) for d in errors] == [("S001", line)]
    assert "tak terlihat" not in errors[0].message + errors[0].hint


def _teks_pattern():
    import re
    with open(os.path.join(ROOT, "schema", "_defs.schema.json"), encoding="utf-8") as fh:
        return re.compile(json.load(fh)["$defs"]["teks"]["pattern"])


# Default_Ignorable_Code_Point outside Cf (Unicode DerivedCoreProperties), and the braille blank
INVISIBLE_LETTERS = [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800, 0x3164, 0xFFA0,
                     *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]


def test_teks_pattern_refuses_every_invisible_character_and_accepts_visible_ones():
    """Judged against unicodedata, not against the pattern's own list: every control, format and
    separator character of this Python's Unicode, and the invisible letters, alone or together."""
    pattern = _teks_pattern()
    invisible = [c for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zs", "Zl", "Zp")]
    assert len(invisible) > 200
    leaks = [hex(c) for c in invisible + INVISIBLE_LETTERS if pattern.search(chr(c))]
    assert leaks == []
    assert not pattern.search("".join(map(chr, invisible + INVISIBLE_LETTERS)))
    for visible in ("a", "É", "中", "—", "%", "0", "😀", "ب", "\u200bx\u200b", "आ"):
        assert pattern.search(visible), visible


def test_gate_and_jsonschema_agree_on_invisible_text():
    from cascade.validate.schema import _valid_fast, _validator

    data = json.loads(json.dumps({"program": {"id": "P", "kode": "2.21.02", "nama": "\u200b", "sasaran": "S3", "uraian": "u",
                                              "penanggung_jawab": "x", "indikator": [], "kegiatan": []}}))
    assert not _valid_fast(data, "program")
    assert any(e.validator == "pattern" and list(e.absolute_path) == ["program", "nama"]
               for e in _validator("program").iter_errors(data))


# --- R061: the same kode twice in one OPD -----------------------------------------------------


def test_same_sub_kegiatan_kode_twice_names_the_first(tmp_repo):
    line = mutate(tmp_repo, SANDI, 'kode: "2.21.02.2.01.0003"', 'kode: "2.21.02.2.01.0002"')
    result = run_cli("--root", tmp_repo, "validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [ln for ln in _lines(result) if ": galat " in ln] == [
        f"{SANDI}:{line}:17: galat R061: kode sub kegiatan \"2.21.02.2.01.0002\" sudah dipakai sub kegiatan `SK-SANDI-1-1` "
        f"di {SANDI}:34; pagu sub kegiatan `SK-SANDI-1-2` akan terhitung dua kali di setiap jumlah "
        "(saran: gabungkan keduanya menjadi satu sub kegiatan, atau perbaiki kodenya sesuai nomenklatur)"]
    _build_writes_nothing(tmp_repo, "--opd", "diskominfo")


def test_same_kegiatan_kode_twice(tmp_repo):
    line = mutate(tmp_repo, SANDI, 'kode: "2.21.02.2.02"', 'kode: "2.21.02.2.01"')
    mutate(tmp_repo, SANDI, 'kode: "2.21.02.2.02.0001"', 'kode: "2.21.02.2.01.0001"')
    result = run_cli("--root", tmp_repo, "validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert [ln for ln in _lines(result) if ": galat " in ln] == [
        f"{SANDI}:{line}:13: galat R061: kode kegiatan \"2.21.02.2.01\" sudah dipakai kegiatan `K-SANDI-1` di {SANDI}:20; "
        "pagu kegiatan `K-SANDI-2` akan terhitung dua kali di setiap jumlah "
        "(saran: gabungkan keduanya menjadi satu kegiatan, atau perbaiki kodenya sesuai nomenklatur)"]


def test_a_copied_program_file_is_reported_at_the_copy(tmp_repo):
    copy = "data/opd/diskominfo/program/2.21.02-salinan.yaml"
    shutil.copy(os.path.join(tmp_repo, SANDI), os.path.join(tmp_repo, copy))
    result = run_cli("--root", tmp_repo, "validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    r061 = [ln for ln in _lines(result) if " R061: " in ln]
    # every program, kegiatan and sub kegiatan of the copy: 1 + 2 + 3 kode lines, each naming its original
    assert len(r061) == 6 and all(ln.startswith(copy + ":") for ln in r061), r061
    assert (f"{copy}:5:9: galat R061: kode program \"2.21.02\" sudah dipakai program `P-SANDI` di {SANDI}:5; "
            "pagu program `P-SANDI` akan terhitung dua kali di setiap jumlah "
            "(saran: gabungkan keduanya menjadi satu program, atau perbaiki kodenya sesuai nomenklatur)") in r061


def test_a_kode_shared_by_two_opds_is_legitimate(tmp_repo):
    """Diskominfo runs the same arsip program as Dispusip with its own pagu (shared urusan 2.24):
    no finding, and the kepala daerah's PK lists both programs, each under its OPD."""
    src = open(os.path.join(ROOT, "data/opd/dispusip/program/2.24.02-arsip.yaml"), encoding="utf-8").read()
    for old, new in (("ARSIP", "EARSIP"), ("sasaran: DS1", "sasaran: S3"), ("penanggung_jawab: kabid-arsip", "penanggung_jawab: kabid-statsan"),
                     ("penanggung_jawab: katim-arsip-elektronik", "penanggung_jawab: katim-persandian")):
        src = src.replace(old, new)
    with open(os.path.join(tmp_repo, "data/opd/diskominfo/program/2.24.02-arsip.yaml"), "w", encoding="utf-8") as fh:
        fh.write(src)
    mutate(tmp_repo, OPD, 'bidang_urusan: ["2.16", "2.20", "2.21"]', 'bidang_urusan: ["2.16", "2.20", "2.21", "2.24"]')
    checked = check(tmp_repo)
    assert checked.report.errors == [], [d.format() for d in checked.report.errors]
    assert not any(d.code.startswith("R06") for d in checked.report.items)
    from cascade.documents.pk.data import build_pemda_pk
    pk = build_pemda_pk(checked.repo, 2026)
    owners = [g.judul for g in pk.anggaran.grup for b in g.baris if "2.24.02 " in b.nama]
    assert sorted(owners) == ["Dinas Komunikasi dan Informatika", "Dinas Perpustakaan dan Kearsipan"], owners


# --- R062: program file named after another kode ----------------------------------------------


def test_program_file_named_after_another_kode(tmp_repo):
    wrong = "data/opd/diskominfo/program/2.16.09-persandian.yaml"
    os.replace(os.path.join(tmp_repo, SANDI), os.path.join(tmp_repo, wrong))
    expected = (f"{wrong}:5:9: peringatan R062: berkas `2.16.09-persandian.yaml` berisi program berkode \"2.21.02\"; "
                "nama berkas program diawali kodenya (saran: ganti nama berkas menjadi `2.21.02-persandian.yaml` agar "
                "berkas mudah ditemukan dan urutannya mengikuti kode; atau perbaiki kodenya bila kode yang salah)")
    result = run_cli("--root", tmp_repo, "validate", "--opd", "diskominfo", cwd=tmp_repo)
    assert result.returncode == 0 and expected in _lines(result), _lines(result)
    strict = run_cli("--root", tmp_repo, "validate", "--opd", "diskominfo", "--strict", cwd=tmp_repo)
    assert strict.returncode == 1 and expected in _lines(strict)


@pytest.mark.parametrize("name,kode,expected", [
    ("2.16.09-persandian.yaml", "2.21.02", "2.21.02-persandian.yaml"),
    ("persandian.yaml", "2.21.02", "2.21.02-persandian.yaml"),
    ("2.16.09.yaml", "2.21.02", "2.21.02.yaml"),
    ("X.XX.01_penunjang.yaml", "2.16.01", "2.16.01-penunjang.yaml"),
    ("2.21.021-persandian.yaml", "2.21.02", "2.21.02-persandian.yaml"),
])
def test_expected_program_file_name(name, kode, expected):
    assert expected_program_file(name, kode) == expected


@pytest.mark.parametrize("name", ["2.21.02-persandian.yaml", "2.21.02.yaml", "2.21.02_persandian.yaml"])
def test_program_files_named_by_their_kode_pass(tmp_repo, name):
    os.replace(os.path.join(tmp_repo, SANDI), os.path.join(tmp_repo, "data/opd/diskominfo/program", name))
    assert not any(d.code == "R062" for d in check(tmp_repo, ["diskominfo"]).report.items)


def test_a_longer_kode_in_the_name_is_another_kode(tmp_repo):
    os.replace(os.path.join(tmp_repo, SANDI), os.path.join(tmp_repo, "data/opd/diskominfo/program/2.21.021-persandian.yaml"))
    hits = [d for d in check(tmp_repo, ["diskominfo"]).report.items if d.code == "R062"]
    assert [d.hint.split("`")[1] for d in hits] == ["2.21.02-persandian.yaml"]
