"""The fund ledger: payouts, expected savings, realised savings. Managers only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programmes.models import (
    ExpectedSaving,
    MembershipStatus,
    Payout,
    ProgrammePilot,
    RealisedSaving,
)

from .common import audit, require_manager


def _member(membership: ProgrammePilot, actor) -> ProgrammePilot:
    require_manager(actor, membership.programme)
    if membership.status != MembershipStatus.ACCEPTED:
        raise ValidationError({"membership": _("Bara antagna piloter finns i fondens bokföring.")})
    return membership


@transaction.atomic
def payout_record(
    *, membership: ProgrammePilot, actor, paid_on, amount_sek, note: str = ""
) -> Payout:
    """Record money the fund paid to a pilot."""
    _member(membership, actor)
    payout = Payout(
        membership=membership, paid_on=paid_on, amount_sek=amount_sek, note=note, created_by=actor
    )
    payout.full_clean()
    payout.save()
    audit(
        actor=actor,
        action="programme.payout",
        obj=payout,
        programme=membership.programme,
        changes={"amount_sek": [None, str(amount_sek)], "paid_on": [None, str(paid_on)]},
    )
    return payout


def _saving_set(model, membership, actor, actor_kind, year, amount_sek, **extra):
    _member(membership, actor)
    row = (
        model.objects.select_for_update()
        .filter(membership=membership, actor=actor_kind, year=year)
        .first()
    )
    before = str(row.amount_sek) if row else None
    row = row or model(membership=membership, actor=actor_kind, year=year, created_by=actor)
    row.amount_sek = amount_sek
    for name, value in extra.items():
        setattr(row, name, value)
    row.full_clean(validate_unique=False)
    row.save()
    audit(
        actor=actor,
        action=f"programme.{model._meta.model_name}",
        obj=row,
        programme=membership.programme,
        changes={"amount_sek": [before, str(amount_sek)]},
    )
    return row


@transaction.atomic
def expected_saving_set(
    *, membership: ProgrammePilot, actor, saving_actor: str, year: int, amount_sek
) -> ExpectedSaving:
    """Set the saving the pilot's business case expects for one actor and year (replaces the old
    figure)."""
    return _saving_set(ExpectedSaving, membership, actor, saving_actor, year, amount_sek)


@transaction.atomic
def realised_saving_set(
    *, membership: ProgrammePilot, actor, saving_actor: str, year: int, amount_sek, evidence: str
) -> RealisedSaving:
    """Set the saving realised for one actor and year, with its evidence (replaces the old
    figure)."""
    if not (evidence or "").strip():
        raise ValidationError(
            {"evidence": _("Beskriv underlaget för den realiserade besparingen.")}
        )
    return _saving_set(
        RealisedSaving, membership, actor, saving_actor, year, amount_sek, evidence=evidence.strip()
    )
