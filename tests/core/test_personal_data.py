"""Personnummer in typed free text: a warning and an explicit confirmation before saving.

Imports and report cells refuse them outright (tests/pilots/test_imports.py,
tests/benchmarking/test_imports.py, tests/pilots/test_report_services.py); here is the softer
rule for what people type into forms and the API.
"""

import json

import pytest
from django.urls import reverse

from business_cases.forms import CaseForm, LineForm, UnitLineForm
from core.personal_data import CONFIRM_FIELD
from learning.forms import AppraisalForm, ClosingLessonForm, ClosingReportForm
from partners.factories import valid_org_number
from partners.forms import DecisionForm, OrganisationForm
from partners.models import Organisation
from pilots.factories import PilotFactory
from pilots.forms import BasicsForm, CustomIndicatorForm, EvaluationPlanForm, PilotStartForm
from pilots.models import Pilot
from programmes.forms import (
    ApplyForm,
    AssessmentForm,
    CompileForm,
    GateDecisionForm,
    PayoutForm,
    ProgrammeForm,
    RealisedSavingForm,
    StageForm,
    SummaryForm,
    TermsForm,
)

pytestmark = pytest.mark.django_db

PNR = "Deltagare 19121212-1212 slutade"
WARNING = "Texten ser ut att innehålla ett personnummer"
CONFIRM_LABEL = "Jag har kontrollerat att texten inte innehåller uppgifter om enskilda personer"

# (form, constructor keyword arguments, a free-text field the form must check)
FORMS = [
    (PilotStartForm, {"organisations": Organisation.objects.none()}, "title"),
    (BasicsForm, {}, "title"),
    (BasicsForm, {}, "summary"),
    (EvaluationPlanForm, {}, "theory_of_change"),
    (EvaluationPlanForm, {}, "design_notes"),
    (CustomIndicatorForm, {}, "definition"),
    (CaseForm, {}, "notes"),
    (LineForm, {}, "label"),
    (UnitLineForm, {}, "label"),
    (AppraisalForm, {}, "rationale"),
    (ClosingReportForm, {}, "what_worked"),
    (ClosingLessonForm, {}, "text"),
    (OrganisationForm, {}, "description"),
    (DecisionForm, {}, "reason"),
    (ProgrammeForm, {}, "purpose"),
    (StageForm, {}, "name"),
    (TermsForm, {}, "note"),
    (ApplyForm, {}, "note"),
    (GateDecisionForm, {}, "rationale"),
    (AssessmentForm, {}, "comment"),
    (CompileForm, {}, "title"),
    (SummaryForm, {}, "summary"),
    (PayoutForm, {}, "note"),
    (RealisedSavingForm, {}, "evidence"),
]


@pytest.mark.parametrize(("form_class", "kwargs", "field"), FORMS)
def test_every_free_text_form_warns_and_saves_only_when_confirmed(form_class, kwargs, field):
    warned = form_class({field: PNR}, **kwargs)
    assert not warned.is_valid()
    assert any(WARNING in str(e) for e in warned.errors[field])
    assert CONFIRM_FIELD in warned.fields

    confirmed = form_class({field: PNR, CONFIRM_FIELD: "on"}, **kwargs)
    confirmed.is_valid()
    assert not any(WARNING in str(e) for e in confirmed.errors.get(field, []))
    assert CONFIRM_FIELD not in getattr(confirmed, "cleaned_data", {})

    clean = form_class({field: "Deltagarna slutade 2024-01-12"}, **kwargs)
    clean.is_valid()
    assert CONFIRM_FIELD not in clean.fields
    assert not any(WARNING in str(e) for e in clean.errors.get(field, []))


@pytest.fixture
def pilot(organisation):
    return PilotFactory(draft=True, lead_organisation=organisation, summary="")


def _basics(pilot, **extra):
    return {"version": pilot.version, "go": "stay", "title": "Titel", **extra}


def test_wizard_step_warns_on_the_field_and_saves_nothing(client, reporter, pilot):
    client.force_login(reporter)
    url = reverse("pilots:pilot_register_step", kwargs={"slug": pilot.slug, "step": "grunder"})
    response = client.post(url, _basics(pilot, summary=PNR))
    assert response.status_code == 200
    html = response.content.decode()
    assert WARNING in html and CONFIRM_LABEL in html
    # The warning is tied to the field for screen readers, and so is the checkbox.
    assert 'aria-describedby="id_summary_error id_summary_helptext"' in html
    assert 'id="id_summary_error"' in html
    assert f'name="{CONFIRM_FIELD}" aria-describedby="id_summary_error"' in html
    pilot.refresh_from_db()
    assert pilot.summary == ""


def test_wizard_step_saves_after_confirmation(client, reporter, pilot):
    client.force_login(reporter)
    url = reverse("pilots:pilot_register_step", kwargs={"slug": pilot.slug, "step": "grunder"})
    response = client.post(url, _basics(pilot, summary=PNR, **{CONFIRM_FIELD: "on"}))
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.summary == PNR


def test_wizard_step_saves_clean_text_without_a_warning(client, reporter, pilot):
    client.force_login(reporter)
    url = reverse("pilots:pilot_register_step", kwargs={"slug": pilot.slug, "step": "grunder"})
    response = client.post(url, _basics(pilot, summary="Tolv skolor, 2024–2026"), follow=True)
    assert WARNING not in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.summary == "Tolv skolor, 2024–2026"


def test_organisation_description_needs_the_confirmation(client, reporter):
    client.force_login(reporter)
    data = {
        "name": "Ny förening",
        "kind": "civilsamhalle",
        "org_number": valid_org_number(43, "80"),
        "description": "Kontakt: Anna, 850101-1234",
    }
    response = client.post("/organisationer/registrera/", data)
    assert response.status_code == 200 and WARNING in response.content.decode()
    assert not Organisation.objects.filter(name="Ny förening").exists()

    response = client.post("/organisationer/registrera/", {**data, CONFIRM_FIELD: "on"})
    assert response.status_code == 302
    assert Organisation.objects.get(name="Ny förening").description == data["description"]


def test_closing_report_lesson_needs_the_confirmation(client, reporter, organisation):
    own = PilotFactory(lead_organisation=organisation)
    client.force_login(reporter)
    url = f"/kunskapsbank/slutrapport/{own.slug}/"
    data = {"lesson": "1", "kind": "advice", "dimension": "culture", "title": "T", "text": PNR}
    response = client.post(url, data)
    assert response.status_code == 400 and WARNING in response.content.decode()
    assert not own.lessons.exists()
    response = client.post(url, {**data, CONFIRM_FIELD: "on"})
    assert response.status_code == 302
    assert own.lessons.get().text == PNR


def _post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_api_refuses_a_personnummer_with_the_field_message_unless_confirmed(
    client, reporter, organisation
):
    client.force_login(reporter)
    payload = {"lead_organisation": organisation.slug, "title": "API-pilot", "summary": PNR}
    response = _post(client, "/api/v1/pilots/", payload)
    assert response.status_code == 400
    assert WARNING in response.json()["summary"][0]
    assert "confirm_no_personal_data" in response.json()["summary"][0]
    assert not Pilot.objects.filter(title="API-pilot").exists()

    response = _post(client, "/api/v1/pilots/", {**payload, CONFIRM_FIELD: True})
    assert response.status_code == 201
    assert Pilot.objects.get(title="API-pilot").summary == PNR


def test_api_confirmation_flag_is_documented_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    pilot_write = schema["components"]["schemas"]["PilotWriteRequest"]
    assert CONFIRM_FIELD in pilot_write["properties"]
