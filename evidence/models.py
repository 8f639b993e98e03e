"""Effect estimates of practices, computed from adoptions and Kolada series (evidence.compute).

Estimates are stored by the recompute task and read by pages, the API and the CSV; nothing is
estimated while a page is being served. `Adoption` is the adoption table the last recompute
used (kommun × practice × first year), kept so the benchmark page can say which practices a
kommun took up before it improved without walking every lineage.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from benchmarking.models import Gender, Kpi
from learning.models import Appraisal, Practice


class Method(models.TextChoices):
    STAGGERED = "staggered", _("Stegvis införande (Callaway–Sant'Anna)")
    SYNTHETIC = "synthetic", _("Syntetisk kontroll")
    NONE = "none", _("Ingen skattning")


class Status(models.TextChoices):
    OK = "ok", _("Skattad")
    NO_DATA = "no_data", _("Inga utfallsdata")
    NO_ADOPTERS = "no_adopters", _("Inga kommuner med startår")
    TOO_FEW_ADOPTERS = "too_few_adopters", _("För få kommuner har infört arbetssättet")
    TOO_FEW_PRE_YEARS = "too_few_pre_years", _("För få år med data före införandet")
    NO_POST_YEARS = "no_post_years", _("Inga data efter införandet ännu")
    TOO_FEW_COMPARISONS = "too_few_comparisons", _("För få jämförelsekommuner")


class OutcomeChoice(models.Model):
    """An outcome KPI the appraisal group chose for a practice, beside its indicators' KPIs."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="outcome_choices")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utfallsmått")
        verbose_name_plural = _("utfallsmått")
        constraints = [
            models.UniqueConstraint(fields=["practice", "kpi"], name="outcome_unique_kpi")
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.kpi_id}"


class EffectEstimate(models.Model):
    """One practice × outcome KPI × kön: the stored result of the last recompute."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="estimates")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    method = models.CharField(_("metod"), max_length=16, choices=Method.choices)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    estimate = models.FloatField(_("effekt"), null=True, blank=True)
    ci_low = models.FloatField(_("nedre gräns"), null=True, blank=True)
    ci_high = models.FloatField(_("övre gräns"), null=True, blank=True)
    # [{"e": years since adoption, "estimate", "low", "high", "adopters"}], e < 0 before.
    by_year = models.JSONField(_("per år sedan införandet"), default=list, blank=True)
    adopters = models.PositiveIntegerField(_("kommuner som infört"), default=0)
    comparison = models.PositiveIntegerField(_("jämförelsekommuner"), default=0)
    left_out = models.PositiveIntegerField(
        _("utelämnade kommuner"),
        default=0,
        help_text=_("Kommuner som infört men har för få år med data före införandet."),
    )
    pretrend_p = models.FloatField(_("p-värde för trend före"), null=True, blank=True)
    placebo = models.JSONField(_("placebotest"), default=dict, blank=True)
    never_treated = models.JSONField(
        _("jämfört bara med kommuner som aldrig infört"), default=dict, blank=True
    )
    naive = models.FloatField(_("naiv före–efter"), null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(_("beräknad"))

    class Meta:
        verbose_name = _("effektskattning")
        verbose_name_plural = _("effektskattningar")
        ordering = ["practice_id", "kpi_id", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kpi", "gender"], name="estimate_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.kpi_id} {self.gender}: {self.estimate}"

    @property
    def shown(self) -> bool:
        return self.status == Status.OK and self.estimate is not None

    @property
    def excludes_zero(self) -> bool:
        return (
            self.shown
            and self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
        )

    @property
    def pretrend_flagged(self) -> bool:
        return self.pretrend_p is not None and self.pretrend_p < 0.05


class Adoption(models.Model):
    """A kommun's first year with a published, public pilot of the practice's lineage."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    kommun_code = models.CharField(_("kommunkod"), max_length=4)
    year = models.PositiveSmallIntegerField(_("år"))

    class Meta:
        verbose_name = _("införande")
        verbose_name_plural = _("införanden")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kommun_code"], name="adoption_unique_kommun"
            ),
        ]
        indexes = [models.Index(fields=["kommun_code", "year"], name="adoption_kommun_year")]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.kommun_code} {self.year}"


class ReassessmentFlag(models.Model):
    """An appraisal to look at again: an estimate now excludes zero, or no longer does."""

    class Reason(models.TextChoices):
        NOW_EXCLUDES_ZERO = "now_excludes_zero", _("Skattningen utesluter nu noll")
        NO_LONGER = "no_longer_excludes_zero", _("Skattningen utesluter inte längre noll")

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="evidence_flags"
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    reason = models.CharField(_("skäl"), max_length=32, choices=Reason.choices)
    estimate = models.FloatField(null=True, blank=True)
    ci_low = models.FloatField(null=True, blank=True)
    ci_high = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(_("flaggad"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("hanterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("flagga för omprövning")
        verbose_name_plural = _("flaggor för omprövning")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.appraisal_id}: {self.get_reason_display()}"
