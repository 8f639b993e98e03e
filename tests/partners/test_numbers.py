"""One number format per language: Swedish "1 200 000 kr", "42,5 %"; English "SEK 1,200,000",
"42.5 %"; a change of a percentage in procentenheter."""

from decimal import Decimal

import pytest
from django.utils import translation

from partners.numbers import (
    format_number,
    format_percent,
    format_percentage_points,
    format_rounded,
    format_sek,
)

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("sv", Decimal("1200000"), f"1{NNBSP}200{NNBSP}000"),
        ("en", Decimal("1200000"), "1,200,000"),
        ("sv", Decimal("42.5"), "42,5"),
        ("en", Decimal("42.5"), "42.5"),
        ("sv", "0.0000", "0"),  # as stored → as typed
        ("sv", "15.2000", "15,2"),
        ("sv", -3.5, "−3,5"),
        ("sv", None, ""),
        ("sv", "not a number", ""),
    ],
)
def test_numbers_read_the_language_way(language, value, expected):
    assert format_number(value, language=language) == expected


def test_money_percent_and_rounding_per_language():
    assert format_sek(1_200_000, language="sv") == f"1{NNBSP}200{NNBSP}000\u00a0kr"
    assert format_sek(1_200_000, language="en") == "SEK\u00a01,200,000"
    assert format_percent(Decimal("42.5"), language="sv") == "42,5\u00a0%"
    assert format_percent(Decimal("42.5"), language="en") == "42.5\u00a0%"
    assert format_rounded(Decimal("1234.5"), language="sv") == f"1{NNBSP}235"
    assert format_rounded(Decimal("12.0"), language="en") == "12"


def test_a_change_in_a_percentage_reads_as_percentage_points():
    assert format_percentage_points(3, language="sv") == "+3\u00a0procentenheter"
    assert format_percentage_points(1, language="sv") == "+1\u00a0procentenhet"
    assert format_percentage_points(-2, language="en") == "−2\u00a0percentage points"
    assert format_percentage_points(0, language="sv").startswith("±0")


def test_active_language_is_the_default():
    with translation.override("en"):
        assert format_number(Decimal("1234.5")) == "1,234.5"
    with translation.override("sv"):
        assert format_number(Decimal("1234.5")) == f"1{NNBSP}234,5"


@pytest.mark.parametrize("text", ["¹", "12²", "1,²5", "³.5", "1 ²00"])
def test_superscript_and_other_non_decimal_digits_are_refused_with_a_message(text):
    # str.isdigit() takes "¹" for a digit, Decimal does not: such text was a 500, not a message.
    from partners.numbers import NumberFormatError, parse_number

    with pytest.raises(NumberFormatError):
        parse_number(text, language="sv")
