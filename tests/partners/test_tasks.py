"""Background jobs: each e-mail goes out once, and a job for a vanished row does nothing."""

import pytest

from partners import tasks
from partners.factories import InvitationFactory, OrganisationFactory
from partners.models import Organisation, SentNotification
from partners.notifications import send_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(organisation, org_admin, coordinator):
    from partners.services import organisations as organisation_services

    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    return organisation_services.organisation_approve(organisation=organisation, actor=coordinator)


def test_decision_email_is_sent_once_even_if_the_task_runs_twice(decided, org_admin, mailoutbox):
    assert tasks.send_organisation_decision(decided.pk, "approved") is True
    assert tasks.send_organisation_decision(decided.pk, "approved") is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [org_admin.email]


def test_a_later_decision_about_the_same_organisation_is_sent_too(decided, coordinator, mailoutbox):
    from partners.services import organisations as organisation_services

    tasks.send_organisation_decision(decided.pk, "approved")
    organisation_services.organisation_reject(
        organisation=decided, actor=coordinator, reason="Avtalet sades upp."
    )
    tasks.send_organisation_decision(decided.pk, "rejected")
    assert len(mailoutbox) == 2


def test_a_stale_decision_email_is_not_sent_after_the_decision_changed(decided, mailoutbox):
    assert tasks.send_organisation_decision(decided.pk, "rejected") is False
    assert mailoutbox == []


def test_tasks_return_quietly_when_the_row_is_gone(mailoutbox):
    assert tasks.send_organisation_decision(999999, "approved") is False
    assert tasks.notify_coordinators_of_registration(999999) is False
    assert tasks.send_invitation(999999) is False
    assert mailoutbox == []


def test_decision_task_returns_quietly_when_the_organisation_was_deleted(decided, mailoutbox):
    pk = decided.pk
    decided.delete()
    assert tasks.send_organisation_decision(pk, "approved") is False
    assert mailoutbox == []


def test_invitation_email_is_sent_once_with_the_link(mailoutbox):
    invitation = InvitationFactory()
    assert tasks.send_invitation(invitation.pk) is True
    assert tasks.send_invitation(invitation.pk) is False
    assert len(mailoutbox) == 1
    assert f"/inbjudan/{invitation.token}/" in mailoutbox[0].body


def test_a_revoked_invitation_is_not_emailed(mailoutbox):
    invitation = InvitationFactory(revoked=True)
    assert tasks.send_invitation(invitation.pk) is False
    assert mailoutbox == []


def test_coordinators_are_told_once_about_a_registration(coordinator, mailoutbox):
    org = OrganisationFactory(pending=True)
    assert tasks.notify_coordinators_of_registration(org.pk) is True
    assert tasks.notify_coordinators_of_registration(org.pk) is False
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [coordinator.email]


def test_coordinators_are_not_told_about_an_organisation_already_decided(coordinator, mailoutbox):
    org = OrganisationFactory()
    assert tasks.notify_coordinators_of_registration(org.pk) is False
    assert mailoutbox == []


def test_a_failed_send_is_retried_and_then_goes_out_once(monkeypatch, mailoutbox):
    from partners import notifications

    real = notifications.send_templated_email
    calls = {"n": 0}

    def flaky(**email):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("smtp down")
        return real(**email)

    monkeypatch.setattr(notifications, "send_templated_email", flaky)
    invitation = InvitationFactory()
    email = {
        "template": "partners/email/invitation",
        "context": {"invitation": invitation},
        "recipients": [invitation.email],
    }
    with pytest.raises(OSError):
        send_once("k", **email)
    assert not SentNotification.objects.filter(key="k").exists()
    assert send_once("k", **email) is True
    assert send_once("k", **email) is False
    assert len(mailoutbox) == 1


def test_tasks_retry_on_network_errors_with_backoff():
    for task in (
        tasks.send_invitation,
        tasks.send_organisation_decision,
        tasks.notify_coordinators_of_registration,
    ):
        assert OSError in task.autoretry_for
        assert task.retry_backoff
