"""The portfolio dashboard: what it shows, filters, exports, and a constant query count."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pilots.models import ReportStatus
from programmes import services
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.portfolio import portfolio as portfolio_qs

from .helpers import approve, portfolio

pytestmark = pytest.mark.django_db


def test_reporting_status_for_the_latest_ended_period(organisation, org_admin):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    today = dt.date(2025, 9, 15)  # Q2 (Apr–Jun, due 30 Jul) is the latest ended quarter
    status = {m.pilot_id: m.reporting for m in portfolio_qs(programme=programme, today=today)}
    assert set(status.values()) == {"approved"}
    third = ProgrammePilotFactory(programme=programme)  # no reports: Q2 overdue on 15 Sep
    returned = ProgrammePilotFactory(programme=programme)
    approve(returned.pilot, 1, {}, status=ReportStatus.RETURNED)
    rows = {m.pilot_id: m for m in portfolio_qs(programme=programme, today=today)}
    assert (
        rows[third.pilot_id].reporting == "overdue"
        and rows[returned.pilot_id].reporting == "returned"
    )
    early = {
        m.pilot_id: m.reporting
        for m in portfolio_qs(programme=programme, today=dt.date(2025, 7, 10))
    }
    assert early[third.pilot_id] == "due"
    assert {m.reporting for m in portfolio_qs(programme=programme, today=dt.date(2025, 2, 1))} == {
        "none"
    }
    filtered = portfolio_qs(programme=programme, today=today, filters={"reporting": "overdue"})
    assert [m.pilot_id for m in filtered] == [third.pilot_id]
    services.payout_record(
        membership=members[0], actor=org_admin, paid_on=dt.date(2025, 3, 1), amount_sek=1234
    )
    paid = {m.pk: m.paid_sek for m in portfolio_qs(programme=programme)}
    assert paid[members[0].pk] == 1234 and paid[members[1].pk] == 0


def test_filters_by_stage_and_progress(organisation, org_admin):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=5, periods=1)
    approve(members[0].pilot, 1, {}, progress="off_track")
    stage1, stage2 = programme.stages.order_by("order")
    services.gate_decision_record(
        membership=members[1], stage=stage1, decision="continue", rationale="x", actor=org_admin
    )
    assert [m.pk for m in portfolio_qs(programme=programme, filters={"progress": "off_track"})] == [
        members[0].pk
    ]
    assert [m.pk for m in portfolio_qs(programme=programme, filters={"stage": str(stage2.pk)})] == [
        members[1].pk
    ]
    assert (
        portfolio_qs(programme=programme, filters={"stage": "abc", "progress": "nonsense"}).count()
        == 5
    )


def test_dashboard_shows_pilots_results_budget_and_lessons(organisation, as_role):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    client, _user = as_role("viewer")
    html = client.get(
        reverse("programmes:portfolio", kwargs={"slug": programme.slug})
    ).content.decode()
    for m in members:
        assert m.pilot.title in html
    assert "Lärdom" in html and "Utbetalt" in html and "Andel som fullföljt" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["portfolio", "portfolio_csv", "portfolio_xlsx", "programme_detail", "ledger"]
)
def test_query_count_is_constant_as_pilots_and_periods_grow(
    organisation, as_role, django_assert_max_num_queries, name
):
    programme, _members, count, share = portfolio(owner=organisation, pilots=2, periods=1)
    client, _user = as_role("org_admin")
    url = reverse(f"programmes:{name}", kwargs={"slug": programme.slug})
    small = _count(client, url)
    for _ in range(10):
        pilot_link = ProgrammePilotFactory(programme=programme)
        for i in range(4):
            approve(pilot_link.pilot, i, {count: 5, share: (2, 10)})
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_exports_have_the_expected_rows(organisation, as_role):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    client, _user = as_role("reporter")
    xlsx = client.get(reverse("programmes:portfolio_xlsx", kwargs={"slug": programme.slug}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Pilot" and "Deltagare (personer)" in rows[0]
    assert sorted(r[0] for r in rows[1:]) == sorted(m.pilot.title for m in members)
    col = rows[0].index("Deltagare (personer)")
    assert {r[col] for r in rows[1:]} == {10}  # each pilot's latest approved value
    csv_text = client.get(
        reverse("programmes:portfolio_csv", kwargs={"slug": programme.slug})
    ).content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 6 and csv_text.startswith("Pilot;")


def test_progress_report_xlsx_and_printable_page(organisation, org_admin, as_role):
    programme, _members, _count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    report = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    client, _user = as_role("viewer")
    response = client.get(
        reverse("programmes:report_xlsx", kwargs={"slug": programme.slug, "pk": report.pk})
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Sammanfattning", "Indikatorer", "Piloter", "Lärdomar"]
    indicators = list(book["Indikatorer"].iter_rows(values_only=True))
    assert indicators[0][:4] == ("Indikator", "Enhet", "Värde", "n (piloter)")
    values = {r[0]: (r[2], r[3]) for r in indicators[1:]}
    assert values == {"Andel som fullföljt": (30, 5), "Deltagare": (100, 5)}
    assert len(list(book["Piloter"].iter_rows())) == 1 + 5 * 2
    assert len(list(book["Lärdomar"].iter_rows())) == 1 + 10
    page = client.get(report.get_absolute_url()).content.decode()
    assert "programmes/print.css" in page and 'media="print"' in page


def test_public_sees_only_public_pilots_in_a_published_report(organisation, org_admin, client):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=5, periods=1)
    members[0].pilot.visibility = "private"
    members[0].pilot.save()
    report = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    services.progress_report_update_summary(report=report, actor=org_admin, summary="Sammanfattat.")
    services.progress_report_publish(report=report, actor=org_admin)
    html = client.get(report.get_absolute_url()).content.decode()
    assert members[0].pilot.title not in html and members[1].pilot.title in html
    assert "1 pilot visas inte öppet" in html
    assert ProgrammeFactory  # the factory module imports cleanly
