"""No lost updates on PostgreSQL: managers saving one progress report's summary at the same
moment, all from the same page load, do not overwrite each other: one wins, the rest are told."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from programmes.factories import ProgrammeFactory
from programmes.models import ProgressReport
from tests.concurrency import race

pytestmark = pytest.mark.django_db

WRITERS = 8
STALE = "Någon annan har ändrat lägesrapporten"


def _draft(organisation):
    programme = ProgrammeFactory(owner=organisation, stages=1)
    report = ProgressReport.objects.create(
        programme=programme,
        title="Första halvåret",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        snapshot={"pilots": [], "aggregates": [], "lessons": []},
    )
    return programme, report


def _open(user, programme, report) -> tuple[Client, str, str]:
    """Log in and open the report page: the client, the form's action and its edit token."""
    client = Client()
    client.force_login(user)
    html = client.get(report.get_absolute_url()).content.decode()
    token = re.search(r'name="edit_token" value="([^"]+)"', html).group(1)
    url = reverse("programmes:report_action", kwargs={"slug": programme.slug, "pk": report.pk})
    return client, url, token


def _save(client, url, token, summary) -> str:
    data = {"action": "save", "title": "Första halvåret", "summary": summary, "edit_token": token}
    response = client.post(url, data)
    if response.status_code == 302:
        return "won"
    if response.status_code == 400 and STALE in response.content.decode():
        return "stale"
    return f"HTTP {response.status_code}"


def test_a_summary_saved_over_a_colleagues_change_is_refused(organisation, org_admin):
    programme, report = _draft(organisation)
    first = _open(org_admin, programme, report)
    second = _open(org_admin, programme, report)
    assert _save(*first, "Läget är gott.") == "won"
    assert _save(*second, "Läget är oroande.") == "stale"
    report.refresh_from_db()
    assert report.summary == "Läget är gott."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_simultaneous_summary_saves_one_wins(organisation, org_admin):
    programme, report = _draft(organisation)
    editors = [_open(org_admin, programme, report) for _ in range(WRITERS)]
    outcomes = race(WRITERS, lambda n: _save(*editors[n], f"Chef {n}"))

    assert outcomes.count("won") == 1 and outcomes.count("stale") == WRITERS - 1, outcomes
    report.refresh_from_db()
    assert report.summary == f"Chef {outcomes.index('won')}"
