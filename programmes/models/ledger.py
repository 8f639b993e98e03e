"""The fund ledger: payouts to pilots, savings their business cases expected and savings realised.

What is to be repaid is computed (programmes/selectors_ledger.py), never stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import SavingActor
from .programmes import ProgrammePilot

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Payout(models.Model):
    membership = models.ForeignKey(
        ProgrammePilot, on_delete=models.CASCADE, related_name="payouts", verbose_name=_("pilot")
    )
    paid_on = models.DateField(_("datum"))
    amount_sek = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("notering"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utbetalning")
        verbose_name_plural = _("utbetalningar")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.membership.pilot}: {self.amount_sek} kr ({self.paid_on})"


class _Saving(models.Model):
    membership = models.ForeignKey(
        ProgrammePilot, on_delete=models.CASCADE, related_name="+", verbose_name=_("pilot")
    )
    actor = models.CharField(_("aktör"), max_length=20, choices=SavingActor.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount_sek = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["year", "actor"]

    def __str__(self) -> str:
        return (
            f"{self.membership.pilot}: {self.get_actor_display()} {self.year} {self.amount_sek} kr"
        )


class ExpectedSaving(_Saving):
    """A saving the pilot's business case expects for one actor in one year."""

    membership = models.ForeignKey(
        ProgrammePilot,
        on_delete=models.CASCADE,
        related_name="expected_savings",
        verbose_name=_("pilot"),
    )

    class Meta(_Saving.Meta):
        verbose_name = _("förväntad besparing")
        verbose_name_plural = _("förväntade besparingar")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "actor", "year"], name="expectedsaving_unique"
            )
        ]


class RealisedSaving(_Saving):
    """A saving shown to have happened, with what shows it."""

    membership = models.ForeignKey(
        ProgrammePilot,
        on_delete=models.CASCADE,
        related_name="realised_savings",
        verbose_name=_("pilot"),
    )
    evidence = models.TextField(
        _("underlag"), help_text=_("Vad som visar att besparingen har realiserats.")
    )

    class Meta(_Saving.Meta):
        verbose_name = _("realiserad besparing")
        verbose_name_plural = _("realiserade besparingar")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "actor", "year"], name="realisedsaving_unique"
            )
        ]
