"""Data quality at the level of a value: each value's history, approvers' comments on cells and
reporters' confirmations of outliers (see docs/data-quality.md).

A cell is identified as values are: report × pilot indicator × kön × age band ("" = all ages).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Gender


class Channel(models.TextChoices):
    FORM = "form", _("formuläret")
    IMPORT = "import", _("import")
    API = "api", _("API")


class CellFields(models.Model):
    """The identity of one cell of a report."""

    pilot_indicator = models.ForeignKey(
        "pilots.PilotIndicator", on_delete=models.CASCADE, related_name="+"
    )
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    age_band = models.CharField(_("åldersgrupp"), max_length=20, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def cell(self) -> tuple:
        return (self.pilot_indicator_id, self.gender, self.age_band)


class ValueChange(CellFields):
    """One change of one value: who, when, from what to what, through which channel."""

    # Only the report's index, no index per cell: every reader asks for a report's changes (one
    # cell's among them are a few), and an import writes thousands of changes to a handful of
    # reports. PostgreSQL's B-tree deduplication files them under one key per report, where a
    # (report, indicator, kön, age band) index took a new entry per change: a third of the
    # history's write time (docs/performance.md, "bulk import at 0.25×").
    report = models.ForeignKey(
        "pilots.PeriodReport", on_delete=models.CASCADE, related_name="value_changes"
    )
    # The cell's indicator and the user, without an index each: both indexes served only the
    # deletion of an indicator or a user, and cost each written change another entry (together
    # as much as the report's index and the row). The pilot indicator has no database
    # constraint either, whose check on deleting one would then read the whole history:
    # `pilot_indicator_remove` deletes its changes through the report's index, and a deleted
    # pilot's changes go with its reports. A deleted user (rare, by an administrator) is set to
    # NULL by a scan of the history.
    pilot_indicator = models.ForeignKey(
        "pilots.PilotIndicator",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    before = models.TextField(_("före"), null=True, blank=True)
    after = models.TextField(_("efter"), null=True, blank=True)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    changed_at = models.DateTimeField(_("ändrad"), default=timezone.now)

    class Meta:
        verbose_name = _("värdeändring")
        verbose_name_plural = _("värdeändringar")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"


class CellComment(CellFields):
    """An approver's comment on one cell, shown to the reporters until it is resolved (the value
    changed, or a reporter marked it answered)."""

    report = models.ForeignKey(
        "pilots.PeriodReport", on_delete=models.CASCADE, related_name="cell_comments"
    )
    text = models.TextField(_("kommentar"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skriven"), default=timezone.now)
    resolved_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cellkommentar")
        verbose_name_plural = _("cellkommentarer")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["report", "resolved_at"], name="cellcomment_open")]

    def __str__(self) -> str:
        return self.text[:80]


class OutlierConfirmation(CellFields):
    """A reporter confirmed that an unusual value is right: the value and the reason shown."""

    report = models.ForeignKey(
        "pilots.PeriodReport", on_delete=models.CASCADE, related_name="outlier_confirmations"
    )
    value = models.DecimalField(_("värde"), max_digits=16, decimal_places=4)
    reason = models.TextField(_("skäl som visades"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("bekräftad"), default=timezone.now)

    class Meta:
        verbose_name = _("bekräftat avvikande värde")
        verbose_name_plural = _("bekräftade avvikande värden")
        ordering = ["-confirmed_at", "-pk"]
        indexes = [models.Index(fields=["report", "pilot_indicator"], name="outlierconf_cell")]

    def __str__(self) -> str:
        return self.reason
