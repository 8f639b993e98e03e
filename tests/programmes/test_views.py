"""Programme pages: a permission matrix from the funder's and the pilot's side, bad input → 400."""

import datetime as dt

import pytest
from django.urls import reverse

from pilots.factories import PilotFactory
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import GateDecision, Payout, Programme, ProgressReport, ReportState
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

FUNDERS = {"viewer", "reporter", "approver", "org_admin", "coordinator"}
MANAGERS = {"approver", "org_admin", "coordinator"}


@pytest.fixture
def world(organisation, other_organisation):
    """A public programme funded by `organisation`; its pilot is led by `other_organisation`."""
    programme = ProgrammeFactory(owner=organisation, stages=2)
    pilot = PilotFactory(lead_organisation=other_organisation)
    membership = ProgrammePilotFactory(programme=programme, pilot=pilot)
    published = ProgressReport.objects.create(
        programme=programme,
        title="Publicerad",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        snapshot={"pilots": [], "aggregates": [], "lessons": []},
        status=ReportState.PUBLISHED,
        summary="Bra.",
    )
    draft = ProgressReport.objects.create(
        programme=programme,
        title="Utkast",
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        snapshot={"pilots": [], "aggregates": [], "lessons": []},
    )
    return programme, pilot, membership, published, draft


def _expected(role, allowed, denied=403):
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else denied


