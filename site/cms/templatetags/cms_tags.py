"""Template tags for the site shell: links to the goals and the updates in the main menu."""

from django import template
from django.core.cache import cache

register = template.Library()

NAV_CACHE_KEY = "cms:nav-links"
NAV_CACHE_SECONDS = 300


@register.simple_tag(takes_context=True)
def cms_nav_links(context) -> dict:
    """URLs of the first live vision page ("Mål") and the update index ("Nyheter").

    Cached (one query on a miss) and cleared whenever a page is published, unpublished, moved or
    deleted (cms/signals.py), so the menu adds no query to an ordinary page view.
    """
    links = cache.get(NAV_CACHE_KEY)
    if links is None:
        from cms.models import UpdateIndexPage, VisionPage

        links = {}
        pages = (
            VisionPage.objects.live().public().order_by("path").only("url_path", "path"),
            UpdateIndexPage.objects.live().public().order_by("path").only("url_path", "path"),
        )
        for name, queryset in zip(("goals", "updates"), pages, strict=True):
            page = queryset.first()
            if page is not None:
                links[name] = page.get_url(context.get("request"))
        cache.set(NAV_CACHE_KEY, links, NAV_CACHE_SECONDS)
    return links


def clear_nav_links(**kwargs) -> None:
    cache.delete(NAV_CACHE_KEY)


@register.filter
def number(value) -> str:
    """A number in Swedish format (decimal comma), as the pilots' charts write it."""
    from pilots.charts import format_number

    return format_number(value)
