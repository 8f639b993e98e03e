"""Background jobs of the monitoring app, queued on commit by its services (through the outbox).

Each takes ids and calls one service of monitoring/services/notifications.py. The import is
inside the task: the services import this module.
"""

from celery import shared_task

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def send_matrix_reminders(batch_id: int) -> int:
    """E-mail the reporters of one press of "Påminn rapportörerna"."""
    from monitoring.services import notifications

    return notifications.reminder_batch_send(batch_id=batch_id)
