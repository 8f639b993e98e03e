"""Background jobs for partners: e-mails about registrations, decisions and invitations.

Each task takes ids and calls one service of partners/notifications.py, which re-fetches, returns
quietly if the row is gone, decides who is told and sends at most once.
"""

from celery import shared_task

from partners import notifications

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def notify_coordinators_of_registration(organisation_id: int, resubmission: int = 0) -> bool:
    """Tell the coordinators that an organisation waits for approval. `resubmission` is the
    audit event of a corrected, resubmitted registration: each one is announced once."""
    return notifications.registration_received_notify(
        organisation_id=organisation_id, resubmission=resubmission
    )


@shared_task(**RETRY)
def send_organisation_decision(organisation_id: int, status: str) -> bool:
    """E-mail the organisation's admins the coordinator's decision (once per decision)."""
    return notifications.organisation_decision_notify(
        organisation_id=organisation_id, status=status
    )


@shared_task(**RETRY)
def send_invitation(invitation_id: int) -> bool:
    """E-mail an invitation link to the invited address (once per invitation)."""
    return notifications.invitation_send(invitation_id=invitation_id)
