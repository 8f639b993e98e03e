"""Validation rules on the pages and the API: the report form marks the cells of failed rules
and lists them, the approver sees warnings, a pilot team keeps its rules, the API reads and
writes rules and refuses reports with the failing rules and cells; query counts stay constant."""

import json

import pytest

from pilots.models import IndicatorValue, PeriodReport, Severity, ValidationRule
from pilots.services import report_save, report_submit
from pilots.services.report_cells import cell_key
from tests.pilots.validation_helpers import cell, gender_rule, rule_pilot

pytestmark = pytest.mark.django_db
EDITORS = {"reporter", "approver", "org_admin", "coordinator"}
INSIDERS = EDITORS | {"viewer"}


@pytest.fixture
def pilot(organisation):
    return rule_pilot(organisation)


def _report_url(pilot):
    return f"/piloter/{pilot.slug}/rapporter/{pilot.first_period.pk}/"


def _post_split(client, pilot, k, m, t, action="save"):
    data = {"version": "", "action": action, "lessons-TOTAL_FORMS": "0"}
    data["lessons-INITIAL_FORMS"] = "0"
    for gender, value in (("K", k), ("M", m), ("T", t)):
        data[f"{cell_key(pilot.people.pk, gender, '')}-value"] = value
    return client.post(_report_url(pilot), data)


def test_the_form_names_the_failed_rule_and_marks_its_cells(client, pilot, reporter, coordinator):
    gender_rule(coordinator)
    client.force_login(reporter)
    response = _post_split(client, pilot, "3", "4", "10")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Valideringsregler som inte håller" in html
    assert "Stoppar sparandet: Kvinnor och män är totalt." in html
    assert "beräknat 7, ska vara = 10" in html
    dom_id = f"c{pilot.people.pk}-K-0"
    assert f'href="#{dom_id}"' in html
    assert f'aria-describedby="{dom_id}-error rule-' in html
    # The list and the summary write a cell alike: "(Kvinnor, alla åldrar)", lower case.
    assert "Kvinnor, alla åldrar)" in html and "Kvinnor, Alla åldrar)" not in html
    assert not PeriodReport.objects.exists()


def test_a_warning_is_saved_and_shown_on_the_form_and_to_the_approver(
    client, pilot, reporter, approver, coordinator
):
    gender_rule(coordinator, severity=Severity.WARNING)
    client.force_login(reporter)
    response = _post_split(client, pilot, "3", "4", "10")
    assert response.status_code == 302
    html = client.get(_report_url(pilot)).content.decode()
    assert "Varning: Kvinnor och män är totalt." in html
    report = PeriodReport.objects.get()
    report_submit(report=report, actor=reporter, expected_version=report.version)
    client.force_login(approver)
    html = client.get(_report_url(pilot) + "granska/").content.decode()
    assert "Varning: Kvinnor och män är totalt." in html
    assert f'id="c{pilot.people.pk}-K-0" class="rule-flagged"' in html


def test_the_form_in_english(client, pilot, reporter, coordinator):
    gender_rule(coordinator)
    client.force_login(reporter)
    client.cookies.load({"django_language": "en"})
    html = _post_split(client, pilot, "3", "4", "10").content.decode()
    assert "Validation rules that do not hold" in html
    assert "Blocks saving: Kvinnor och män är totalt." in html
    assert "calculated 7, should be = 10" in html


def test_evaluating_rules_adds_no_query_per_rule(
    client, pilot, reporter, coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report_save(
        period=pilot.first_period,
        actor=reporter,
        expected_version=None,
        values=[
            cell(pilot.people, "3", "K"),
            cell(pilot.people, "4", "M"),
            cell(pilot.people, "10"),
        ],
        narrative="",
        progress="",
    )
    gender_rule(coordinator, severity=Severity.WARNING)
    client.force_login(reporter)
    with CaptureQueriesContext(connection) as one:
        assert "Kvinnor och män" in client.get(_report_url(pilot)).content.decode()
    for n in range(15):
        gender_rule(
            coordinator,
            pilot=pilot if n % 2 else None,
            severity=Severity.WARNING,
            name=f"Regel {n}",
            right=f"{{Testdeltagare}} + {n}",
        )
        gender_rule(coordinator, name=f"Folk {n}", right="0,5 * folkmängd")
    with django_assert_max_num_queries(len(one) + 1):  # + the kommuner's population, once
        html = client.get(_report_url(pilot)).content.decode()
    assert "Regel 14" in html


# -- a pilot team's rules page -------------------------------------------------------------------


def _rules_url(pilot):
    return f"/piloter/{pilot.slug}/valideringsregler/"


RULE_FORM = {
    "name": "Unga högst totalt",
    "left": "{Testdeltagare|0-17}",
    "operator": "<=",
    "right": "{Testdeltagare}",
    "message": "Unga kan inte vara fler än alla.",
    "severity": "blocking",
    "is_active": "on",
}


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "outsider",
        "other_member",
        "viewer",
        "reporter",
        "approver",
        "org_admin",
        "coordinator",
    ],
)
def test_who_may_read_and_add_a_pilots_rules(as_role, pilot, role):
    client, _user = as_role(role)
    response = client.get(_rules_url(pilot))
    expected = 302 if role == "anonymous" else 200 if role in INSIDERS else 403
    assert response.status_code == expected
    response = client.post(_rules_url(pilot), RULE_FORM)
    created = ValidationRule.objects.filter(pilot=pilot).exists()
    assert created == (role in EDITORS)
    if role in EDITORS:
        assert response.status_code == 302


