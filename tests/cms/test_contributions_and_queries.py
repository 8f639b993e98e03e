"""Pilot teams add their pilots to a goal; goal and home pages keep a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import GoalContribution
from partners.models import AuditEvent
from pilots.factories import IndicatorFactory, PilotFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal():
    return helpers.goal()


@pytest.fixture
def own_pilot(organisation):
    return PilotFactory(lead_organisation=organisation, title="Vår pilot")


def url(goal):
    return f"/mal/{goal.pk}/bidra/"


def test_pilot_editor_adds_their_pilot_and_the_goal_page_lists_it(
    client, reporter, goal, own_pilot
):
    client.force_login(reporter)
    response = client.post(url(goal), {"pilot": own_pilot.pk, "note": "Screening i hemtjänsten"})
    assert response.status_code == 302
    contribution = GoalContribution.objects.get()
    assert contribution.pilot == own_pilot and contribution.added_by == reporter
    assert AuditEvent.objects.filter(action="goal_contribution.added").exists()
    body = client.get(goal.url).content.decode()
    assert "Vår pilot" in body and "Screening i hemtjänsten" in body


def test_pilot_editor_withdraws_their_pilot(client, reporter, goal, own_pilot):
    contribution = GoalContribution.objects.create(goal=goal, pilot=own_pilot)
    client.force_login(reporter)
    client.post(url(goal), {"remove": contribution.pk})
    assert not GoalContribution.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "", "9999999", "1; DROP", "other"])
def test_withdrawing_with_bad_input_is_a_400_with_a_message(client, reporter, goal, own_pilot, bad):
    mine = GoalContribution.objects.create(goal=goal, pilot=own_pilot)
    others = GoalContribution.objects.create(goal=goal, pilot=PilotFactory(title="Annans pilot"))
    client.force_login(reporter)
    response = client.post(url(goal), {"remove": others.pk if bad == "other" else bad})
    assert response.status_code == 400
    assert "Bidraget finns inte" in response.content.decode()
    assert set(GoalContribution.objects.all()) == {mine, others}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("viewer", 403),
        ("other_member", 403),
        ("reporter", 200),
        ("approver", 200),
        ("coordinator", 200),
    ],
)
def test_who_may_open_the_form(as_role, role, status, goal, own_pilot):
    client, _user = as_role(role)
    assert client.get(url(goal)).status_code == status


def test_someone_elses_pilot_cannot_be_added(client, other_member, goal, own_pilot):
    PilotFactory(lead_organisation=other_member.memberships.get().organisation)
    client.force_login(other_member)
    response = client.post(url(goal), {"pilot": own_pilot.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["pilot"]
    assert not GoalContribution.objects.exists()


def test_private_pilots_are_listed_only_to_those_who_may_see_them(client, goal, reporter):
    secret = PilotFactory(private=True, title="Hemlig pilot")
    GoalContribution.objects.create(goal=goal, pilot=secret)
    assert "Hemlig pilot" not in client.get(goal.url).content.decode()
    client.force_login(helpers_coordinator())
    assert "Hemlig pilot" in client.get(goal.url).content.decode()


def helpers_coordinator():
    from partners.factories import UserFactory

    return UserFactory(coordinator=True)


def _grow(goal, indicator, n):
    for _ in range(n):
        pilot = PilotFactory(indicators=1, approved_reports=2)
        link = pilot.indicators.create(indicator=indicator, order=5)
        for report in pilot.reports.all():
            report.values.create(pilot_indicator=link, value=15)
        GoalContribution.objects.create(goal=goal, pilot=pilot)


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_goal_page_query_count_is_constant(as_role, role, django_assert_max_num_queries):
    client, _user = as_role(role)
    indicator = IndicatorFactory()
    goal = helpers.goal(indicator=indicator)
    helpers.goal(slug="kpi", kolada_kpi="N99999")
    helpers.riket("N99999", {2021: 19, 2022: 18})
    _grow(goal, indicator, 1)
    client.get(goal.url)  # warm caches (site root paths, menu links)
    few = _count(client, goal.url)
    _grow(goal, indicator, 6)
    client.get(goal.url)  # the new results made the cached progress stale: recomputed once
    with django_assert_max_num_queries(few):
        client.get(goal.url)
    assert len(client.get(goal.url).context["contribution_rows"]) == 7


def test_home_and_vision_page_query_counts_are_constant(client, django_assert_max_num_queries):
    indicator = IndicatorFactory()
    goal = helpers.goal(indicator=indicator)
    helpers.goal(slug="kpi", kolada_kpi="N99999")
    helpers.update()
    _grow(goal, indicator, 1)
    client.get("/")
    home, vision = _count(client, "/"), _count(client, "/vision/")
    _grow(goal, indicator, 6)
    helpers.riket("N99999", {2021: 19, 2022: 18, 2023: 17})
    helpers.update(slug="till", title="Till")
    helpers.goal(slug="tredje", statement="Ett tredje mål")
    client.get("/")  # publishing cleared the cached menu links and site root paths
    with django_assert_max_num_queries(home):
        client.get("/")
    with django_assert_max_num_queries(vision):
        client.get("/vision/")
