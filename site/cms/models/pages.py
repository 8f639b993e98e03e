"""The editorial shell: the shared base page, the home page, vision pages and standard pages.

Domain data appears on pages through selectors called in get_context(), never through queries
in templates, so each page's query count stays constant as pilots and results grow.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock


class BasePage(Page):
    """Shared SEO fields and panels for every page type."""

    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("En eller två meningar. Visas i sökresultat och när sidan delas."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    promote_panels = [*Page.promote_panels, FieldPanel("summary")]
    api_fields = [APIField("summary")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    headline = models.CharField(
        _("rubrik"),
        max_length=200,
        default="Tillsammans för en jämlik och god hälsa",
        help_text=_("Visionens rubrik högst upp på startsidan."),
    )
    intro = models.TextField(_("ingress"), blank=True, help_text=_("Kort text under rubriken."))
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("headline"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [InlinePanel("featured_goals", label=_("Mål"), max_num=6)],
            heading=_("Utvalda mål"),
            help_text=_("Målen som visas med sina framsteg. Tomt: de fyra första målen."),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("headline"), APIField("intro"), APIField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.VisionPage", "cms.UpdateIndexPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("startsida")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import home_cache_version, home_page_context
        from core.caching import TIMEOUT

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(page=self, user=request.user))
        context["home_cache"] = home_cache_version(page=self, request=request)
        context["cache_timeout"] = TIMEOUT
        return context


class HomeFeaturedGoal(Orderable):
    """A national goal the coordinator features on the home page, in the chosen order."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_goals")
    goal = models.ForeignKey(
        "cms.NationalGoalPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mål"),
        help_text=_("Ett nationellt mål att lyfta fram."),
    )

    panels = [FieldPanel("goal")]

    class Meta(Orderable.Meta):
        verbose_name = _("utvalt mål")
        verbose_name_plural = _("utvalda mål")


class VisionPage(BasePage):
    """The partnership's shared vision; its national goals are its child pages."""

    statement = models.TextField(
        _("vision"),
        help_text=_(
            "Visionen i en eller två meningar, till exempel 'Alla ska kunna leva ett långt "
            "liv med god hälsa'."
        ),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*BasePage.content_panels, FieldPanel("statement"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("statement"),
        index.SearchField("body"),
    ]
    api_fields = [*BasePage.api_fields, APIField("statement"), APIField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NationalGoalPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("visionssida")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import vision_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(vision_page_context(page=self, user=request.user))
        return context


class StandardPage(BasePage):
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]
    parent_page_types = ["cms.HomePage", "cms.VisionPage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standardsida")