def test_the_rules_page_lists_library_and_own_rules_and_shows_errors(
    client, pilot, reporter, coordinator
):
    gender_rule(coordinator)
    client.force_login(reporter)
    html = client.get(_rules_url(pilot)).content.decode()
    assert "{Testdeltagare|K} + {Testdeltagare|M} = {Testdeltagare}" in html
    assert "Piloten har inga egna regler ännu." in html
    response = client.post(_rules_url(pilot), {**RULE_FORM, "left": "{Testdeltagare|0-17"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Regeln sparades inte" in html and "saknar sin avslutande" in html
    assert 'href="#id_left"' in html
    client.post(_rules_url(pilot), RULE_FORM)
    rule = ValidationRule.objects.get(pilot=pilot)
    edit = f"{_rules_url(pilot)}{rule.pk}/"
    assert "{Testdeltagare|0-17}" in client.get(edit).content.decode()
    assert client.post(edit, {**RULE_FORM, "name": "Nytt namn"}).status_code == 302
    rule.refresh_from_db()
    assert rule.name == "Nytt namn"
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not ValidationRule.objects.filter(pilot=pilot).exists()


def test_the_help_texts_example_uses_the_pilots_indicator_and_parses(client, pilot, reporter):
    import html as html_lib
    import re

    from pilots.selectors.validation import usable_indicators
    from pilots.validation.expressions import parse

    client.force_login(reporter)
    page = client.get(_rules_url(pilot)).content.decode()
    left = re.search(r'id="id_left_helptext">Till exempel (.+?)\.</p>', page).group(1)
    right = re.search(r'id="id_right_helptext">Till exempel (.+?), ett tal', page).group(1)
    left, right = html_lib.unescape(left), html_lib.unescape(right)
    indicators = {i.name.lower(): i for i in usable_indicators(pilot)}
    assert left.strip("{}").split("|")[0].lower() in indicators
    assert parse(left, indicators) and parse(right, indicators)  # a copied example works


def test_without_indicators_the_help_explains_instead(client, organisation, reporter):
    from pilots.factories import PilotFactory

    bare = PilotFactory(lead_organisation=organisation)
    client.force_login(reporter)
    page = client.get(_rules_url(bare)).content.decode()
    assert "Skriv en indikators namn inom klammerparenteser" in page
    assert "{Deltagare|K}" not in page


def test_the_rules_page_in_english(client, pilot, reporter):
    client.force_login(reporter)
    client.cookies.load({"django_language": "en"})
    html = client.get(_rules_url(pilot)).content.decode()
    assert "Validation rules" in html and "Add a rule" in html


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_others_may_not_edit_or_delete_a_pilot_rule(as_role, pilot, coordinator, role):
    rule = gender_rule(coordinator, pilot=pilot)
    client, _user = as_role(role)
    edit = f"{_rules_url(pilot)}{rule.pk}/"
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"action": "delete"}).status_code == 403
    assert ValidationRule.objects.filter(pk=rule.pk).exists()


def test_a_library_rule_cannot_be_edited_from_a_pilots_page(client, pilot, reporter, coordinator):
    rule = gender_rule(coordinator)
    client.force_login(reporter)
    assert client.get(f"{_rules_url(pilot)}{rule.pk}/").status_code == 404


# -- the API ---------------------------------------------------------------------------------


def _api(client, method, url, data=None):
    return getattr(client, method)(
        url, data=json.dumps(data or {}), content_type="application/json"
    )


