"""The transactional outbox: jobs are written with the state change that asks for them and handed
to the broker after commit; whatever the broker could not take is sent again by `flush`.

- `enqueue(task, *args, **kwargs)` is what services call instead of
  `transaction.on_commit(partial(task.delay, ...))`. With a broker it writes an OutboxMessage in
  the caller's transaction and, on commit, publishes it with a short, bounded retry (a dead broker
  costs a web request about a second, never a hang or an error: the change has committed, the job
  waits in the outbox). Without a broker (eager Celery: `make run`, most tests) it runs the task
  in-process on commit exactly as before and writes no row, since there is no broker to lose it.
- `flush()` publishes the unsent rows in order; run by the `flush_outbox` task (every minute from
  beat, and when a worker starts) and by `manage.py flush_outbox`.

Delivery is at least once: a crash between publishing and marking the row sent publishes it again,
so every task queued this way must be idempotent (e-mails go through `send_once`, indexing
rewrites the object's documents).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A new row waits this long before a flush may send it: the committing request publishes it
# itself within milliseconds, and the flush must not publish it a second time meanwhile.
PUBLISH_GRACE = timedelta(seconds=60)
# kombu's retry while publishing: 3 attempts within about a second, so a broker that is down
# fails the publish fast instead of holding the web request.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Rows that keep failing (say, a broker refusing one message) move back in the queue, so one bad
# row does not block the others; the delay doubles per attempt up to this cap.
MAX_BACKOFF = timedelta(minutes=10)
KEEP_SENT = timedelta(days=7)
FLUSH_BATCH = 100


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def enqueue(task, *args, **kwargs) -> None:
    """Run `task(*args, **kwargs)` in the background once the current transaction commits (at
    once outside a transaction). Never lost: the job is stored with the change. Returns None."""
    transaction.on_commit(_callback(task, args, kwargs))


def enqueue_once(key, task, *args, **kwargs) -> None:
    """Like `enqueue`, but only once per `key` and transaction (the pending callbacks of the
    current transaction are the record, so nothing outlives it)."""
    connection = transaction.get_connection()
    if any(getattr(item[1], "outbox_key", None) == key for item in connection.run_on_commit):
        return
    callback = _callback(task, args, kwargs)
    callback.outbox_key = key
    transaction.on_commit(callback)


def _callback(task, args: tuple, kwargs: dict) -> partial:
    if _eager():
        return partial(task.delay, *args, **kwargs)
    message = OutboxMessage.objects.create(
        task=task.name,
        args=list(args),
        kwargs=kwargs,
        available_at=timezone.now() + PUBLISH_GRACE,
    )
    return partial(publish, message.pk)


def publish(message_id: int) -> bool:
    """Hand one stored job to the broker and mark it sent. False (the row kept, the error noted)
    when the broker cannot take it; never raises, since the change it belongs to has committed."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    return message is not None and _send(message)


def _send(message: OutboxMessage) -> bool:
    app = current_app
    task = app.tasks.get(message.task)
    options = {"retry": True, "retry_policy": RETRY_POLICY}
    try:
        if task is not None:
            task.apply_async(args=message.args, kwargs=message.kwargs, **options)
        else:  # a task of another code base sharing the broker: publish by name
            app.send_task(message.task, args=message.args, kwargs=message.kwargs, **options)
    except Exception as exc:  # any failure leaves the job in the outbox
        attempts = message.attempts + 1
        # The first failure leaves the row due at once (the next flush sends it when the broker
        # is back); repeated failures move it back, so one bad row cannot block the queue.
        backoff = (
            timedelta(0) if attempts == 1 else min(timedelta(seconds=2**attempts), MAX_BACKOFF)
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            available_at=timezone.now() + backoff,
        )
        logger.warning(
            "Outbox: %s #%s not published, kept for retry: %r", message.task, message.pk, exc
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    return True


@dataclass(frozen=True)
class FlushReport:
    sent: int
    left: int


def flush(*, limit: int = 5000) -> FlushReport:
    """Publish due unsent jobs, oldest first, up to `limit`; stop at the first failure (the broker
    is most likely still down, and every further attempt would only cost time). Rows being flushed
    are locked and skipped by a concurrent flush, so two flushes never send the same row. Sent
    rows older than KEEP_SENT are deleted."""
    sent = 0
    failed = False
    while sent < limit and not failed:
        with transaction.atomic():
            batch = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, available_at__lte=timezone.now())
                .order_by("available_at", "pk")[: min(FLUSH_BATCH, limit - sent)]
            )
            for message in batch:
                if not _send(message):
                    failed = True
                    break
                sent += 1
        if not batch:
            break
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    left = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    if sent or left:
        logger.info("Outbox flushed: %s sent, %s waiting", sent, left)
    return FlushReport(sent=sent, left=left)
