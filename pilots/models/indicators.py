"""Indicators: the shared library and pilot-specific ones, a pilot's baselines and targets."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    NUMBER = "number", _("Antal eller tal")
    PERCENT = "percent", _("Andel i procent (täljare/nämnare)")
    QUALITATIVE = "qualitative", _("Kvalitativ (text)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    NEUTRAL = "neutral", _("Ingen riktning")


class Accumulation(models.TextChoices):
    PER_PERIOD = "per_period", _("Per period")
    CUMULATIVE = "cumulative", _("Kumulativt (summa hittills)")


class YearCombination(models.TextChoices):
    """How period values make one figure per calendar year (business_cases.years)."""

    SUM = "sum", _("Summa av perioderna (flöden, till exempel besök)")
    LAST = "last", _("Sista periodens värde (bestånd, till exempel inskrivna)")
    MAX = "max", _("Högsta värdet under året (bestånd)")
    YEARLY = "yearly", _("Unikt antal för året, rapporteras per helår")


class IndicatorQuerySet(models.QuerySet):
    def library(self):
        return self.filter(in_library=True, pilot__isnull=True)

    def available_to(self, pilot):
        """The library plus the pilot's own custom indicators."""
        return self.filter(Q(in_library=True) | Q(pilot=pilot))


class Indicator(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    definition = models.TextField(_("definition"), help_text=_("Exakt vad som mäts och hur."))
    unit = models.CharField(
        _("enhet"), max_length=50, blank=True, help_text=_("Till exempel personer, %, kr.")
    )
    measure = models.CharField(
        _("mått"), max_length=16, choices=Measure.choices, default=Measure.NUMBER
    )
    direction = models.CharField(
        _("riktning"), max_length=16, choices=Direction.choices, default=Direction.HIGHER
    )
    accumulation = models.CharField(
        _("ackumulering"),
        max_length=16,
        choices=Accumulation.choices,
        default=Accumulation.PER_PERIOD,
    )
    year_combination = models.CharField(
        _("värden per år"),
        max_length=8,
        choices=YearCombination.choices,
        default=YearCombination.LAST,
        help_text=_(
            "Hur periodernas värden blir ett värde per år. Personer som deltagit minst en gång "
            "kan inte summeras över perioder: välj sista värdet eller ett unikt antal per helår."
        ),
    )
    kolada_kpi = models.CharField(
        _("Kolada-KPI"),
        max_length=10,
        blank=True,
        help_text=_("Till exempel N00945. Kopplar till statistik."),
    )
    by_gender = models.BooleanField(
        _("redovisas per kön"), default=False, help_text=_("Värden för totalt, kvinnor och män.")
    )
    age_bands = models.JSONField(
        _("åldersgrupper"),
        default=list,
        blank=True,
        help_text=_(
            'Till exempel ["0-17", "18-64", "65+"]. Tomt om indikatorn inte delas upp på ålder.'
        ),
    )
    expected_min = models.DecimalField(
        _("förväntat lägsta värde"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Värden under detta ska bekräftas av rapportören. Tomt: ingen gräns."),
    )
    expected_max = models.DecimalField(
        _("förväntat högsta värde"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Värden över detta ska bekräftas av rapportören. Tomt: ingen gräns."),
    )
    allows_negative = models.BooleanField(
        _("kan vara negativt"),
        default=False,
        help_text=_(
            "För tal som kan understiga noll, till exempel en förändring. Annars avvisas negativa "
            "värden: antal, kostnader och tider kan inte vara negativa."
        ),
    )
    in_library = models.BooleanField(_("i indikatorbiblioteket"), default=False, db_index=True)
    illustrative = models.BooleanField(
        _("illustrativ definition"),
        default=False,
        help_text=_(
            "Markerar demo-indikatorer vars definition är ett exempel, inte en fastställd standard."
        ),
    )
    pilot = models.ForeignKey(
        "pilots.Pilot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custom_indicators",
        help_text=_("Satt för indikatorer som bara gäller en pilot."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(in_library=True) & Q(pilot__isnull=False)),
                name="indicator_library_has_no_pilot",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        bands = self.age_bands or []
        if not isinstance(bands, list) or not all(isinstance(b, str) and b.strip() for b in bands):
            raise ValidationError({"age_bands": _("Ange åldersgrupperna som en lista med text.")})
        if len(set(bands)) != len(bands):
            raise ValidationError({"age_bands": _("Samma åldersgrupp finns två gånger.")})
        low, high = self.expected_min, self.expected_max
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"expected_max": _("Det högsta värdet måste vara minst lika stort som det lägsta.")}
            )

    @property
    def genders(self) -> list[str]:
        return ["T", "K", "M"] if self.by_gender else ["T"]

    @property
    def bands(self) -> list[str]:
        """Age bands with "" (all ages) first."""
        return ["", *(self.age_bands or [])]

    @property
    def is_percent(self) -> bool:
        return self.measure == Measure.PERCENT

    @property
    def is_qualitative(self) -> bool:
        return self.measure == Measure.QUALITATIVE


class PilotIndicator(models.Model):
    """An indicator a pilot follows, with its baseline."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="pilot_links")
    baseline_value = models.DecimalField(
        _("utgångsvärde"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("utgångsvärdet avser"), null=True, blank=True)
    baseline_note = models.CharField(_("om utgångsvärdet"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # The pilot's own expected range; a bound left empty falls back to the indicator's.
    expected_min = models.DecimalField(
        _("förväntat lägsta värde"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    expected_max = models.DecimalField(
        _("förväntat högsta värde"), max_digits=16, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("pilotens indikator")
        verbose_name_plural = _("pilotens indikatorer")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "indicator"], name="pilotindicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.indicator}"

    @property
    def expected_range(self) -> tuple:
        """(low, high): the pilot's bounds, each falling back to the library indicator's."""
        indicator = self.indicator
        low = self.expected_min if self.expected_min is not None else indicator.expected_min
        high = self.expected_max if self.expected_max is not None else indicator.expected_max
        return low, high


class IndicatorTarget(models.Model):
    pilot_indicator = models.ForeignKey(
        PilotIndicator, on_delete=models.CASCADE, related_name="targets"
    )
    target_date = models.DateField(_("måldatum"))
    value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        ordering = ["target_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot_indicator", "target_date"], name="indicatortarget_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.target_date})"


PERCENT_MAX = Decimal("100")
