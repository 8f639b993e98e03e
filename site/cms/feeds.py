"""RSS 2.0 and Atom feeds of an update index, served by its routes rss/ and atom/."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_ITEMS = 20


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
        return item.summary

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