API_RULE = {
    "name": "Unga högst totalt",
    "message": "Unga kan inte vara fler än alla.",
    "severity": "warning",
    "left": "{Testdeltagare|0-17}",
    "operator": "<=",
    "right": "{Testdeltagare}",
}


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "outsider",
        "other_member",
        "viewer",
        "reporter",
        "approver",
        "org_admin",
        "coordinator",
    ],
)
def test_api_who_reads_and_writes_rules(as_role, pilot, coordinator, role):
    library = gender_rule(coordinator)
    own = gender_rule(coordinator, pilot=pilot, name="Pilotens regel")
    client, _user = as_role(role)
    listed = {r["name"] for r in client.get("/api/v1/validation-rules/").json()["results"]}
    assert library.name in listed
    assert (own.name in listed) == (role in INSIDERS)
    response = _api(client, "post", "/api/v1/validation-rules/", {**API_RULE, "pilot": pilot.slug})
    assert (response.status_code == 201) == (role in EDITORS), response.content
    response = _api(client, "post", "/api/v1/validation-rules/", API_RULE)
    assert (response.status_code == 201) == (role == "coordinator")
    response = _api(client, "patch", f"/api/v1/validation-rules/{library.pk}/", {"name": "X"})
    assert (response.status_code == 200) == (role == "coordinator")
    response = _api(client, "patch", f"/api/v1/validation-rules/{own.pk}/", {"name": "Y"})
    assert (response.status_code == 200) == (role in EDITORS)


def test_api_rule_shape_and_errors(client, pilot, coordinator):
    client.force_login(coordinator)
    response = _api(client, "post", "/api/v1/validation-rules/", API_RULE)
    body = response.json()
    assert body["left"] == "{Testdeltagare|0-17}" and body["pilot"] is None
    assert body["indicators"] == [pilot.people.indicator_id]
    response = _api(client, "post", "/api/v1/validation-rules/", {**API_RULE, "right": "{Nej}"})
    assert response.status_code == 400 and "ingen indikator" in response.json()["right"][0]
    rule = ValidationRule.objects.get()
    assert _api(client, "delete", f"/api/v1/validation-rules/{rule.pk}/").status_code == 204


def test_api_report_save_and_submit_answer_400_with_the_failing_rules_and_cells(
    client, pilot, reporter, coordinator
):
    client.force_login(reporter)
    values = [
        {"pilot_indicator": pilot.people.pk, "gender": g, "age_band": "", "value": v}
        for g, v in (("K", "3"), ("M", "4"), ("T", "10"))
    ]
    response = _api(
        client,
        "post",
        f"/api/v1/periods/{pilot.first_period.pk}/report/",
        {"expected_version": None, "values": values},
    )
    assert response.status_code == 200
    gender_rule(coordinator)
    report = PeriodReport.objects.get()
    response = _api(
        client, "post", f"/api/v1/reports/{report.pk}/submit/", {"expected_version": report.version}
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert cell_key(pilot.people.pk, "K", "") in body
    assert "Kvinnor och män är totalt" in " ".join(body["non_field_errors"])
    values[0]["value"] = "2"
    response = _api(
        client,
        "post",
        f"/api/v1/periods/{pilot.first_period.pk}/report/",
        {"expected_version": report.version, "values": values},
    )
    assert response.status_code == 400
    assert IndicatorValue.objects.get(gender="K").value == 3


# -- the coordinator's library in the Wagtail admin -------------------------------------------

ADMIN_FORM = {
    "name": "Kvinnor och män",
    "left": "{Testdeltagare|K} + {Testdeltagare|M}",
    "operator": "=",
    "right": "{Testdeltagare}",
    "message": "Summan ska vara totalt.",
    "severity": "blocking",
    "is_active": "on",
}


def test_the_admin_keeps_the_library_through_the_service(client, pilot, coordinator):
    from django.urls import reverse

    from partners.groups import ensure_coordinator_group
    from partners.models import AuditEvent

    ensure_coordinator_group()
    own = gender_rule(coordinator, pilot=pilot, name="Pilotens egen regel")
    client.force_login(coordinator)
    response = client.post(reverse("pilots_validation_rule:add"), ADMIN_FORM)
    assert response.status_code == 302
    rule = ValidationRule.objects.get(pilot=None)
    assert rule.indicator_ids == {pilot.people.indicator_id}
    index = client.get(reverse("pilots_validation_rule:index")).content.decode()
    assert "Kvinnor och män" in index and "Pilotens egen regel" not in index
    assert client.get(reverse("pilots_validation_rule:edit", args=[own.pk])).status_code == 404
    edit = client.get(reverse("pilots_validation_rule:edit", args=[rule.pk])).content.decode()
    assert "{Testdeltagare|K} + {Testdeltagare|M}" in edit
    response = client.post(
        reverse("pilots_validation_rule:edit", args=[rule.pk]), {**ADMIN_FORM, "right": "{Nej"}
    )
    assert response.status_code == 200
    assert "saknar sin avslutande" in response.context["form"].errors["right"][0]
    response = client.post(reverse("pilots_validation_rule:delete", args=[rule.pk]))
    assert response.status_code == 302
    assert not ValidationRule.objects.filter(pk=rule.pk).exists()
    assert AuditEvent.objects.filter(action="indicator.rule_deleted", actor=coordinator).exists()


def test_the_admin_library_refuses_partner_staff(client, reporter):
    from django.urls import reverse

    client.force_login(reporter)
    response = client.get(reverse("pilots_validation_rule:index"))
    assert response.status_code in (302, 403)
