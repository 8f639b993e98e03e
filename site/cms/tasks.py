"""Background jobs for the CMS: confirmation and update e-mails to subscribers.

Each task takes ids, re-fetches, returns quietly if the row is gone, and sends each e-mail at
most once (partners.notifications.send_once), so a retried task never sends twice.
"""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from partners.notifications import send_once

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@shared_task(**RETRY)
def send_subscription_confirmation(subscription_id: int, token: str) -> bool:
    """E-mail the confirmation link of a pending subscription (once per link)."""
    from cms.models import UpdateSubscription

    subscription = UpdateSubscription.objects.filter(pk=subscription_id, token=token).first()
    if subscription is None or subscription.is_confirmed:
        return False
    return send_once(
        f"update-sub-confirm:{subscription.pk}:{token[:40]}",
        template="cms/email/subscription_confirm",
        context={
            "confirm_url": _absolute(reverse("cms:subscription_confirm", args=[token])),
            "unsubscribe_url": _absolute(reverse("cms:subscription_cancel", args=[token])),
        },
        recipients=[subscription.email],
    )


@shared_task(**RETRY)
def send_update_to_subscribers(page_id: int) -> int:
    """E-mail a live, public update to every confirmed subscriber, once per update and address.

    A retry after a failure half-way sends only to the subscribers not yet reached.
    """
    from cms.models import UpdatePage, UpdateSubscription

    page = UpdatePage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        return 0
    url = page.full_url or _absolute(page.url or "/")
    sent = 0
    for subscription in UpdateSubscription.objects.confirmed().order_by("pk").iterator():
        sent += send_once(
            f"update:{page.pk}:{subscription.pk}",
            template="cms/email/update",
            context={
                "page": page,
                "page_url": url,
                "unsubscribe_url": _absolute(
                    reverse("cms:subscription_cancel", args=[subscription.token])
                ),
            },
            recipients=[subscription.email],
        )
    return sent
