"""Users reach every period report by links: the pilot page lists every period with its state
and a link, Mina sidor lists drafts, approvers hear of submissions, decisions carry comments and
an early submission asks first."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilots.models import PeriodReport, ReportStatus
from pilots.selectors import period_state
from pilots.services import report_approve, report_return, report_submit
from tests.pilots.report_helpers import make_pilot, save

pytestmark = pytest.mark.django_db


def _period(pilot, n=0):
    period = pilot.periods.order_by("start")[n]
    period.pilot = pilot
    return period


def _submitted(period, reporter):
    report = save(period, reporter)
    return report_submit(report=report, actor=reporter, expected_version=report.version)


@pytest.fixture
def may_2025(monkeypatch):
    day = dt.date(2025, 5, 10)  # K1 ended, K2 running, K3 and K4 to come
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def _period_rows(html: str) -> list[tuple[str, str, str]]:
    table = html.split('class="data-table period-table"')[1].split("</table>")[0]
    return re.findall(
        r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td><span class="status[^"]*">'
        r"([^<]*)</span>",
        table,
    )


def test_pilot_page_lists_every_period_with_its_state_and_a_link(
    client, organisation, reporter, approver, may_2025
):
    pilot = make_pilot(organisation)
    approved = _submitted(_period(pilot, 0), reporter)
    report_approve(report=approved, actor=approver, expected_version=approved.version)
    save(_period(pilot, 1), reporter)  # a draft for a period not yet due
    client.force_login(reporter)
    rows = _period_rows(client.get(pilot.get_absolute_url()).content.decode())
    assert [(label, state) for _url, label, state in rows] == [
        ("2025 K1", "Godkänd"),
        ("2025 K2", "Utkast"),
        ("2025 K3", "Kommande"),
        ("2025 K4", "Kommande"),
    ]
    for url, _label, _state in rows:
        assert client.get(url).status_code == 200


def test_period_states_cover_the_whole_workflow(organisation, reporter, approver):
    pilot = make_pilot(organisation)
    p1, p2, p3 = _period(pilot, 0), _period(pilot, 1), _period(pilot, 2)
    today = dt.date(2025, 5, 10)
    assert period_state(p1, None, today) == "open"
    assert period_state(p3, None, today) == "upcoming"
    report = _submitted(p1, reporter)
    assert period_state(p1, report, today) == ReportStatus.SUBMITTED
    report = report_return(
        report=report, actor=approver, expected_version=report.version, comment="Mer"
    )
    assert period_state(p1, report, today) == ReportStatus.RETURNED
    p2.is_locked = True
    assert period_state(p2, None, today) == "locked"


def test_outsiders_see_no_period_links(client, organisation, other_member):
    pilot = make_pilot(organisation)
    client.force_login(other_member)
    html = client.get(pilot.get_absolute_url()).content.decode()
    assert "period-table" not in html and "/rapporter/" not in html


def test_pilot_page_query_count_does_not_grow_with_periods(
    client, organisation, reporter, django_assert_max_num_queries
):
    client.force_login(reporter)
    small = make_pilot(organisation)
    with CaptureQueriesContext(connection) as ctx:
        client.get(small.get_absolute_url())
    big = make_pilot(organisation)
    for n in range(4):
        save(_period(big, n), reporter)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        html = client.get(big.get_absolute_url()).content.decode()
    assert html.count("Utkast</span>") == 4


def test_editor_finds_the_business_case_from_the_pilot_page(client, organisation, reporter):
    pilot = make_pilot(organisation)
    client.force_login(reporter)
    html = client.get(pilot.get_absolute_url()).content.decode()
    assert "Skapa en kalkyl" in html and f"/piloter/{pilot.slug}/kalkyl/" in html
    client.logout()
    assert "kalkyl" not in client.get(pilot.get_absolute_url()).content.decode().lower()


def test_mina_sidor_lists_my_drafts_whenever_they_are_due(client, organisation, reporter, may_2025):
    pilot = make_pilot(organisation)
    save(_period(pilot, 3), reporter)  # 2025 K4, due in 2026
    client.force_login(reporter)
    html = client.get("/mina-sidor/").content.decode()
    section = html.split('id="h-drafts"')[1].split("</section>")[0]
    assert f'href="/piloter/{pilot.slug}/rapporter/{_period(pilot, 3).pk}/"' in section
    assert "2025 K4" in section


def test_mina_sidor_query_count_is_constant(
    client, organisation, reporter, approver, may_2025, django_assert_max_num_queries
):
    client.force_login(approver)
    first = make_pilot(organisation)
    save(_period(first, 3), reporter)
    _submitted(_period(first, 0), reporter)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/mina-sidor/")
    for _n in range(3):
        pilot = make_pilot(organisation)
        save(_period(pilot, 3), reporter)
        _submitted(_period(pilot, 0), reporter)
        report = _submitted(_period(pilot, 1), reporter)
        report_return(report=report, actor=approver, expected_version=report.version, comment="X")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        html = client.get("/mina-sidor/").content.decode()
    assert html.split('id="h-drafts"')[1].split("</section>")[0].count("<tr>") == 5


def test_approvers_are_emailed_when_a_report_is_submitted(
    organisation, reporter, approver, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _submitted(_period(make_pilot(organisation)), reporter)
    mail = [m for m in mailoutbox if approver.email in m.to]
    assert len(mail) == 1
    assert "väntar på ditt godkännande" in mail[0].subject
    assert f"/rapporter/{report.period_id}/granska/" in mail[0].body
    assert reporter.email not in mail[0].to


def test_reporter_sees_the_approvers_comment_on_approval(
    client, organisation, reporter, approver, mailoutbox, django_capture_on_commit_callbacks
):
    report = _submitted(_period(make_pilot(organisation)), reporter)
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/piloter/{report.pilot.slug}/rapporter/{report.period_id}/granska/",
            {"version": report.version, "action": "approve", "comment": "Tydlig berättelse."},
        )
    assert response.status_code == 302
    client.force_login(reporter)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Godkänd av" in html and "med kommentaren:" in html and "Tydlig berättelse." in html
    assert any("Tydlig berättelse." in m.body for m in mailoutbox if reporter.email in m.to)


def test_return_comment_is_labelled_required_and_refused_when_empty(
    client, organisation, reporter, approver
):
    report = _submitted(_period(make_pilot(organisation)), reporter)
    client.force_login(approver)
    url = f"/piloter/{report.pilot.slug}/rapporter/{report.period_id}/granska/"
    html = client.get(url).content.decode()
    assert "krävs vid retur" in html and "frivilligt" not in html
    response = client.post(url, {"version": report.version, "action": "return", "comment": " "})
    assert response.status_code == 400
    assert "Skriv en kommentar om vad som behöver ändras." in response.content.decode()
    assert PeriodReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def _form(period, action="submit", **extra):
    return {
        "version": "",
        "narrative": "Vi har kommit i gång.",
        "progress": "on_track",
        "action": action,
        "lessons-TOTAL_FORMS": "0",
        "lessons-INITIAL_FORMS": "0",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "50",
        f"values-{period.pilot.links['number'].pk}-T--value": "7",
        **extra,
    }


def test_submitting_before_the_period_ends_asks_first_and_keeps_the_draft(
    client, organisation, reporter, may_2025
):
    period = _period(make_pilot(organisation), 1)  # 2025 K2 runs until 30 June
    client.force_login(reporter)
    url = f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/"
    response = client.post(url, _form(period))
    assert response.status_code == 302 and response["Location"].endswith("?skicka=bekrafta")
    report = PeriodReport.objects.get(period=period)
    assert report.status == ReportStatus.DRAFT and report.narrative == "Vi har kommit i gång."
    html = client.get(response["Location"]).content.decode()
    assert "Perioden har inte slutat än" in html and "30 juni 2025" in html
    data = _form(period, confirm_early="yes", version=str(report.version))
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 302
    assert PeriodReport.objects.get(period=period).status == ReportStatus.SUBMITTED


def test_submitting_an_ended_period_needs_no_confirmation(client, organisation, reporter, may_2025):
    period = _period(make_pilot(organisation), 0)
    client.force_login(reporter)
    client.post(f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/", _form(period))
    assert PeriodReport.objects.get(period=period).status == ReportStatus.SUBMITTED
