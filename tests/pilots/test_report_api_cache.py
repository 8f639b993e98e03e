"""The reports API's list with each report's representation cached (pilots.api.report_cache):
cheaper when warm and the same cost as data grows, fresh at once after every kind of change,
visibility and names still decided per request, languages kept apart."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import caching
from partners.models import Kommun
from pilots.models import PeriodReport, ReportStatus, Visibility
from pilots.services.report_import import ImportCell, reports_merge_cells
from pilots.values import CleanValue

from .public_data import DRAFT_VALUE, SECRET_VALUE, pilot_with_reports

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"


def _list(client, **params) -> tuple[list[dict], int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"], len(ctx.captured_queries)


def _send(client, url, data, method="post"):
    response = getattr(client, method)(url, data=json.dumps(data), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def _by_id(reports) -> dict[int, dict]:
    return {r["id"]: r for r in reports}


def _report(pilot, status):
    return PeriodReport.objects.get(pilot=pilot, status=status)


@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_warm_list_costs_fewer_queries_and_the_same_as_data_grows(role, as_role, organisation):
    client, _ = as_role(role)
    pilot_with_reports(organisation, periods_approved=1)
    _, cold = _list(client)
    small, warm_small = _list(client)
    for _ in range(3):
        more = pilot_with_reports(organisation, periods_approved=5)
        more.kommuner.set(Kommun.objects.all()[:4])
    _list(client)  # stores the new reports
    big, warm_big = _list(client)
    assert warm_small < cold and warm_big == warm_small
    assert len(big) > len(small)


def test_the_cached_list_is_what_the_serializer_gives(as_role, organisation):
    """Warm or cold, the list answers exactly what the detail endpoint (never cached) does."""
    pilot = pilot_with_reports(organisation)
    client, _ = as_role("reporter")
    cold, _ = _list(client, pilot=pilot.slug)
    warm, _ = _list(client, pilot=pilot.slug)
    assert cold == warm
    for report in warm:
        assert client.get(f"{URL}{report['id']}/").json() == report


def test_a_patched_draft_shows_at_once_in_response_list_and_detail(as_role, organisation):
    pilot = pilot_with_reports(organisation)
    draft = _report(pilot, ReportStatus.DRAFT)
    link = pilot.indicators.first()
    client, _ = as_role("reporter")
    before = _by_id(_list(client, pilot=pilot.slug)[0])[draft.pk]
    assert {v["value"] for v in before["values"]} == {f"{DRAFT_VALUE}.0000"}
    answer = _send(
        client,
        f"{URL}{draft.pk}/",
        {
            "expected_version": draft.version,
            "narrative": "Ändrad text",
            "values": [{"pilot_indicator": link.pk, "value": 42}],
        },
        method="patch",
    )
    listed = _by_id(_list(client, pilot=pilot.slug)[0])[draft.pk]
    assert answer == listed == client.get(f"{URL}{draft.pk}/").json()
    assert listed["narrative"] == "Ändrad text"
    assert [v["value"] for v in listed["values"]] == ["42.0000"]


def test_submitted_approved_and_returned_show_at_once(as_role, organisation):
    pilot = pilot_with_reports(organisation)
    draft = _report(pilot, ReportStatus.DRAFT)
    submitted = _report(pilot, ReportStatus.SUBMITTED)
    reporter_client, _ = as_role("reporter")
    _list(reporter_client, pilot=pilot.slug)
    _send(reporter_client, f"{URL}{draft.pk}/submit/", {"expected_version": draft.version})
    assert _by_id(_list(reporter_client, pilot=pilot.slug)[0])[draft.pk]["status"] == "submitted"

    approver_client, approver = as_role("approver")
    _list(approver_client, pilot=pilot.slug)
    _send(approver_client, f"{URL}{submitted.pk}/approve/", {"expected_version": 1})
    listed = _by_id(_list(approver_client, pilot=pilot.slug)[0])[submitted.pk]
    assert listed["status"] == "approved"
    assert listed["decided_by_name"] == approver.get_full_name()
    draft.refresh_from_db()
    _send(
        approver_client,
        f"{URL}{draft.pk}/return/",
        {"expected_version": draft.version, "comment": "Komplettera."},
    )
    listed = _by_id(_list(approver_client, pilot=pilot.slug)[0])[draft.pk]
    assert (listed["status"], listed["return_comment"]) == ("returned", "Komplettera.")


def test_imported_values_show_at_once(as_role, organisation, reporter):
    pilot = pilot_with_reports(organisation)
    draft = _report(pilot, ReportStatus.DRAFT)
    client, _ = as_role("reporter")
    _list(client, pilot=pilot.slug)
    link = pilot.indicators.first()
    reports_merge_cells(
        pilot=pilot,
        actor=reporter,
        cells={draft.period_id: [ImportCell(link, "T", "", CleanValue(value=Decimal(5)))]},
        expected_versions={draft.period_id: draft.version},
    )
    values = _by_id(_list(client, pilot=pilot.slug)[0])[draft.pk]["values"]
    assert {v["pilot_indicator"]: v["value"] for v in values}[link.pk] == "5.0000"


def test_a_lesson_added_shows_at_once(as_role, organisation):
    pilot = pilot_with_reports(organisation)
    draft = _report(pilot, ReportStatus.DRAFT)
    client, _ = as_role("reporter")
    assert _by_id(_list(client, pilot=pilot.slug)[0])[draft.pk]["lessons"] == []
    lesson = {"kind": "advice", "dimension": "culture", "title": "Ny lärdom", "text": "Text."}
    _send(
        client,
        f"{URL}{draft.pk}/",
        {"expected_version": draft.version, "lessons": [lesson]},
        method="patch",
    )
    lessons = _by_id(_list(client, pilot=pilot.slug)[0])[draft.pk]["lessons"]
    assert [item["title"] for item in lessons] == ["Ny lärdom"]


def test_an_indicator_renamed_shows_at_once(as_role, organisation):
    pilot = pilot_with_reports(organisation)
    client, _ = as_role("anonymous")
    _list(client, pilot=pilot.slug)
    indicator = pilot.indicators.first().indicator
    indicator.name = "Nytt namn på indikatorn"
    indicator.save()
    names = {v["indicator"] for r in _list(client, pilot=pilot.slug)[0] for v in r["values"]}
    assert "Nytt namn på indikatorn" in names


def test_the_approvers_new_name_shows_at_once_and_a_login_bumps_nothing(
    as_role, organisation, approver
):
    pilot = pilot_with_reports(organisation)
    submitted = _report(pilot, ReportStatus.SUBMITTED)
    _send(as_role("approver")[0], f"{URL}{submitted.pk}/approve/", {"expected_version": 1})
    client, _ = as_role("reporter")
    assert _by_id(_list(client, pilot=pilot.slug)[0])[submitted.pk]["decided_by_name"] == (
        approver.get_full_name()
    )
    version = caching.version(caching.USER_NAMES)
    approver.save(update_fields=["last_login"])
    assert caching.version(caching.USER_NAMES) == version
    approver.first_name, approver.last_name = "Greta", "Granskare"
    approver.save()
    listed = _by_id(_list(client, pilot=pilot.slug)[0])[submitted.pk]
    assert listed["decided_by_name"] == "Greta Granskare"


@pytest.mark.parametrize("outsider_role", ["anonymous", "outsider", "other_member"])
def test_a_viewer_who_may_not_see_drafts_never_gets_a_cached_draft(
    outsider_role, as_role, organisation, approver
):
    pilot = pilot_with_reports(organisation)
    private = pilot_with_reports(organisation, visibility=Visibility.PRIVATE)
    # Before anything is cached: an approved report whose approver only insiders see named.
    pilot.reports.filter(status=ReportStatus.APPROVED).update(decided_by=approver)
    client, _ = as_role("reporter")
    insider = _list(client)[0]
    assert {r["status"] for r in insider} == {"approved", "draft", "submitted"}
    assert any(r["decided_by_name"] for r in insider)
    client, _ = as_role(outsider_role)
    if outsider_role == "anonymous":
        client.logout()  # the same test client was signed in as the reporter
    seen = _list(client)[0]
    assert seen and {r["status"] for r in seen} == {"approved"}
    assert {r["pilot"] for r in seen} == {pilot.slug}
    assert not any(r["decided_by_name"] or r["accepted_by_name"] for r in seen)
    body = json.dumps(seen)
    assert str(SECRET_VALUE) not in body and str(DRAFT_VALUE) not in body
    assert "Hemlig" not in body and private.slug not in body


def test_english_and_swedish_representations_are_kept_apart(as_role, organisation):
    pilot_with_reports(organisation)
    client, _ = as_role("reporter")
    swedish, cold = _list(client)
    _, warm = _list(client)
    client.cookies["django_language"] = "en"
    english, english_cold = _list(client)
    _, english_warm = _list(client)
    # English found nothing stored under Swedish: it loaded and stored its own entries.
    assert english_cold == cold and english_warm == warm < cold
    assert english == swedish  # nothing in a report's representation is translated today


def test_an_unchanged_list_reads_no_reports_and_a_write_anywhere_refreshes_it(
    as_role, organisation, other_organisation
):
    client, _ = as_role("reporter")
    mine = pilot_with_reports(organisation, periods_approved=2)
    elsewhere = pilot_with_reports(other_organisation, periods_approved=1)
    _list(client)
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    assert not [q for q in ctx.captured_queries if "pilots_periodreport" in q["sql"]]
    report = _report(elsewhere, ReportStatus.APPROVED)
    report.narrative = "Ny text i en annan kommun"
    report.save()
    results, _ = _list(client)
    assert _by_id(results)[report.pk]["narrative"] == "Ny text i en annan kommun"
    assert PeriodReport.objects.filter(pilot=mine).first().pk in _by_id(results)
