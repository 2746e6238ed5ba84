"""Rules for data that is well-formed but wrong: a reversed RPJMD period, a kode used twice, a program
file named after another kode, a text made only of invisible characters, a number beyond any float.

A kode shared by two OPDs is not reported. The nomenklatur is one list for the whole country and
many OPDs legitimately run the same program, kegiatan or sub kegiatan: every kecamatan runs the
same 7.01 programs, an RSUD and the Dinas Kesehatan both run 1.02.01, two OPDs sharing an urusan
run its sub kegiatan each with their own DPA (SIPD tells them apart by the OPD's own code, primer
§5). Nothing here adds pagu across OPDs by kode: the kepala daerah's PK and the keselarasan report
sum each OPD's own programs, so a shared kode is never counted twice. Inside one OPD, though, the
same kode twice is the same work planned twice, and every total of that OPD counts it twice.
"""
from __future__ import annotations

import re

from cascade.diagnostics import Severity, error, warning
from cascade.model.types import LEVEL_LABEL, Node
from cascade.validate.registry import Context, rule
from cascade.validate.registry import label as _label

# the part of a program file name that is a kode, so the rest can be kept in the suggested name
_KODE_PREFIX = re.compile(r"^[0-9X]\.[0-9X]{2}\.[0-9]+[-_. ]*")


@rule("R024", "periode RPJMD tidak terbalik: tahun `akhir` tidak sebelum tahun `awal`", scopes=("periode",))
def period_not_reversed(ctx: Context):
    # Run before every other rule (pipeline.check): a reversed period has no years, and every target,
    # pagu and PK is about a year of the period.
    awal, akhir = ctx.pemda.periode
    if akhir < awal:
        yield error(ctx.pemda.at("periode.akhir"), "R024",
                    f"periode RPJMD berakhir tahun {akhir}, sebelum tahun awalnya {awal}",
                    f"tukar nilai `awal` dan `akhir` (periode {akhir}–{awal}), atau perbaiki tahunnya; "
                    "periode RPJMD/Renstra lima tahun, misalnya 2025–2029")


@rule("R060", "teks yang dicetak (nama, uraian, satuan, lokasi, nama jabatan dan pejabat, ...) tidak kosong "
              "setelah karakter tak terlihat (spasi lebar nol, NBSP, tanda arah teks, ...) dibuang", scopes=())
def invisible_text(ctx: Context):
    # Found by the schema layer (validate/schema.py, the `teks` definition of schema/_defs.schema.json),
    # which sees every text field with its position; registered here for `daftar-aturan`.
    return ()


@rule("R063", "angka tidak melampaui angka terbesar yang dapat dihitung (sekitar 1,8 × 10^308)", scopes=())
def number_too_large(ctx: Context):
    # Found by the loader (load/yaml_strict.py), which refuses such a number where it is written;
    # registered here for `daftar-aturan`.
    return ()


def _program_nodes(ctx: Context):
    """Every program, kegiatan and sub kegiatan of the OPD, including programs hung on no sasaran (R009)."""
    for n in ctx.opd.nodes():
        if n.level in ("program", "kegiatan", "subkegiatan"):
            yield n
    for p in ctx.orphans:
        yield from p.walk()


@rule("R061", "kode program, kegiatan dan sub kegiatan dipakai sekali di dalam OPD (pagunya terhitung dua kali)")
def kode_unique(ctx: Context):
    first: dict[str, Node] = {}
    for n in sorted((n for n in _program_nodes(ctx) if n.kode), key=lambda n: n.at("kode")):
        seen = first.setdefault(n.kode, n)
        if seen is n:
            continue
        at = seen.at("kode")
        level = LEVEL_LABEL[n.level].lower()
        yield error(n.at("kode"), "R061",
                    f"kode {level} \"{n.kode}\" sudah dipakai {_label(seen)} di {at.file}:{at.line}; "
                    f"pagu {_label(n)} akan terhitung dua kali di setiap jumlah",
                    f"gabungkan keduanya menjadi satu {level}, atau perbaiki kodenya sesuai nomenklatur")


def expected_program_file(name: str, kode: str) -> str:
    """The name a program file should have: its kode, then what the planner called it."""
    rest = _KODE_PREFIX.sub("", name[: -len(".yaml")] if name.endswith(".yaml") else name)
    return f"{kode}-{rest}.yaml" if rest else f"{kode}.yaml"


def _named_after(name: str, kode: str) -> bool:
    # "2.21.02-persandian.yaml" or "2.21.02.yaml"; not "2.21.021-x.yaml", whose kode is another
    return name.startswith(kode) and not name[len(kode):len(kode) + 1].isdigit()


@rule("R062", "nama berkas program diawali kode programnya", Severity.WARNING)
def program_file_named_by_kode(ctx: Context):
    programs = [n for n in ctx.opd.nodes() if n.level == "program"] + list(ctx.orphans)
    for p in programs:
        name = p.loc.file.rsplit("/", 1)[-1]
        if p.kode and not _named_after(name, p.kode):
            yield warning(p.at("kode"), "R062",
                          f"berkas `{name}` berisi program berkode \"{p.kode}\"; nama berkas program diawali kodenya",
                          f"ganti nama berkas menjadi `{expected_program_file(name, p.kode)}` agar berkas mudah "
                          "ditemukan dan urutannya mengikuti kode; atau perbaiki kodenya bila kode yang salah")
