"""Property tests for the fund ledger (hypothesis): whatever sequence of payouts, repayments and
reversals a funder tries, what is paid never exceeds what is granted (or the budget) without an
entry that carries a recorded confirmation, and the balances shown always equal the sum of the
entries."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from programmes import services
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.ledger import fund_ledger
from programmes.models import LedgerKind, Payout

AMOUNT = st.integers(min_value=1, max_value=12_000_000)
STEP = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 1), AMOUNT, st.booleans()),
    st.tuples(st.just("repay"), st.integers(0, 1), AMOUNT, st.booleans()),
    st.tuples(st.just("reverse"), st.integers(0, 30), st.just(0), st.just(False)),
)


class LedgerProperties(TestCase):
    def _world(self, grants, budget):
        owner = OrganisationFactory()
        self.actor = MembershipFactory(organisation=owner, role=Role.ADMIN).user
        self.programme = ProgrammeFactory(owner=owner, budget_sek=budget)
        self.members = [
            ProgrammePilotFactory(
                programme=self.programme, funding_granted_sek=g, repayment_share=50
            )
            for g in grants
        ]

    def _run(self, steps):
        for action, who, amount, confirm in steps:
            reason = "Bekräftat av styrelsen" if confirm else ""
            try:
                if action == "reverse":
                    entries = list(Payout.objects.order_by("pk"))
                    if entries:
                        services.ledger_entry_reverse(
                            entry=entries[who % len(entries)], actor=self.actor, reason="Fel"
                        )
                else:
                    record = (
                        services.payout_record if action == "pay" else services.repayment_record
                    )
                    record(
                        membership=self.members[who],
                        actor=self.actor,
                        paid_on=dt.date(2025, 1, 1),
                        amount_sek=amount,
                        confirm_reason=reason,
                    )
            except ValidationError:
                pass  # refused: nothing may have been written (checked below by the replay)

    def _replay_checks(self):
        """Walk the entries in the order they were written and check every prefix."""
        paid = {m.pk: Decimal(0) for m in self.members}
        granted = {m.pk: Decimal(m.funding_granted_sek or 0) for m in self.members}
        total = Decimal(0)
        for entry in Payout.objects.order_by("pk"):
            if entry.kind != LedgerKind.PAYOUT:
                continue
            paid[entry.membership_id] += entry.amount_sek
            total += entry.amount_sek
            over = paid[entry.membership_id] > granted[entry.membership_id] or (
                self.programme.budget_sek is not None and total > self.programme.budget_sek
            )
            if over and entry.amount_sek > 0:
                assert entry.over_limit and entry.reason.strip(), entry
            if not entry.over_limit:
                assert entry.reason == "" or entry.is_reversal

    def _balance_checks(self):
        ledger = fund_ledger(programme=self.programme)
        for row in ledger.rows:
            mine = Payout.objects.filter(membership=row.membership)
            assert row.paid == sum(
                (e.amount_sek for e in mine if e.kind == LedgerKind.PAYOUT), Decimal(0)
            )
            assert row.repaid == sum(
                (e.amount_sek for e in mine if e.kind == LedgerKind.REPAYMENT), Decimal(0)
            )
            assert row.outstanding == row.repay - row.repaid
            assert row.paid >= 0 and row.repaid >= 0  # a reversal only cancels what exists
        everything = list(Payout.objects.all())
        assert ledger.totals["paid"] + ledger.totals["repaid"] == sum(
            (e.amount_sek for e in everything), Decimal(0)
        )
        for entry in everything:
            if entry.is_reversal:
                assert entry.amount_sek == -entry.reverses.amount_sek
                assert entry.kind == entry.reverses.kind and entry.reason

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        grants=st.lists(st.one_of(st.none(), st.integers(0, 10_000_000)), min_size=2, max_size=2),
        budget=st.one_of(st.none(), st.integers(0, 15_000_000)),
        steps=st.lists(STEP, max_size=12),
    )
    def test_no_sequence_pays_beyond_limits_unconfirmed_and_balances_add_up(
        self, grants, budget, steps
    ):
        self._world(grants, budget)
        self._run(steps)
        self._replay_checks()
        self._balance_checks()
        unconfirmed = Payout.objects.filter(over_limit=False, kind=LedgerKind.PAYOUT)
        for member in self.members:
            paid_unconfirmed = sum(
                (e.amount_sek for e in unconfirmed.filter(membership=member)), Decimal(0)
            )
            # What was paid without a confirmation never exceeds the grant on its own.
            assert paid_unconfirmed <= Decimal(member.funding_granted_sek or 0)
