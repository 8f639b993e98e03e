"""Celery tasks: reminders, overdue notices, the approver digest and decisions, each sent once."""

import pytest

from pilots import tasks
from pilots.models import PilotStatus
from pilots.services import report_approve, report_submit
from tests.pilots.report_helpers import make_pilot, save

pytestmark = pytest.mark.django_db


def _first(pilot):
    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    return period


def _submitted(pilot, reporter):
    report = save(_first(pilot), reporter)
    return report_submit(report=report, actor=reporter, expected_version=report.version)


def _to(mailoutbox):
    return sorted(address for mail in mailoutbox for address in mail.to)


def test_reminders_go_to_reporters_before_the_due_date_once(
    organisation, reporter, approver, viewer, mailoutbox
):
    pilot = make_pilot(organisation)
    assert tasks.send_due_reminders(today="2025-04-25") == 1
    assert _to(mailoutbox) == [reporter.email]
    assert (
        pilot.title in mailoutbox[0].subject
        and f"/rapporter/{_first(pilot).pk}/" in mailoutbox[0].body
    )
    assert tasks.send_due_reminders(today="2025-04-26") == 0
    assert len(mailoutbox) == 1


def test_no_reminder_when_the_report_is_submitted_or_too_early_or_the_pilot_is_a_draft(
    organisation, reporter, mailoutbox
):
    _submitted(make_pilot(organisation), reporter)
    make_pilot(organisation, status=PilotStatus.DRAFT)
    assert tasks.send_due_reminders(today="2025-04-25") == 0
    assert tasks.send_due_reminders(today="2025-03-01") == 0
    assert mailoutbox == []


def test_overdue_notices_go_to_reporters_and_approvers_once(
    organisation, reporter, approver, org_admin, mailoutbox
):
    make_pilot(organisation)
    assert tasks.send_overdue_notices(today="2025-05-02") == 3
    assert _to(mailoutbox) == sorted([reporter.email, approver.email, org_admin.email])
    assert "Försenad" in mailoutbox[0].subject
    assert tasks.send_overdue_notices(today="2025-05-03") == 0


def test_the_weekly_digest_lists_waiting_reports_once_a_week(
    organisation, reporter, approver, mailoutbox
):
    pilot = make_pilot(organisation)
    _submitted(pilot, reporter)
    assert tasks.send_approver_digest(today="2025-05-05") == 1
    assert approver.email in mailoutbox[0].to and pilot.title in mailoutbox[0].body
    assert tasks.send_approver_digest(today="2025-05-07") == 0
    assert tasks.send_approver_digest(today="2025-05-12") == 1


def test_decision_is_queued_on_commit_and_sent_once(
    organisation, reporter, approver, django_capture_on_commit_callbacks, mailoutbox
):
    report = _submitted(make_pilot(organisation), reporter)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_approve(report=report, actor=approver, expected_version=report.version)
    assert len(callbacks) == 1 and mailoutbox == []
    callbacks[0]()
    assert reporter.email in mailoutbox[0].to and "godkänd" in mailoutbox[0].subject
    assert tasks.notify_report_decided(report.pk) is False
    assert len(mailoutbox) == 1


def test_tasks_return_quietly_for_missing_rows(db):
    assert tasks.notify_report_decided(999999) is False
    assert tasks.send_approver_digest() == 0


def test_a_failed_send_is_retried_without_duplicates(
    organisation, reporter, monkeypatch, mailoutbox
):
    from partners import notifications

    make_pilot(organisation)
    real = notifications.send_templated_email
    monkeypatch.setattr(
        notifications, "send_templated_email", lambda **kw: (_ for _ in ()).throw(OSError("smtp"))
    )
    with pytest.raises(OSError):
        tasks.send_due_reminders.run(today="2025-04-25")
    monkeypatch.setattr(notifications, "send_templated_email", real)
    assert tasks.send_due_reminders.run(today="2025-04-25") == 1
    assert tasks.send_due_reminders.run(today="2025-04-25") == 0
    assert len(mailoutbox) == 1


def test_beat_schedule_names_existing_tasks(settings):
    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
