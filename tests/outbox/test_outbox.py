"""The outbox without a worker: eager mode as before, a dead broker keeps the job, flush sends."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from outbox import enqueue, enqueue_once
from outbox.models import OutboxMessage
from outbox.services import flush
from pilots.factories import PilotFactory
from search.models import SearchDocument
from search.tasks import index_object
from tests.outbox.redis_worker import celery_broker, free_port

pytestmark = pytest.mark.django_db(transaction=True)


def _dead_broker() -> str:
    """A Redis URL on a free port where nothing listens."""
    return f"redis://127.0.0.1:{free_port()}/0"


def _title(pilot):
    return (
        SearchDocument.objects.filter(doc_type="pilot", object_id=pilot.pk)
        .values_list("title", flat=True)
        .first()
    )


def _rename(pilot, title):
    with transaction.atomic():
        pilot.title = title
        pilot.save()


def test_eager_mode_runs_the_job_on_commit_and_stores_nothing():
    pilot = PilotFactory(title="Före")
    _rename(pilot, "Efter")
    assert _title(pilot) == "Efter"
    assert not OutboxMessage.objects.exists()


def test_a_rolled_back_change_queues_no_job():
    pilot = PilotFactory(title="Före")
    with pytest.raises(RuntimeError), transaction.atomic():
        pilot.title = "Aldrig sparad"
        pilot.save()
        enqueue(index_object, "pilot", pilot.pk)
        raise RuntimeError
    assert _title(pilot) == "Före"
    with celery_broker(_dead_broker()), pytest.raises(RuntimeError), transaction.atomic():
        enqueue(index_object, "pilot", pilot.pk)
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


def test_a_dead_broker_keeps_the_job_and_the_change_commits():
    pilot = PilotFactory(title="Före")
    with celery_broker(_dead_broker()):
        _rename(pilot, "Under avbrottet")
        assert flush().sent == 0  # still down: the flush stops at the first failure
    pilot.refresh_from_db()
    assert pilot.title == "Under avbrottet" and _title(pilot) == "Före"
    message = OutboxMessage.objects.get()
    assert (message.task, message.args, message.sent_at) == (
        "search.tasks.index_object",
        ["pilot", pilot.pk],
        None,
    )
    assert message.attempts == 2 and "Error" in message.last_error

    # Back in eager mode (as after `make run`), the command runs what waits, once.
    message.available_at = message.created_at
    message.save()
    output = io.StringIO()
    call_command("flush_outbox", stdout=output)
    assert "1 jobs sent, 0 waiting" in output.getvalue()
    assert _title(pilot) == "Under avbrottet"
    call_command("flush_outbox", stdout=output)
    assert OutboxMessage.objects.get().attempts == 3


def test_a_new_row_is_left_to_its_own_request_for_a_grace_period():
    """The request that committed publishes its row itself; a flush meanwhile must not."""
    with celery_broker(_dead_broker()), transaction.atomic():
        enqueue(index_object, "pilot", 1)
        assert flush().sent == 0
        assert OutboxMessage.objects.get().attempts == 0


def test_jobs_are_queued_once_per_key_and_transaction():
    with celery_broker(_dead_broker()), transaction.atomic():
        enqueue_once("a", index_object, "pilot", 1)
        enqueue_once("a", index_object, "pilot", 1)
        enqueue_once("b", index_object, "pilot", 2)
        assert len(transaction.get_connection().run_on_commit) == 2
        assert OutboxMessage.objects.count() == 2


def test_beat_flushes_the_outbox_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-flush"]
    assert entry == {"task": "outbox.tasks.flush_outbox", "schedule": 60.0}
