"""Public pilot pages: visibility matrix, only approved values, chart equals table, constant queries."""  # noqa: E501

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Kommun
from pilots.factories import PilotFactory
from pilots.models import Visibility

from .public_data import DRAFT_VALUE, SECRET_VALUE, pilot_with_reports

pytestmark = pytest.mark.django_db

# role → may see (public, partnership, private, draft)
MATRIX = {
    "anonymous": (True, False, False, False),
    "outsider": (True, False, False, False),
    "other_member": (True, True, False, False),
    "viewer": (True, True, True, True),
    "reporter": (True, True, True, True),
    "approver": (True, True, True, True),
    "org_admin": (True, True, True, True),
    "coordinator": (True, True, True, True),
}
KINDS = ["public", "partnership", "private", "draft"]


def _pilots(organisation):
    return {
        "public": PilotFactory(lead_organisation=organisation, title="Öppen pilot"),
        "partnership": PilotFactory(
            lead_organisation=organisation, partnership=True, title="Partnerpilot"
        ),
        "private": PilotFactory(lead_organisation=organisation, private=True, title="Privat pilot"),
        "draft": PilotFactory(lead_organisation=organisation, draft=True, title="Utkastpilot"),
    }


@pytest.mark.parametrize("role", MATRIX)
def test_pilot_pages_permission_matrix(role, as_role, organisation):
    pilots = _pilots(organisation)
    client, _ = as_role(role)
    listing = client.get(reverse("pilots:pilot_list")).content.decode()
    for kind, allowed in zip(KINDS, MATRIX[role], strict=True):
        response = client.get(pilots[kind].get_absolute_url())
        assert response.status_code == (200 if allowed else 404), (role, kind)
        assert (pilots[kind].title in listing) is allowed, (role, kind)


@pytest.mark.parametrize(
    "role", ["anonymous", "other_member", "viewer", "reporter", "approver", "coordinator"]
)
def test_pilot_page_never_shows_unapproved_values_or_lessons(role, as_role, organisation):
    pilot = pilot_with_reports(organisation)
    client, _ = as_role(role)
    html = client.get(pilot.get_absolute_url()).content.decode()
    assert (
        f'data-value="{int(SECRET_VALUE)}"' not in html
        and f'data-value="{int(DRAFT_VALUE)}"' not in html
    )
    assert ">777<" not in html and ">888<" not in html
    assert "Hemlig lärdom" not in html and "Öppen lärdom" in html
    insider = role in {"viewer", "reporter", "approver", "coordinator"}
    assert (
        "Hemlig berättelse" in html
    ) is insider  # the timeline shows unapproved reports to insiders only


def test_pilot_page_shows_summary_partners_map_plan_and_source(client, organisation):
    pilot = pilot_with_reports(organisation)
    pilot.kommuner.set(Kommun.objects.filter(code__in=["2480", "1880"]))
    html = client.get(pilot.get_absolute_url()).content.decode()
    assert html.count('class="kommun covered"') == 2
    assert "Umeå (ingår i piloten)" in html and "Källa: SCB" in html
    assert 'role="img"' in html and "Utvärderingsplan" in html and organisation.name in html
    assert "<script" not in html.split("<main", 1)[1]  # no JavaScript libraries


def test_chart_numbers_equal_table_numbers(client, organisation):
    pilot = pilot_with_reports(organisation, periods_approved=3)
    html = client.get(pilot.get_absolute_url()).content.decode()
    charts = re.findall(r'<svg class="indicator-chart".*?</svg>', html, re.S)
    tables = re.findall(r'<table class="data-table chart-table">.*?</table>', html, re.S)
    assert len(charts) == len(tables) == 2
    for svg, table in zip(charts, tables, strict=True):
        points = dict(
            re.findall(r'class="point"[^>]*data-label="([^"]+)" data-value="([^"]+)"', svg)
        )
        cells = dict(re.findall(r'<td class="num" data-label="([^"]+)">([^<]*)</td>', table))
        assert points == {label: value for label, value in cells.items() if value}
        assert list(points.values()) == ["12", "14", "16"]
        baseline = re.search(r'class="baseline"[^>]*data-value="([^"]+)"', svg).group(1)
        assert re.search(r'baseline-cell">([^<]+)<', table).group(1) == baseline
        target = re.search(r'class="target"[^>]*data-value="([^"]+)"', svg).group(1)
        assert re.search(r'target-cell">([^<]+)<', table).group(1) == target


def test_pilot_list_filters_and_paginates(client, organisation):
    for n in range(23):
        PilotFactory(lead_organisation=organisation, title=f"Skolpilot {n}", arena="skola")
    PilotFactory(lead_organisation=organisation, title="Äldrepilot", arena="aldreomsorg")
    response = client.get(reverse("pilots:pilot_list"), {"arena": "skola"})
    assert response.context["page_obj"].paginator.count == 23
    assert "Äldrepilot" not in response.content.decode()
    assert (
        client.get(reverse("pilots:pilot_list"), {"arena": "skola", "page": 2}).status_code == 200
    )
    bad = client.get(
        reverse("pilots:pilot_list"), {"arena": "<script>", "kommun": "x'", "page": "zz"}
    )
    assert bad.status_code == 200 and bad.context["filters"]["arena"] == ""


def test_main_nav_links_to_pilots(client, db):
    assert reverse("pilots:pilot_list") in client.get(reverse("pilots:pilot_list")).content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_pilot_page_query_count_is_constant(
    role, as_role, organisation, django_assert_max_num_queries
):
    client, _ = as_role(role)
    small = pilot_with_reports(organisation, periods_approved=1)
    baseline = _count(client, small.get_absolute_url())
    big = pilot_with_reports(organisation, periods_approved=8)
    big.kommuner.set(Kommun.objects.all()[:20])
    with django_assert_max_num_queries(baseline):
        client.get(big.get_absolute_url())


@pytest.mark.parametrize("role", ["anonymous", "other_member", "coordinator"])
def test_pilot_list_query_count_is_constant(
    role, as_role, organisation, django_assert_max_num_queries
):
    client, _ = as_role(role)
    pilot_with_reports(organisation)
    baseline = _count(client, reverse("pilots:pilot_list"))
    for _ in range(6):
        pilot_with_reports(
            organisation, periods_approved=3, visibility=Visibility.PARTNERSHIP
        ).kommuner.set(Kommun.objects.all()[:5])
    with django_assert_max_num_queries(baseline):
        client.get(reverse("pilots:pilot_list"))
