"""Reads for the fund ledger: paid out, expected and realised savings per actor and year, to be
repaid.

To be repaid = realised savings × the pilot's repayment share, capped at what the fund paid the
pilot (a fund recovers its money; it does not profit from a pilot); outstanding = to be repaid −
repaid. Paid and repaid are the sums of the ledger's entries (reversals included, as negative
amounts). Four queries in all; `ledger_entries` lists the entries themselves.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from programmes.models import (
    ExpectedSaving,
    LedgerKind,
    MembershipStatus,
    Payout,
    ProgrammePilot,
    RealisedSaving,
    SavingActor,
)


def to_be_repaid(*, realised: Decimal, share_percent: Decimal, paid: Decimal) -> Decimal:
    """realised × share / 100, rounded to whole kronor, never more than `paid`."""
    amount = (Decimal(realised) * Decimal(share_percent) / 100).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return min(amount, Decimal(paid))


@dataclass
class LedgerRow:
    membership: ProgrammePilot
    paid: Decimal = Decimal(0)
    repaid: Decimal = Decimal(0)
    expected: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    payouts: list = field(default_factory=list)

    @property
    def repay(self) -> Decimal:
        return to_be_repaid(
            realised=self.realised, share_percent=self.membership.repayment_share, paid=self.paid
        )

    @property
    def outstanding(self) -> Decimal:
        """What is due and not yet repaid (negative if more was repaid than is due)."""
        return self.repay - self.repaid


@dataclass
class Ledger:
    rows: list[LedgerRow]
    years: list[int]
    expected_matrix: dict  # actor label -> {year: amount}
    realised_matrix: dict

    def total(self, name: str) -> Decimal:
        return sum((getattr(r, name) for r in self.rows), Decimal(0))

    @property
    def totals(self) -> dict:
        return {
            name: self.total(name)
            for name in ("paid", "repaid", "expected", "realised", "repay", "outstanding")
        }


def fund_ledger(*, programme) -> Ledger:
    """The ledger of every accepted pilot of the programme."""
    members = list(
        ProgrammePilot.objects.filter(programme=programme, status=MembershipStatus.ACCEPTED)
        .select_related("pilot")
        .order_by("pilot__title", "pk")
    )
    rows = {m.pk: LedgerRow(m) for m in members}
    for payout in Payout.objects.filter(membership__in=rows).order_by("paid_on", "pk"):
        row = rows[payout.membership_id]
        if payout.kind == LedgerKind.REPAYMENT:
            row.repaid += payout.amount_sek
        else:
            row.paid += payout.amount_sek
        row.payouts.append(payout)
    years: set[int] = set()
    matrices = {}
    for name, model in (("expected", ExpectedSaving), ("realised", RealisedSaving)):
        matrix: dict = defaultdict(lambda: defaultdict(Decimal))
        for membership_id, actor, year, amount in (
            model.objects.filter(membership__in=rows)
            .values_list("membership_id", "actor", "year")
            .annotate(s=Sum("amount_sek"))
        ):
            setattr(rows[membership_id], name, getattr(rows[membership_id], name) + amount)
            matrix[SavingActor(actor).label][year] += amount
            years.add(year)
        matrices[name] = {actor: dict(by_year) for actor, by_year in sorted(matrix.items())}
    return Ledger(list(rows.values()), sorted(years), matrices["expected"], matrices["realised"])


def ledger_entries(*, programme, membership=None):
    """Every entry of the programme's ledger, newest first, with who recorded it, the pilot and
    the entry it reverses or that reverses it preloaded (one query per page)."""
    qs = Payout.objects.filter(membership__programme=programme)
    if membership is not None:
        qs = qs.filter(membership=membership)
    return qs.select_related("membership__pilot", "created_by", "reverses", "reversed_by").order_by(
        "-created_at", "-pk"
    )


def ledger_entries_visible(*, user):
    """Entries of every programme whose ledger the user may see (its funders, the coordinator)."""
    from programmes.selectors import funded_programme_ids

    return (
        Payout.objects.filter(membership__programme__in=funded_programme_ids(user))
        .select_related("membership__programme", "membership__pilot", "reverses", "reversed_by")
        .order_by("-created_at", "-pk")
    )
