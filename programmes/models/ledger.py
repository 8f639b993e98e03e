"""The fund ledger: payouts to pilots, savings their business cases expected and savings realised.

What is to be repaid is computed (programmes/ledger.py), never stored; what has been repaid is
recorded as repayment entries.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import LedgerKind, SavingActor
from .programmes import ProgrammePilot

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Payout(models.Model):
    """One entry in the fund's ledger: money paid to a pilot or repaid by it to the fund.

    Entries are never edited or deleted. A correction is a reversing entry: the same kind, the
    opposite amount, `reverses` pointing at the entry it cancels and a reason. An entry that takes
    what is paid above what is granted or the programme's budget (or what is repaid above what is
    due) carries `over_limit` and the reason the funder confirmed it with.
    """

    membership = models.ForeignKey(
        ProgrammePilot, on_delete=models.CASCADE, related_name="payouts", verbose_name=_("pilot")
    )
    kind = models.CharField(
        _("typ"), max_length=16, choices=LedgerKind.choices, default=LedgerKind.PAYOUT
    )
    paid_on = models.DateField(_("datum"))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=14, decimal_places=0)
    note = models.CharField(_("notering"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("vänder"),
    )
    reason = models.TextField(
        _("skäl"), blank=True, help_text=_("Varför posten vänds eller varför gränsen överskrids.")
    )
    over_limit = models.BooleanField(
        _("över beviljat, budget eller skuld (bekräftat)"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post i fondens bokföring")
        verbose_name_plural = _("poster i fondens bokföring")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount_sek__gt=0))
                | (Q(reverses__isnull=False) & Q(amount_sek__lt=0)),
                name="ledger_entry_sign",
            ),
            models.CheckConstraint(
                condition=Q(over_limit=False) | ~Q(reason=""), name="ledger_over_limit_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.pilot}: {self.amount_sek} kr ({self.paid_on})"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


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
