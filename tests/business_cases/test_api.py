"""Business-case API: visibility matrix, computed results, writes through services with field
errors, the unit-cost library and schedules, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from business_cases import economics
from business_cases.models import BusinessCase, BusinessCaseLine, UnitCost
from business_cases.selectors import business_case_load

from .helpers import pilot_with_case

pytestmark = pytest.mark.django_db

INSIDERS = {"viewer", "reporter", "approver", "org_admin", "coordinator"}
EDITORS = {"reporter", "approver", "org_admin", "coordinator"}
ROLES = ["anonymous", "outsider", "other_member", *sorted(INSIDERS)]


def _case_url(pilot, suffix=""):
    return f"/api/v1/business-cases/{pilot.slug}/{suffix}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("draft", [False, True])
def test_retrieve_and_list_follow_visibility(role, draft, as_role, organisation):
    pilot, _ = pilot_with_case(organisation, draft=draft)
    client, _ = as_role(role)
    allowed = not draft or role in INSIDERS
    assert client.get(_case_url(pilot)).status_code == (200 if allowed else 404)
    assert client.get(_case_url(pilot, "results/")).status_code == (200 if allowed else 404)
    slugs = [c["pilot"] for c in client.get("/api/v1/business-cases/").json()["results"]]
    assert (pilot.slug in slugs) is allowed
    lines = client.get("/api/v1/business-case-lines/", {"pilot": pilot.slug}).json()
    assert (lines["count"] > 0) is allowed


def test_results_equal_economics_and_take_a_comparison_rate(client, organisation):
    pilot, case = pilot_with_case(organisation, lines=4, years=3)
    body = client.get(_case_url(pilot, "results/"), {"rate": "0.05"}).json()
    data = business_case_load(pilot=pilot, user=None)
    expected = economics.compute(
        data.economics_lines(), horizon=case.horizon_years, schedule=data.schedule
    )
    assert body["schedule"] == "Standard (3,5 % år 0–30, 3,0 % därefter)"
    assert body["total"]["npv"] == pytest.approx(expected.total.npv)
    kommun = next(a for a in body["actors"] if a["actor"] == "kommun")
    assert kommun["pv_costs"] == pytest.approx(expected.actors["kommun"].pv_costs)
    flat = economics.compute(
        data.economics_lines(),
        horizon=case.horizon_years,
        schedule=economics.DiscountSchedule.flat(0.05),
    )
    assert body["comparison"]["npv"] == pytest.approx(flat.total.npv)
    assert {r["rate"] for r in body["rates"]} == {0.0, 0.03, 0.035, 0.05}
    assert len(body["tornado"]) == 5 and len(body["grid"]) == 9
    assert body["matrix"][0]["years"][0]["year"] == 2025


@pytest.mark.parametrize("rate", ["abc", "2", "-0.5"])
def test_bad_rate_is_a_400(client, organisation, rate):
    pilot, _ = pilot_with_case(organisation)
    response = client.get(_case_url(pilot, "results/"), {"rate": rate})
    assert response.status_code == 400 and "rate" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_line_create_permission_matrix(role, as_role, organisation):
    pilot, case = pilot_with_case(organisation)
    client, _ = as_role(role)
    payload = {
        "pilot": pilot.slug,
        "expected_version": case.version,
        "kind": "cost",
        "label": "API-rad",
        "actor": "region",
        "amounts": {"2026": 5000},
    }
    response = client.post("/api/v1/business-case-lines/", payload, content_type="application/json")
    expected = 201 if role in EDITORS else 401 if role == "anonymous" else 403
    assert response.status_code == expected, response.content
    assert BusinessCaseLine.objects.filter(label="API-rad").exists() is (expected == 201)


@pytest.mark.parametrize(
    ("amounts", "extra", "field"),
    [
        ({"-1": 5}, {}, "amounts"),
        ({"2099": 5}, {}, "amounts"),
        ({"2026": "fem"}, {}, "amounts"),
        ({"2026": 5}, {"deadweight_pct": 101}, "deadweight_pct"),
        ("inte en tabell", {}, "amounts"),
    ],
)
def test_bad_line_input_is_a_400_with_field_errors(
    client, reporter, organisation, amounts, extra, field
):
    pilot, case = pilot_with_case(organisation)
    client.force_login(reporter)
    before = BusinessCaseLine.objects.count()
    payload = {
        "pilot": pilot.slug,
        "expected_version": case.version,
        "kind": "benefit",
        "label": "Fel",
        "actor": "stat",
        "amounts": amounts,
        **extra,
    }
    response = client.post("/api/v1/business-case-lines/", payload, content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert BusinessCaseLine.objects.count() == before


def test_line_update_and_delete_need_the_version(client, reporter, organisation):
    _pilot, case = pilot_with_case(organisation)
    client.force_login(reporter)
    line = case.lines.first()
    url = f"/api/v1/business-case-lines/{line.pk}/"
    assert client.patch(url, {"label": "Ny"}, content_type="application/json").status_code == 400
    response = client.patch(
        url,
        {"label": "Ny", "expected_version": case.version, "amounts": {"2025": 1}},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["amounts"] == {"2025": 1.0}
    assert (
        client.patch(
            url, {"label": "X", "expected_version": case.version}, content_type="application/json"
        ).status_code
        == 400
    )  # stale
    case.refresh_from_db()
    assert client.delete(f"{url}?expected_version={case.version}").status_code == 204


def test_case_create_and_patch_through_the_service(client, reporter, organisation):
    from pilots.factories import PilotFactory

    pilot = PilotFactory(lead_organisation=organisation)
    client.force_login(reporter)
    bad = client.post(
        "/api/v1/business-cases/",
        {"pilot": pilot.slug, "price_year": 2025, "base_year": 2025, "comparison_rate": 200},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "comparison_rate" in bad.json()
    made = client.post(
        "/api/v1/business-cases/",
        {"pilot": pilot.slug, "price_year": 2025, "base_year": 2025},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["is_draft"] is True
    response = client.patch(
        _case_url(pilot),
        {"is_draft": False, "expected_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert BusinessCase.objects.get(pilot=pilot).is_draft is False


@pytest.mark.parametrize("role", ROLES)
def test_unit_costs_are_read_by_all_and_written_by_the_coordinator(role, as_role):
    client, _ = as_role(role)
    assert client.get("/api/v1/unit-costs/").json()["count"] >= 15
    payload = {
        "name": f"API {role}",
        "amount_sek": "100",
        "unit": "st",
        "actor": "region",
        "value_type": "economic",
        "price_year": 2025,
        "source": "Test",
    }
    response = client.post("/api/v1/unit-costs/", payload, content_type="application/json")
    expected = 201 if role == "coordinator" else 401 if role == "anonymous" else 403
    assert response.status_code == expected
    assert UnitCost.objects.filter(name=f"API {role}").exists() is (expected == 201)


def test_schedules_are_readable_with_one_default(client):
    body = client.get("/api/v1/discount-schedules/").json()
    assert [s["is_default"] for s in body["results"]].count(True) == 1
    assert client.post("/api/v1/discount-schedules/", {}).status_code in (401, 403, 405)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("suffix", ["", "results/"])
def test_api_query_count_is_constant(client, reporter, organisation, suffix):
    client.force_login(reporter)
    small, _ = pilot_with_case(organisation, lines=2, years=2)
    big, _ = pilot_with_case(organisation, lines=10, years=12)
    _count(client, _case_url(small, suffix))
    assert _count(client, _case_url(small, suffix)) == _count(client, _case_url(big, suffix))
    lines_small = _count(client, f"/api/v1/business-case-lines/?pilot={small.slug}")
    assert lines_small == _count(client, f"/api/v1/business-case-lines/?pilot={big.slug}")


def test_openapi_documents_the_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/business-cases/{pilot_slug}/results/" in paths
    assert "/api/v1/business-case-lines/" in paths and "/api/v1/unit-costs/" in paths