PAGES = [
    # (name, kwargs builder, allowed roles, status for others)
    ("programme_list", lambda p, pi, r, d: {}, set(ROLES), None),
    ("programme_detail", lambda p, pi, r, d: {"slug": p.slug}, set(ROLES), None),
    ("report_list", lambda p, pi, r, d: {"slug": p.slug}, set(ROLES), None),
    ("report_detail", lambda p, pi, r, d: {"slug": p.slug, "pk": r.pk}, set(ROLES), None),
    ("report_xlsx", lambda p, pi, r, d: {"slug": p.slug, "pk": r.pk}, set(ROLES), None),
    ("report_detail", lambda p, pi, r, d: {"slug": p.slug, "pk": d.pk}, FUNDERS, 404),
    ("portfolio", lambda p, pi, r, d: {"slug": p.slug}, FUNDERS, 403),
    ("portfolio_csv", lambda p, pi, r, d: {"slug": p.slug}, FUNDERS, 403),
    ("portfolio_xlsx", lambda p, pi, r, d: {"slug": p.slug}, FUNDERS, 403),
    ("ledger", lambda p, pi, r, d: {"slug": p.slug}, FUNDERS, 403),
    ("memberships", lambda p, pi, r, d: {"slug": p.slug}, MANAGERS, 403),
    ("stages", lambda p, pi, r, d: {"slug": p.slug}, MANAGERS, 403),
    ("programme_edit", lambda p, pi, r, d: {"slug": p.slug}, MANAGERS, 403),
    (
        "pilot_page",
        lambda p, pi, r, d: {"slug": p.slug, "pilot_slug": pi.slug},
        FUNDERS | {"other_member"},
        404,
    ),
    ("apply", lambda p, pi, r, d: {"slug": p.slug}, {"other_member", "coordinator"}, 403),
    (
        "programme_create",
        lambda p, pi, r, d: {},
        {"other_member", "approver", "org_admin", "coordinator"},
        403,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name,kwargs,allowed,denied", PAGES, ids=[f"{p[0]}-{i}" for i, p in enumerate(PAGES)]
)
def test_funder_side_page_matrix(world, as_role, role, name, kwargs, allowed, denied):
    programme, pilot, _membership, published, draft = world
    client, _user = as_role(role)
    url = reverse(f"programmes:{name}", kwargs=kwargs(programme, pilot, published, draft))
    response = client.get(url)
    if role == "anonymous" and name == "report_detail" and denied == 404:
        assert response.status_code == 404
        return
    assert response.status_code == _expected(role, allowed, denied), url


@pytest.mark.parametrize("role", ROLES)
def test_pilot_side_sees_decisions_about_its_pilot_but_not_the_portfolio(
    organisation, other_organisation, as_role, role
):
    programme = ProgrammeFactory(owner=other_organisation, stages=1, private=True)
    pilot = PilotFactory(lead_organisation=organisation)
    membership = ProgrammePilotFactory(programme=programme, pilot=pilot)
    GateDecision.objects.create(
        membership=membership,
        stage=programme.stages.first(),
        decision="continue",
        rationale="Fortsätt så.",
        decided_at=dt.datetime(2025, 12, 31, tzinfo=dt.UTC),
    )
    client, _user = as_role(role)
    page = client.get(
        reverse("programmes:pilot_page", kwargs={"slug": programme.slug, "pilot_slug": pilot.slug})
    )
    pilot_people = {"viewer", "reporter", "approver", "org_admin", "coordinator", "other_member"}
    assert page.status_code == (
        200 if role in pilot_people else 302 if role == "anonymous" else 404
    )
    if page.status_code == 200:
        assert "Fortsätt så." in page.content.decode()
    detail = client.get(reverse("programmes:programme_detail", kwargs={"slug": programme.slug}))
    assert detail.status_code == (200 if role in pilot_people else 404)
    dashboard = client.get(reverse("programmes:portfolio", kwargs={"slug": programme.slug}))
    expected = {"other_member": 200, "coordinator": 200, "anonymous": 302, "outsider": 404}.get(
        role, 403
    )
    assert dashboard.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_private_programme_is_hidden_from_everyone_else(organisation, as_role, role):
    programme = ProgrammeFactory(owner=organisation, private=True)
    ProgrammePilotFactory(programme=programme)  # led by a third organisation
    client, _user = as_role(role)
    assert client.get(
        reverse("programmes:programme_detail", kwargs={"slug": programme.slug})
    ).status_code == (200 if role in FUNDERS else 404)
    listing = client.get(reverse("programmes:programme_list")).content.decode()
    assert (programme.name in listing) == (role in FUNDERS)


@pytest.mark.parametrize(
    "role,status",
    [
        ("approver", 302),
        ("org_admin", 302),
        ("reporter", 403),
        ("viewer", 403),
        ("other_member", 403),
    ],
)
def test_gate_decision_post_by_role(world, as_role, role, status):
    programme, pilot, _m, _p, _d = world
    client, _user = as_role(role)
    url = reverse(
        "programmes:gate_decision", kwargs={"slug": programme.slug, "pilot_slug": pilot.slug}
    )
    response = client.post(
        url, {"stage": programme.stages.first().pk, "decision": "scale", "rationale": "Skala upp."}
    )
    assert response.status_code == status
    assert GateDecision.objects.count() == (1 if status == 302 else 0)


def test_bad_gate_decision_is_a_form_error(world, as_role):
    programme, pilot, _m, _p, _d = world
    client, _user = as_role("approver")
    url = reverse(
        "programmes:gate_decision", kwargs={"slug": programme.slug, "pilot_slug": pilot.slug}
    )
    response = client.post(
        url, {"stage": programme.stages.last().pk, "decision": "continue", "rationale": "x"}
    )
    assert response.status_code == 400 and "inte nått den fasen" in response.content.decode()
    response = client.post(url, {"stage": "abc", "decision": "nope"})
    assert response.status_code == 400
    assert not GateDecision.objects.exists()


def test_create_programme_form_errors_and_success(organisation, as_role):
    client, _user = as_role("org_admin")
    url = reverse("programmes:programme_create")
    bad = client.post(
        url,
        {
            "owner": organisation.pk,
            "name": "",
            "kind": "x",
            "start_date": "2025-13-01",
            "end_date": "2024-01-01",
        },
    )
    assert bad.status_code == 400 and not Programme.objects.exists()
    backwards = client.post(
        url,
        {
            "owner": organisation.pk,
            "name": "P",
            "kind": "state",
            "purpose": "S",
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
            "cadence": "half_year",
            "visibility": "public",
        },
    )
    assert backwards.status_code == 400 and "före startdatum" in backwards.content.decode()
    ok = client.post(
        url,
        {
            "owner": organisation.pk,
            "name": "Nytt program",
            "kind": "social_investment_fund",
            "purpose": "S",
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "cadence": "half_year",
            "visibility": "private",
            "principles": "Samverkan\nUthållighet",
        },
    )
    assert ok.status_code == 302
    assert Programme.objects.get().principles == ["Samverkan", "Uthållighet"]


def test_memberships_add_and_decide_with_errors(world, as_role):
    programme, _pilot, _m, _p, _d = world
    client, _user = as_role("org_admin")
    url = reverse("programmes:memberships", kwargs={"slug": programme.slug})
    other = PilotFactory()
    assert (
        client.post(url, {"add-pilot": other.pk, "add-repayment_share": "300"}).status_code == 400
    )
    assert (
        client.post(url, {"add-pilot": other.pk, "add-funding_granted_sek": "250000"}).status_code
        == 302
    )
    applied = ProgrammePilotFactory(programme=programme, applied=True)
    decide = reverse(
        "programmes:membership_decide", kwargs={"slug": programme.slug, "membership_id": applied.pk}
    )
    response = client.post(decide, {"action": "decline", f"m{applied.pk}-note": ""})
    assert response.status_code == 400 and "motivering" in response.content.decode()
    assert (
        client.post(
            decide, {"action": "accept", f"m{applied.pk}-funding_granted_sek": "100"}
        ).status_code
        == 302
    )
    applied.refresh_from_db()
    assert applied.is_accepted and applied.funding_granted_sek == 100


def test_compile_edit_and_publish_through_the_pages(world, as_role):
    programme, _pilot, _m, _p, _d = world
    client, _user = as_role("approver")
    compile_url = reverse("programmes:report_compile", kwargs={"slug": programme.slug})
    assert (
        client.post(
            compile_url, {"period_start": "2025-07-01", "period_end": "2025-01-01"}
        ).status_code
        == 400
    )
    response = client.post(
        compile_url, {"period_start": "2025-01-01", "period_end": "2025-06-30", "title": "H1"}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(title="H1")
    action = reverse("programmes:report_action", kwargs={"slug": programme.slug, "pk": report.pk})
    assert (
        client.post(action, {"action": "publish", "title": "H1", "summary": ""}).status_code == 400
    )
    report.refresh_from_db()
    assert not report.is_published
    assert (
        client.post(
            action, {"action": "publish", "title": "H1", "summary": "Läget är gott."}
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.is_published and report.summary == "Läget är gott."
    assert (
        client.post(action, {"action": "save", "title": "H1", "summary": "Ändrad"}).status_code
        == 400
    )
    report.refresh_from_db()
    assert report.summary == "Läget är gott."


def test_ledger_post_by_manager_and_refusals(world, as_role):
    programme, _pilot, membership, _p, _d = world
    url = reverse("programmes:ledger", kwargs={"slug": programme.slug})
    client, _user = as_role("viewer")
    assert client.post(url, {"form": "payout"}).status_code == 403
    client, _user = as_role("org_admin")
    bad = client.post(
        url,
        {
            "form": "payout",
            "payout-membership": membership.pk,
            "payout-paid_on": "2025-01-01",
            "payout-amount_sek": "-5",
        },
    )
    assert bad.status_code == 400 and not Payout.objects.exists()
    ok = client.post(
        url,
        {
            "form": "payout",
            "payout-membership": membership.pk,
            "payout-paid_on": "2025-01-01",
            "payout-amount_sek": "1000",
        },
    )
    assert ok.status_code == 302 and Payout.objects.get().amount_sek == 1000
    garbage = client.post(
        url, {"form": "realised", "realised-membership": "999999", "realised-year": "x"}
    )
    assert garbage.status_code == 400
