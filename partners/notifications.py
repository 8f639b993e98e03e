"""Sending e-mail from templates, at most once per key, and who hears about organisations.

The notices of partners (a registration waiting for approval, the coordinator's decision, an
invitation) are services here; partners/tasks.py takes ids and calls one of them. Each returns
False when the row is gone or no longer in the state the notice is about.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from partners.models import Invitation, Organisation, SentNotification
from partners.rules import coordinators_q


def send_templated_email(*, template: str, context: dict, recipients: Iterable[str]) -> int:
    """Render `<template>_subject.txt` and `<template>_body.txt`, send them; return mails sent."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_plain_text(f"{template}_subject.txt", context)
        subject = " ".join(subject.split())
        body = render_plain_text(f"{template}_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def render_plain_text(template_name: str, context: dict) -> str:
    """A template rendered as plain text: no HTML escaping, whatever the template says.

    A subject or text body is not HTML, so `{{ pilot.title }}` must arrive as typed; with
    Django's default autoescaping a title with quotes or < > reached the inbox as `&quot;` and
    `&lt;`. Escaping is switched off here, once for every e-mail, rather than in each template.
    """
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def send_once(key: str, **email) -> bool:
    """Send the e-mail unless one with this key was sent before. Safe to call from retried tasks.

    The key is claimed in the same transaction as the send: if sending raises, the claim is rolled
    back and a retry sends again; if it succeeds, later calls with the same key do nothing.
    """
    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key[:200])
            send_templated_email(**email)
    except IntegrityError:
        return False
    return True


def registration_received_notify(*, organisation_id: int, resubmission: int = 0) -> bool:
    """Tell the coordinators (`partners.rules.coordinators_q`) that an organisation waits for
    approval. `resubmission` is the audit event of a corrected, resubmitted registration: each
    one is announced once."""
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


def organisation_decision_notify(*, organisation_id: int, status: str) -> bool:
    """Tell the organisation's admins the coordinator's decision (once per decision)."""
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


def invitation_send(*, invitation_id: int) -> bool:
    """E-mail an open invitation's link to the invited address (once per invitation)."""
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
