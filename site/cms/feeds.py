"""RSS 2.0 and Atom feeds of an update index, served by its routes rss/ and atom/.

An item's description is HTML, as feed readers expect of RSS <description> and Atom
<summary type="html">: the summary (plain text, escaped) and the update's text blocks, cleaned
to a small safe subset by nh3 with links made absolute. Django's feed generator escapes it once
into the XML, which is the encoding both formats define; a reader decodes it and renders the
HTML. Before, the plain-text summary went out as if it were HTML, so a reader rendered (or
dropped) any < > & an editor typed, and nothing guaranteed a safe subset.
"""

from datetime import datetime, time

import nh3
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html

FEED_ITEMS = 20
# The update's blocks that are text; figures, lists and images stay on the page.
FEED_BLOCKS = {"heading", "paragraph", "quote"}
SAFE_TAGS = {
    "p", "br", "a", "strong", "b", "em", "i", "ul", "ol", "li",
    "h2", "h3", "h4", "blockquote", "figure", "figcaption", "cite",
}  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href"}}
SAFE_SCHEMES = {"http", "https", "mailto"}


def feed_html(html: str, *, base_url: str) -> str:
    """`html` cut to SAFE_TAGS and SAFE_ATTRIBUTES (scripts, styles, event handlers and
    javascript: links are gone), relative links resolved against `base_url`."""
    return nh3.clean(
        html,
        tags=SAFE_TAGS,
        clean_content_tags={"script", "style"},
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        url_relative=("rewrite_with_base", base_url),
    )


class UpdateFeed(Feed):
    """The newest updates of one index page; `kind` is "rss" or "atom"."""

    def __init__(self, index_page, *, kind: str = "rss"):
        super().__init__()
        self.index_page = index_page
        self.feed_type = Atom1Feed if kind == "atom" else Rss201rev2Feed
        self.kind = kind

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} · Preventionsportalen"

    def link(self):
        return self.index_page.get_url(self.request)

    def feed_url(self):
        return self.index_page.get_url(self.request) + f"{self.kind}/"

    def description(self):
        return self.index_page.summary or self.index_page.intro or self.index_page.title

    subtitle = description

    def items(self):
        return self.index_page.updates()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [format_html("<p>{}</p>", item.summary)] if item.summary else []
        parts += [str(block.render()) for block in item.body if block.block_type in FEED_BLOCKS]
        return feed_html("".join(parts), base_url=self.request.build_absolute_uri("/"))

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"preventionsportalen-update-{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.author or None

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(8)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)
