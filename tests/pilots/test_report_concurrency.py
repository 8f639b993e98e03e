"""Optimistic concurrency on PostgreSQL: simultaneous saves of one report, exactly one wins."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partners.models import AuditEvent
from pilots.models import IndicatorValue, PeriodReport
from tests.concurrency import race
from tests.pilots.report_helpers import make_pilot, number_cell, save

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]

WRITERS = 8


def test_concurrent_saves_of_one_report_one_wins_the_rest_are_told(organisation, reporter):
    pilot = make_pilot(organisation)
    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    report = save(period, reporter)
    version = report.version

    def write(n):
        try:
            save(
                period,
                reporter,
                version=version,
                narrative=f"Skribent {n}",
                values=[number_cell(pilot, str(100 + n))],
            )
        except ValidationError as exc:
            return "stale" if "Någon annan har ändrat rapporten" in str(exc) else repr(exc)
        return "won"

    outcomes = race(WRITERS, write)

    assert outcomes.count("won") == 1 and outcomes.count("stale") == WRITERS - 1, outcomes
    winner = outcomes.index("won")
    report = PeriodReport.objects.get(pk=report.pk)
    assert report.version == version + 1
    assert report.narrative == f"Skribent {winner}"
    assert list(IndicatorValue.objects.filter(report=report).values_list("value", flat=True)) == [
        100 + winner
    ]
    assert AuditEvent.objects.for_object(report).filter(action="report.saved").count() == 1
