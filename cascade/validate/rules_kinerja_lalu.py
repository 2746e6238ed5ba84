"""Rules for the previous Renstra period (data/opd/<opd>/kinerja-periode-lalu.yaml), the source of
T-C.23 and T-C.24 in BAB II, and for the markers that place those tables in bab-2.md.
"""
from __future__ import annotations

import difflib
import posixpath

from cascade.diagnostics import Loc, Severity, error, warning
from cascade.fmt import rupiah
from cascade.load.markdown import parse
from cascade.load.narrative import MARKER, TABLE_MARKERS
from cascade.load.sources import KINERJA_LALU_FILE, OPD_DIR
from cascade.model.kinerja_lalu import IndikatorLalu, ProgramLalu, previous_years
from cascade.validate.registry import Context, rule

BELUM_DIISI = "data belum diisi"


def _entries(ctx: Context):
    """(what, entry, year maps) of every indicator and program, `what` naming it for a planner."""
    lalu = ctx.opd.kinerja_lalu
    if lalu is None:
        return
    for ind in lalu.indikator:
        yield f"indikator `{ind.nama}`", ind, ("target", "realisasi")
    for prog in lalu.program:
        yield f"program {prog.kode} `{prog.nama}`", prog, ("anggaran", "realisasi")


def _span(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}"


@rule("R070", "kinerja periode lalu (T-C.23/T-C.24) memuat tepat lima tahun periode Renstra sebelumnya")
def previous_period_years(ctx: Context):
    years = previous_years(ctx.pemda)
    span = _span(years)
    rpjmd = f"{ctx.pemda.periode[0]}–{ctx.pemda.periode[1]}"
    for what, entry, keys in _entries(ctx):
        for key in keys:
            values = getattr(entry, key)
            for year in sorted(set(values) - set(years)):
                yield error(entry.at(f"{key}.{year}"), "R070",
                            f"{key} {what} memuat tahun {year}, di luar periode Renstra sebelumnya {span}",
                            f"periode sebelumnya adalah lima tahun sebelum RPJMD {rpjmd} (data/pemda.yaml); "
                            f"hapus tahun ini, atau periksa apakah tahunnya salah ketik")
            missing = [y for y in years if y not in values]
            if missing:
                yield error(entry.at(key), "R070",
                            f"{key} {what} belum memuat tahun {', '.join(map(str, missing))}",
                            f"tulis kelima tahun {span}; bila datanya memang tidak ada, tulis `null` (tampil \"-\")")


@rule("R071", "realisasi periode lalu hanya ditulis untuk tahun yang targetnya (atau anggarannya) ada", Severity.WARNING)
def realisasi_without_target(ctx: Context):
    years = set(previous_years(ctx.pemda))
    for what, entry, (base, _) in _entries(ctx):
        for year, value in sorted(entry.realisasi.items()):
            if year in years and value is not None and getattr(entry, base).get(year) is None:
                kind = "rasio capaian" if isinstance(entry, IndikatorLalu) else "rasio realisasi anggaran"
                yield warning(entry.at(f"realisasi.{year}"), "R071",
                              f"realisasi {what} tahun {year} tertulis, tetapi {base}nya kosong; "
                              f"{kind} tahun itu tidak dapat dihitung (tampil \"-\")",
                              f"tulis {base} tahun {year} dari Renstra/APBD periode lalu, atau hapus realisasinya")


@rule("R072", "anggaran dan realisasi program periode lalu tidak negatif")
def no_negative_amounts(ctx: Context):
    for what, entry, keys in _entries(ctx):
        if not isinstance(entry, ProgramLalu):
            continue
        for key in keys:
            for year, amount in sorted(getattr(entry, key).items()):
                if amount is not None and amount < 0:
                    yield error(entry.at(f"{key}.{year}"), "R072",
                                f"{key} {what} tahun {year} bernilai negatif ({rupiah(amount)})",
                                "tulis Rupiah tanpa tanda minus; bila ada pengembalian, tulis realisasi bersihnya")


