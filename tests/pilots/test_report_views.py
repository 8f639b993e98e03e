"""The report pages: a permission matrix for every URL and action, form errors, query counts."""

import datetime as dt

import pytest

from partners.models import AuditEvent
from pilots.models import IndicatorValue, PeriodReport, ReportingPeriod, ReportStatus
from pilots.services import report_submit
from tests.conftest import ROLES
from tests.pilots import report_helpers
from tests.pilots.report_helpers import make_pilot, number_cell, save

pytestmark = pytest.mark.django_db
period = report_helpers.period
pilot = report_helpers.pilot

LOGIN = "/konto/logga-in/"
READERS = {"viewer", "reporter", "approver", "org_admin", "coordinator"}
REPORTERS = {"reporter", "approver", "org_admin", "coordinator"}
APPROVERS = {"approver", "org_admin", "coordinator"}


def _expect(role, allowed, ok=200):
    if role == "anonymous":
        return 302
    return ok if role in allowed else 403


def _url(period, suffix=""):
    return f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/{suffix}"


def _form(period, version="", action="save", **cells):
    links = period.pilot.links
    data = {
        "version": version,
        "narrative": "Bra period.",
        "progress": "on_track",
        "action": action,
        "lessons-TOTAL_FORMS": "1",
        "lessons-INITIAL_FORMS": "0",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "50",
        f"values-{links['number'].pk}-T--value": "12",
    }
    data.update(cells)
    return data


def _submitted(period, reporter):
    report = save(period, reporter)
    return report_submit(report=report, actor=reporter, expected_version=report.version)


@pytest.mark.parametrize("role", ROLES)
def test_report_form_matrix(as_role, period, role):
    client, _user = as_role(role)
    response = client.get(_url(period))
    assert response.status_code == _expect(role, READERS)
    if role == "anonymous":
        assert response["Location"].startswith(LOGIN)
    response = client.post(_url(period), _form(period))
    assert response.status_code == _expect(role, REPORTERS, ok=302)
    assert PeriodReport.objects.exists() == (role in REPORTERS)


@pytest.mark.parametrize("role", ROLES)
def test_review_matrix(as_role, period, reporter, role):
    report = _submitted(period, reporter)
    client, _user = as_role(role)
    assert client.get(_url(period, "granska/")).status_code == _expect(role, APPROVERS)
    response = client.post(
        _url(period, "granska/"), {"version": report.version, "action": "approve"}
    )
    assert response.status_code == _expect(role, APPROVERS, ok=302)
    report.refresh_from_db()
    assert (report.status == ReportStatus.APPROVED) == (role in APPROVERS)


@pytest.mark.parametrize("role", ROLES)
def test_history_matrix(as_role, period, reporter, role):
    save(period, reporter)
    client, _user = as_role(role)
    response = client.get(f"/piloter/{period.pilot.slug}/historik/")
    assert response.status_code == _expect(role, READERS)
    if response.status_code == 200:
        assert "Det gick bra." in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["import/", "import/mall.csv", "import/mall.xlsx"])
def test_import_matrix(as_role, pilot, role, path):
    client, _user = as_role(role)
    assert client.get(f"/piloter/{pilot.slug}/{path}").status_code == _expect(role, REPORTERS)


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_matrix(as_role, role):
    client, _user = as_role(role)
    assert client.get("/mina-sidor/").status_code == _expect(role, set(ROLES))


def test_unknown_pilot_or_period_is_404(client, reporter, period):
    client.force_login(reporter)
    assert client.get("/piloter/finns-inte/rapporter/1/").status_code == 404
    other = ReportingPeriod.objects.exclude(pilot=period.pilot).first()
    assert (
        other is None
        or client.get(_url(period).replace(str(period.pk), str(other.pk))).status_code == 404
    )
    assert client.get(_url(period).replace(f"/{period.pk}/", "/999999/")).status_code == 404


def test_the_form_shows_the_grid_with_unit_baseline_and_target(client, reporter, period):
    client.force_login(reporter)
    html = client.get(_url(period)).content.decode()
    links = period.pilot.links
    assert f'name="values-{links["percent"].pk}-K-0-17-numerator"' in html
    assert f'name="values-{links["text"].pk}-T--text"' in html
    assert "Utgångsvärde" in html and "Spara utkast" in html and "Skicka för godkännande" in html


def test_the_form_and_the_review_lead_back_to_the_pilot(client, reporter, approver, period):
    pilot = period.pilot
    back = f'<a href="{pilot.get_absolute_url()}">{pilot.title}</a>'
    client.force_login(reporter)
    assert back in client.get(_url(period)).content.decode()
    _submitted(period, reporter)
    client.force_login(approver)
    assert back in client.get(_url(period, "granska/")).content.decode()


