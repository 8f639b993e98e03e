"""The programme's progress report (lägesrapport): a snapshot compiled from approved pilot
reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import PLAN_DATE_VALIDATORS

from .choices import ReportState
from .programmes import Programme


class ProgressReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportState.PUBLISHED)


class ProgressReport(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="progress_reports"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_start = models.DateField(_("från"), validators=PLAN_DATE_VALIDATORS)
    period_end = models.DateField(_("till"), validators=PLAN_DATE_VALIDATORS)
    snapshot = models.JSONField(
        default=dict,
        editable=False,
        help_text=_(
            "Sammanställningen när rapporten sammanställdes; ändras inte efter publicering."
        ),
    )
    summary = models.TextField(_("finansiärens sammanfattning"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReportState.choices,
        default=ReportState.DRAFT,
        db_index=True,
    )
    compiled_at = models.DateTimeField(_("sammanställd"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="progressreport_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "programmes:report_detail", kwargs={"slug": self.programme.slug, "pk": self.pk}
        )

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("Periodens slut kan inte vara före dess början.")}
            )

    @property
    def is_published(self) -> bool:
        return self.status == ReportState.PUBLISHED
