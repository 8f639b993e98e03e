"""Sending e-mail from templates, at most once per key."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from partners.models import SentNotification


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
