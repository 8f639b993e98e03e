"""Updates (news) from the coordinator, their index with RSS and Atom feeds, and subscriptions."""

import secrets

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.models.pages import BasePage

UPDATES_PER_PAGE = 10


class UpdateIndexPage(RoutablePageMixin, BasePage):
    """The list of updates, newest first, with RSS 2.0 (rss/) and Atom (atom/) feeds."""

    intro = models.TextField(_("ingress"), blank=True, help_text=_("Kort text över listan."))

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    api_fields = [*BasePage.api_fields, APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.UpdatePage"]
    max_count = 1

    class Meta:
        verbose_name = _("nyhetslista")

    def updates(self):
        """Live updates under this index, newest first (one query when paginated)."""
        return (
            UpdatePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-first_published_at", "-pk")
        )

    @path("")
    def index_route(self, request):
        paginator = Paginator(self.updates(), UPDATES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"page_obj": page_obj})

    @path("rss/")
    def rss_feed(self, request):
        from cms.feeds import UpdateFeed

        return UpdateFeed(self, kind="rss")(request)

    @path("atom/")
    def atom_feed(self, request):
        from cms.feeds import UpdateFeed

        return UpdateFeed(self, kind="atom")(request)


class UpdatePage(BasePage):
    """One update: news with rich content blocks, a date and an author."""

    date = models.DateField(
        _("datum"), default=timezone.localdate, help_text=_("Datumet som visas på nyheten.")
    )
    author = models.CharField(
        _("skribent"),
        max_length=120,
        blank=True,
        help_text=_("Namn och roll, till exempel 'Karin Koordinator, nationell samordnare'."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("innehåll"))

    @property
    def body_after_lead(self):
        """The body without an opening paragraph that only repeats the summary, which the page
        already shows as its lead (editors often paste the lead as the first paragraph)."""
        blocks = list(self.body)
        if blocks and self.summary and blocks[0].block_type == "paragraph":
            text = strip_tags(str(blocks[0].value.source)).split()
            if text == strip_tags(self.summary).split():
                return blocks[1:]
        return blocks

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body"), index.FilterField("date")]
    api_fields = [*BasePage.api_fields, APIField("date"), APIField("author"), APIField("body")]
    parent_page_types = ["cms.UpdateIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class UpdateSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class UpdateSubscription(models.Model):
    """An e-mail address that gets every published update. Double opt-in; deleted on unsubscribe."""

    email = models.EmailField(_("e-postadress"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="update_subscriptions",
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)

    objects = UpdateSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("prenumeration på nyheter")
        verbose_name_plural = _("prenumerationer på nyheter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
