"""remind_missing_reporters: who is reminded of what, once a day, audited, one job on commit."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from monitoring.models import Reminder, ReminderBatch
from monitoring.selectors import MatrixFilters
from monitoring.services import remind_missing_reporters
from monitoring.services.notifications import reminder_batch_send
from partners.factories import MembershipFactory, UserFactory
from partners.models import AuditEvent, Role
from pilots.factories import PilotFactory
from pilots.models import PilotMembership
from tests.monitoring.helpers import TODAY, build

pytestmark = pytest.mark.django_db
YEAR = MatrixFilters(year=2025)


def test_reminds_the_reporters_of_the_missing_reports_once(
    organisation, other_organisation, approver, reporter, django_capture_on_commit_callbacks
):
    _first, second, _programme = build(organisation)
    PilotFactory(title="Annans pilot", lead_organisation=other_organisation)  # not approver's
    viewer = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    pilot_reporter = UserFactory()
    PilotMembership.objects.create(pilot=second, user=pilot_reporter, role=Role.REPORTER)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = remind_missing_reporters(actor=approver, filters=YEAR, today=TODAY)
    # K3 of both pilots is missing on 2025-11-01 (K4 is not due yet): two reports.
    assert batch.count == 2 and len(callbacks) == 1
    reminded = set(Reminder.objects.values_list("period__pilot__title", "period__label"))
    assert reminded == {("Första piloten", "2025 K3"), ("Andra piloten", "2025 K3")}
    event = AuditEvent.objects.get(action="report.reminders_sent")
    assert event.actor == approver and event.changes == {"count": [None, 2]}
    # The organisation's reporter (and admin, none here) gets one e-mail listing both; the
    # pilot-level reporter one with their pilot only; viewers and approvers none.
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {reporter.email, pilot_reporter.email}
    assert "Första piloten" in by_recipient[reporter.email].body
    assert "Andra piloten" in by_recipient[reporter.email].body
    assert "Första piloten" not in by_recipient[pilot_reporter.email].body
    assert viewer.email not in by_recipient and approver.email not in by_recipient
    assert "/rapporter/" in by_recipient[reporter.email].body
    # A retried job sends nothing again.
    assert reminder_batch_send(batch_id=batch.pk) == 0


def test_the_same_report_is_not_reminded_twice_within_a_day(
    organisation, approver, coordinator, django_capture_on_commit_callbacks
):
    build(organisation)
    assert remind_missing_reporters(actor=approver, filters=YEAR, today=TODAY).count == 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert remind_missing_reporters(actor=coordinator, filters=YEAR, today=TODAY) is None
    assert callbacks == [] and ReminderBatch.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.reminders_sent").count() == 1
    # A day later they may be reminded again.
    Reminder.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    later = TODAY + dt.timedelta(days=1)
    assert remind_missing_reporters(actor=approver, filters=YEAR, today=later).count == 2


def test_only_the_filter_is_reminded(organisation, coordinator):
    _first, _second, programme = build(organisation)
    batch = remind_missing_reporters(
        actor=coordinator, filters=MatrixFilters(year=2025, programme=programme), today=TODAY
    )
    assert list(batch.reminders.values_list("period__pilot__title", flat=True)) == [
        "Första piloten"
    ]
    assert batch.filters == {
        "programme": programme.slug,
        "organisation": None,
        "year": 2025,
        "status": "",
    }


@pytest.mark.parametrize("role", ["reporter", "viewer", "outsider"])
def test_refused_to_those_who_may_not_open_the_matrix(organisation, request, role):
    build(organisation)
    with pytest.raises(PermissionDenied):
        remind_missing_reporters(actor=request.getfixturevalue(role), filters=YEAR, today=TODAY)
    assert (
        not Reminder.objects.exists()
        and not AuditEvent.objects.filter(action="report.reminders_sent").exists()
    )
