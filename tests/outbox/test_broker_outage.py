"""No lost jobs: Redis is killed mid-run, users keep working, and every notification and
reindexing they caused is delivered exactly once when the broker returns and the outbox flushes.

Runs a private redis-server (never the shared one) and a real Celery worker thread on the
PostgreSQL test database; see tests/outbox/redis_worker.py.
"""

import io
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from outbox.models import OutboxMessage
from partners.factories import UserFactory, valid_org_number
from partners.models import OrganisationKind
from partners.services import organisations as organisation_services
from pilots.services import pilot_update, report_approve, report_return, report_submit
from search.models import SearchDocument
from tests.outbox.redis_worker import RedisServer, celery_worker_on, redis_available, wait_until
from tests.pilots.report_helpers import make_pilot, save

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.skipif(not redis_available(), reason="needs redis-server on PATH"),
]

# A user action must not wait for a dead broker longer than this (kombu's bounded retry).
MAX_SECONDS_PER_ACTION = 5


@pytest.fixture
def broker():
    server = RedisServer()
    server.start()
    yield server
    server.kill()


def _submitted(pilot, index, reporter):
    period = pilot.periods.order_by("start")[index]
    period.pilot = pilot
    report = save(period, reporter, narrative=f"Period {index + 1}")
    return report_submit(report=report, actor=reporter, expected_version=report.version)


def _register(name, number):
    applicant = UserFactory()
    return organisation_services.organisation_register(
        actor=applicant,
        name=name,
        kind=OrganisationKind.CIVILSAMHALLE,
        org_number=valid_org_number(number, prefix="80"),
    )


def _mails(approver):
    """The e-mails this test follows: approval notices and registrations. The notices to the
    approver that a report was submitted travel the same way but are counted elsewhere."""
    return [m for m in mail.outbox if approver.email not in m.to]


def _indexed_title(pilot):
    return (
        SearchDocument.objects.filter(doc_type="pilot", object_id=pilot.pk)
        .values_list("title", flat=True)
        .first()
    )


def _unsent():
    return list(OutboxMessage.objects.filter(sent_at__isnull=True).order_by("pk"))


def _timed(action):
    started = time.monotonic()
    result = action()
    elapsed = time.monotonic() - started
    assert elapsed < MAX_SECONDS_PER_ACTION, f"the user waited {elapsed:.1f} s for a dead broker"
    return result


def test_jobs_survive_a_broker_outage_and_are_delivered_once(
    broker, organisation, org_admin, reporter, approver, coordinator, mailoutbox
):
    pilot = make_pilot(organisation, title="Simskola för nyanlända")
    first = _submitted(pilot, 0, reporter)
    second = _submitted(pilot, 1, reporter)
    third = _submitted(pilot, 2, reporter)

    with celery_worker_on(broker):
        # Broker up: jobs go straight through the worker.
        report_approve(report=first, actor=approver, expected_version=first.version)
        _register("Före avbrottet", 1)
        pilot = pilot_update(
            pilot=pilot, actor=org_admin, expected_version=pilot.version, title="Simskola i Malmö"
        )
        wait_until(
            lambda: len(_mails(approver)) == 2 and _indexed_title(pilot) == "Simskola i Malmö",
            what="the jobs of the first changes",
        )
        assert _unsent() == []

        broker.kill()

        # Broker down: users still succeed, quickly; the jobs wait in the outbox.
        _timed(lambda: report_approve(report=second, actor=approver, expected_version=2))
        _timed(
            lambda: report_return(
                report=third, actor=approver, expected_version=2, comment="Komplettera siffrorna."
            )
        )
        _timed(lambda: _register("Under avbrottet", 2))
        pilot = _timed(
            lambda: pilot_update(
                pilot=pilot,
                actor=org_admin,
                expected_version=pilot.version,
                title="Simskola i Malmö och Lund",
            )
        )
        waiting = _unsent()
        # One notification per decision and registration, one reindex per transaction (the two
        # decisions and the rename; the reindexes the decisions cause are deduplicated).
        assert len(waiting) == 6, [message.task for message in waiting]
        tasks = sorted({message.task for message in waiting})
        assert tasks == [
            "partners.tasks.notify_coordinators_of_registration",
            "pilots.tasks.notify_report_decided",
            "search.tasks.index_object",
        ]
        assert all(message.attempts == 1 and message.last_error for message in waiting)
        assert len(_mails(approver)) == 2 and _indexed_title(pilot) == "Simskola i Malmö"

        # Broker back on the same port: one flush delivers everything, once.
        broker.start()
        output = io.StringIO()
        call_command("flush_outbox", stdout=output)
        assert f"{len(waiting)} jobs sent, 0 waiting" in output.getvalue()
        wait_until(
            lambda: (
                len(_mails(approver)) == 5 and _indexed_title(pilot) == "Simskola i Malmö och Lund"
            ),
            what="the jobs queued during the outage",
        )
        call_command("flush_outbox", stdout=io.StringIO())  # a second flush sends nothing again
        time.sleep(0.5)

    assert _unsent() == []
    subjects = sorted(message.subject for message in _mails(approver))
    assert len(subjects) == 5, subjects
    to_reporter = [m for m in mail.outbox if reporter.email in m.to]
    to_coordinator = [m for m in mail.outbox if coordinator.email in m.to]
    assert len(to_reporter) == 3 and len(to_coordinator) == 2
    assert sum("Under avbrottet" in m.body for m in to_coordinator) == 1
