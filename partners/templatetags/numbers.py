"""Numbers in templates, one format per language (partners.numbers): `{{ x|money }}` →
"1 200 000 kr" / "SEK 1,200,000"; `{{ x|exact }}` → "15,2" as typed; `{{ x|percent }}`."""

from django import template

from partners import numbers

register = template.Library()


@register.filter
def money(value):
    return numbers.format_sek(value) or "–"


@register.filter
def exact(value):
    return numbers.format_number(value) or "–"


@register.filter
def percent(value, places=None):
    """`{{ x|percent }}` as typed; `{{ x|percent:1 }}` one decimal: "45,0 %" / "45.0 %"."""
    places = None if places in (None, "") else int(places)
    return numbers.format_percent(value, places=places) or "–"


@register.filter
def rounded(value):
    """One decimal under 100, none from 100, as the charts round: "42,5", "1 234"."""
    return numbers.format_rounded(value) or "–"


@register.filter
def number(value, places=None):
    """`{{ x|number }}` as typed; `{{ x|number:2 }}` two decimals; `{{ x|number:"-2" }}` two
    decimals unless whole (as Django's floatformat, but in the page's language): "1,25" / "3"."""
    if places in (None, ""):
        return numbers.format_number(value) or "–"
    places = int(places)
    if places < 0:
        rounded = numbers.to_decimal(
            numbers.format_number(value, places=-places, language="en").replace(",", "")
        )
        if rounded is not None and rounded == rounded.to_integral_value():
            return numbers.format_number(rounded, places=0) or "–"
    return numbers.format_number(value, places=abs(places)) or "–"
