"""Property tests of pilots.values.clean_value: it never raises and what it accepts is sound."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pilots.personal_data import looks_like_personnummer
from pilots.values import clean_value

raw = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["", " ", "12,5", "1 234", "1\u00a0234,5", "-0", "1e9999", "Infinity", "NaN", "0x10"]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
measure = st.sampled_from(["number", "percent", "qualitative", "unknown"])


@given(measure=measure, value=raw, numerator=raw, denominator=raw, text=raw)
def test_clean_value_never_raises(measure, value, numerator, denominator, text):
    result = clean_value(
        measure=measure, value=value, numerator=numerator, denominator=denominator, text=text
    )
    assert isinstance(result.errors, list)
    assert all(isinstance(m, str) and m for m in result.errors)


@given(value=raw, numerator=raw, denominator=raw)
def test_an_accepted_percent_is_between_0_and_100_and_numerator_le_denominator(
    value, numerator, denominator
):
    result = clean_value(
        measure="percent", value=value, numerator=numerator, denominator=denominator
    )
    if result.errors:
        return
    if result.value is not None:
        assert Decimal(0) <= result.value <= Decimal(100)
    if result.numerator is not None or result.denominator is not None:
        assert result.numerator is not None and result.denominator is not None
        assert 0 <= result.numerator <= result.denominator and result.denominator > 0


@given(numerator=st.integers(0, 10**9), extra=st.integers(1, 10**9))
def test_any_valid_fraction_is_accepted_with_its_percentage(numerator, extra):
    denominator = numerator + extra
    result = clean_value(measure="percent", numerator=str(numerator), denominator=str(denominator))
    assert result.errors == []
    assert abs(result.value - Decimal(numerator) / Decimal(denominator) * 100) < Decimal("0.0001")


@given(numerator=st.integers(1, 10**9), denominator=st.integers(0, 10**9))
def test_numerator_above_denominator_is_always_refused(numerator, denominator):
    if numerator > denominator:
        assert clean_value(measure="percent", numerator=numerator, denominator=denominator).errors


@given(value=raw)
def test_an_accepted_number_fits_the_database_column(value):
    result = clean_value(measure="number", value=value)
    if not result.errors and result.value is not None:
        assert result.value.is_finite() and abs(result.value) < Decimal(10) ** 12
        assert result.value == result.value.quantize(Decimal("0.0001"))


@given(st.text(max_size=40))
def test_personnummer_check_never_raises(text):
    assert looks_like_personnummer(text) in (True, False)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.integers(0, 9999), st.sampled_from(["-", "+"]))
def test_every_short_personnummer_shape_is_caught(day, last, sep):
    assert looks_like_personnummer(f"Deltagare {day:%y%m%d}{sep}{last:04d} kom")
    assert looks_like_personnummer(f"{day:%Y%m%d}-{last:04d}") == (1900 <= day.year < 2100)


@given(
    st.lists(
        st.one_of(
            # ASCII digits and others that \d matches (Arabic-Indic, fullwidth, Devanagari).
            st.text(alphabet="0123456789+- \n,;٠١٢٩０１９०१", max_size=16),
            st.dates().map(lambda d: f"{d:%Y%m%d}"),
            st.dates().map(lambda d: f"{d:%y%m%d}"),
            st.text(max_size=8),
        ),
        max_size=8,
    )
)
def test_the_quick_pre_check_never_changes_the_answer(parts):
    # looks_like_personnummer searches for any eleven characters that could hold a match before
    # the full pattern: over whole files (the import) it must agree with the pattern alone.
    from core.personal_data import PERSONNUMMER

    text = "".join(parts)
    assert looks_like_personnummer(text) == bool(PERSONNUMMER.search(text))
