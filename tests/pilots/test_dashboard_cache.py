"""Mina sidor's lists are cached per viewer (pilots.dashboard_cache): each kind of change shows
at once, another viewer never gets someone else's lists, and a warm page costs few queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import caching
from partners.factories import MembershipFactory, UserFactory
from partners.models import Role
from pilots import dashboard_cache
from pilots.models import Pilot, PilotMembership, ReportingPeriod
from pilots.services import report_approve, report_return, report_submit
from pilots.services.pilots import periods_regenerate
from pilots.services.report_quality import report_decide_with_comments
from tests.pilots.report_helpers import make_pilot, save

pytestmark = pytest.mark.django_db


def _period(pilot, n=0):
    period = pilot.periods.order_by("start")[n]
    period.pilot = pilot
    return period


def _day(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


@pytest.fixture
def today(monkeypatch):
    day = dt.date(2025, 5, 10)  # the 2025 K1 period (due 30 April) is overdue, K2 is not yet due
    _day(monkeypatch, day)
    return day


def _section(client, user, name, url="/mina-sidor/"):
    client.force_login(user)
    html = client.get(url).content.decode()
    return html.split(f'id="h-{name}"')[1].split("</section>")[0]


def _queries(client, user, url="/mina-sidor/"):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_warm_page_costs_fewer_queries_and_the_same_as_data_grows(
    client, reporter, approver, organisation, today
):
    def grow(n):
        for _ in range(n):
            pilot = make_pilot(organisation)
            report = save(_period(pilot), reporter)
            report_submit(report=report, actor=reporter, expected_version=report.version)
            save(_period(pilot, 1), reporter)

    grow(1)
    for user in (reporter, approver):
        cold = _queries(client, user)
        user.warm = _queries(client, user)
        assert user.warm < cold
    grow(15)
    for user in (reporter, approver):
        _queries(client, user)  # cold again: the pilots in scope changed
        assert _queries(client, user) == user.warm
    print(f"warm dashboard queries: reporter {reporter.warm}, approver {approver.warm}")


def test_a_draft_saved_and_submitted_moves_to_the_approvers_list(
    client, reporter, approver, organisation, today
):
    pilot = make_pilot(organisation, title="Simskola")
    period = _period(pilot, 1)
    assert "Simskola" not in _section(client, reporter, "drafts")
    assert "Simskola" not in _section(client, approver, "awaiting")
    report = save(period, reporter)
    assert "Simskola" in _section(client, reporter, "drafts")
    report_submit(report=report, actor=reporter, expected_version=report.version)
    assert "Simskola" not in _section(client, reporter, "drafts")
    awaiting = _section(client, approver, "awaiting")
    assert "Simskola" in awaiting and reporter.get_full_name() in awaiting


def test_approved_and_returned_reports_show_at_once(
    client, reporter, approver, organisation, today
):
    pilot = make_pilot(organisation, title="Simskola")
    first = save(_period(pilot, 1), reporter)
    first = report_submit(report=first, actor=reporter, expected_version=first.version)
    assert "Simskola" in _section(client, approver, "awaiting")
    report_approve(report=first, actor=approver, expected_version=first.version)
    assert "Simskola" not in _section(client, approver, "awaiting")

    second = save(_period(pilot, 2), reporter)
    second = report_submit(report=second, actor=reporter, expected_version=second.version)
    assert "Simskola" not in _section(client, reporter, "returned")
    report_decide_with_comments(
        report=second,
        actor=approver,
        expected_version=second.version,
        approve=False,
        comment="Komplettera siffrorna",
        cell_comments=[{"pilot_indicator": pilot.links["number"].pk, "text": "Stämmer detta?"}],
    )
    returned = _section(client, reporter, "returned")
    assert "Komplettera siffrorna" in returned and "1 kommentar" in returned


def test_a_new_period_due_shows_whether_written_one_by_one_or_in_bulk(
    client, reporter, organisation, monkeypatch
):
    pilot = make_pilot(organisation)
    _day(monkeypatch, dt.date(2026, 4, 20))
    assert "2026" not in _section(client, reporter, "due")
    # Periods regenerated in bulk (bulk_create: no signals) after dates changed without one.
    Pilot.objects.filter(pk=pilot.pk).update(end_date=dt.date(2026, 6, 30))
    pilot.refresh_from_db()
    periods_regenerate(pilot=pilot)
    assert "2026 K1" in _section(client, reporter, "due")
    ReportingPeriod.objects.create(
        pilot=pilot,
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
        due_date=dt.date(2026, 4, 30),
        label="Extra juli",
    )
    assert "Extra juli" in _section(client, reporter, "due")


def test_a_due_soon_period_becomes_overdue_when_the_date_passes(
    client, reporter, organisation, monkeypatch
):
    make_pilot(organisation)
    _day(monkeypatch, dt.date(2025, 4, 20))
    assert "2025 K1" in _section(client, reporter, "due")
    assert "2025 K1" not in _section(client, reporter, "overdue")
    _day(monkeypatch, dt.date(2025, 5, 1))
    assert "2025 K1" not in _section(client, reporter, "due")
    assert "2025 K1" in _section(client, reporter, "overdue")


def test_roles_granted_and_withdrawn_show_at_once(client, organisation, today):
    pilot = make_pilot(organisation, title="Simskola")
    user = UserFactory()
    assert "Simskola" not in _section(client, user, "pilots")
    role = PilotMembership.objects.create(pilot=pilot, user=user, role=Role.REPORTER)
    assert "Simskola" in _section(client, user, "pilots")
    assert "2025 K1" in _section(client, user, "overdue")
    role.delete()
    assert "Simskola" not in _section(client, user, "pilots")
    membership = MembershipFactory(user=user, organisation=organisation, role=Role.VIEWER)
    assert "Simskola" in _section(client, user, "pilots")
    assert "2025 K1" not in _section(client, user, "overdue")  # a viewer does not report
    membership.role = Role.REPORTER
    membership.save()
    assert "2025 K1" in _section(client, user, "overdue")


def test_renamed_pilot_organisation_and_user_show_at_once(
    client, reporter, approver, organisation, today
):
    pilot = make_pilot(organisation, title="Simskola")
    report = save(_period(pilot, 1), reporter)
    report_submit(report=report, actor=reporter, expected_version=report.version)
    assert "Simskola" in _section(client, approver, "awaiting")

    pilot.title = "Simskola för alla"
    pilot.save()
    assert "Simskola för alla" in _section(client, approver, "awaiting")

    organisation.name = "Nya förvaltningen"
    organisation.save()
    assert "Nya förvaltningen" in _section(client, approver, "pilots")
    assert "Nya förvaltningen" in _section(client, approver, "orgs")

    reporter.first_name, reporter.last_name = "Greta", "Nyberg"
    reporter.save()
    assert "Greta Nyberg" in _section(client, approver, "awaiting")


def test_a_login_does_not_make_the_lists_stale(reporter):
    before = caching.version(caching.USER_NAMES)
    update_last_login(None, reporter)
    assert caching.version(caching.USER_NAMES) == before
    reporter.last_name = "Nyberg"
    reporter.save(update_fields=["last_name"])
    assert caching.version(caching.USER_NAMES) != before


def test_no_viewer_gets_another_viewers_lists(client, reporter, other_member, organisation, today):
    make_pilot(organisation, title="Simskola")
    assert "Simskola" in _section(client, reporter, "pilots")
    client.force_login(other_member)
    assert "Simskola" not in client.get("/mina-sidor/").content.decode()
    # Another reporter of the same organisation sees the same pilots, under a key of their own.
    colleague = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    assert "Simskola" in _section(client, colleague, "pilots")
    keys = {dashboard_cache.key(u, pages={}, today=today) for u in (reporter, colleague)}
    assert len(keys) == 2


def test_the_coordinator_sees_a_report_submitted_for_any_pilot(
    client, reporter, coordinator, organisation, today
):
    pilot = make_pilot(organisation, title="Simskola")
    assert "Simskola" not in _section(client, coordinator, "awaiting")
    report = save(_period(pilot, 1), reporter)
    report_submit(report=report, actor=reporter, expected_version=report.version)
    assert "Simskola" in _section(client, coordinator, "awaiting")


def test_report_return_without_cell_comments_shows_the_comment(
    client, reporter, approver, organisation, today
):
    pilot = make_pilot(organisation, title="Simskola")
    report = save(_period(pilot, 1), reporter)
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    assert "Simskola" not in _section(client, reporter, "returned")
    report_return(report=report, actor=approver, expected_version=report.version, comment="Mer")
    assert "Simskola" in _section(client, reporter, "returned")
