"""Reminders sent from the completeness and timeliness matrix (docs/data-quality.md).

A `ReminderBatch` is one press of "Påminn rapportörerna": who pressed it, with which filter, how
many reports it reminded about. Each reminded period gets a `Reminder` row; one per period and
day (a unique constraint), so the same report is never reminded twice in a day, even when two
people press the button at the same moment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderBatch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filters = models.JSONField(_("urval"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("antal påminda rapporter"), default=0)

    class Meta:
        verbose_name = _("påminnelse om rapporter")
        verbose_name_plural = _("påminnelser om rapporter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Påminnelse om %(n)s rapporter") % {"n": self.count}


class Reminder(models.Model):
    batch = models.ForeignKey(ReminderBatch, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(
        "pilots.ReportingPeriod", on_delete=models.CASCADE, related_name="matrix_reminders"
    )
    day = models.DateField(_("dag"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["period", "day"], name="reminder_once_a_day"),
        ]
        indexes = [models.Index(fields=["period", "created_at"])]

    def __str__(self) -> str:
        return f"{self.period_id} {self.day}"
