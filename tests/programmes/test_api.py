"""The programmes API: visibility by role, writes through services, bad input → 400, query
counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pilots.factories import PilotFactory
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import GateDecision, Programme, ProgrammePilot, ProgressReport, ReportState
from tests.conftest import ROLES

from .helpers import portfolio

pytestmark = pytest.mark.django_db
FUNDERS = {"viewer", "reporter", "approver", "org_admin", "coordinator"}
MANAGERS = {"approver", "org_admin", "coordinator"}


@pytest.fixture
def api(request):
    def login(role):
        client = APIClient()
        user = None if role == "anonymous" else request.getfixturevalue(role)
        if user:
            client.force_authenticate(user)
        return client

    return login


@pytest.fixture
def world(organisation, other_organisation):
    programme = ProgrammeFactory(owner=organisation, stages=2, private=True)
    pilot = PilotFactory(lead_organisation=other_organisation)
    membership = ProgrammePilotFactory(programme=programme, pilot=pilot)
    ProgrammePilotFactory(programme=programme, applied=True)
    decision = GateDecision.objects.create(
        membership=membership,
        stage=programme.stages.first(),
        decision="continue",
        rationale="Ja.",
        decided_at=dt.datetime(2025, 12, 31, tzinfo=dt.UTC),
    )
    draft = ProgressReport.objects.create(
        programme=programme,
        title="Utkast",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        snapshot={
            "pilots": [{"title": "Hemlig", "public": False}],
            "lessons": [],
            "aggregates": [],
        },
    )
    published = ProgressReport.objects.create(
        programme=programme,
        title="Publicerad",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        snapshot={
            "pilots": [{"title": "Hemlig", "public": False}],
            "lessons": [],
            "aggregates": [],
        },
        status=ReportState.PUBLISHED,
        summary="S",
    )
    return programme, pilot, membership, decision, draft, published


@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(world, api, role):
    programme, _pilot, _membership, _decision, _draft, _published = world
    client = api(role)
    sees_programme = role in FUNDERS or role == "other_member"  # other_member leads the pilot
    detail = client.get(f"/api/v1/programmes/{programme.slug}/")
    assert detail.status_code == (200 if sees_programme else 404)
    listed = [p["slug"] for p in client.get("/api/v1/programmes/").json()["results"]]
    assert (programme.slug in listed) == sees_programme
    memberships = client.get("/api/v1/programme-memberships/").json()["results"]
    expected = 2 if role in FUNDERS else 1 if role == "other_member" else 0
    assert len(memberships) == expected
    reports = {r["title"]: r for r in client.get("/api/v1/progress-reports/").json()["results"]}
    assert ("Utkast" in reports) == (role in FUNDERS)
    assert ("Publicerad" in reports) == sees_programme
    if role == "other_member":
        assert reports["Publicerad"]["snapshot"]["pilots"] == []  # non-public pilots stay hidden
    decisions = client.get("/api/v1/gate-decisions/")
    if role == "anonymous":
        assert decisions.status_code in (401, 403)
    else:
        assert len(decisions.json()["results"]) == (1 if sees_programme else 0)
    aggregates = client.get(f"/api/v1/programmes/{programme.slug}/aggregates/")
    assert aggregates.status_code == (200 if sees_programme else 404)


@pytest.mark.parametrize("role", ROLES)
def test_gate_decision_write_matrix(world, api, role):
    programme, _pilot, membership, *_ = world
    response = api(role).post(
        "/api/v1/gate-decisions/",
        {
            "membership": membership.pk,
            "stage": programme.stages.first().pk,
            "decision": "stop",
            "rationale": "Nej.",
        },
        format="json",
    )
    expected = 201 if role in MANAGERS else 401 if role == "anonymous" else 403
    assert response.status_code == expected
    assert GateDecision.objects.count() == (2 if expected == 201 else 1)
    if expected == 201:
        assert response.json()["supersedes"] is not None


def test_bad_payloads_are_400_and_write_nothing(world, api, organisation):
    programme, pilot, membership, *_ = world
    client = api("org_admin")
    cases = [
        ("/api/v1/programmes/", {"name": "X"}),
        (
            "/api/v1/programmes/",
            {
                "owner": organisation.slug,
                "name": "X",
                "kind": "state",
                "purpose": "p",
                "start_date": "2026-01-01",
                "end_date": "2025-01-01",
            },
        ),
        (
            "/api/v1/programmes/",
            {
                "owner": "finns-inte",
                "name": "X",
                "kind": "state",
                "purpose": "p",
                "start_date": "2025-01-01",
                "end_date": "2026-01-01",
            },
        ),
        (
            "/api/v1/programmes/",
            {
                "owner": organisation.slug,
                "name": "X",
                "kind": "state",
                "purpose": "p",
                "start_date": "2025-01-01",
                "end_date": "2026-01-01",
                "principles": "inte en lista",
            },
        ),
        (
            "/api/v1/gate-decisions/",
            {
                "membership": membership.pk,
                "stage": programme.stages.last().pk,
                "decision": "continue",
                "rationale": "x",
            },
        ),
        ("/api/v1/gate-decisions/", {"membership": "x", "decision": 3}),
        (
            "/api/v1/progress-reports/",
            {"programme": programme.slug, "period_start": "2025-06-01", "period_end": "2025-01-01"},
        ),
        ("/api/v1/progress-reports/", {"programme": programme.slug, "period_start": "nej"}),
        (
            "/api/v1/programme-memberships/",
            {"programme": programme.slug, "pilot": pilot.slug, "accept": True},
        ),
        (
            "/api/v1/programme-memberships/",
            {
                "programme": programme.slug,
                "pilot": PilotFactory().slug,
                "accept": True,
                "repayment_share": 101,
            },
        ),
        (
            f"/api/v1/programmes/{programme.slug}/stages/",
            {"name": "F", "start_date": "2020-01-01", "gate_date": "2020-06-01"},
        ),
    ]
    before = (
        Programme.objects.count(),
        GateDecision.objects.count(),
        ProgressReport.objects.count(),
        ProgrammePilot.objects.count(),
    )
    for url, payload in cases:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, (url, payload, response.content)
    assert (
        client.get(f"/api/v1/programmes/{programme.slug}/aggregates/?start=igår").status_code == 400
    )
    after = (
        Programme.objects.count(),
        GateDecision.objects.count(),
        ProgressReport.objects.count(),
        ProgrammePilot.objects.count(),
    )
    assert before == after


def test_compile_summary_and_publish_through_the_api(organisation, api):
    programme, *_ = portfolio(owner=organisation, pilots=5, periods=1)
    client = api("approver")
    created = client.post(
        "/api/v1/progress-reports/",
        {"programme": programme.slug, "period_start": "2025-01-01", "period_end": "2025-06-30"},
        format="json",
    )
    assert created.status_code == 201
    report_id = created.json()["id"]
    assert {a["name"]: a["value"] for a in created.json()["snapshot"]["aggregates"]}[
        "Deltagare"
    ] == "50"
    assert client.post(f"/api/v1/progress-reports/{report_id}/publish/").status_code == 400
    token = created.json()["edit_token"]
    saved = client.patch(
        f"/api/v1/progress-reports/{report_id}/",
        {"summary": "Bra.", "edit_token": token},
        format="json",
    )
    assert saved.status_code == 200
    # A colleague still holding the old token is refused instead of overwriting "Bra.".
    stale = client.patch(
        f"/api/v1/progress-reports/{report_id}/",
        {"summary": "Min version", "edit_token": token},
        format="json",
    )
    assert stale.status_code == 400
    assert "Någon annan har ändrat" in str(stale.json())
    assert client.get(f"/api/v1/progress-reports/{report_id}/").json()["summary"] == "Bra."
    missing = client.patch(
        f"/api/v1/progress-reports/{report_id}/", {"summary": "Utan token"}, format="json"
    )
    assert missing.status_code == 400
    assert "edit_token" in missing.json()
    assert (
        client.post(f"/api/v1/progress-reports/{report_id}/publish/").json()["status"]
        == "published"
    )
    assert (
        client.patch(
            f"/api/v1/progress-reports/{report_id}/",
            {"summary": "Ändrad", "edit_token": saved.json()["edit_token"]},
            format="json",
        ).status_code
        == 400
    )
    assert (
        api("reporter")
        .post(
            "/api/v1/progress-reports/",
            {"programme": programme.slug, "period_start": "2025-01-01", "period_end": "2025-06-30"},
            format="json",
        )
        .status_code
        == 403
    )


def test_pilot_reporter_applies_and_funder_decides(organisation, other_organisation, api):
    programme = ProgrammeFactory(owner=other_organisation)
    pilot = PilotFactory(lead_organisation=organisation)
    applied = api("reporter").post(
        "/api/v1/programme-memberships/",
        {"programme": programme.slug, "pilot": pilot.slug},
        format="json",
    )
    assert applied.status_code == 201 and applied.json()["status"] == "applied"
    assert (
        api("reporter")
        .post(
            f"/api/v1/programme-memberships/{applied.json()['id']}/decide/",
            {"accept": True},
            format="json",
        )
        .status_code
        == 403
    )
    decided = api("other_member").post(
        f"/api/v1/programme-memberships/{applied.json()['id']}/decide/",
        {"accept": True, "funding_granted_sek": 1000},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"


def test_aggregates_endpoint_values(organisation, api):
    programme, members, count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    data = {
        row["name"]: row
        for row in api("anonymous").get(f"/api/v1/programmes/{programme.slug}/aggregates/").json()
    }
    assert data["Deltagare"]["value"] == "100" and data["Deltagare"]["n"] == 5
    assert (
        data["Andel som fullföljt"]["value"] == "30"
        and data["Andel som fullföljt"]["denominator"] == "100"
    )
    few = ProgrammeFactory(owner=organisation)
    few.shared_indicators.set([count])
    for m in members[:4]:
        ProgrammePilotFactory(programme=few, pilot=m.pilot)
    row = api("anonymous").get(f"/api/v1/programmes/{few.slug}/aggregates/").json()[0]
    assert (
        row["suppressed"]
        and row["value"] is None
        and row["n"] == 4
        and row["reason"] == "few_units"
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programmes/",
        "/api/v1/programme-memberships/",
        "/api/v1/progress-reports/",
        "/api/v1/gate-decisions/",
    ],
)
def test_api_lists_keep_a_constant_query_count(
    organisation, api, django_assert_max_num_queries, url
):
    client = api("org_admin")
    programme, members, *_ = portfolio(owner=organisation, pilots=2, periods=1)
    GateDecision.objects.create(
        membership=members[0],
        stage=programme.stages.first(),
        decision="continue",
        rationale="x",
        decided_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    ProgressReport.objects.create(
        programme=programme,
        title="a",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    small = _count(client, url)
    for _ in range(3):
        more, members2, *_ = portfolio(owner=organisation, pilots=4, periods=3)
        for m in members2:
            GateDecision.objects.create(
                membership=m,
                stage=more.stages.first(),
                decision="scale",
                rationale="x",
                decided_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
        ProgressReport.objects.create(
            programme=more,
            title="b",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
        )
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
