"""Indonesian number, money and date formatting (Babel, locale id_ID).

Babel rounds half-even; planners expect half-up (2,845 → 2,85), so numbers are rounded here with
Decimal before Babel formats them.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_decimal, get_group_symbol

LOCALE = "id_ID"


def angka(value, max_decimals: int = 2) -> str:
    """`1250000` → `1.250.000`; `2.85` → `2,85`; text (a predikat) unchanged; None → `n/a`."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if value.__class__ is int:  # grouped as `rupiah` is: Babel costs ~40 µs a number in every cold build process
        return _signed(value, "")
    if not math.isfinite(value):  # the loader admits only finite numbers; a sum or ratio may still overflow
        return "n/a"
    return _angka(value, max_decimals)


# Babel takes ~40 µs a number and a Renstra table repeats the same targets and pagu many times.
@functools.lru_cache(maxsize=1 << 16, typed=True)
def _angka(value, max_decimals: int) -> str:
    quant = Decimal(1).scaleb(-max_decimals)
    exact = Decimal(str(value))
    # quantizing (here and in Babel) keeps every digit up to the last decimal: the default precision
    # of 28 digits fails on a float such as 1e300, which the schema admits as a target
    with localcontext(prec=max(28, exact.adjusted() + max_decimals + 12)):
        rounded = exact.quantize(quant, rounding=ROUND_HALF_UP).normalize()
        if rounded == rounded.to_integral():
            rounded = rounded.quantize(Decimal(1))
        return format_decimal(rounded, format="#,##0.##########", locale=LOCALE, decimal_quantization=False)


def rupiah(value: int, sign: bool = True) -> str:
    """`1234567` → `Rp1.234.567` (or `1.234.567` in table columns headed "Rp")."""
    return _signed(value, "Rp" if sign else "")


# Whole rupiah need only Babel's group symbol: Python groups digits by three as the id_ID pattern
# `#,##0` does, at a hundredth of the cost per number (tests/test_fmt.py holds the two equal).
_GROUP = get_group_symbol(LOCALE)


def _signed(value, unit: str) -> str:
    """`-1234567` → `-` + unit + `1.234.567` (whole units)."""
    grouped = f"{abs(int(value)):,}".replace(",", _GROUP)
    return f"-{unit}{grouped}" if value < 0 else f"{unit}{grouped}"


def tanggal(day: dt.date) -> str:
    """`2026-11-22` → `22 November 2026`."""
    return format_date(day, format="d MMMM y", locale=LOCALE)


def persen(value, max_decimals: int = 2) -> str:
    """`96.789` → `96,79%`: PUEBI writes the percent sign right after the number, without a space
    (the one formatter for every percentage Cascade prints; None → `n/a` as `angka`)."""
    text = angka(value, max_decimals)
    return text if value is None or isinstance(value, str) else f"{text}%"


# The two ways a missing value is printed, in every document (README "Rencana yang belum lengkap"):
# a target not set yet (`null`, or a year a transition period lacks) reads as a dash, a baseline
# whose data is not available reads "n/a", so a reader never takes an unknown baseline for an
# unset target.
TARGET_KOSONG = "-"
BASELINE_KOSONG = "n/a"


def target(value, satuan: str = "", in_cell: bool = False) -> str:
    """A target (or kondisi akhir) as printed: `TARGET_KOSONG` while it is not set."""
    return TARGET_KOSONG if value is None else nilai_satuan(value, satuan, in_cell)


def baseline(value, satuan: str = "", in_cell: bool = False) -> str:
    """A baseline (kondisi awal) as printed: `BASELINE_KOSONG` when its data is not available."""
    return BASELINE_KOSONG if value is None else nilai_satuan(value, satuan, in_cell)


def nilai_satuan(value, satuan: str, in_cell: bool) -> str:
    """A target as a table shows it: the number alone, or joined with its satuan ("3 Dokumen", "100%")."""
    text = angka(value)
    if not in_cell or value is None or isinstance(value, str):
        return text
    return persen(value) if satuan.strip() == "%" else f"{text} {satuan}"


def judul_draf(title: str, draf: bool) -> str:
    """A title as a draft plan shows it (an image's title block, a sheet's title): "… (DRAF)"."""
    return f"{title} (DRAF)" if draf else title
