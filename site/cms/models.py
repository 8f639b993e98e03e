"""Editorial pages. Domain data appears on them through selectors in get_context()."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.selectors import home_key_figures


class BasePage(Page):
    """Shared SEO fields and panels for every page type."""

    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("En eller två meningar. Visas i sökresultat och när sidan delas."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    promote_panels = [*Page.promote_panels, FieldPanel("summary")]

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
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("startsida")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = home_key_figures()
        return context


class StandardPage(BasePage):
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standardsida")
