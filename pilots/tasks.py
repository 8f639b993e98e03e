"""Background jobs for period reports: reminders, overdue notices, the approver digest, decisions.

Scheduled daily/weekly by CELERY_BEAT_SCHEDULE (see site/config/settings/base.py) or queued on
commit by the report services. Each task takes ids (or an ISO date, for tests) and calls one
service of pilots/services/notifications.py, which holds who is told what and sends each e-mail
at most once. The import is inside each task: the report services import these tasks.
"""

import datetime as dt

from celery import shared_task
from django.utils import timezone

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _day(today: str | None) -> dt.date:
    return dt.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(**RETRY)
def send_due_reminders(today: str | None = None, days: int | None = None) -> int:
    """Remind reporters of periods due soon that have no submitted or approved report."""
    from pilots.services import notifications

    days = notifications.REMINDER_DAYS if days is None else days
    return notifications.due_reminders_send(today=_day(today), days=days)


@shared_task(**RETRY)
def send_overdue_notices(today: str | None = None) -> int:
    """Tell reporters and approvers once that a period's report is overdue."""
    from pilots.services import notifications

    return notifications.overdue_notices_send(today=_day(today))


@shared_task(**RETRY)
def send_approver_digest(today: str | None = None) -> int:
    """Once a week, e-mail each approver the reports that wait for their decision."""
    from pilots.services import notifications

    return notifications.approver_digest_send(today=_day(today))


@shared_task(**RETRY)
def notify_report_decided(report_id: int) -> bool:
    """Tell the reporters that their report was approved, or returned with a comment."""
    from pilots.services import notifications

    return notifications.report_decided_notify(report_id=report_id)


@shared_task(**RETRY)
def notify_report_submitted(report_id: int) -> bool:
    """Tell the pilot's approvers that a report waits for their decision, with a link to it."""
    from pilots.services import notifications

    return notifications.report_submitted_notify(report_id=report_id)
