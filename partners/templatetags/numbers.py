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
def percent(value):
    return numbers.format_percent(value) or "–"


@register.filter
def rounded(value):
    """One decimal under 100, none from 100, as the charts round: "42,5", "1 234"."""
    return numbers.format_rounded(value) or "–"
