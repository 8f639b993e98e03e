"""Reporting periods, period reports and the values they carry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Gender, ProgressStatus, ReportStatus


class ReportingPeriodQuerySet(models.QuerySet):
    def due(self, today=None):
        """Periods whose due date has come and that have no approved or submitted report."""
        today = today or timezone.localdate()
        return self.filter(due_date__lte=today).exclude(
            report__status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
        )

    def open(self):
        return self.filter(is_locked=False)


class ReportingPeriod(models.Model):
    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("från"))
    end = models.DateField(_("till"))
    due_date = models.DateField(_("sista rapportdag"), db_index=True)
    label = models.CharField(_("period"), max_length=40)
    is_locked = models.BooleanField(
        _("låst"), default=False, help_text=_("Låses när periodens rapport godkänns.")
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapportperiod")
        verbose_name_plural = _("rapportperioder")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "start"], name="period_unique_start"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.label}"


class PeriodReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReportStatus.APPROVED)

    def awaiting_approval(self):
        return self.filter(status=ReportStatus.SUBMITTED)

    def accepted(self):
        """Approved reports a funder has accepted (frozen: see `PeriodReport.is_accepted`)."""
        return self.filter(accepted_at__isnull=False)

    def awaiting_acceptance(self):
        """Approved reports no funder has accepted yet (whether one must is the programmes'
        business: `programmes.selectors.acceptance_queue`)."""
        return self.filter(status=ReportStatus.APPROVED, accepted_at__isnull=True)


class PeriodReport(models.Model):
    period = models.OneToOneField(ReportingPeriod, on_delete=models.CASCADE, related_name="report")
    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    progress = models.CharField(
        _("läge"), max_length=16, choices=ProgressStatus.choices, blank=True
    )
    narrative = models.TextField(
        _("berättelse"),
        blank=True,
        help_text=_("Vad hände under perioden? Vad förklarar resultaten?"),
    )
    # The approver's comment on the last decision: required on return, optional on approval
    # (the field keeps its first name so the API and exports do not change).
    return_comment = models.TextField(_("kommentar vid beslut"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A funder's acceptance (programmes that require it): it freezes the approved report until
    # the funder un-accepts it (pilots.services.report_decisions.report_accept / report_unaccept).
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True, db_index=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepterad av"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeriodReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodrapport")
        verbose_name_plural = _("periodrapporter")
        ordering = ["period__start"]
        indexes = [models.Index(fields=["pilot", "status"])]

    def __str__(self) -> str:
        return f"{self.period.label}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "pilots:report_edit", kwargs={"slug": self.pilot.slug, "period_id": self.period_id}
        )

    @property
    def is_editable(self) -> bool:
        return not self.is_accepted and self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_accepted(self) -> bool:
        """Accepted by a funder: frozen (no edit, return or decision) until un-accepted."""
        return self.accepted_at is not None


class IndicatorValue(models.Model):
    """One value of one indicator in one report, for one kön and age band ("" = all ages)."""

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="values")
    pilot_indicator = models.ForeignKey(
        "pilots.PilotIndicator", on_delete=models.CASCADE, related_name="values"
    )
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    age_band = models.CharField(_("åldersgrupp"), max_length=20, blank=True, default="")
    value = models.DecimalField(_("värde"), max_digits=16, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("täljare"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("nämnare"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("kvalitativ uppgift"), blank=True)

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "pilot_indicator", "gender", "age_band"], name="value_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="value_numerator_le_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot_indicator.indicator}: {self.value}"
