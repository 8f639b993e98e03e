"""One number format per language, used by every page, chart, table and the audit trail.

Swedish: "1 200 000", "42,5", "42,5 %", "1 200 000 kr" (a narrow no-break space between groups
of thousands, so a number never breaks across lines, and a decimal comma). English: "1,200,000",
"42.5", "42.5 %", "SEK 1,200,000". The language is the active one unless given.

Plain functions over Decimal so they can be unit-tested and called from the SVG charts.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

GROUP = {"sv": "\u202f", "en": ","}
DECIMAL = {"sv": ",", "en": "."}
MINUS = "−"


def _language(language: str | None) -> str:
    code = (language or get_language() or "sv")[:2]
    return code if code in GROUP else "sv"


def to_decimal(value) -> Decimal | None:
    """`value` as a Decimal, or None for None, "" and anything that is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace("\u2212", "-"))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value, *, places: int | None = None, language: str | None = None) -> str:
    """A number as the language writes it; "" for None.

    `places` fixes the decimals; without it a number keeps the decimals it has, trailing zeros
    removed ("0.0000" reads "0", "15.20" reads "15,2"), as a person would have typed it.
    """
    number = to_decimal(value)
    if number is None:
        return ""
    lang = _language(language)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    text = f"{abs(number):,f}".replace(",", "\x00").replace(".", DECIMAL[lang])
    text = text.replace("\x00", GROUP[lang])
    return (MINUS + text) if number < 0 and any(c not in "0,." for c in text) else text


def format_rounded(value, *, language: str | None = None) -> str:
    """One decimal under 100, none from 100 ("42,5", "1 234"): the charts' and tables' rule."""
    number = to_decimal(value)
    if number is None:
        return ""
    places = 0 if abs(number) >= 100 else 1
    text = format_number(number, places=places, language=language)
    zero = DECIMAL[_language(language)] + "0"
    return text[: -len(zero)] if text.endswith(zero) else text


def format_percent(value, *, places: int | None = None, language: str | None = None) -> str:
    """A share already in percent: "42,5 %" / "42.5 %"; "" for None."""
    text = format_number(value, places=places, language=language)
    return f"{text}\u00a0%" if text else ""


def format_percentage_points(value, *, places: int = 0, language: str | None = None) -> str:
    """A change between two percentages, signed: "+3 procentenheter" / "+3 percentage points"."""
    from django.utils.translation import ngettext, override

    number = to_decimal(value)
    if number is None:
        return "–"
    lang = _language(language)
    text = format_number(abs(number), places=places, language=lang)
    sign = "+" if number > 0 else (MINUS if number < 0 else "±")
    if text.strip("0,.") == "":
        sign = "±"
    with override(lang):
        unit = ngettext("procentenhet", "procentenheter", 1 if abs(number) == 1 else 2)
    return f"{sign}{text}\u00a0{unit}"


def format_sek(value, *, language: str | None = None) -> str:
    """Whole kronor: "1 200 000 kr" / "SEK 1,200,000"; "" for None."""
    text = format_number(value, places=0, language=language)
    if not text:
        return ""
    return f"SEK\u00a0{text}" if _language(language) == "en" else f"{text}\u00a0kr"
