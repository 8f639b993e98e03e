"""Template helpers for benchmark pages: numbers, suppression notes, directions."""

from django import template

from benchmarking import presentation
from benchmarking.models import KpiDirection

register = template.Library()


@register.filter
def num(value) -> str:
    return presentation.number(value)


@register.filter
def direction_label(value) -> str:
    if not value:
        return str(presentation.DIRECTION_NOT_SET_LABEL)
    try:
        return str(KpiDirection(value).label)
    except ValueError:
        return ""


@register.simple_tag
def cell(value_cell):
    """A raw value (with Kolada's status or a group's n when there is one), or why it is not
    shown ("– saknas" with Kolada's status in words, small numbers in pilots' results)."""
    return presentation.cell_html(value_cell)


@register.simple_tag
def reason(code):
    return str(presentation.REASONS.get(code, "–"))


@register.simple_tag
def comparison(code):
    return str(presentation.COMPARISON.get(code, ""))
