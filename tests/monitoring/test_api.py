"""/api/v1/reporting-matrix/: rows, rates, remind; filters; permissions; constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from monitoring.models import Reminder
from pilots.factories import PilotFactory
from tests.monitoring.helpers import build

pytestmark = pytest.mark.django_db
URL = "/api/v1/reporting-matrix/"


@pytest.fixture
def api(request):
    def login(role):
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(request.getfixturevalue(role))
        return client

    return login


def test_rows_with_cells_and_rates(organisation, api):
    build(organisation)
    response = api("approver").get(URL, {"year": 2025})
    assert response.status_code == 200
    rows = {r["title"]: r for r in response.json()["results"]}
    assert set(rows) == {"Första piloten", "Andra piloten"}
    states = [c["state"] for c in rows["Andra piloten"]["cells"]]
    assert states[:3] == ["late", "returned", "missing"]
    assert rows["Första piloten"]["rates"]["counted"] == 4


def test_filters_and_a_bad_filter(organisation, api):
    _first, _second, programme = build(organisation)
    client = api("approver")
    titles = [r["title"] for r in client.get(URL, {"programme": programme.slug}).json()["results"]]
    assert titles == ["Första piloten"]
    titles = [r["title"] for r in client.get(URL, {"status": "late"}).json()["results"]]
    assert titles == ["Andra piloten"]
    assert client.get(URL, {"status": "nonsense"}).status_code == 400
    assert client.get(URL, {"programme": "finns-inte"}).status_code == 400
    assert client.get(URL, {"year": 99999}).status_code == 400
    assert client.get(URL + "rates/", {"year": "-5"}).status_code == 400
    assert client.post(URL + "remind/", {"year": 99999}, format="json").status_code == 400
    assert client.post(URL + "remind/", {"organisation": 999999}, format="json").status_code == 400


def test_rates_per_level(organisation, api):
    build(organisation)
    body = api("approver").get(URL + "rates/", {"year": 2025}).json()
    assert body["total"]["counted"] == 8 and body["total"]["share_on_time"] == "25.0"
    assert [p["name"] for p in body["programmes"]] == ["Programmet"]
    assert [o["name"] for o in body["organisations"]] == [organisation.name]


def test_remind(organisation, api):
    build(organisation)
    client = api("approver")
    assert client.post(URL + "remind/", {"year": 2025}, format="json").json() == {"reminded": 4}
    assert client.post(URL + "remind/", {"year": 2025}, format="json").json() == {"reminded": 0}
    assert Reminder.objects.count() == 4


@pytest.mark.parametrize("role", ["anonymous", "outsider", "viewer", "reporter"])
def test_refused(organisation, api, role):
    build(organisation)
    client = api(role)
    expected = 401 if role == "anonymous" else 403
    assert client.get(URL).status_code in (expected, 403)
    assert client.post(URL + "remind/", {}, format="json").status_code in (expected, 403)
    assert not Reminder.objects.exists()


def test_the_list_keeps_a_constant_query_count(
    organisation, other_organisation, api, django_assert_max_num_queries
):
    build(organisation)
    client = api("coordinator")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, {"year": ""}).status_code == 200
    small = len(ctx.captured_queries)
    for n in range(12):
        PilotFactory(lead_organisation=organisation if n % 2 else other_organisation, plan="month")
    with django_assert_max_num_queries(small):
        assert client.get(URL, {"year": ""}).status_code == 200
