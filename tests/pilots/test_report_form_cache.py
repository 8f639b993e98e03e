"""The report form's body cached per viewer: cheap when warm, each session with its own CSRF
token, and every change to what it shows (values, rules, roles, names) visible at once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partners.models import Membership, Role
from pilots.models import PeriodReport, Severity
from pilots.services.report_cells import cell_key
from tests.pilots import report_helpers
from tests.pilots.report_helpers import make_pilot, number_cell, save
from tests.pilots.validation_helpers import gender_rule, rule_pilot

pytestmark = pytest.mark.django_db
pilot = report_helpers.pilot
period = report_helpers.period


def _url(period):
    return f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/"


def _get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _first_period(pilot_):
    first = pilot_.periods.order_by("start").first()
    first.pilot = pilot_
    return first


def test_warm_form_costs_fewer_queries_and_the_same_as_data_grows(client, reporter, organisation):
    client.force_login(reporter)
    small, big = _first_period(make_pilot(organisation)), _first_period(make_pilot(organisation))
    save(small, reporter)
    cells = [number_cell(big.pilot, "5")] + [
        {
            "pilot_indicator": big.pilot.links["percent"].pk,
            "gender": g,
            "age_band": b,
            "numerator": 1,
            "denominator": 2,
        }
        for g in "TKM"
        for b in ["", "0-17", "18-64"]
    ]
    save(big, reporter, values=cells)
    html, cold = _get(client, _url(small))
    _, warm_small = _get(client, _url(small))
    _get(client, _url(big))
    big_html, warm_big = _get(client, _url(big))
    assert warm_small < cold and warm_big == warm_small
    assert f"<title>Rapport {small.label} – {small.pilot.title}" in html
    assert big_html.count('name="csrfmiddlewaretoken"') >= 1


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_session_gets_its_own_valid_token_from_the_cached_body(reporter, period):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client_ in (first, second):
        client_.force_login(reporter)
    tokens = []
    for n, client_ in enumerate((first, second)):
        html = client_.get(_url(period)).content.decode()  # the second is served warm
        tokens.append(_token(html))
        report = PeriodReport.objects.filter(period=period).first()
        data = {
            "csrfmiddlewaretoken": tokens[-1],
            "version": report.version if report else "",
            "action": "save",
            "narrative": f"Sparad i session {n}",
            "lessons-TOTAL_FORMS": "0",
            "lessons-INITIAL_FORMS": "0",
        }
        assert client_.post(_url(period), data).status_code == 302
    assert "csrfTokenPlaceholder" not in "".join(tokens)
    assert PeriodReport.objects.get().narrative == "Sparad i session 1"


def test_a_saved_value_and_narrative_show_at_once(client, reporter, period):
    client.force_login(reporter)
    report = save(period, reporter, values=[number_cell(period.pilot, "12")])
    _get(client, _url(period))
    save(
        period,
        reporter,
        version=report.version,
        values=[number_cell(period.pilot, "47")],
        narrative="Nytt läge i november",
    )
    html, _ = _get(client, _url(period))
    assert 'value="47"' in html and "Nytt läge i november" in html


def test_a_new_validation_rule_shows_on_the_cached_form(
    client, organisation, reporter, coordinator
):
    pilot_ = rule_pilot(organisation)
    period_ = pilot_.first_period
    values = [
        {"pilot_indicator": pilot_.people.pk, "gender": g, "age_band": "", "value": v}
        for g, v in (("K", "3"), ("M", "4"), ("T", "10"))
    ]
    save(period_, reporter, values=values)
    client.force_login(reporter)
    html, _ = _get(client, _url(period_))
    assert "Kvinnor och män är totalt" not in html
    gender_rule(coordinator, severity=Severity.WARNING)  # a library rule
    html, _ = _get(client, _url(period_))
    assert "Varning: Kvinnor och män är totalt." in html
    assert f'id="{cell_key(pilot_.people.pk, "K", "")}' in html or "rule-flagged" in html


def test_a_withdrawn_editing_role_takes_the_form_away_at_once(client, reporter, period):
    client.force_login(reporter)
    html, _ = _get(client, _url(period))
    assert "Spara utkast" in html
    Membership.objects.filter(user=reporter).update(role=Role.VIEWER)
    html, _ = _get(client, _url(period))
    assert "Spara utkast" not in html


def test_the_approvers_name_shows_after_a_rename(client, reporter, approver, period):
    from pilots.services import report_approve, report_submit

    report = save(period, reporter)
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    report_approve(
        report=report, actor=approver, expected_version=report.version, comment="Bra jobbat"
    )
    client.force_login(reporter)
    _get(client, _url(period))
    approver.first_name, approver.last_name = "Greta", "Granskare"
    approver.save()
    html, _ = _get(client, _url(period))
    assert "Greta Granskare" in html
