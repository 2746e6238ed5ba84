"""Regenerate the broken-input corpus from the example data (developer tool, not run by the tests).

Each case replaces one file of data/opd/diskominfo/ with a broken or hostile variant; the expected
code, line, column and a fragment of the message live in expected.tsv, written by `--record` after a
human has read every line of the output.

    python tests/corpus/generate.py            # write the corpus files
    python tests/corpus/generate.py --record   # also record what Cascade reports into expected.tsv
"""
from __future__ import annotations

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OPD = os.path.join(ROOT, "data", "opd", "diskominfo")
P = "program/2.21.02-persandian.yaml"
SRC = open(os.path.join(OPD, P), "rb").read()
OPD_SRC = open(os.path.join(OPD, "opd.yaml"), "rb").read()
IKP = "program/2.16.02-ikp.yaml"
IKP_SRC = open(os.path.join(OPD, IKP), "rb").read()


def sub(src: bytes, old: bytes, new: bytes) -> bytes:
    assert old in src, old
    return src.replace(old, new, 1)


def line(src: bytes, n: int, new: bytes) -> bytes:
    lines = src.split(b"\n")
    lines[n - 1] = new
    return b"\n".join(lines)


BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode() for p, c in zip("abcdefgh", "bcdefghi"))

# name: (file replaced, bytes)
CASES = {
    # YAML syntax and encoding
    "tab-indent.yaml": (P, line(SRC, 5, b'\tkode: "2.21.02"')),
    "colon-in-text.yaml": (P, line(SRC, 8, b"  uraian: Meningkatnya: pengamanan informasi")),
    "truncated.yaml": (P, SRC[: SRC.index(b"target: {2025: 70, 2026:") + 24]),
    "latin1.yaml": (P, line(SRC, 8, "  uraian: Meningkatnya pengamanan informasi café".encode("latin-1"))),
    "utf16.yaml": (P, SRC.decode().encode("utf-16")),
    "utf16-be.yaml": (P, b"\xfe\xff" + SRC.decode().encode("utf-16-be")),
    "overlong-utf8.yaml": (P, line(SRC, 8, b"  uraian: Meningkatnya \xc0\xaf pengamanan")),
    "empty.yaml": (P, b""),
    "only-comments.yaml": (P, b"# program belum ditulis\n"),
    "whitespace-only.yaml": (P, b"   \n\n  \n"),
    "binary.yaml": (P, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    "conflict.yaml": (P, line(SRC, 7, b"<<<<<<< HEAD\n  sasaran: S3\n=======\n  sasaran: S2\n>>>>>>> bidang-statsan")),
    "conflict-half-resolved.yaml": (P, line(SRC, 7, b"  sasaran: S3\n>>>>>>> bidang-statsan")),
    "duplicate-key.yaml": (P, line(SRC, 7, b"  sasaran: S3\n  sasaran: S2")),
    "alias.yaml": (P, sub(line(SRC, 7, b"  sasaran: &s S3"), b"  uraian: Meningkatnya", b"  uraian: *s\n  x: Meningkatnya")),
    "alias-bomb.yaml": (P, BOMB),
    "merge-key.yaml": (P, sub(SRC, b"  kegiatan:\n", b"  <<: {lokasi: Kota Arunika}\n  kegiatan:\n")),
    "deep-nesting-flow.yaml": (P, b"program: " + b"[" * 300 + b"]" * 300 + b"\n"),
    "deep-nesting-block.yaml": (P, b"".join(b"  " * i + f"k{i}:\n".encode() for i in range(60))),
    "python-tag.yaml": (P, sub(SRC, b"  nama: PROGRAM", b"  nama: !!python/object/apply:os.system ['id']\n  x: PROGRAM")),
    "custom-tag.yaml": (P, sub(SRC, b"  nama: PROGRAM PENYELENGGARAAN", b"  nama: !include rahasia.txt\n  x: PROGRAM")),
    "control-char.yaml": (P, sub(SRC, b"  uraian: Meningkatnya pengamanan informasi perangkat daerah",
                                 b'  uraian: "Meningkatnya pengamanan\\x07 informasi"')),
    "unclosed-flow.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100}",
                                  b"target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100")),
    "multi-document.yaml": (P, SRC + b"---\nprogram: {}\n"),
    "bad-escape.yaml": (P, sub(SRC, b"  uraian: Meningkatnya pengamanan informasi perangkat daerah", b'  uraian: "C:\\data\\rahasia"')),
    "unclosed-single-quote.yaml": (P, sub(SRC, b"  uraian: Meningkatnya pengamanan informasi perangkat daerah", b"  uraian: 'Meningkatnya pengamanan")),
    "stray-list-item.yaml": (P, sub(SRC, b"  sasaran: S3\n", b"  sasaran: S3\n  - S2\n")),
    "crlf-bom-valid.yaml": (P, b"\xef\xbb\xbf" + SRC.replace(b"\n", b"\r\n").replace(b"sasaran: S3", b"sasaran: S33")),
    "smart-quotes-key.yaml": (P, sub(SRC, b"  uraian: Meningkatnya pengamanan", "  “uraian”: Meningkatnya pengamanan".encode())),
    "nbsp-indent.yaml": (P, sub(SRC, b"  uraian: Meningkatnya pengamanan", "\u00a0 uraian: Meningkatnya pengamanan".encode())),
    # schema: unknown keys, wrong types for every field kind
    "unknown-key.yaml": (P, line(SRC, 8, b"  uraain: Meningkatnya pengamanan informasi perangkat daerah")),
    "unknown-top-key.yaml": (P, sub(SRC, b"program:\n", b"progam:\n")),
    "list-not-map.yaml": (P, b"- program: 1\n"),
    "scalar-file.yaml": (P, b"program persandian\n"),
    "kode-as-float.yaml": (P, sub(SRC, b'kode: "2.21.02"', b"kode: 2.21")),
    "kode-with-comma.yaml": (P, sub(SRC, b'kode: "2.21.02"', b'kode: "2,21,02"')),
    "kode-short.yaml": (P, sub(SRC, b'kode: "2.21.02.2.01"', b'kode: "01"')),
    "pagu-thousands.yaml": (P, sub(SRC, b"pagu: {2025: 85000000,", b'pagu: {2025: "85.000.000",')),
    "pagu-unquoted-dots.yaml": (P, sub(SRC, b"pagu: {2025: 85000000,", b"pagu: {2025: 85.000.000,")),
    "pagu-decimal.yaml": (P, sub(SRC, b"pagu: {2025: 85000000,", b"pagu: {2025: 85000000.5,")),
    "pagu-negative.yaml": (P, sub(SRC, b"pagu: {2025: 85000000,", b"pagu: {2025: -85000000,")),
    "pagu-absurd.yaml": (P, sub(SRC, b"pagu: {2025: 85000000,", b"pagu: {2025: 85000000000000000000000,")),
    "pagu-rupiah-text.yaml": (P, sub(SRC, b"pagu: {2025: 85000000,", b'pagu: {2025: "Rp 85 juta",')),
    "pagu-as-list.yaml": (P, sub(SRC, b"pagu: {2025: 85000000, 2026: 90000000, 2027: 95000000, 2028: 100000000, 2029: 105000000}",
                                 b"pagu: [85000000, 90000000, 95000000, 100000000, 105000000]")),
    "target-comma-decimal.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80,", b'target: {2025: 70, 2026: "80,5",')),
    "target-with-unit.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80,", b'target: {2025: 70, 2026: "80%",')),
    "target-text-no-scale.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80,", b"target: {2025: 70, 2026: tinggi,")),
    "target-year-typo.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80,", b"target: {2025: 70, tahun2026: 80,")),
    "target-missing-year.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100}",
                                        b"target: {2025: 70, 2026: 80, 2027: 90, 2028: 100}")),
    "target-outside-period.yaml": (P, sub(SRC, b"target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100}",
                                          b"target: {2025: 70, 2026: 80, 2027: 90, 2028: 100, 2029: 100, 2031: 100}")),
    "polaritas-typo.yaml": (P, sub(SRC, b"polaritas: positif", b"polaritas: positf")),
    "pola-ukur-unknown.yaml": (P, sub(SRC, b"pola_ukur: posisi", b"pola_ukur: bulanan")),
    "baseline-missing-tahun.yaml": (P, sub(SRC, b"baseline: {tahun: 2024, nilai: 60}", b"baseline: {nilai: 60}")),
    "baseline-after-start.yaml": (P, sub(SRC, b"baseline: {tahun: 2024, nilai: 60}", b"baseline: {tahun: 2026, nilai: 60}")),
    "indikator-empty.yaml": (P, sub(SRC, b"  indikator:\n    - id: P-SANDI-I1", b"  indikator: []\n  x:\n    - id: P-SANDI-I1")),
    "indikator-as-map.yaml": (P, sub(SRC, b"  indikator:\n    - id: P-SANDI-I1\n", b"  indikator:\n    id: P-SANDI-I1\n    x:\n")),
    "satuan-missing.yaml": (P, sub(SRC, b'      satuan: "%"\n      polaritas: positif\n      pola_ukur: posisi\n', b"      polaritas: positif\n      pola_ukur: posisi\n")),
    "lokasi-missing.yaml": (P, sub(SRC, b"          lokasi: Kota Arunika\n", b"")),
    "nama-boolean.yaml": (P, sub(SRC, b"  nama: PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI", b"  nama: true")),
    "nama-empty.yaml": (P, sub(SRC, b"  nama: PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI", b'  nama: "   "')),
    "id-with-space.yaml": (P, sub(SRC, b"id: SK-SANDI-2-1\n", b"id: SK SANDI 2 1\n")),
    "nip-as-number.yaml": ("opd.yaml", sub(OPD_SRC, b'nip: "197503122000031004"', b"nip: 197503122000031004")),
    "nip-with-spaces.yaml": ("opd.yaml", sub(OPD_SRC, b'nip: "197503122000031004"', b'nip: "19750312 200003 1 004"')),
    "nip-17-digits.yaml": ("opd.yaml", sub(OPD_SRC, b'nip: "197503122000031004"', b'nip: "19750312200003100"')),
    "nip-bad-birthdate.yaml": ("opd.yaml", sub(OPD_SRC, b'nip: "197503122000031004"', b'nip: "197513322000031004"')),
    "nip-bad-gender.yaml": ("opd.yaml", sub(OPD_SRC, b'nip: "197503122000031004"', b'nip: "197503122000035004"')),
    "mulai-bad-date.yaml": ("opd.yaml", sub(OPD_SRC, b'mulai: "2023-01-09"', b'mulai: "2023-02-30"')),
    "status-uppercase.yaml": ("opd.yaml", sub(OPD_SRC, b"status: plt", b"status: PLT")),
    "golongan-format.yaml": ("opd.yaml", sub(OPD_SRC, b"golongan: IV/c", b"golongan: 4c")),
    "jenjang-typo.yaml": ("opd.yaml", sub(OPD_SRC, b"jenjang: administrator", b"jenjang: adminstrator")),
    "bidang-urusan-string.yaml": ("opd.yaml", sub(OPD_SRC, b'bidang_urusan: ["2.16", "2.20", "2.21"]', b'bidang_urusan: "2.16"')),
    "bidang-urusan-float.yaml": ("opd.yaml", sub(OPD_SRC, b'bidang_urusan: ["2.16", "2.20", "2.21"]', b"bidang_urusan: [2.16, 2.20, 2.21]")),
    # references, cycles, duplicates
    "owner-missing.yaml": (P, sub(SRC, b"  penanggung_jawab: kabid-statsan", b"  penanggung_jawab: kabid-statistik")),
    "sasaran-missing.yaml": (P, sub(SRC, b"sasaran: S3", b"sasaran: S33")),
    "program-under-tujuan.yaml": (P, sub(SRC, b"sasaran: S3", b"sasaran: T1")),
    "program-under-itself.yaml": (P, sub(SRC, b"sasaran: S3", b"sasaran: P-SANDI")),
    "atasan-cycle.yaml": ("opd.yaml", sub(OPD_SRC, b"    atasan: kadis\n    pejabat:\n      - mulai: \"2022-06-01\"",
                                          b"    atasan: kasubbag-umpeg\n    pejabat:\n      - mulai: \"2022-06-01\"")),
    "atasan-self.yaml": ("opd.yaml", sub(OPD_SRC, b"    atasan: kabid-ikp\n", b"    atasan: katim-media\n")),
    "atasan-missing.yaml": ("opd.yaml", sub(OPD_SRC, b"    atasan: kabid-ikp\n", b"    atasan: kabid-humas\n")),
    "duplicate-id-across-files.yaml": (P, sub(SRC, b"id: SK-SANDI-2-1\n", b"id: SK-IKP-1-1\n")),
    "duplicate-indicator-id.yaml": (P, sub(SRC, b"- id: SK-SANDI-2-1-I1", b"- id: SK-SANDI-1-2-I1")),
    "kode-wrong-parent.yaml": (P, sub(SRC, b'kode: "2.21.02.2.02.0001"', b'kode: "2.21.02.2.01.0001"')),
    "pagu-missing-year.yaml": (P, sub(SRC, b"pagu: {2025: 60000000, 2026: 65000000, 2027: 70000000, 2028: 75000000, 2029: 80000000}",
                                      b"pagu: {2025: 60000000, 2026: 65000000}")),
    "pagu-parent-mismatch.yaml": (P, sub(SRC, b"  kegiatan:\n    - id: K-SANDI-1\n",
                                         b"  kegiatan:\n    - id: K-SANDI-1\n      pagu: {2025: 1, 2026: 1, 2027: 1, 2028: 1, 2029: 1}\n")),
    "owner-wrong-level.yaml": (P, sub(SRC, b"  penanggung_jawab: kabid-statsan", b"  penanggung_jawab: katim-persandian")),
    "crosscutting-missing-node.yaml": (P, sub(SRC, b"          lokasi: Kota Arunika\n          indikator:\n            - id: SK-SANDI-2-1-I1",
                                              b"          lokasi: Kota Arunika\n          crosscutting: [{opd: bappeda, node: BS99}]\n          indikator:\n            - id: SK-SANDI-2-1-I1")),
    "crosscutting-missing-opd.yaml": (P, sub(SRC, b"          lokasi: Kota Arunika\n          indikator:\n            - id: SK-SANDI-2-1-I1",
                                             b"          lokasi: Kota Arunika\n          crosscutting: [{opd: dinkes, node: S1}]\n          indikator:\n            - id: SK-SANDI-2-1-I1")),
}


