"""The progress report's "Publicera" saves the summary and publishes in one step: a refused
publish leaves nothing saved, so the manager completes the form and sends it again."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from partners.models import AuditEvent
from programmes.factories import ProgrammeFactory
from programmes.models import ProgressReport

pytestmark = pytest.mark.django_db


def test_a_refused_publish_saves_nothing_and_the_corrected_form_goes_through(
    client, organisation, org_admin
):
    programme = ProgrammeFactory(owner=organisation, stages=1)
    report = ProgressReport.objects.create(
        programme=programme,
        title="Första halvåret",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        snapshot={"pilots": [], "aggregates": [], "lessons": []},
    )
    client.force_login(org_admin)
    html = client.get(report.get_absolute_url()).content.decode()
    token = re.search(r'name="edit_token" value="([^"]+)"', html).group(1)
    url = reverse("programmes:report_action", kwargs={"slug": programme.slug, "pk": report.pk})

    refused = client.post(
        url, {"action": "publish", "title": "Våren 2025", "summary": "", "edit_token": token}
    )
    assert refused.status_code == 400
    assert "Skriv en sammanfattning innan rapporten publiceras." in refused.content.decode()
    report.refresh_from_db()
    assert (report.title, report.is_published) == ("Första halvåret", False)
    assert not AuditEvent.objects.filter(action="programme.report_summary").exists()

    accepted = client.post(
        url,
        {
            "action": "publish",
            "title": "Våren 2025",
            "summary": "Två av tre piloter rapporterar enligt plan.",
            "edit_token": token,
        },
    )
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.is_published) == ("Våren 2025", True)
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "programme.report_summary",
        "programme.report_published",
    }
