"""Validation of reported values, written once for the report form, the API and imports.

Plain Python: takes raw input (strings from forms and files, numbers from JSON) and returns a
cleaned value or a list of messages that say exactly what is wrong.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.numbers import NumberFormatError, parse_number

# Field names for messages, lazy: translated only when a message needs one, not for every cell.
NUMERATOR = gettext_lazy("Täljaren")
DENOMINATOR = gettext_lazy("Nämnaren")
SHARE = gettext_lazy("Andelen")
VALUE = gettext_lazy("Värdet")

MAX_ABS = Decimal("999999999999")  # fits DecimalField(max_digits=16, decimal_places=4)
FOUR_PLACES = Decimal("0.0001")


@dataclass
class CleanValue:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.numerator is None
            and self.denominator is None
            and not self.text
        )


def parse_decimal(
    raw, label: str, errors: list[str], language: str | None = None
) -> Decimal | None:
    """Accept 12, 12.5, "12,5", " 1 234 " in the page's language (partners.numbers.parse_number:
    never "15,2" as 152; "1,200" on an English page is refused as ambiguous). Empty: no value."""
    if raw is None:
        return None
    if type(raw) is str and len(raw) <= 12 and raw.isascii() and raw.isdigit():
        # Plain digits, what most imported and typed cells hold: at most 12 digits cannot
        # exceed MAX_ABS, so only the quantizing below is left of the checks.
        return Decimal(raw).quantize(FOUR_PLACES)
    if isinstance(raw, bool):
        errors.append(_("%(label)s måste vara ett tal.") % {"label": label})
        return None
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    elif isinstance(raw, str):
        try:
            number = parse_number(raw, language=language)
        except NumberFormatError as error:
            errors.append(f"{label}: {error.message}")
            return None
        if number is None:
            return None
    else:
        errors.append(_("%(label)s måste vara ett tal.") % {"label": label})
        return None
    if not number.is_finite():
        errors.append(_("%(label)s måste vara ett ändligt tal.") % {"label": label})
        return None
    if abs(number) > MAX_ABS:
        errors.append(_("%(label)s är orimligt stort.") % {"label": label})
        return None
    return number.quantize(FOUR_PLACES)


def clean_value(
    *,
    measure: str,
    value=None,
    numerator=None,
    denominator=None,
    text=None,
    language=None,
    allows_negative: bool = True,
) -> CleanValue:
    """Validate one cell for an indicator measured as number, percent or qualitative.
    `language`: the page's (the active one if None; an import of thousands of cells looks it
    up once). `allows_negative`: the indicator's (Indicator.allows_negative); a count, cost or
    time below zero is refused."""
    result = CleanValue()
    errors = result.errors
    text = (text or "").strip() if isinstance(text, str) else text
    if measure == "qualitative":
        if any(v not in (None, "") for v in (value, numerator, denominator)):
            errors.append(_("Indikatorn är kvalitativ: skriv text, inte tal."))
        if text is not None and not isinstance(text, str):
            errors.append(_("Den kvalitativa uppgiften måste vara text."))
        else:
            result.text = text or ""
        return result
    if text:
        errors.append(_("Indikatorn mäts i tal: text kan bara anges för kvalitativa indikatorer."))
    if measure == "percent":
        result.numerator = parse_decimal(numerator, NUMERATOR, errors, language)
        result.denominator = parse_decimal(denominator, DENOMINATOR, errors, language)
        result.value = parse_decimal(value, SHARE, errors, language)
        num, den = result.numerator, result.denominator
        if (num is None) != (den is None):
            errors.append(_("Ange både täljare och nämnare, eller ingen av dem."))
        if (num is not None and num < 0) or (den is not None and den < 0):
            errors.append(_("Täljare och nämnare kan inte vara negativa."))
        elif den is not None and den == 0:
            errors.append(_("Nämnaren kan inte vara noll."))
        elif num is not None and den is not None and num > den:
            errors.append(_("Täljaren kan inte vara större än nämnaren."))
        if not errors and num is not None and den:
            computed = (num / den * 100).quantize(Decimal("0.0001"))
            if result.value is not None and abs(result.value - computed) > Decimal("0.1"):
                errors.append(
                    _("Andelen stämmer inte med täljare/nämnare (%(p)s %%).") % {"p": computed}
                )
            result.value = computed
        if result.value is not None and not (0 <= result.value <= 100):
            errors.append(_("En andel måste ligga mellan 0 och 100 procent."))
        return result
    result.value = parse_decimal(value, VALUE, errors, language)
    if result.value is not None and result.value < 0 and not allows_negative:
        errors.append(_("Värdet kan inte vara negativt för den här indikatorn."))
    if numerator not in (None, "") or denominator not in (None, ""):
        errors.append(_("Täljare och nämnare anges bara för andelar."))
    return result
