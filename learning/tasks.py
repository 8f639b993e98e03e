"""Background jobs of the learning base: the adoption notice and the daily re-assessment check.

Tasks take ids, re-fetch (returning quietly when the row is gone), call one service, which
sends through `send_once`, so a retried or doubled run never sends the same e-mail twice.
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
    from learning.services import adoption_notices_send

    return adoption_notices_send(pilot_id=pilot_id)


@shared_task(**RETRY)
def send_reassessment_notices(today: str | None = None) -> int:
    """Daily: notify the coordinator group of practices due for re-assessment."""
    import datetime as dt

    from learning.services import reassessment_notices_send

    return reassessment_notices_send(today=dt.date.fromisoformat(today) if today else None)