@rule("R073", "realisasi anggaran program periode lalu tidak melebihi anggarannya", Severity.WARNING)
def realisasi_within_anggaran(ctx: Context):
    for what, entry, _ in _entries(ctx):
        if not isinstance(entry, ProgramLalu):
            continue
        for year, amount in sorted(entry.realisasi.items()):
            budget = entry.anggaran.get(year)
            if amount is not None and budget is not None and 0 <= budget < amount:
                yield warning(entry.at(f"realisasi.{year}"), "R073",
                              f"realisasi {what} tahun {year} ({rupiah(amount)}) melebihi anggarannya "
                              f"({rupiah(budget)}), selisih {rupiah(amount - budget)}",
                              "periksa angkanya; anggaran yang dipakai adalah anggaran setelah perubahan (APBD-P)")


def _folder(ctx: Context) -> str:
    files = ctx.opd.files
    return posixpath.dirname(files[0]) if files else f"{OPD_DIR}/{ctx.opd.key}"


@rule("R074", "OPD yang menulis BAB II mengisi kinerja periode lalu untuk T-C.23 dan T-C.24", Severity.WARNING)
def previous_period_written(ctx: Context):
    if "bab-2" not in ctx.opd.narratives:
        return  # BAB II is not written yet: the chapter itself says so
    lalu = ctx.opd.kinerja_lalu
    span = _span(previous_years(ctx.pemda))
    path = f"{_folder(ctx)}/{KINERJA_LALU_FILE}"
    if lalu is None:
        yield warning(Loc(path), "R074",
                      f"berkas kinerja periode lalu belum ada; Tabel T-C.23 dan T-C.24 di BAB II tertulis \"{BELUM_DIISI}\"",
                      f"buat berkas ini dengan target dan realisasi indikator serta anggaran dan realisasi program "
                      f"tahun {span}; salin contoh dari data/opd/diskominfo/{KINERJA_LALU_FILE}")
        return
    for key, table in (("indikator", "T-C.23"), ("program", "T-C.24")):
        if not getattr(lalu, key):
            yield warning(lalu.loc, "R074", f"berkas ini belum memuat `{key}:`; Tabel {table} di BAB II tertulis \"{BELUM_DIISI}\"",
                          f"tambahkan `{key}:` untuk tahun {span} (lihat contoh di data/opd/diskominfo/{KINERJA_LALU_FILE})")


@rule("R075", "penanda tabel `[[T-C.23]]`/`[[T-C.24]]` di narasi dikenal, di bab yang benar, dan ditulis sekali", Severity.WARNING)
def table_markers(ctx: Context):
    folder = _folder(ctx)
    known = sorted(TABLE_MARKERS)
    seen: set[str] = set()
    for chapter, text in sorted(ctx.opd.narratives.items()):
        where = f"{folder}/{chapter}.md"
        for block in parse(text):
            m = MARKER.match(block.text.strip()) if block.kind == "para" else None
            if m is None:
                continue
            name, loc = m.group(1), Loc(where, block.line, 1)
            if name not in TABLE_MARKERS:
                close = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.5)
                yield warning(loc, "R075", f"penanda `[[{name}]]` tidak dikenal dan tercetak apa adanya",
                              (f"maksud Anda `[[{close[0]}]]`? " if close else "")
                              + "penanda yang dikenal: " + ", ".join(f"[[{k}]]" for k in known))
            elif TABLE_MARKERS[name] != chapter:
                yield warning(loc, "R075", f"penanda `[[{name}]]` hanya berlaku di {TABLE_MARKERS[name]}.md; di sini tercetak apa adanya",
                              f"pindahkan baris ini ke {TABLE_MARKERS[name]}.md")
            elif name in seen:
                yield warning(loc, "R075", f"penanda `[[{name}]]` ditulis lebih dari sekali; tabelnya hanya dicetak di penanda pertama",
                              "hapus penanda ini")
            else:
                seen.add(name)
