"""The funder's pages: "Att acceptera" from Mina sidor and the programme, the report page where
a report is accepted or its acceptance taken back; what the pilot's people see."""

import pytest
from django.conf import settings
from django.utils.timezone import localtime

from partners.models import AuditEvent
from pilots.models import PeriodReport, ReportStatus
from programmes.services.acceptance import report_accept
from tests.programmes import acceptance_helpers as helpers
from tests.programmes.acceptance_helpers import approved_report

funder = helpers.funder
programme = helpers.programme
pilot = helpers.pilot
approved = helpers.approved


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _queue(programme):
    return f"/program/{programme.slug}/att-acceptera/"


def _page(programme, report):
    return f"/program/{programme.slug}/att-acceptera/{report.pk}/"


def test_mina_sidor_and_the_programme_link_to_the_queue(client, funder, programme, approved):
    client.force_login(funder)
    body = client.get("/mina-sidor/").content.decode()
    assert "Att acceptera" in body and _queue(programme) in body
    assert "1 rapport väntar på acceptans" in body
    detail = client.get(programme.get_absolute_url()).content.decode()
    assert _queue(programme) in detail
    queue = client.get(_queue(programme))
    assert queue.status_code == 200
    text = queue.content.decode()
    assert "Väntar på acceptans" in text and _page(programme, approved) in text


def test_the_queue_is_in_english_too(client, funder, programme, approved):
    client.force_login(funder)
    _english(client)
    assert "1 report awaiting acceptance" in client.get("/mina-sidor/").content.decode()
    text = client.get(_queue(programme)).content.decode()
    assert "Awaiting acceptance" in text and "Review and accept" in text
    page = client.get(_page(programme, approved)).content.decode()
    assert "Accept the report" in page and "Approved" in page


def test_no_queue_for_the_pilots_people_or_programmes_without_acceptance(
    client, approver, funder, programme, approved
):
    client.force_login(approver)
    assert _queue(programme) not in client.get("/mina-sidor/").content.decode()
    assert client.get(_queue(programme)).status_code == 403
    assert client.get(_page(programme, approved)).status_code == 403
    programme.requires_acceptance = False
    programme.save()
    client.force_login(funder)
    assert client.get(_queue(programme)).status_code == 404
    assert _queue(programme) not in client.get("/mina-sidor/").content.decode()


def test_the_funder_accepts_and_the_report_page_shows_who_and_when(
    client, funder, approver, reporter, pilot, programme, approved
):
    client.force_login(funder)
    page = client.get(_page(programme, approved)).content.decode()
    assert "Godkänd" in page and "Acceptera rapporten" in page
    response = client.post(
        _page(programme, approved), {"action": "accept", "accept-version": approved.version}
    )
    assert response.status_code == 302 and response["Location"] == _queue(programme)
    report = PeriodReport.objects.get(pk=approved.pk)
    assert report.accepted_by == funder
    queue = client.get(_queue(programme)).content.decode()
    assert "Inga rapporter väntar på acceptans." in queue and "Accepterade rapporter" in queue
    # The pilot's approver and reporter see who approved and who accepted, and when.
    for person in (approver, reporter):
        client.force_login(person)
        form = client.get(report.get_absolute_url()).content.decode()
        assert "Accepterad av finansiären" in form and str(funder) in form
        assert "Godkänd" in form and str(approver) in form
        assert 'name="action" value="submit"' not in form
    client.force_login(approver)
    review = client.get(
        f"/piloter/{pilot.slug}/rapporter/{report.period_id}/granska/"
    ).content.decode()
    assert "Accepterad av finansiären" in review


def test_a_stale_accept_is_a_form_error(client, funder, programme, approved):
    client.force_login(funder)
    response = client.post(
        _page(programme, approved), {"action": "accept", "accept-version": approved.version + 5}
    )
    assert response.status_code == 400
    assert "Någon annan har ändrat rapporten" in response.content.decode()
    assert not PeriodReport.objects.get(pk=approved.pk).is_accepted


def test_unaccepting_needs_a_comment_and_the_reporter_sees_the_report_returned(
    client, funder, reporter, programme, approved
):
    report = report_accept(report=approved, actor=funder, expected_version=approved.version)
    client.force_login(funder)
    url = _page(programme, report)
    assert "Ta tillbaka acceptansen" in client.get(url).content.decode()
    empty = client.post(
        url, {"action": "unaccept", "unaccept-version": report.version, "unaccept-comment": ""}
    )
    assert empty.status_code == 400 and "Formuläret innehåller fel" in empty.content.decode()
    assert PeriodReport.objects.get(pk=report.pk).is_accepted
    response = client.post(
        url,
        {
            "action": "unaccept",
            "unaccept-version": report.version,
            "unaccept-comment": "Antalet deltagare saknas.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and not report.is_accepted
    assert AuditEvent.objects.filter(action="report.unaccepted", actor=funder).exists()
    client.force_login(reporter)
    dashboard = client.get("/mina-sidor/").content.decode()
    assert "Antalet deltagare saknas." in dashboard
    form = client.get(report.get_absolute_url()).content.decode()
    # Who returned it and when (the date in Sweden: near midnight UTC it is already the next
    # day there), before the comment (not after it in parentheses).
    assert (
        f"Returnerad av {report.decided_by} {localtime(report.decided_at):%Y-%m-%d} "
        "med kommentaren:" in form
    )
    assert 'value="submit"' in form
    history = client.get(f"/piloter/{report.pilot.slug}/historik/").content.decode()
    assert "Accepterade en periodrapport (finansiären)" in history
    assert "Tog tillbaka acceptansen av en periodrapport" in history


@pytest.mark.parametrize("action", ["accept", "unaccept"])
def test_the_pilots_approver_cannot_post_acceptance(client, approver, programme, approved, action):
    client.force_login(approver)
    response = client.post(
        _page(programme, approved),
        {"action": action, f"{action}-version": approved.version, "unaccept-comment": "x"},
    )
    assert response.status_code == 403
    assert not PeriodReport.objects.get(pk=approved.pk).is_accepted


def test_the_programme_form_sets_acceptance(client, funder, programme):
    client.force_login(funder)
    form = client.get(f"/program/{programme.slug}/redigera/").content.decode()
    assert "Finansiären accepterar periodrapporter" in form
    _english(client)
    form = client.get(f"/program/{programme.slug}/redigera/").content.decode()
    assert "The funder accepts period reports" in form


def test_a_second_pilot_report_shows_in_the_queue(
    client, funder, programme, pilot, reporter, approver, approved
):
    second = approved_report(pilot, reporter, approver, index=1)
    client.force_login(funder)
    assert "2 rapporter väntar på acceptans" in client.get("/mina-sidor/").content.decode()
    assert _page(programme, second) in client.get(_queue(programme)).content.decode()


def test_the_report_page_rounds_percentages_and_groups_thousands(
    client, funder, programme, pilot, reporter, approver
):
    from pilots.services import report_approve, report_submit
    from tests.pilots.report_helpers import number_cell, percent_cell, save

    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    values = [number_cell(pilot, "2000"), percent_cell(pilot, "94", "209", "K", "0-17")]
    report = save(period, reporter, values=values)
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    report = report_approve(report=report, actor=approver, expected_version=report.version)
    client.force_login(funder)
    page = client.get(_page(programme, report)).content.decode()
    assert "45,0\u00a0% (94/209)" in page and "44,9761" not in page
    assert "2\u202f000" in page
    _english(client)
    page = client.get(_page(programme, report)).content.decode()
    assert "45.0\u00a0% (94/209)" in page and "2,000" in page
