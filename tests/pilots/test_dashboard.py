"""The partner dashboard at /mina-sidor/: what is due, overdue, returned and waiting, per person."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import PilotFactory
from pilots.services import report_return, report_submit
from tests.pilots.report_helpers import make_pilot, save

pytestmark = pytest.mark.django_db


def _first(pilot, n=0):
    period = pilot.periods.order_by("start")[n]
    period.pilot = pilot
    return period


def _submit(period, reporter):
    report = save(period, reporter)
    return report_submit(report=report, actor=reporter, expected_version=report.version)


@pytest.fixture
def today(monkeypatch):
    day = dt.date(2025, 5, 10)  # the 2025 K1 period (due 30 April) is overdue, K2 is not yet due
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def test_reporter_sees_overdue_returned_and_organisations(
    client, reporter, approver, organisation, today
):
    pilot = make_pilot(organisation)
    report = _submit(_first(pilot, 1), reporter)
    report_return(
        report=report, actor=approver, expected_version=report.version, comment="Komplettera"
    )
    client.force_login(reporter)
    html = client.get("/mina-sidor/").content.decode()
    assert "2025 K1" in html  # overdue
    assert "Komplettera" in html  # returned
    assert organisation.name in html and pilot.title in html
    # Each period's link names its pilot to a screen reader: "2025 K1" alone is one of many.
    hidden = f'<span class="visually-hidden"> {pilot.title}</span></a>'
    assert html.count(f"2025 K1{hidden}") == 1 and html.count(f"2025 K2{hidden}") == 1
    # A reporter approves nothing: no approval queue to tell her is empty.
    assert "Väntar på mitt godkännande" not in html


def test_every_table_sits_in_a_scroll_box_so_a_phone_scrolls_the_table_not_the_page(
    client, reporter, organisation, today
):
    pilot = make_pilot(organisation)
    save(_first(pilot, 2), reporter)  # a draft, so "Mina utkast" has a table too
    client.force_login(reporter)
    main = client.get("/mina-sidor/").content.decode().split("<main")[1]
    tables = main.count("<table")
    assert tables == 4  # overdue (2025 K1), drafts, pilots, organisations
    # portal.js makes a box that does scroll focusable and named, and shades its edge.
    assert main.count('<div class="table-scroll"><table class="data-table">') == tables


def test_the_approval_queue_is_shown_to_approvers_even_when_empty(
    client, approver, organisation, today
):
    make_pilot(organisation)
    client.force_login(approver)
    html = client.get("/mina-sidor/").content.decode()
    assert "Väntar på mitt godkännande" in html
    assert "Inga rapporter väntar på ditt godkännande." in html


def test_a_pilot_level_approver_sees_the_queue_and_a_viewer_does_not(client, organisation, today):
    from partners.factories import UserFactory
    from pilots.models import PilotMembership

    pilot = make_pilot(organisation)
    approver, viewer = UserFactory(), UserFactory()
    PilotMembership.objects.create(pilot=pilot, user=approver, role="approver")
    PilotMembership.objects.create(pilot=pilot, user=viewer, role="viewer")
    for user, shown in ((approver, True), (viewer, False)):
        client.force_login(user)
        html = client.get("/mina-sidor/").content.decode()
        assert ("Väntar på mitt godkännande" in html) is shown, user


def test_due_soon_lists_periods_due_within_two_weeks(client, reporter, organisation, monkeypatch):
    pilot = make_pilot(organisation)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2025, 4, 20))
    client.force_login(reporter)
    html = client.get("/mina-sidor/").content.decode()
    section = html.split('id="h-due"')[1].split("</section>")[0]
    assert "2025 K1" in section and pilot.title in section


def test_approver_sees_what_waits_for_approval_and_others_do_not(
    client, reporter, approver, other_member, organisation
):
    pilot = make_pilot(organisation)
    _submit(_first(pilot), reporter)
    client.force_login(approver)
    html = client.get("/mina-sidor/").content.decode()
    assert "granska/" in html and pilot.title in html
    client.force_login(other_member)
    html = client.get("/mina-sidor/").content.decode()
    assert "granska/" not in html and pilot.title not in html


def test_coordinator_sees_every_submitted_report(client, reporter, coordinator, organisation):
    pilot = make_pilot(organisation)
    _submit(_first(pilot), reporter)
    client.force_login(coordinator)
    assert f"/piloter/{pilot.slug}/rapporter/" in client.get("/mina-sidor/").content.decode()


def test_dashboard_query_count_is_constant(
    client, reporter, approver, organisation, today, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            pilot = make_pilot(organisation)
            _submit(_first(pilot), reporter)
            save(_first(pilot, 1), reporter)

    grow(1)
    for user in (reporter, approver):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            client.get("/mina-sidor/")
        user.bound = len(ctx)
    grow(25)
    for user in (reporter, approver):
        client.force_login(user)
        with django_assert_max_num_queries(user.bound):
            assert client.get("/mina-sidor/?pilots=2&awaiting=2").status_code == 200
    print(f"dashboard queries: reporter {reporter.bound}, approver {approver.bound}")


def test_those_who_may_register_a_pilot_find_the_wizard_and_their_drafts(
    client, reporter, viewer, organisation
):
    draft = PilotFactory(lead_organisation=organisation, draft=True, title="Halvfärdig")
    client.force_login(reporter)
    html = client.get("/mina-sidor/").content.decode()
    assert 'href="/piloter/ny/"' in html
    assert f'href="/piloter/{draft.slug}/registrera/">Halvfärdig</a>' in html
    client.force_login(viewer)
    assert 'href="/piloter/ny/"' not in client.get("/mina-sidor/").content.decode()


def test_a_member_of_a_pending_organisation_gets_no_wizard_link(client):
    member = MembershipFactory(organisation=OrganisationFactory(pending=True), role=Role.ADMIN)
    client.force_login(member.user)
    assert 'href="/piloter/ny/"' not in client.get("/mina-sidor/").content.decode()


def test_every_list_is_counted_in_one_query_and_pages_on(
    client, reporter, organisation, today, django_assert_max_num_queries
):
    # 21 pilots: "Mina piloter" shows 20 and a second page with the last one; the overdue list
    # has a row per pilot too. All six lists are counted in one query (core.pagination).
    pilots = [make_pilot(organisation, title=f"Pilot {n:02d}") for n in range(21)]
    client.force_login(reporter)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/mina-sidor/").content.decode()
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    section = html.split('id="h-pilots"')[1].split("</section>")[0]
    assert "?pilots=2" in section and pilots[20].title not in section
    second = client.get("/mina-sidor/?pilots=2").content.decode()
    section = second.split('id="h-pilots"')[1].split("</section>")[0]
    assert pilots[20].title in section and pilots[0].title not in section


def test_one_count_query_agrees_with_counting_each_list(reporter, approver, organisation, today):
    from core.pagination import count_each
    from pilots.selectors import reports as selectors

    pilot = make_pilot(organisation)
    _submit(_first(pilot), reporter)
    save(_first(pilot, 1), reporter)
    for user in (reporter, approver):
        lists = {
            "pilots": selectors.dashboard_pilots(user=user),
            "due": selectors.dashboard_due_soon(user=user),
            "overdue": selectors.dashboard_overdue(user=user),
            "returned": selectors.dashboard_returned(user=user),
            "drafts": selectors.dashboard_drafts(user=user),
            "awaiting": selectors.reports_awaiting(user=user),
        }
        assert count_each(lists) == {name: rows.count() for name, rows in lists.items()}


def test_pilot_level_roles_fill_the_lists_as_organisation_roles_do(
    client, reporter, organisation, today
):
    """The lists read the user's roles from the request's role caches: a pilot-level approver
    (no membership of the lead organisation) sees what waits for them, a pilot-level viewer
    does not, and a pilot-level reporter sees the pilot's overdue period."""
    from partners.factories import UserFactory
    from pilots.models import PilotMembership

    pilot = make_pilot(organisation)
    _submit(_first(pilot, 1), reporter)
    for role, waits, overdue in [
        (Role.APPROVER, True, True),
        (Role.VIEWER, False, False),
        (Role.REPORTER, False, True),
    ]:
        user = UserFactory()
        PilotMembership.objects.create(pilot=pilot, user=user, role=role)
        client.force_login(user)
        html = client.get("/mina-sidor/").content.decode()
        assert ("granska/" in html) is waits, role
        assert ("2025 K1" in html) is overdue, role
