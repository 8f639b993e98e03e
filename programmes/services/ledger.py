"""The fund ledger: payouts, repayments, reversing entries, expected and realised savings.
Managers only."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.numbers import format_number
from programmes.ledger import to_be_repaid
from programmes.models import (
    ExpectedSaving,
    LedgerKind,
    MembershipStatus,
    Payout,
    Programme,
    ProgrammePilot,
    RealisedSaving,
)

from .common import audit, require_manager


def _member(membership: ProgrammePilot, actor) -> ProgrammePilot:
    require_manager(actor, membership.programme)
    if membership.status != MembershipStatus.ACCEPTED:
        raise ValidationError({"membership": _("Bara antagna piloter finns i fondens bokföring.")})
    return membership


def _kr(amount) -> str:
    """Whole kronor grouped the page's way (sv "1 200 000", en "1,200,000"); the message
    itself puts "kr" / "SEK" where its language does."""
    return format_number(amount, places=0)


def _sum(queryset) -> Decimal:
    return queryset.aggregate(s=Sum("amount_sek"))["s"] or Decimal(0)


def _lock(membership: ProgrammePilot, actor) -> ProgrammePilot:
    """The membership, locked with its programme so that two payouts cannot both slip under a
    limit at the same time."""
    _member(membership, actor)
    Programme.objects.select_for_update().filter(pk=membership.programme_id).first()
    return (
        ProgrammePilot.objects.select_for_update(of=("self",))
        .select_related("programme__owner", "pilot")
        .get(pk=membership.pk)
    )


def payout_limits(membership: ProgrammePilot, amount_sek) -> list[str]:
    """Why paying `amount_sek` more to the pilot needs a confirmation (empty when it does not):
    it takes what the pilot is paid above what it was granted, or what the programme has paid
    above its budget."""
    amount = Decimal(amount_sek)
    entries = Payout.objects.filter(kind=LedgerKind.PAYOUT)
    paid = _sum(entries.filter(membership=membership)) + amount
    granted = membership.funding_granted_sek or Decimal(0)
    reasons = []
    if paid > granted:
        reasons.append(
            _("Piloten får då %(paid)s kr utbetalt, mer än de %(granted)s kr som är beviljade.")
            % {"paid": _kr(paid), "granted": _kr(granted)}
        )
    budget = membership.programme.budget_sek
    if budget is not None:
        total = _sum(entries.filter(membership__programme_id=membership.programme_id)) + amount
        if total > budget:
            reasons.append(
                _("Programmet har då betalat ut %(total)s kr, mer än budgeten på %(budget)s kr.")
                % {"total": _kr(total), "budget": _kr(budget)}
            )
    return reasons


def repayment_limits(membership: ProgrammePilot, amount_sek) -> list[str]:
    """Why recording `amount_sek` more repaid needs a confirmation: it is more than is due."""
    entries = Payout.objects.filter(membership=membership)
    paid = _sum(entries.filter(kind=LedgerKind.PAYOUT))
    repaid = _sum(entries.filter(kind=LedgerKind.REPAYMENT)) + Decimal(amount_sek)
    realised = _sum(RealisedSaving.objects.filter(membership=membership))
    due = to_be_repaid(realised=realised, share_percent=membership.repayment_share, paid=paid)
    if repaid > due:
        return [
            _(
                "Piloten har då betalat tillbaka %(repaid)s kr, mer än de %(due)s kr som ska "
                "återbetalas."
            )
            % {"repaid": _kr(repaid), "due": _kr(due)}
        ]
    return []


def _record(kind, limits, *, membership, actor, paid_on, amount_sek, note, confirm_reason):
    membership = _lock(membership, actor)
    if amount_sek is None or Decimal(amount_sek) < 1:
        raise ValidationError({"amount_sek": _("Ange ett belopp på minst 1 kr.")})
    reasons = limits(membership, amount_sek)
    confirm_reason = (confirm_reason or "").strip()
    if reasons and not confirm_reason:
        raise ValidationError(
            {
                "amount_sek": [
                    *reasons,
                    _("Ange ett skäl för att bekräfta beloppet, eller ändra det."),
                ]
            },
            code="over_limit",
        )
    entry = Payout(
        membership=membership,
        kind=kind,
        paid_on=paid_on,
        amount_sek=amount_sek,
        note=note or "",
        created_by=actor,
        over_limit=bool(reasons),
        reason=confirm_reason if reasons else "",
    )
    entry.full_clean()
    entry.save()
    audit(
        actor=actor,
        action=f"programme.{kind}",
        obj=entry,
        programme=membership.programme,
        changes={
            "amount_sek": [None, str(amount_sek)],
            "paid_on": [None, str(paid_on)],
            **({"over_limit": [None, " ".join(str(r) for r in reasons)]} if reasons else {}),
        },
        message=entry.reason,
    )
    return entry


@transaction.atomic
def payout_record(
    *, membership: ProgrammePilot, actor, paid_on, amount_sek, note: str = "", confirm_reason=""
) -> Payout:
    """Record money the fund paid to a pilot. A payout that takes the pilot above what it was
    granted, or the programme above its budget, is refused unless `confirm_reason` says why; the
    reason is stored on the entry and in the audit trail."""
    return _record(
        LedgerKind.PAYOUT,
        payout_limits,
        membership=membership,
        actor=actor,
        paid_on=paid_on,
        amount_sek=amount_sek,
        note=note,
        confirm_reason=confirm_reason,
    )


@transaction.atomic
def repayment_record(
    *, membership: ProgrammePilot, actor, paid_on, amount_sek, note: str = "", confirm_reason=""
) -> Payout:
    """Record money a pilot repaid to the fund. More than is due (realised savings × the
    repayment share, at most what was paid) needs `confirm_reason`."""
    return _record(
        LedgerKind.REPAYMENT,
        repayment_limits,
        membership=membership,
        actor=actor,
        paid_on=paid_on,
        amount_sek=amount_sek,
        note=note,
        confirm_reason=confirm_reason,
    )


@transaction.atomic
def ledger_entry_reverse(*, entry: Payout, actor, reason: str, paid_on=None) -> Payout:
    """Correct the ledger by a reversing entry: the same kind and the opposite amount, with a
    reason. History is never edited; a reversal cannot itself be reversed (record a new entry)
    and an entry is reversed at most once."""
    membership = _lock(entry.membership, actor)
    entry = Payout.objects.select_for_update().get(pk=entry.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv varför posten vänds.")})
    if entry.is_reversal:
        raise ValidationError(
            _("En vändning kan inte vändas. Registrera en ny post i stället."), code="reversal"
        )
    if Payout.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Posten är redan vänd."), code="reversed")
    reversal = Payout(
        membership=membership,
        kind=entry.kind,
        paid_on=paid_on or timezone.localdate(),
        amount_sek=-entry.amount_sek,
        note=entry.note,
        reverses=entry,
        reason=reason.strip(),
        created_by=actor,
    )
    reversal.full_clean()
    reversal.save()
    audit(
        actor=actor,
        action="programme.ledger_reversed",
        obj=reversal,
        programme=membership.programme,
        changes={"amount_sek": [str(entry.amount_sek), str(reversal.amount_sek)]},
        message=reversal.reason,
    )
    return reversal


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
