"""The matrix's parts are cached HTML per viewer (monitoring.page_cache): a warm page reads fewer
queries, the same number however many pilots; every change to what it shows is on the next
request; a viewer never sees rows that another viewer's cached page held."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.factories import MembershipFactory
from partners.models import Membership
from pilots.factories import PilotFactory
from pilots.models import ReportingPeriod, ReportStatus
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import ProgrammePilot
from tests.monitoring.helpers import build, report

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:matrix")


def _get(client, url, status=200):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status
    return response.content.decode(), len(ctx.captured_queries)


def _setup(organisation, as_role):
    first, second, programme = build(organisation)
    client, user = as_role("approver")  # manages the programme, approves both pilots
    return first, second, programme, client, user, f"{URL}?programme={programme.slug}&year=2025"


def test_a_warm_page_reads_fewer_queries_and_as_many_with_more_pilots(organisation, as_role):
    _first, _second, programme, client, _user, url = _setup(organisation, as_role)
    _html, cold = _get(client, url)
    html, warm = _get(client, url)
    assert warm < cold
    assert "csrfmiddlewaretoken" in html  # the remind form's token is rendered every time
    for _ in range(30):
        ProgrammePilotFactory(programme=programme, pilot=PilotFactory())
    _html, cold_more = _get(client, url)
    _html, warm_more = _get(client, url)
    assert warm_more == warm and cold_more <= cold  # the first request also starts the session
    print(f"matrix queries: cold {cold}, warm {warm}")


def test_a_submitted_report_shows_at_once(organisation, as_role):
    first, _second, _programme, client, _user, url = _setup(organisation, as_role)
    html, _n = _get(client, url)
    missing = html.count("cell-missing")
    report(list(first.periods.order_by("start"))[2], ReportStatus.SUBMITTED)
    html, _n = _get(client, url)
    assert html.count("cell-missing") == missing - 1


def test_joining_leaving_and_renaming_show_at_once(organisation, as_role):
    first, _second, programme, client, _user, url = _setup(organisation, as_role)
    _get(client, url)
    newcomer = PilotFactory(title="Nykomlingen i matrisen")
    ProgrammePilotFactory(programme=programme, pilot=newcomer)
    html, _n = _get(client, url)
    assert "Nykomlingen i matrisen" in html
    ProgrammePilot.objects.filter(programme=programme, pilot=newcomer).delete()
    html, _n = _get(client, url)
    assert "Nykomlingen i matrisen" not in html

    first.title = "Omdöpt pilot i matrisen"
    first.save()
    html, _n = _get(client, url)
    assert "Omdöpt pilot i matrisen" in html

    organisation.name = "Omdöpt huvudman i matrisen"
    organisation.save()
    html, _n = _get(client, url)
    assert html.count("Omdöpt huvudman i matrisen") >= 2  # the filter's option and the row

    # The row lists the pilot's other programmes: one joined, then renamed.
    other = ProgrammeFactory(owner=organisation, name="Det andra programmet")
    ProgrammePilotFactory(programme=other, pilot=first)
    html, _n = _get(client, url)
    assert "Det andra programmet" in html
    other.name = "Det omdöpta andra programmet"
    other.save()
    html, _n = _get(client, url)
    assert "Det omdöpta andra programmet" in html


def test_a_new_period_shows_at_once(organisation, as_role):
    first, _second, _programme, client, _user, url = _setup(organisation, as_role)
    _get(client, url)
    ReportingPeriod.objects.create(
        pilot=first,
        label="Extraperioden",
        start=dt.date(2025, 2, 1),
        end=dt.date(2025, 2, 28),
        due_date=dt.date(2025, 3, 31),
    )
    html, _n = _get(client, url)
    assert "Extraperioden" in html


def test_a_withdrawn_role_is_refused_although_the_page_is_cached(organisation, as_role):
    _first, _second, _programme, client, user, url = _setup(organisation, as_role)
    _get(client, url)
    Membership.objects.filter(user=user, organisation=organisation).update(role="reporter")
    _get(client, url, status=403)


def test_a_viewer_never_sees_another_viewers_rows(organisation, other_organisation, as_role):
    first, _second, programme, client, _manager, url = _setup(organisation, as_role)
    theirs = PilotFactory(
        title="Den andra organisationens pilot", lead_organisation=other_organisation
    )
    ProgrammePilotFactory(programme=programme, pilot=theirs)
    html, _n = _get(client, url)  # the manager's page, cached: both organisations' pilots
    assert first.title in html and theirs.title in html

    other_approver = MembershipFactory(organisation=other_organisation, role="approver").user
    client.force_login(other_approver)
    html, _n = _get(client, url)
    assert theirs.title in html and first.title not in html

    # The manager's role in the owner is withdrawn to a pilot's approver only: rows hidden.
    client.force_login(_manager)
    Membership.objects.filter(user=_manager, organisation=organisation).delete()
    MembershipFactory(user=_manager, organisation=other_organisation, role="approver")
    html, _n = _get(client, url)
    assert theirs.title in html and first.title not in html
