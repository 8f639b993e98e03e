"""Background jobs for partners: e-mails about registrations, decisions and invitations.

Each task takes ids, re-fetches, returns quietly if the row is gone, and sends at most once.
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from partners.models import Invitation, Organisation
from partners.notifications import send_once
from partners.rules import coordinators_q

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
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or organisation.status != Organisation.Status.PENDING:
        return False
    recipients = (
        get_user_model().objects.filter(coordinators_q()).values_list("email", flat=True).distinct()
    )
    key = f"org-registered:{organisation.pk}"
    if resubmission:
        key += f":resubmitted:{resubmission}"
    return send_once(
        key,
        template="partners/email/registration_received",
        context={"organisation": organisation, "resubmitted": bool(resubmission)},
        recipients=list(recipients),
    )


@shared_task(**RETRY)
def send_organisation_decision(organisation_id: int, status: str) -> bool:
    """E-mail the organisation's admins the coordinator's decision (once per decision)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or organisation.status != status:
        return False
    recipients = organisation.memberships.filter(role="admin").values_list("user__email", flat=True)
    return send_once(
        f"org-decision:{organisation.pk}:{status}:{organisation.decided_at:%Y%m%d%H%M%S%f}",
        template="partners/email/organisation_decision",
        context={"organisation": organisation},
        recipients=list(recipients),
    )


@shared_task(**RETRY)
def send_invitation(invitation_id: int) -> bool:
    """E-mail an invitation link to the invited address (once per invitation)."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    return send_once(
        f"invitation:{invitation.pk}",
        template="partners/email/invitation",
        context={"invitation": invitation},
        recipients=[invitation.email],
    )
