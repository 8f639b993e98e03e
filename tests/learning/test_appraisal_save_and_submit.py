"""The appraisal form's "Skicka till granskning" saves and submits in one step: a refused submit
leaves nothing saved, so the appraiser completes the form and sends it again without being told
that someone else changed the appraisal."""

import pytest
from django.urls import reverse

from learning.models import Appraisal, AppraisalStatus
from learning.services import appraisal_create
from partners.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form(version, **overrides):
    data = {
        "version": version,
        "evidence_level": "3",
        "effect": "++",
        "transferability": "+",
        "sustainability": "+",
        "equity": "0",
        "cost": "+",
        "recommendation": "scale_up",
        "rationale": "Effekt visad med jämförelsegrupp i två kommuner.",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_a_refused_submit_saves_nothing_and_the_corrected_form_goes_through(
    client, practice, appraiser
):
    appraisal = appraisal_create(practice=practice, actor=appraiser)
    client.force_login(appraiser)
    url = reverse("learning:appraisal_edit", kwargs={"pk": appraisal.pk})
    version = appraisal.version

    refused = client.post(url, _form(version, rationale=""))
    assert refused.status_code == 400
    assert "Motivera rekommendationen." in refused.content.decode()
    appraisal.refresh_from_db()
    assert (appraisal.version, appraisal.status, appraisal.effect) == (version, "draft", "")
    assert not AuditEvent.objects.filter(action="appraisal.updated").exists()

    accepted = client.post(url, _form(version))
    assert accepted.status_code == 302
    appraisal = Appraisal.objects.get(pk=appraisal.pk)
    assert appraisal.status == AppraisalStatus.IN_REVIEW
    assert appraisal.effect == "++"
    assert set(
        AuditEvent.objects.filter(object_id=str(appraisal.pk)).values_list("action", flat=True)
    ) >= {"appraisal.updated", "appraisal.submitted"}


def test_save_alone_still_saves_an_incomplete_draft(client, practice, appraiser):
    appraisal = appraisal_create(practice=practice, actor=appraiser)
    client.force_login(appraiser)
    url = reverse("learning:appraisal_edit", kwargs={"pk": appraisal.pk})
    response = client.post(url, _form(appraisal.version, rationale="", action="save"))
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert (appraisal.status, appraisal.effect) == ("draft", "++")


def test_an_api_appraisal_with_a_bad_grade_is_refused_and_not_started(client, practice, appraiser):
    client.force_login(appraiser)
    response = client.post(
        "/api/v1/appraisals/",
        {"practice": practice.slug, "actor_values": {"martians": "+"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "actor_values" in response.json()
    assert not Appraisal.objects.filter(practice=practice).exists()
