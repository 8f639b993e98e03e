"""Test data for the public pages, selectors and API: a pilot with reports in every state."""

from decimal import Decimal

from pilots.factories import LessonFactory, PeriodReportFactory, PilotFactory
from pilots.models import IndicatorValue, ReportStatus

SECRET_VALUE = Decimal("777")
DRAFT_VALUE = Decimal("888")


def pilot_with_reports(organisation, periods_approved=2, **kwargs):
    """A pilot led by `organisation` with 2 indicators: `periods_approved` approved periods
    (values 12, 14, …), then a submitted (777) and a draft (888) report, a lesson on an approved
    report and a secret one on the submitted report."""
    pilot = PilotFactory(
        lead_organisation=organisation,
        indicators=2,
        approved_reports=periods_approved,
        plan="month",
        **kwargs,
    )
    periods = list(pilot.periods.order_by("start"))
    links = list(pilot.indicators.all())
    for period, status, value in (
        (periods[periods_approved], ReportStatus.SUBMITTED, SECRET_VALUE),
        (periods[periods_approved + 1], ReportStatus.DRAFT, DRAFT_VALUE),
    ):
        report = PeriodReportFactory(
            period=period, status=status, narrative=f"Hemlig berättelse {status}"
        )
        for link in links:
            IndicatorValue.objects.create(report=report, pilot_indicator=link, value=value)
    approved = pilot.reports.get(period=periods[0])
    LessonFactory(pilot=pilot, report=approved, title="Öppen lärdom")
    LessonFactory(
        pilot=pilot, report=pilot.reports.get(status=ReportStatus.SUBMITTED), title="Hemlig lärdom"
    )
    return pilot
