"""Pilots API: visibility, permission matrix for every endpoint and action, 400s for bad input,
constant query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Kommun
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PeriodReport, ReportStatus, Visibility

from .public_data import SECRET_VALUE, pilot_with_reports

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "outsider",
    "other_member",
    "viewer",
    "reporter",
    "approver",
    "org_admin",
    "coordinator",
]
INSIDERS = {"viewer", "reporter", "approver", "org_admin", "coordinator"}
REPORTERS = {"reporter", "approver", "org_admin", "coordinator"}
APPROVERS = {"approver", "org_admin", "coordinator"}


@pytest.fixture
def pilot(organisation):
    return pilot_with_reports(organisation)


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_read_endpoints_matrix(role, as_role, organisation):
    public = pilot_with_reports(organisation)
    private = pilot_with_reports(organisation, visibility=Visibility.PRIVATE)
    client, _ = as_role(role)
    slugs = {p["slug"] for p in client.get("/api/v1/pilots/").json()["results"]}
    assert public.slug in slugs and (private.slug in slugs) is (role in INSIDERS)
    assert client.get(f"/api/v1/pilots/{public.slug}/").status_code == 200
    assert client.get(f"/api/v1/pilots/{private.slug}/").status_code == (
        200 if role in INSIDERS else 404
    )
    assert client.get(f"/api/v1/pilots/{private.slug}/indicators/").status_code == (
        200 if role in INSIDERS else 404
    )
    assert client.get(f"/api/v1/pilots/{public.slug}/indicators/").json()["count"] == 2
    periods = client.get("/api/v1/periods/", {"pilot": private.slug}).json()["count"]
    assert (periods > 0) is (role in INSIDERS)
    reports = client.get("/api/v1/reports/", {"pilot": public.slug}).json()["results"]
    expected = {"approved"} | ({"submitted", "draft"} if role in INSIDERS else set())
    assert {r["status"] for r in reports} == expected
    values = [v["value"] for r in reports for v in r["values"]]
    assert (f"{SECRET_VALUE}.0000" in values) is (role in INSIDERS)
    assert client.get("/api/v1/indicators/").status_code == 200


def test_indicator_library_filters(client):
    IndicatorFactory(name="Andel", percent=True, kolada_kpi="N00945")
    IndicatorFactory(name="Antal")
    IndicatorFactory(name="Egen", in_library=False, pilot=PilotFactory())

    def names(**query):
        return [i["name"] for i in client.get("/api/v1/indicators/", query).json()["results"]]

    assert names() == ["Andel", "Antal"]  # the pilot's own indicator is not in the library
    assert names(measure="percent") == ["Andel"]
    assert names(kolada_kpi="N00945") == ["Andel"]
    assert client.get("/api/v1/indicators/", {"measure": "nonsense"}).status_code == 400


def _report(pilot, status):
    return PeriodReport.objects.get(pilot=pilot, status=status)


@pytest.mark.parametrize("role", ROLES)
def test_submit_matrix(role, as_role, pilot):
    report = _report(pilot, ReportStatus.DRAFT)
    client, _ = as_role(role)
    response = _post(
        client, f"/api/v1/reports/{report.pk}/submit/", {"expected_version": report.version}
    )
    expected = (
        200
        if role in REPORTERS
        else 401
        if role == "anonymous"
        else 403
        if role == "viewer"
        else 404
    )
    assert response.status_code == expected, response.content
    report.refresh_from_db()
    assert (report.status == ReportStatus.SUBMITTED) is (expected == 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["approve", "return"])
def test_decision_matrix(role, action, as_role, pilot):
    report = _report(pilot, ReportStatus.SUBMITTED)
    client, _ = as_role(role)
    response = _post(
        client,
        f"/api/v1/reports/{report.pk}/{action}/",
        {"expected_version": report.version, "comment": "Komplettera."},
    )
    expected = (
        200
        if role in APPROVERS
        else 401
        if role == "anonymous"
        else 403
        if role in {"viewer", "reporter"}
        else 404
    )
    assert response.status_code == expected, response.content
    report.refresh_from_db()
    changed = {"approve": ReportStatus.APPROVED, "return": ReportStatus.RETURNED}[action]
    assert (report.status == changed) is (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_save_values_matrix(role, as_role, pilot):
    report = _report(pilot, ReportStatus.DRAFT)
    link = pilot.indicators.first()
    client, _ = as_role(role)
    payload = {
        "expected_version": report.version,
        "narrative": "Ny text",
        "values": [{"pilot_indicator": link.pk, "value": 42}],
    }
    response = _post(client, f"/api/v1/reports/{report.pk}/", payload, method="patch")
    expected = (
        200
        if role in REPORTERS
        else 401
        if role == "anonymous"
        else 403
        if role == "viewer"
        else 404
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["narrative"] == "Ny text"
        assert [v["value"] for v in response.json()["values"]] == ["42.0000"]


def test_reporter_creates_report_for_open_period(as_role, pilot):
    client, _ = as_role("reporter")
    period = pilot.periods.filter(report__isnull=True).order_by("start").first()
    link = pilot.indicators.first()
    response = _post(
        client,
        f"/api/v1/periods/{period.pk}/report/",
        {
            "expected_version": None,
            "progress": "at_risk",
            "values": [{"pilot_indicator": link.pk, "value": "3"}],
            "lessons": [
                {
                    "kind": "advice",
                    "dimension": "policy",
                    "title": "Råd",
                    "text": "Förankra tidigt.",
                }
            ],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft" and response.json()["lessons"][0]["title"] == "Råd"


BAD_PAYLOADS = [
    {},  # expected_version missing
    {"expected_version": "x"},
    {"expected_version": 1, "values": "not a list"},
    {"expected_version": 1, "values": [{"pilot_indicator": "x", "value": 1}]},
    {"expected_version": 1, "values": [{"pilot_indicator": 1, "value": "abc"}]},
    {"expected_version": 1, "values": [{"value": 1}]},
    {"expected_version": 1, "values": [{"pilot_indicator": 999999, "value": 1}]},
    {"expected_version": 1, "values": [{"pilot_indicator": 1, "gender": "Q", "value": 1}]},
    {"expected_version": 1, "values": [{"pilot_indicator": 1, "value": 1e300}]},
    {"expected_version": 1, "progress": "fine"},
    {
        "expected_version": 1,
        "lessons": [{"kind": "x", "dimension": "policy", "title": "t", "text": "t"}],
    },
    {"expected_version": 1, "narrative": ["list"]},
    {"expected_version": 99},  # stale
    [],
    "text",
]


@pytest.mark.parametrize("payload", BAD_PAYLOADS)
def test_malformed_report_payloads_get_400_with_field_errors(payload, as_role, pilot):
    report = _report(pilot, ReportStatus.DRAFT)
    if isinstance(payload, dict) and payload.get("expected_version") == 1:
        payload = {**payload, "expected_version": report.version}
    client, _ = as_role("reporter")
    response = _post(client, f"/api/v1/reports/{report.pk}/", payload, method="patch")
    assert response.status_code == 400, response.content
    assert response.json()


@pytest.mark.parametrize(
    ("action", "payload"),
    [
        ("submit", {}),
        ("submit", {"expected_version": -1}),
        ("approve", {"expected_version": 99}),
        ("return", {"expected_version": 1}),
        ("return", {"expected_version": 1, "comment": ""}),
    ],
)
def test_malformed_action_payloads_get_400(action, payload, as_role, pilot):
    report = _report(pilot, ReportStatus.SUBMITTED if action != "submit" else ReportStatus.DRAFT)
    client, _ = as_role("coordinator")
    response = _post(client, f"/api/v1/reports/{report.pk}/{action}/", payload)
    assert response.status_code == 400, response.content


def test_approving_an_approved_report_is_a_400(as_role, pilot):
    report = _report(pilot, ReportStatus.SUBMITTED)
    client, _ = as_role("approver")
    assert (
        _post(
            client, f"/api/v1/reports/{report.pk}/approve/", {"expected_version": report.version}
        ).status_code
        == 200
    )
    report.refresh_from_db()
    assert (
        _post(
            client, f"/api/v1/reports/{report.pk}/approve/", {"expected_version": report.version}
        ).status_code
        == 400
    )


@pytest.mark.parametrize("role", ROLES)
def test_create_pilot_matrix(role, as_role, organisation):
    client, _ = as_role(role)
    response = _post(
        client,
        "/api/v1/pilots/",
        {
            "lead_organisation": organisation.slug,
            "title": "Ny pilot",
            "health_area": "fetma",
            "kommuner": ["2480"],
        },
    )
    expected = 201 if role in REPORTERS else 401 if role == "anonymous" else 403
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["status"] == "draft" and response.json()["kommuner"] == ["2480"]


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "Utan huvudman"},
        {"lead_organisation": "finns-inte", "title": "x"},
        {"lead_organisation": "__ORG__", "title": "x", "health_area": "nope"},
        {"lead_organisation": "__ORG__", "title": "x", "kommuner": ["9999"]},
        {
            "lead_organisation": "__ORG__",
            "title": "x",
            "start_date": "2025-05-01",
            "end_date": "2025-01-01",
        },
        {"lead_organisation": "__ORG__"},
    ],
)
def test_malformed_pilot_payloads_get_400(payload, as_role, organisation):
    client, _ = as_role("reporter")
    payload = {k: organisation.slug if v == "__ORG__" else v for k, v in payload.items()}
    response = _post(client, "/api/v1/pilots/", payload)
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("role", ROLES)
def test_update_pilot_matrix(role, as_role, organisation):
    pilot = PilotFactory(lead_organisation=organisation)
    client, _ = as_role(role)
    response = _post(
        client,
        f"/api/v1/pilots/{pilot.slug}/",
        {"expected_version": pilot.version, "summary": "Ny"},
        method="patch",
    )
    expected = 200 if role in REPORTERS else 401 if role == "anonymous" else 403
    assert response.status_code == expected, response.content


def test_update_pilot_needs_current_version(as_role, organisation):
    pilot = PilotFactory(lead_organisation=organisation)
    client, _ = as_role("reporter")
    assert (
        _post(
            client, f"/api/v1/pilots/{pilot.slug}/", {"summary": "Ny"}, method="patch"
        ).status_code
        == 400
    )
    assert (
        _post(
            client,
            f"/api/v1/pilots/{pilot.slug}/",
            {"expected_version": 99, "summary": "x"},
            method="patch",
        ).status_code
        == 400
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/pilots/",
        "/api/v1/periods/",
        "/api/v1/reports/",
        "/api/v1/indicators/",
        "/api/v1/pilots/{slug}/indicators/",
        "/api/v1/pilots/{slug}/",
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_api_query_counts_are_constant(
    url, role, as_role, organisation, django_assert_max_num_queries
):
    client, _ = as_role(role)
    first = pilot_with_reports(organisation, periods_approved=1)
    url = url.format(slug=first.slug)
    baseline = _count(client, url)
    for _ in range(4):
        more = pilot_with_reports(organisation, periods_approved=5)
        more.kommuner.set(Kommun.objects.all()[:4])
    first.kommuner.set(Kommun.objects.all()[:6])
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_report_values_json_is_drfs_own(as_role, organisation):
    """The reports list builds each value without DRF's generic field walk; what an API client
    reads stays exactly DRF's output (decimals as fixed strings, nulls, ids, the indicator's
    name), and the pilot's own people still see who decided."""
    from rest_framework import serializers

    from pilots.api.serializers import IndicatorValueSerializer
    from pilots.models import IndicatorValue

    pilot = pilot_with_reports(organisation)
    value = IndicatorValue.objects.filter(report__pilot=pilot).first()
    IndicatorValue.objects.filter(pk=value.pk).update(numerator=3, denominator=None, text="x")
    client, _ = as_role("reporter")
    reports = client.get("/api/v1/reports/", {"pilot": pilot.slug}).json()["results"]
    shown = [v for r in reports for v in r["values"]]
    assert shown
    child = IndicatorValueSerializer()
    for row in IndicatorValue.objects.filter(report__pilot=pilot).select_related(
        "pilot_indicator__indicator"
    ):
        generic = serializers.ModelSerializer.to_representation(child, row)
        assert child.to_representation(row) == dict(generic)
        assert dict(generic) in shown
    changed = next(v for v in shown if v["id"] == value.pk)
    assert (changed["numerator"], changed["denominator"], changed["text"]) == ("3.0000", None, "x")
    deciders = dict(PeriodReport.objects.filter(pilot=pilot).values_list("pk", "decided_by"))
    assert all(bool(r["decided_by_name"]) is bool(deciders[r["id"]]) for r in reports)
