"""Who is told what about period reports, and when: reminders, overdue notices, the approver
digest, submissions and decisions.

The tasks in pilots/tasks.py (scheduled by CELERY_BEAT_SCHEDULE, or queued on commit by the
report services) take ids or an ISO date and call one of these. Each e-mail goes through
`send_once` with a key naming what was sent to whom, so a run repeated, or retried after a
failure half-way, never sends the same e-mail twice; a row that is gone is skipped quietly.
"""

import datetime as dt
from collections import defaultdict

from django.urls import reverse

from partners.notifications import send_once
from pilots.models import PeriodReport, ReportStatus
from pilots.rules import APPROVE_ROLES
from pilots.selectors.reports import (
    NOTICE_ROLES,
    REPORTER_ROLES,
    pilot_people,
    unreported_periods,
)

REMINDER_DAYS = 7
# Overdue notices go out once per period and person; periods overdue for longer than this are not
# announced (so the first run on old data does not flood inboxes with stale notices).
OVERDUE_WINDOW_DAYS = 60


def _report_path(period) -> str:
    return reverse("pilots:report_edit", kwargs={"slug": period.pilot.slug, "period_id": period.pk})


def _review_path(report) -> str:
    return reverse(
        "pilots:report_review", kwargs={"slug": report.pilot.slug, "period_id": report.period_id}
    )


def due_reminders_send(*, today: dt.date, days: int = REMINDER_DAYS) -> int:
    """Remind the reporters of periods due within `days` that have no submitted or approved
    report. Returns the number of e-mails sent."""
    periods = unreported_periods().filter(
        due_date__gte=today, due_date__lte=today + dt.timedelta(days=days)
    )
    return _notify_period_people(periods, roles=REPORTER_ROLES, kind="report_due")


def overdue_notices_send(*, today: dt.date) -> int:
    """Tell the reporters and approvers once that a period's report is overdue (periods overdue
    for up to OVERDUE_WINDOW_DAYS). Returns the number of e-mails sent."""
    periods = unreported_periods().filter(
        due_date__lt=today, due_date__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    )
    return _notify_period_people(periods, roles=NOTICE_ROLES, kind="report_overdue")


def _notify_period_people(periods, *, roles, kind: str) -> int:
    """E-mail each of the pilot's people in `roles` once per period, with pilots/email/<kind>."""
    sent = 0
    for period in periods:
        for user in pilot_people(pilot=period.pilot, roles=roles):
            sent += send_once(
                f"{kind.replace('_', '-')}:{period.pk}:{user.pk}",
                template=f"pilots/email/{kind}",
                context={
                    "period": period,
                    "pilot": period.pilot,
                    "user": user,
                    "path": _report_path(period),
                },
                recipients=[user.email],
            )
    return sent


def approver_digest_send(*, today: dt.date) -> int:
    """Once per ISO week, e-mail each approver the reports that wait for their decision."""
    year, week, _ = today.isocalendar()
    waiting = defaultdict(list)
    users = {}
    reports = (
        PeriodReport.objects.awaiting_approval()
        .select_related("pilot", "period")
        .order_by("submitted_at")
    )
    for report in reports:
        for user in pilot_people(pilot=report.pilot, roles=list(APPROVE_ROLES)):
            users[user.pk] = user
            waiting[user.pk].append(report)
    sent = 0
    for user_id, items in waiting.items():
        sent += send_once(
            f"approver-digest:{user_id}:{year}-W{week:02d}",
            template="pilots/email/approver_digest",
            context={"user": users[user_id], "reports": [(r, _review_path(r)) for r in items]},
            recipients=[users[user_id].email],
        )
    return sent


def report_decided_notify(*, report_id: int) -> bool:
    """Tell the reporters (and whoever submitted) that their report was approved, or returned
    with a comment. False when the report is gone or no longer decided."""
    report = (
        PeriodReport.objects.select_related("pilot", "period", "submitted_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status not in (ReportStatus.APPROVED, ReportStatus.RETURNED):
        return False
    recipients = [u.email for u in pilot_people(pilot=report.pilot, roles=REPORTER_ROLES)]
    if report.submitted_by and report.submitted_by.is_active:
        recipients.append(report.submitted_by.email)
    return send_once(
        f"report-decided:{report.pk}:{report.status}:{report.version}",
        template="pilots/email/report_decided",
        context={
            "report": report,
            "pilot": report.pilot,
            "period": report.period,
            "path": _report_path(report.period),
        },
        recipients=recipients,
    )


def report_submitted_notify(*, report_id: int) -> bool:
    """Tell the pilot's approvers that a report waits for their decision, with a link to it.
    False when the report is gone, no longer submitted, or the pilot has no approver."""
    report = (
        PeriodReport.objects.select_related("pilot", "period", "submitted_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status != ReportStatus.SUBMITTED:
        return False
    recipients = [u.email for u in pilot_people(pilot=report.pilot, roles=list(APPROVE_ROLES))]
    if not recipients:
        return False
    return send_once(
        f"report-submitted:{report.pk}:{report.version}",
        template="pilots/email/report_submitted",
        context={
            "report": report,
            "pilot": report.pilot,
            "period": report.period,
            "path": _review_path(report),
        },
        recipients=recipients,
    )