def main(record: bool) -> None:
    for name, (target, data) in CASES.items():
        with open(os.path.join(HERE, name), "wb") as fh:
            fh.write(data)
    if not record:
        return
    import shutil
    import tempfile
    rows = ["# berkas\tmenggantikan (di data/opd/diskominfo/)\tlokasi pesan\tkode\tpotongan pesan"]
    for name, (target, _) in sorted(CASES.items()):
        with tempfile.TemporaryDirectory() as tmp:
            for d in ("data", "schema"):
                shutil.copytree(os.path.join(ROOT, d), os.path.join(tmp, d))
            shutil.copyfile(os.path.join(HERE, name), os.path.join(tmp, "data", "opd", "diskominfo", target))
            out = subprocess.run([sys.executable, "-m", "cascade", "validate", "--opd", "diskominfo"], cwd=tmp,
                                 env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True).stdout
        errors = [line for line in out.splitlines() if ": galat " in line]
        mine = [line for line in errors if line.startswith(f"data/opd/diskominfo/{target}:")]
        first = (mine or errors)[0]
        loc, rest = first.split(": galat ", 1)
        code, message = rest.split(": ", 1)
        fragment = message.split(" (saran:")[0][:40]
        print(f"{name:34} {loc} {code} {message[:150]}")
        rows.append(f"{name}\t{target}\t{loc}\t{code}\t{fragment}")
    with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main("--record" in sys.argv)
