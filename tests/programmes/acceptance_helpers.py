"""A pilot in a programme that requires the funder's acceptance, with an approved report."""

import pytest

from pilots.services import report_approve, report_submit
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from tests.pilots.report_helpers import make_pilot, save


@pytest.fixture
def funder(other_member):
    """An admin of the funder (the programme's owner), who accepts reports."""
    return other_member


@pytest.fixture
def programme(other_organisation, db):
    return ProgrammeFactory(
        name="Program med acceptans", owner=other_organisation, requires_acceptance=True
    )


@pytest.fixture
def pilot(organisation, programme):
    pilot = make_pilot(organisation, title="Pilot som ska accepteras")
    ProgrammePilotFactory(programme=programme, pilot=pilot)
    return pilot


def approved_report(pilot, reporter, approver, index=0):
    """The pilot's period `index` saved, submitted and approved through the services."""
    period = list(pilot.periods.order_by("start"))[index]
    period.pilot = pilot
    report = save(period, reporter)
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    return report_approve(report=report, actor=approver, expected_version=report.version)


@pytest.fixture
def approved(pilot, reporter, approver):
    return approved_report(pilot, reporter, approver)
