"""One row per background job a state change asked for, written in the same transaction as the
change, so a job exists exactly when its change committed, whether or not the broker was up."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    task = models.CharField(_("uppgift"), max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    # When a flush may pick the row up. New rows get a grace period, so a flush does not race
    # the publish that the committing request itself is about to do.
    available_at = models.DateTimeField(_("tillgänglig från"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("jobb i kö")
        verbose_name_plural = _("jobb i kö")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                condition=Q(sent_at__isnull=True),
                name="outbox_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else f"unsent, {self.attempts} attempts"
        return f"{self.task}{tuple(self.args)} ({state})"
