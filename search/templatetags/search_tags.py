"""Template tags for search: similar pilots for the pilot page include."""

from django import template

from search.selectors import similar_pilots as select_similar

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_pilots(context, pilot, n=5):
    """Pilots the current user may see that resemble `pilot`."""
    request = context.get("request")
    return select_similar(pilot, getattr(request, "user", None), n=n)
