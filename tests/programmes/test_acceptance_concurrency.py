"""The funder's acceptance locks like the report services (period, then report, on PostgreSQL):
simultaneous accepts of one report, exactly one wins; an un-accept racing a save by the reporter
never lets the save through on the frozen report."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partners.models import AuditEvent
from pilots.models import PeriodReport, ReportStatus
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.services.acceptance import report_accept, report_unaccept
from tests.concurrency import race
from tests.pilots.report_helpers import make_pilot, save
from tests.programmes.acceptance_helpers import approved_report

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]

WRITERS = 6


def _world(organisation, other_organisation, reporter, approver):
    pilot = make_pilot(organisation)
    programme = ProgrammeFactory(owner=other_organisation, requires_acceptance=True)
    ProgrammePilotFactory(programme=programme, pilot=pilot)
    return pilot, approved_report(pilot, reporter, approver)


def _outcome(call):
    try:
        call()
    except ValidationError as exc:
        return "stale" if "Någon annan har ändrat rapporten" in str(exc) else exc.code or repr(exc)
    return "won"


def test_simultaneous_accepts_one_wins(
    organisation, other_organisation, reporter, approver, other_member
):
    _pilot, report = _world(organisation, other_organisation, reporter, approver)
    version = report.version

    outcomes = race(
        WRITERS,
        lambda n: _outcome(
            lambda: report_accept(report=report, actor=other_member, expected_version=version)
        ),
    )

    assert outcomes.count("won") == 1 and outcomes.count("stale") == WRITERS - 1, outcomes
    fresh = PeriodReport.objects.get(pk=report.pk)
    assert fresh.is_accepted and fresh.version == version + 1
    assert AuditEvent.objects.filter(action="report.accepted").count() == 1


def test_an_unaccept_and_saves_race_saves_only_after_it(
    organisation, other_organisation, reporter, approver, other_member
):
    pilot, report = _world(organisation, other_organisation, reporter, approver)
    report = report_accept(report=report, actor=other_member, expected_version=report.version)
    version = report.version
    period = report.period
    period.pilot = pilot

    def write(n):
        if n == 0:
            return _outcome(
                lambda: report_unaccept(
                    report=report, actor=other_member, expected_version=version, comment="Rätta."
                )
            )
        # A reporter who read the frozen report tries to save it.
        return _outcome(lambda: save(period, reporter, version=version, narrative=f"Ny {n}"))

    outcomes = race(WRITERS, write)

    assert outcomes[0] == "won", outcomes
    assert set(outcomes[1:]) <= {"stale", "accepted"}, outcomes
    fresh = PeriodReport.objects.get(pk=report.pk)
    assert fresh.status == ReportStatus.RETURNED and fresh.version == version + 1
    assert not fresh.narrative.startswith("Ny")
