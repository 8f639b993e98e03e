"""The portfolio below its navigation is cached HTML under the programme's own version
(programmes.page_cache): a warm page reads fewer queries, the same number however many pilots,
and every change to what it shows is on the next request; a write in another programme's pilot
leaves it cached."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Membership
from pilots.factories import PilotFactory
from pilots.models import ReportingPeriod, ReportStatus
from programmes.factories import ProgrammePilotFactory
from programmes.models import ProgrammePilot

from .helpers import approve, portfolio

pytestmark = pytest.mark.django_db


def _get(client, url, status=200):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status
    return response.content.decode(), len(ctx.captured_queries)


def _setup(organisation, as_role, pilots=5):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=pilots, periods=1)
    client, user = as_role("approver")  # an approver of the owner: a funder
    url = reverse("programmes:portfolio", kwargs={"slug": programme.slug})
    return programme, members, client, user, url


def test_a_warm_page_reads_fewer_queries_and_as_many_with_more_pilots(organisation, as_role):
    programme, _members, client, _user, url = _setup(organisation, as_role)
    _html, cold = _get(client, url)
    _html, warm = _get(client, url)
    assert warm < cold
    for _ in range(30):
        ProgrammePilotFactory(programme=programme, pilot=PilotFactory())
    _html, cold_more = _get(client, url)
    _html, warm_more = _get(client, url)
    assert warm_more == warm and cold_more <= cold  # the first request also starts the session
    print(f"portfolio queries: cold {cold}, warm {warm}")


def test_reports_show_at_once(organisation, as_role):
    _programme, members, client, _user, url = _setup(organisation, as_role)
    pilot = members[0].pilot
    last = pilot.periods.order_by("start").last()  # K4 2025, the latest ended period
    _get(client, url)
    report = approve(pilot, 3, {}, status=ReportStatus.SUBMITTED)
    html, _n = _get(client, url)
    assert "badge-submitted" in html
    report.status = ReportStatus.APPROVED
    report.save()
    html, _n = _get(client, url)
    assert "badge-submitted" not in html and last.label in html


def test_joining_leaving_and_renaming_show_at_once(organisation, as_role):
    programme, members, client, _user, url = _setup(organisation, as_role)
    _get(client, url)
    newcomer = PilotFactory(title="Nykomlingen i portföljen")
    ProgrammePilotFactory(programme=programme, pilot=newcomer)
    html, _n = _get(client, url)
    assert "Nykomlingen i portföljen" in html
    ProgrammePilot.objects.filter(programme=programme, pilot=newcomer).delete()
    html, _n = _get(client, url)
    assert "Nykomlingen i portföljen" not in html

    pilot = members[0].pilot
    pilot.title = "Omdöpt pilot i portföljen"
    pilot.save()
    html, _n = _get(client, url)
    assert "Omdöpt pilot i portföljen" in html

    lead = pilot.lead_organisation
    lead.name = "Omdöpt huvudman AB"
    lead.save()
    html, _n = _get(client, url)
    assert "Omdöpt huvudman AB" in html


def test_a_new_period_shows_at_once(organisation, as_role):
    _programme, members, client, _user, url = _setup(organisation, as_role)
    _get(client, url)
    pilot = members[0].pilot
    ReportingPeriod.objects.create(
        pilot=pilot,
        label="Extraperioden",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 31),
        due_date=dt.date(2026, 2, 28),
    )
    html, _n = _get(client, url)
    assert "Extraperioden" in html


def test_a_write_in_another_programme_leaves_the_page_cached(organisation, as_role):
    _programme, _members, client, _user, url = _setup(organisation, as_role)
    _other, other_members, _c, _s = portfolio(pilots=1, periods=1)
    _get(client, url)
    _html, warm = _get(client, url)
    report = approve(other_members[0].pilot, 3, {}, status=ReportStatus.SUBMITTED)
    report.status = ReportStatus.APPROVED
    report.save()
    _html, after = _get(client, url)
    assert after == warm  # still from the cache


def test_a_withdrawn_role_is_refused_although_the_page_is_cached(organisation, as_role):
    _programme, _members, client, user, url = _setup(organisation, as_role)
    _get(client, url)
    Membership.objects.filter(user=user, organisation=organisation).delete()
    _get(client, url, status=403)


def test_the_cache_is_shared_by_funders_only(organisation, as_role):
    _programme, members, client, _user, url = _setup(organisation, as_role)
    _funder_html, _n = _get(client, url)
    outsider_client, _outsider = as_role("other_member")
    html, _n = _get(outsider_client, url, status=403)
    assert members[0].pilot.title not in html
    admin_client, _admin = as_role("org_admin")
    html, _n = _get(admin_client, url)
    assert members[0].pilot.title in html


def test_bulk_writers_bump_the_programmes_of_their_pilot(organisation):
    """The bulk writers (periods regenerated, reports imported, partners replaced) call
    pilots.page_cache.bump: the programmes of that pilot go stale, no other programme does."""
    from pilots import page_cache as pilot_cache
    from programmes import page_cache

    programme, members, _count, _share = portfolio(owner=organisation, pilots=1, periods=1)
    other, _other_members, _c, _s = portfolio(pilots=1, periods=1)
    mine, theirs = page_cache.version(programme.pk), page_cache.version(other.pk)
    pilot_cache.bump(members[0].pilot_id)
    assert page_cache.version(programme.pk) != mine
    assert page_cache.version(other.pk) == theirs
