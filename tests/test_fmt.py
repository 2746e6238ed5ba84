"""Indonesian number formatting: whole rupiah grouped as Babel's id_ID pattern groups them."""
from __future__ import annotations

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from cascade.fmt import LOCALE, angka, rupiah


def test_rupiah_as_planners_write_it():
    assert rupiah(1234567) == "Rp1.234.567"
    assert rupiah(-2500000) == "-Rp2.500.000"
    assert rupiah(999, sign=False) == "999"
    assert rupiah(0) == "Rp0"
    assert angka(2.845) == "2,85" and angka(1250000) == "1.250.000"


@given(st.integers(min_value=0, max_value=10**18) | st.sampled_from([0, 999, 1000, 999999, 1000000, 10**15]))
def test_rupiah_groups_like_babel(value):
    assert rupiah(value, sign=False) == format_decimal(value, format="#,##0", locale=LOCALE)
    assert rupiah(-value) == ("-" if value else "") + "Rp" + format_decimal(value, format="#,##0", locale=LOCALE)


# within Babel's 28 significant digits (it fails on a larger whole number with its ten decimals)
@given(st.integers(min_value=-10**16, max_value=10**16) | st.sampled_from([0, -1, 999, -1000, 10**15]))
def test_whole_numbers_read_as_babel_writes_them(value):
    from decimal import Decimal

    from cascade.fmt import _angka

    assert angka(value) == _angka(value, 2) == format_decimal(Decimal(value), format="#,##0.##########",
                                                              locale=LOCALE, decimal_quantization=False)
