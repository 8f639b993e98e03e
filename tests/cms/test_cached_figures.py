"""The home page's key figures and goal progress are cached; every change behind them shows at
once, and the page stays within 15 queries on a cold cache too, however much data there is."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarking.models import StatisticValue
from core import caching
from partners.factories import OrganisationFactory
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import ReportStatus
from tests.cms import helpers

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _figures(client):
    return client.get("/").context["key_figures"]


def test_key_figures_follow_new_partners_pilots_and_approved_reports(client):
    helpers.home()
    before = _figures(client)
    OrganisationFactory()
    pilot = PilotFactory(approved_reports=1)
    after = _figures(client)
    assert after["partners"] == before["partners"] + 2  # the new one and the pilot's lead
    assert after["pilots"] == before["pilots"] + 1
    assert after["approved_reports"] == before["approved_reports"] + 1
    report = pilot.reports.get()
    report.status = ReportStatus.RETURNED
    report.save()
    assert _figures(client)["approved_reports"] == before["approved_reports"]


def test_goal_progress_follows_new_statistics(client):
    goal = helpers.goal(slug="kpi", kolada_kpi="N99999")
    helpers.riket("N99999", {2021: 19})
    cache.clear()
    assert [year for year, _v in client.get(goal.url).context["card"].table] == [2021]
    StatisticValue.objects.create(
        kpi_id="N99999", area="0000", year=2022, gender="T", value=18, imported_at=timezone.now()
    )
    assert [year for year, _v in client.get(goal.url).context["card"].table] == [2021, 2022]


def _count(client, path, *, cold=False):
    if cold:  # as right after a pilot, report or statistic changed
        caching.bump(caching.PUBLIC_FIGURES)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_home_page_stays_within_15_queries_and_constant_as_data_grows(as_role, role):
    client, _user = as_role(role)
    indicator = IndicatorFactory()
    helpers.goal(indicator=indicator)
    helpers.goal(slug="kpi", kolada_kpi="N99999")
    helpers.riket("N99999", {2021: 19})
    PilotFactory(approved_reports=1)
    client.get("/")
    assert _count(client, "/") <= MAX_QUERIES
    cold = _count(client, "/", cold=True)
    PilotFactory.create_batch(5, approved_reports=2)
    OrganisationFactory.create_batch(5)
    assert _count(client, "/", cold=True) == cold
    assert _count(client, "/") <= MAX_QUERIES
