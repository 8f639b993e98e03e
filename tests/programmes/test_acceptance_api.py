"""The acceptance API: the queue, accept and unaccept, and who approved and accepted on the
report serializers."""

import pytest
from django.core.management import call_command

from partners.models import AuditEvent
from pilots.models import PeriodReport, ReportStatus
from tests.pilots.report_helpers import save
from tests.programmes import acceptance_helpers as helpers
from tests.programmes.acceptance_helpers import approved_report

funder = helpers.funder
programme = helpers.programme
pilot = helpers.pilot
approved = helpers.approved

API = "/api/v1/report-acceptances/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_queue_lists_approved_reports_awaiting_acceptance(
    client, funder, programme, pilot, reporter, approver, approved
):
    period = list(pilot.periods.order_by("start"))[1]
    period.pilot = pilot
    save(period, reporter)  # a draft: never shown to the funder
    client.force_login(funder)
    rows = client.get(API, {"state": "awaiting", "programme": programme.slug}).json()["results"]
    assert [r["id"] for r in rows] == [approved.pk]
    assert rows[0]["decided_by_name"] == (approver.get_full_name() or approver.email)
    assert rows[0]["accepted_at"] is None and rows[0]["accepted_by_name"] is None
    assert client.get(API, {"state": "accepted"}).json()["results"] == []
    assert client.get(API, {"programme": "annat-program"}).json()["results"] == []


def test_accept_and_unaccept_through_the_api(client, funder, reporter, approved):
    client.force_login(funder)
    stale = _post(client, f"{API}{approved.pk}/accept/", {"expected_version": 99})
    assert stale.status_code in (400, 409)
    response = _post(client, f"{API}{approved.pk}/accept/", {"expected_version": approved.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted_at"] and body["accepted_by_name"] == (
        funder.get_full_name() or funder.email
    )
    assert [r["id"] for r in client.get(API, {"state": "accepted"}).json()["results"]] == [
        approved.pk
    ]
    no_comment = _post(
        client, f"{API}{approved.pk}/unaccept/", {"expected_version": body["version"]}
    )
    assert no_comment.status_code == 400 and "comment" in no_comment.json()
    blank = _post(
        client,
        f"{API}{approved.pk}/unaccept/",
        {"expected_version": body["version"], "comment": "  "},
    )
    assert blank.status_code == 400
    done = _post(
        client,
        f"{API}{approved.pk}/unaccept/",
        {"expected_version": body["version"], "comment": "Rätta antalet."},
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == ReportStatus.RETURNED and done.json()["accepted_at"] is None
    assert AuditEvent.objects.filter(action="report.unaccepted").count() == 1
    # The reporter sees the returned report with the funder's comment in the reports API.
    client.force_login(reporter)
    report = client.get(f"/api/v1/reports/{approved.pk}/").json()
    assert report["status"] == "returned" and report["return_comment"] == "Rätta antalet."


def test_the_reports_api_shows_who_approved_and_accepted_to_the_pilots_people(
    client, funder, reporter, approver, approved
):
    client.force_login(funder)
    _post(client, f"{API}{approved.pk}/accept/", {"expected_version": approved.version})
    client.force_login(approver)
    body = client.get(f"/api/v1/reports/{approved.pk}/").json()
    assert body["accepted_at"] and body["accepted_by_name"]
    assert body["decided_by_name"] == (approver.get_full_name() or approver.email)
    # The organisation cannot return or edit the accepted report through the API.
    refused = _post(
        client,
        f"/api/v1/reports/{approved.pk}/return/",
        {"expected_version": body["version"], "comment": "Ändra"},
    )
    assert refused.status_code == 400
    client.force_login(reporter)
    edit = client.patch(
        f"/api/v1/reports/{approved.pk}/",
        {"expected_version": body["version"], "narrative": "Nytt"},
        content_type="application/json",
    )
    assert edit.status_code in (400, 405)
    assert PeriodReport.objects.get(pk=approved.pk).narrative != "Nytt"


def test_names_are_not_public(client, outsider, funder, approved):
    client.force_login(funder)
    _post(client, f"{API}{approved.pk}/accept/", {"expected_version": approved.version})
    client.force_login(outsider)
    body = client.get(f"/api/v1/reports/{approved.pk}/").json()
    assert body["accepted_at"] and body["accepted_by_name"] is None
    assert body["decided_by_name"] is None


@pytest.mark.parametrize("role", ["reporter", "approver", "outsider"])
def test_others_cannot_accept(request, client, approved, role):
    client.force_login(request.getfixturevalue(role))
    response = _post(client, f"{API}{approved.pk}/accept/", {"expected_version": approved.version})
    assert response.status_code in (403, 404)
    assert not PeriodReport.objects.get(pk=approved.pk).is_accepted
    assert client.get(API).json()["results"] == []


def test_the_programme_api_sets_requires_acceptance(client, funder, programme):
    client.force_login(funder)
    response = client.patch(
        f"/api/v1/programmes/{programme.slug}/",
        {"requires_acceptance": False},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["requires_acceptance"] is False


def test_a_second_report_in_the_queue(client, funder, pilot, reporter, approver, approved):
    second = approved_report(pilot, reporter, approver, index=1)
    client.force_login(funder)
    ids = {r["id"] for r in client.get(API, {"state": "awaiting"}).json()["results"]}
    assert ids == {approved.pk, second.pk}


@pytest.mark.django_db
def test_the_schema_documents_acceptance(tmp_path):
    import yaml

    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "/api/v1/report-acceptances/{id}/accept/" in schema["paths"]
    assert "/api/v1/report-acceptances/{id}/unaccept/" in schema["paths"]
    report = schema["components"]["schemas"]["Report"]["properties"]
    assert {"accepted_at", "accepted_by_name", "decided_by_name"} <= set(report)
