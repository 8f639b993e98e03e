"""Background jobs of the learning base: the adoption notice and the daily re-assessment check.

Tasks take ids, re-fetch (returning quietly when the row is gone), call one service or send
through `send_once`, so a retried or doubled run never sends the same e-mail twice.
"""

from celery import shared_task

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def notify_adoption(pilot_id: int) -> int:
    """Tell the original pilot's team (reporters, approvers, admins) that it was adopted."""
    from partners.notifications import send_once
    from pilots.models import Pilot
    from pilots.selectors_reports import NOTICE_ROLES, pilot_people

    pilot = (
        Pilot.objects.select_related("adapted_from", "lead_organisation")
        .filter(pk=pilot_id)
        .first()
    )
    if pilot is None or pilot.adapted_from is None:
        return 0
    source = pilot.adapted_from
    sent = 0
    for user in pilot_people(pilot=source, roles=NOTICE_ROLES):
        sent += send_once(
            f"adopted:{pilot.pk}:{user.pk}",
            template="learning/email/adopted",
            context={"pilot": pilot, "source": source, "user": user},
            recipients=[user.email],
        )
    return sent


@shared_task(**RETRY)
def send_reassessment_notices(today: str | None = None) -> int:
    """Daily: notify the coordinator group of practices due for re-assessment."""
    import datetime as dt

    from learning.services import reassessment_notices_send

    return reassessment_notices_send(today=dt.date.fromisoformat(today) if today else None)
