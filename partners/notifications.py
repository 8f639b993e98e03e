"""Sending e-mail from templates, at most once per key."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from partners.models import SentNotification


def send_templated_email(*, template: str, context: dict, recipients: Iterable[str]) -> int:
    """Render `<template>_subject.txt` and `<template>_body.txt`, send them; return mails sent."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"{template}_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


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