def test_errors_show_next_to_the_cell_and_keep_the_entered_values(client, reporter, period):
    client.force_login(reporter)
    links = period.pilot.links
    data = _form(
        period,
        **{
            f"values-{links['number'].pk}-T--value": "tolv",
            f"values-{links['percent'].pk}-M-18-64-numerator": "30",
            f"values-{links['percent'].pk}-M-18-64-denominator": "20",
        },
    )
    response = client.post(_url(period), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="tolv"' in html and 'value="30"' in html
    assert f'id="c{links["number"].pk}-T-0-error"' in html
    assert f'id="c{links["percent"].pk}-M-2-error"' in html
    assert "Täljaren kan inte vara större än nämnaren" in html
    assert not PeriodReport.objects.exists()


def test_save_then_submit_from_the_form(client, reporter, period):
    client.force_login(reporter)
    client.post(_url(period), _form(period))
    report = PeriodReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    response = client.post(_url(period), _form(period, version=report.version, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert "Skicka för godkännande" not in client.get(_url(period)).content.decode()


def test_a_stale_form_is_refused_with_a_clear_message(client, reporter, period):
    client.force_login(reporter)
    save(period, reporter)
    save(period, reporter, version=1)
    response = client.post(_url(period), _form(period, version=1))
    assert response.status_code == 400
    assert "Någon annan har ändrat rapporten" in response.content.decode()


def test_lessons_are_added_from_the_form(client, reporter, period):
    client.force_login(reporter)
    data = _form(
        period,
        **{
            "lessons-0-kind": "bottleneck",
            "lessons-0-dimension": "policy",
            "lessons-0-title": "Sekretess",
            "lessons-0-text": "Delning av data tog tid.",
        },
    )
    assert client.post(_url(period), data).status_code == 302
    assert PeriodReport.objects.get().lessons.get().title == "Sekretess"
    html = client.get(_url(period)).content.decode()
    assert 'name="lessons-1-title"' in html and "Sekretess" in html


def test_return_without_comment_shows_the_error(client, reporter, approver, period):
    report = _submitted(period, reporter)
    client.force_login(approver)
    response = client.post(
        _url(period, "granska/"), {"version": report.version, "action": "return"}
    )
    assert response.status_code == 400
    assert "Skriv en kommentar" in response.content.decode()
    response = client.post(
        _url(period, "granska/"),
        {"version": report.version, "action": "return", "comment": "Saknar K/M."},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="report.returned", message="Saknar K/M.").exists()


def test_report_form_query_count_is_constant(
    client, reporter, organisation, django_assert_max_num_queries
):
    client.force_login(reporter)

    def measure(pilot):
        first = pilot.periods.order_by("start").first()
        first.pilot = pilot
        values = [number_cell(pilot, str(n)) for n in range(1)]
        save(
            first,
            reporter,
            values=values,
            lessons=[
                {"kind": "advice", "dimension": "culture", "title": f"L{n}", "text": "t"}
                for n in range(3)
            ],
        )
        return f"/piloter/{pilot.slug}/rapporter/{first.pk}/"

    small = measure(make_pilot(organisation))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(small).status_code == 200
    bound = len(ctx)
    # The period and its report are one read; the pilot's partners are not preloaded.
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in sqls if '"pilots_pilotpartner"' in sql]
    assert len([sql for sql in sqls if 'FROM "pilots_periodreport"' in sql]) == 0
    big_pilot = make_pilot(organisation, end_date=dt.date(2030, 12, 31))
    big = measure(big_pilot)
    cells = [
        {
            "pilot_indicator": big_pilot.links["percent"].pk,
            "gender": g,
            "age_band": b,
            "numerator": 1,
            "denominator": 2,
        }
        for g in "TKM"
        for b in ["", "0-17", "18-64"]
    ]
    report = PeriodReport.objects.get(pilot=big_pilot)
    period_ = report.period
    period_.pilot = big_pilot
    save(period_, reporter, version=report.version, values=cells)
    assert IndicatorValue.objects.filter(report=report).count() == 9
    with django_assert_max_num_queries(bound):
        assert client.get(big).status_code == 200
    print(f"report form queries: {bound}")


def test_history_is_readable_and_its_query_count_constant(
    client, reporter, approver, period, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = _submitted(period, reporter)
    from pilots.services import report_return

    report = report_return(
        report=report, actor=approver, expected_version=report.version, comment="Mer"
    )
    client.force_login(reporter)
    url = f"/piloter/{period.pilot.slug}/historik/"
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert "Returnerade en periodrapport" in html and "Inskickad → Returnerad" in html
    assert "Kommentar: Mer" in html and "Enligt plan" in html
    for n in range(30):
        report = save(period, reporter, version=report.version, narrative=f"v{n}")
    with django_assert_max_num_queries(len(ctx)):
        assert client.get(url + "?page=2").status_code == 200
    print(f"history queries: {len(ctx)}")


def test_each_history_entry_about_a_report_links_to_that_report(client, reporter, period):
    save(period, reporter)
    client.force_login(reporter)
    html = client.get(f"/piloter/{period.pilot.slug}/historik/").content.decode()
    link = f'href="{_url(period)}"'
    assert link in html
    # The report opens from that link, by clicking alone.
    assert client.get(_url(period)).status_code == 200


def test_a_saved_percentage_can_be_changed_by_its_numerator_alone(client, reporter, period):
    from tests.pilots.report_helpers import percent_cell

    save(period, reporter, values=[percent_cell(period.pilot, "3", "4")])
    client.force_login(reporter)
    html = client.get(_url(period)).content.decode()
    key = f"values-{period.pilot.links['percent'].pk}-T-"
    assert f'name="{key}-numerator" value="3"' in html and f'name="{key}-value" value=""' in html
    data = _form(period, version=1, **{f"{key}-numerator": "2", f"{key}-denominator": "4"})
    assert client.post(_url(period), data).status_code == 302
    value = PeriodReport.objects.get().values.get(pilot_indicator=period.pilot.links["percent"])
    assert value.value == 50
