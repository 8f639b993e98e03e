"""Template filters for programme pages."""

from decimal import Decimal, InvalidOperation

from django import template

from pilots.charts import format_number

register = template.Library()


@register.filter
def num(value):
    """A number in Swedish format (decimal comma, thin-space thousands); "" for None."""
    if value in (None, ""):
        return ""
    try:
        return format_number(Decimal(str(value)))
    except InvalidOperation:
        return value


@register.filter
def kr(value):
    """Whole kronor with thin-space thousands, e.g. 1 250 000."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1))
    except InvalidOperation:
        return value
    return f"{number:,f}".replace(",", "\u202f")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
