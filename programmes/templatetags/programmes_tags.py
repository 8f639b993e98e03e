"""Template filters for programme pages."""

from django import template

from partners.numbers import format_number, format_rounded, format_sek

register = template.Library()


@register.filter
def num(value):
    """A number in the language's format, rounded as the charts round it; "" for None."""
    if value in (None, ""):
        return ""
    return format_rounded(value) or value


@register.filter
def kr(value):
    """Whole kronor as a bare number in the language's format ("1 250 000", "1,250,000"), for
    table cells whose heading gives the unit."""
    if value in (None, ""):
        return ""
    return format_number(value, places=0) or value


@register.filter
def money(value):
    """Whole kronor with the unit: "1 250 000 kr" / "SEK 1,250,000"."""
    if value in (None, ""):
        return ""
    return format_sek(value) or value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("programmes/acceptance/_dashboard_box.html", takes_context=True)
def acceptance_queue_box(context):
    """Mina sidor's "Att acceptera": each programme requiring acceptance that the user manages,
    with how many reports wait, linked to its queue. Nothing for anyone else. The pilots app's
    dashboard loads this tag; the pilots code itself never imports programmes."""
    from programmes.selectors import acceptance_queues

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"queues": []}
    return {"queues": acceptance_queues(user=user)}
