"""The programmes demo: two programmes, idempotent, built on the pilots demo."""

import datetime as dt

import pytest

from partners import demo as partners_demo
from pilots import demo as pilots_demo
from programmes import demo
from programmes.ledger import fund_ledger
from programmes.models import GateDecision, MembershipStatus, Programme, ProgressReport

pytestmark = pytest.mark.django_db


def test_demo_builds_a_national_programme_and_a_fund_once():
    today = dt.date(2026, 11, 22)
    partners_demo.seed()
    pilots_demo.seed(count=40, today=today)
    assert demo.seed(today=today) == {"programmes": 2, "created": 2}
    assert demo.seed(today=today) == {"programmes": 2, "created": 0}
    national = Programme.objects.get(kind="state")
    assert national.owner.name == "Folkhälsomyndigheten (demo)"
    assert [s.order for s in national.stages.all()] == [1, 2, 3]
    assert national.pilot_links.filter(status=MembershipStatus.ACCEPTED).count() == 5
    assert (
        GateDecision.objects.filter(membership__programme=national).count() == 6
    )  # one superseded
    assert (
        GateDecision.objects.current()
        .filter(membership__programme=national, decision="stop")
        .count()
        == 1
    )
    assert ProgressReport.objects.published().filter(programme=national).count() == 1
    fund = Programme.objects.get(kind="social_investment_fund")
    ledger = fund_ledger(programme=fund)
    assert len(ledger.rows) == 3 and ledger.totals["paid"] > 0 and ledger.totals["repay"] > 0
    assert ledger.totals["repaid"] == 100_000
    assert ledger.totals["outstanding"] == ledger.totals["repay"] - 100_000
    measures = set(national.shared_indicators.values_list("measure", flat=True))
    assert "percent" in measures  # the share is aggregated as a ratio of sums
    assert not set(fund.pilot_links.values_list("pilot", flat=True)) & set(
        national.pilot_links.values_list("pilot", flat=True)
    )
