"""A record of notifications already sent, so that a retried task never sends one twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentNotification(models.Model):
    key = models.CharField(
        _("nyckel"),
        max_length=200,
        unique=True,
        help_text=_("Vad som skickades till vem, till exempel 'org-decision:12:approved'."),
    )
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickad avisering")
        verbose_name_plural = _("skickade aviseringar")

    def __str__(self) -> str:
        return self.key
