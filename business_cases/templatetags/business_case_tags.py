"""Number formats for business cases in templates: `{{ value|sek }}`, `|sek_signed`, `|ratio`,
`|pct`. The same functions format the charts, so charts and tables always agree. Estimates are
rounded (charts.format_sek); `|sek_exact` is for amounts someone typed (a unit cost)."""

from django import template

from business_cases import switching
from business_cases.charts import format_pct, format_ratio, format_sek, format_sek_exact
from partners.numbers import format_percentage_points
from pilots.charts import format_number

register = template.Library()


@register.filter
def sek(value):
    return format_sek(value)


@register.filter
def sek_signed(value):
    return format_sek(value, signed=True)


@register.filter
def sek_exact(value):
    return format_sek_exact(value)


@register.filter
def ratio(value):
    return format_ratio(value)


@register.filter
def pct(value, places=0):
    return format_pct(value, int(places))


@register.filter
def number(value):
    return format_number(value) if value is not None else "–"


@register.filter
def pp(value):
    """A shift between two percentages (given as fractions), e.g. "+10 procentenheter"."""
    if value is None:
        return "–"
    return format_percentage_points(round(value * 100))


@register.filter
def switching_total(value):
    """ "Nyttorna kan minska med 91 % innan nettot blir negativt." (business_cases.switching)"""
    return switching.total_phrase(value)


@register.filter
def switching_line(value):
    return switching.line_phrase(value)


@register.filter
def reference(text):
    """A seeded reference text (unit-cost name, unit, source) in the reader's language."""
    from business_cases.reference_data import shown

    return shown(text)


@register.filter
def kind_label(kind):
    """ "Kostnad", "Nytta" or "Kostnad om inget görs" for a line kind."""
    from business_cases.report import kind_label as label

    return label(kind)
