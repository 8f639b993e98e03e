import pytest

from pilots.factories import PilotFactory
from pilots.models import IndicatorValue, ReportStatus

pytestmark = pytest.mark.django_db


def test_pilot_factory_builds_periods_indicators_and_approved_reports():
    pilot = PilotFactory(indicators=2, approved_reports=2)
    assert pilot.periods.count() == 4
    assert pilot.reports.filter(status=ReportStatus.APPROVED).count() == 2
    assert IndicatorValue.objects.filter(report__pilot=pilot).count() == 4
