"""Swedish identifiers: organisationsnummer, kommun and län codes."""

import pytest
from django.core.exceptions import ValidationError

from partners.factories import valid_org_number
from partners.validators import (
    normalise_org_number,
    validate_kommun_code,
    validate_lan_code,
    validate_org_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("212000-0142", "212000-0142"),
        ("2120000142", "212000-0142"),
        (" 212000-0142 ", "212000-0142"),
        ("212000 0142", "212000-0142"),
    ],
)
def test_organisationsnummer_is_accepted_in_common_spellings_and_shown_with_a_dash(raw, expected):
    assert normalise_org_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "abc", "12345", "21200001420", "2120-00-014X", None])
def test_organisationsnummer_of_wrong_shape_is_refused_with_a_format_message(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_org_number(raw)
    assert exc.value.code == "org_number_format"
    assert "tio siffror" in exc.value.messages[0]


def test_organisationsnummer_with_wrong_check_digit_is_refused_and_says_so():
    with pytest.raises(ValidationError) as exc:
        normalise_org_number("212000-0143")
    assert exc.value.code == "org_number_checksum"
    assert "kontrollsiffra" in exc.value.messages[0]


def test_organisationsnummer_written_with_non_latin_digits_is_a_format_error_not_a_checksum_error():
    with pytest.raises(ValidationError) as exc:
        normalise_org_number("٢١٢٠٠٠٠١٤٢")  # Arabic-Indic digits
    assert exc.value.code == "org_number_format"


def test_factory_organisationsnummer_pass_the_check_digit():
    for n in (0, 1, 99, 123456):
        validate_org_number(valid_org_number(n))


@pytest.mark.parametrize("code", ["0180", "2584"])
def test_four_digit_kommun_code_is_valid(code):
    validate_kommun_code(code)


@pytest.mark.parametrize("code", ["180", "01800", "01a0", "", 180])
def test_kommun_code_must_be_four_digits(code):
    with pytest.raises(ValidationError):
        validate_kommun_code(code)


@pytest.mark.parametrize("code", ["1", "001", "a1", ""])
def test_lan_code_must_be_two_digits(code):
    with pytest.raises(ValidationError):
        validate_lan_code(code)
    validate_lan_code("01")
