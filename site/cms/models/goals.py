"""National goals (pages) and the pilots that contribute to them."""

import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.models.pages import BasePage
from core import caching
from partners.numbers import input_number


def _plain(value) -> str:
    """15.2000 → sv "15,2", en "15.2": a number as the coordinator typed it."""
    return input_number(Decimal(str(value)))


class GoalDirection(models.TextChoices):
    LOWER = "lower", _("Lägre är bättre")
    HIGHER = "higher", _("Högre är bättre")


class NationalGoalPage(BasePage):
    """A quantified, time-bound national goal. Progress is computed in cms.progress."""

    statement = models.CharField(
        _("mål"),
        max_length=200,
        help_text=_("Målet i en mening, till exempel 'Inga äldre ska vara undernärda 2030'."),
    )
    indicator = models.ForeignKey(
        "pilots.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"in_library": True, "pilot__isnull": True},
        verbose_name=_("indikator"),
        help_text=_("Indikatorn i biblioteket som målet följs upp med."),
    )
    kolada_kpi = models.CharField(
        _("Kolada-KPI"),
        max_length=10,
        blank=True,
        help_text=_(
            "Till exempel N00945. Tomt: indikatorns KPI. Med en KPI räknas läget från statistiken "
            "för riket, annars från piloternas godkända resultat."
        ),
    )
    unit = models.CharField(
        _("enhet"), max_length=50, blank=True, help_text=_("Tomt: indikatorns enhet.")
    )
    baseline_value = models.DecimalField(
        _("utgångsvärde"), max_digits=16, decimal_places=4, help_text=_("Värdet när målet sattes.")
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("utgångsår"), help_text=_("Året utgångsvärdet gäller, till exempel 2020.")
    )
    target_value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=4)
    target_date = models.DateField(_("måldatum"), help_text=_("När målvärdet ska vara nått."))
    direction = models.CharField(
        _("riktning"),
        max_length=8,
        choices=GoalDirection.choices,
        default=GoalDirection.LOWER,
        help_text=_("Om målet är att värdet ska minska eller öka."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("statement"),
        MultiFieldPanel(
            [
                FieldPanel("indicator"),
                FieldRowPanel([FieldPanel("kolada_kpi"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_year")]),
                FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_date")]),
                FieldPanel("direction"),
            ],
            heading=_("Mätning"),
        ),
        FieldPanel("body"),
        HelpPanel(
            template="cms/admin/contributions_panel.html",
            heading=_("Bidragande piloter"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("statement"),
        index.SearchField("body"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("statement"),
        APIField("indicator_name"),
        APIField("kpi"),
        APIField("unit"),
        APIField("baseline_value"),
        APIField("baseline_year"),
        APIField("target_value"),
        APIField("target_date"),
        APIField("direction"),
        APIField("body"),
    ]
    parent_page_types = ["cms.VisionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nationellt mål")
        verbose_name_plural = _("nationella mål")

    def clean(self):
        super().clean()
        if self.target_date and self.baseline_year and self.target_date.year < self.baseline_year:
            raise ValidationError({"target_date": _("Måldatum kan inte ligga före utgångsåret.")})
        if self.baseline_value is not None and self.baseline_value == self.target_value:
            raise ValidationError(
                {"target_value": _("Målvärdet måste skilja sig från utgångsvärdet.")}
            )
        if self.direction and self.baseline_value is not None and self.target_value is not None:
            lower = self.target_value < self.baseline_value
            if lower != (self.direction == GoalDirection.LOWER):
                side = _("lägre") if lower else _("högre")
                raise ValidationError(
                    {
                        "direction": _(
                            "Målvärdet %(target)s är %(side)s än utgångsvärdet %(baseline)s, "
                            "men riktningen är ”%(direction)s”. Kontrollera målvärdet, "
                            "utgångsvärdet eller riktningen."
                        )
                        % {
                            "target": _plain(self.target_value),
                            "baseline": _plain(self.baseline_value),
                            "side": side,
                            "direction": self.get_direction_display(),
                        }
                    }
                )

    @property
    def kpi(self) -> str:
        """The Kolada KPI the goal follows: its own, else its indicator's, else ''."""
        if self.kolada_kpi:
            return self.kolada_kpi
        return self.indicator.kolada_kpi if self.indicator_id and self.indicator else ""

    @property
    def indicator_name(self) -> str:
        return self.indicator.name if self.indicator_id and self.indicator else ""

    @property
    def display_unit(self) -> str:
        return self.unit or (self.indicator.unit if self.indicator_id and self.indicator else "")

    def get_context(self, request, *args, **kwargs):
        """The page's progress and contributing pilots. For a visitor they are cached HTML
        (cms.selectors.goal_page_cache_version) and read only when that part is rendered."""
        from cms.selectors import goal_page_cache_version, goal_page_context

        context = super().get_context(request, *args, **kwargs)
        page_number = request.GET.get("page")
        version = goal_page_cache_version(page=self, request=request, page_number=page_number)
        context["cache_version"] = version
        context["cache_timeout"] = caching.TIMEOUT

        @functools.cache
        def read() -> dict:
            return goal_page_context(page=self, user=request.user, page_number=page_number)

        if not version:
            context.update(read())
            return context
        for name in ("card", "contributions_page", "contribution_rows"):
            context[name] = SimpleLazyObject(functools.partial(lambda n: read()[n], name))
        return context


class GoalContribution(models.Model):
    """A pilot's claim to serve a national goal.

    A plain model rather than a ParentalManyToManyField on the page: pilot teams add themselves
    from the portal, and a page revision published later would otherwise overwrite their choice.
    """

    goal = models.ForeignKey(
        NationalGoalPage,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("mål"),
    )
    pilot = models.ForeignKey(
        "pilots.Pilot",
        on_delete=models.CASCADE,
        related_name="goal_contributions",
        verbose_name=_("pilot"),
    )
    note = models.CharField(
        _("hur piloten bidrar"),
        max_length=300,
        blank=True,
        help_text=_("En mening om hur piloten bidrar till målet."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    class Meta:
        verbose_name = _("bidrag till mål")
        verbose_name_plural = _("bidrag till mål")
        ordering = ["goal_id", "pilot__title"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "pilot"], name="goalcontribution_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pilot} → {self.goal}"
