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


# Reading numbers people type ------------------------------------------------------------------

SPACES = (" ", "\u00a0", "\u202f", "\u2009", "\u2007")


class NumberFormatError(ValueError):
    """Typed text that is not a number, or that could be read two ways ("1,200" on an English
    page: 1200 or 1.2?). `message` says which, in the active language."""

    def __init__(self, message, *, ambiguous: bool = False):
        super().__init__(str(message))
        self.message = message
        self.ambiguous = ambiguous


def _grouped(text: str, separator: str) -> str | None:
    """ "1,200,000" → "1200000" when every group after the first has three digits."""
    head, *groups = text.split(separator)
    if not (head.isdecimal() and 1 <= len(head) <= 3 and head[0] != "0"):
        return None
    if not groups or not all(len(g) == 3 and g.isdecimal() for g in groups):
        return None
    return head + "".join(groups)


def parse_number(text, *, language: str | None = None) -> Decimal | None:
    """A number typed in the active language's format, or in the other one where that cannot be
    misread; None for blank text. Raises NumberFormatError otherwise.

    Both languages: spaces between groups ("1 200 000"), a leading sign, "−".
    The language's own decimal separator once is a decimal (sv "15,2", en "15.2"). The other
    language's separator once is a decimal too ("15,2" on an English page is 15.2, never 152)
    unless exactly three digits follow it ("1,200" in English, "1.200" in Swedish): that could be
    a thousand or a decimal, so it is refused with both readings named. Both separators, or the
    same one several times, are read as grouping plus decimal ("1,200.5", "1.200.000").
    """
    if text is None:
        return None
    if type(text) is str and text.isascii() and text.isdigit():
        # Plain digits (most of what is typed or imported): no strip, no language needed.
        return Decimal(text)
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    if isinstance(text, bool):
        raise NumberFormatError(_("Fyll i ett tal."))
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    raw = str(text).strip()
    if raw.isascii() and raw.isdigit():
        # Plain digits (most of what is typed or imported) read the same in every language.
        return Decimal(raw)
    for space in SPACES:
        raw = raw.replace(space, "")
    if raw == "":
        return None
    lang = _language(language)
    other = DECIMAL["en" if lang == "sv" else "sv"]
    sign = ""
    if raw[0] in "+-\u2212":
        sign, raw = ("-" if raw[0] != "+" else ""), raw[1:]
    digits = None
    if raw and all(c.isdecimal() or c in ",." for c in raw):
        commas, dots = raw.count(","), raw.count(".")
        if commas and dots:
            point = "," if raw.rfind(",") > raw.rfind(".") else "."
            group = "." if point == "," else ","
            whole, _sep, fraction = raw.rpartition(point)
            grouped = _grouped(whole, group)
            if grouped is not None and fraction.isdecimal() and point not in whole:
                digits = f"{grouped}.{fraction}"
        elif commas + dots == 0:
            digits = raw
        else:
            sep = "," if commas else "."
            if commas + dots > 1:
                digits = _grouped(raw, sep)
            else:
                whole, _sep, fraction = raw.partition(sep)
                if sep == other and _grouped(raw, sep) is not None:
                    with override(lang):
                        raise NumberFormatError(
                            _(
                                "”%(text)s” kan läsas på två sätt: skriv %(thousands)s (utan "
                                "tusentalsavgränsare) eller %(decimal)s."
                            )
                            % {
                                "text": text.strip(),
                                "thousands": _grouped(raw, sep),
                                "decimal": input_number(f"{whole}.{fraction}", language=lang),
                            },
                            ambiguous=True,
                        )
                if (whole == "" or whole.isdecimal()) and fraction.isdecimal():
                    digits = f"{whole or '0'}.{fraction}"
    if digits is None:
        with override(lang):
            example = format_number("12.5", language=lang)
            raise NumberFormatError(
                _("Fyll i ett tal, till exempel 12 eller %(example)s.") % {"example": example}
            )
    return Decimal(sign + digits)


def input_number(value, *, language: str | None = None, grouped: bool = False) -> str:
    """A stored number as a form shows it for editing: the language's decimal separator, no
    trailing zeros (15.2000 → sv "15,2", en "15.2", 100.00 → "100", never "1E+2"); "" for None.

    `grouped` groups thousands where that cannot be misread when parsed back: Swedish
    "1 250 000" (narrow no-break spaces, which `parse_number` reads); English stays ungrouped,
    since its comma would read as a decimal separator."""
    number = to_decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    lang = _language(language)
    if grouped and lang == "sv":
        return format_number(number, language=lang)
    number = number.normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = format(number, "f").replace(".", DECIMAL[lang])
    return text
