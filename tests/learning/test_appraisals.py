"""Appraisal workflow: nominate → draft → in review → published, history, re-assessment notices."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from learning.factories import AppraisalFactory
from learning.models import AppraisalStatus, Nomination
from learning.selectors import practices_due
from learning.services import (
    appraisal_create,
    appraisal_publish,
    appraisal_return,
    appraisal_submit,
    appraisal_update,
    nomination_create,
)
from learning.tasks import send_reassessment_notices

pytestmark = pytest.mark.django_db

COMPLETE = {
    "evidence_level": 3,
    "effect": "++",
    "transferability": "+",
    "sustainability": "+",
    "equity": "0",
    "cost": "+",
    "actor_values": {"kommun": "+", "region": "++"},
    "recommendation": "scale_up",
    "rationale": "Effekt visad med jämförelsegrupp i två kommuner.",
}


def test_full_workflow(practice, coordinator, appraiser, second_appraiser):
    nomination = nomination_create(practice=practice, actor=coordinator, reason="Efterfrågad")
    appraisal = appraisal_create(practice=practice, actor=appraiser, nomination=nomination)
    assert appraisal.status == AppraisalStatus.DRAFT
    appraisal = appraisal_update(
        appraisal=appraisal, actor=appraiser, expected_version=1, **COMPLETE
    )
    appraisal = appraisal_submit(appraisal=appraisal, actor=appraiser)
    assert appraisal.status == AppraisalStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):
        appraisal_publish(appraisal=appraisal, actor=appraiser)  # four eyes
    appraisal = appraisal_publish(
        appraisal=appraisal, actor=second_appraiser, today=dt.date(2026, 3, 1)
    )
    assert appraisal.status == AppraisalStatus.PUBLISHED
    assert appraisal.reviewed_by == second_appraiser
    assert appraisal.reassess_by == dt.date(2028, 3, 1)
    assert Nomination.objects.get().appraisal == appraisal


def test_submit_lists_what_is_missing(practice, appraiser):
    appraisal = appraisal_create(practice=practice, actor=appraiser)
    with pytest.raises(ValidationError) as error:
        appraisal_submit(appraisal=appraisal, actor=appraiser)
    assert {"evidence_level", "effect", "recommendation", "rationale"} <= set(
        error.value.error_dict
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"evidence_level": 5},
        {"effect": "+++"},
        {"recommendation": "maybe"},
        {"actor_values": {"martians": "+"}},
        {"actor_values": {"kommun": "x"}},
        {"actor_values": ["kommun"]},
    ],
)
def test_bad_values_are_field_errors(practice, appraiser, bad):
    appraisal = appraisal_create(practice=practice, actor=appraiser)
    with pytest.raises(ValidationError) as error:
        appraisal_update(appraisal=appraisal, actor=appraiser, **bad)
    assert set(error.value.error_dict) == set(bad)


def test_stale_version_and_published_are_refused(practice, appraiser, coordinator):
    appraisal = appraisal_create(practice=practice, actor=appraiser)
    with pytest.raises(ValidationError) as error:
        appraisal_update(appraisal=appraisal, actor=appraiser, expected_version=7, rationale="x")
    assert error.value.code == "stale"
    appraisal = appraisal_update(appraisal=appraisal, actor=appraiser, **COMPLETE)
    appraisal_submit(appraisal=appraisal, actor=appraiser)
    appraisal = appraisal_publish(appraisal=appraisal, actor=coordinator)
    with pytest.raises(ValidationError):
        appraisal_update(appraisal=appraisal, actor=appraiser, rationale="ändrad")


def test_return_sends_back_to_draft(practice, appraiser, coordinator):
    appraisal = AppraisalFactory(practice=practice, in_review=True)
    appraisal = appraisal_return(appraisal=appraisal, actor=coordinator, comment="Motivera mer")
    assert appraisal.status == AppraisalStatus.DRAFT


@pytest.mark.parametrize("role", ["outsider", "reporter", "org_admin", "other_member", "viewer"])
def test_only_the_appraisal_group_and_coordinator_appraise(role, request, practice):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        appraisal_create(practice=practice, actor=user)
    appraisal = AppraisalFactory(practice=practice, in_review=True)
    for service in (appraisal_submit, appraisal_publish, appraisal_return):
        with pytest.raises(PermissionDenied):
            service(appraisal=appraisal, actor=user)
    with pytest.raises(PermissionDenied):
        nomination_create(practice=practice, actor=user)


def test_appraiser_cannot_nominate(practice, appraiser):
    with pytest.raises(PermissionDenied):
        nomination_create(practice=practice, actor=appraiser)


def test_one_open_appraisal_per_practice(practice, appraiser):
    appraisal_create(practice=practice, actor=appraiser)
    with pytest.raises(ValidationError):
        appraisal_create(practice=practice, actor=appraiser)


def test_history_is_kept_and_current_is_latest(client, practice):
    old = AppraisalFactory(practice=practice, published=True, recommendation="keep_piloting")
    new = AppraisalFactory(practice=practice, published=True, recommendation="scale_up")
    new.published_at = old.published_at + dt.timedelta(days=30)
    new.save()
    AppraisalFactory(practice=practice, rationale="HEMLIGT UTKAST")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Tidigare bedömningar" in html
    assert html.index("Skala upp") < html.index("Fortsätt pilotera")
    assert "HEMLIGT UTKAST" not in html
    api = client.get("/api/v1/appraisals/").json()
    assert {a["status"] for a in api["results"]} == {"published"}


def test_drafts_visible_to_appraisers(client, practice, appraiser):
    AppraisalFactory(practice=practice, rationale="UTKAST")
    client.force_login(appraiser)
    assert client.get("/api/v1/appraisals/").json()["count"] == 1


def test_due_practices_and_notices_once(practice, coordinator):
    today = dt.date(2026, 6, 1)
    appraisal = AppraisalFactory(practice=practice, published=True)
    appraisal.reassess_by = today + dt.timedelta(days=30)
    appraisal.save()
    other = AppraisalFactory(published=True)
    other.reassess_by = today + dt.timedelta(days=90)
    other.save()
    assert [i.practice for i in practices_due(today=today)] == [practice]
    assert send_reassessment_notices(today.isoformat()) == 1
    assert send_reassessment_notices(today.isoformat()) == 0
    assert len(mail.outbox) == 1 and coordinator.email in mail.outbox[0].to


def test_published_appraisal_in_api_workflow(client, practice, appraiser, coordinator):
    client.force_login(appraiser)
    response = client.post(
        "/api/v1/appraisals/",
        {"practice": practice.slug, **COMPLETE},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk, version = response.json()["id"], response.json()["version"]
    assert (
        client.post(
            f"/api/v1/appraisals/{pk}/submit/",
            {"expected_version": 99},
            content_type="application/json",
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"/api/v1/appraisals/{pk}/submit/",
            {"expected_version": version},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/appraisals/{pk}/publish/", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(coordinator)
    response = client.post(f"/api/v1/appraisals/{pk}/publish/", {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
