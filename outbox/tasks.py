"""Celery tasks of the outbox: send again what the broker could not take when it was asked."""

from celery import shared_task

from . import services


@shared_task
def flush_outbox() -> int:
    """Publish the outbox's unsent jobs (every minute from beat, and when a worker starts).
    Idempotent: sent rows are skipped, a concurrent flush skips the rows this one holds."""
    return services.flush().sent


def flush_on_worker_ready(sender=None, **kwargs) -> None:
    """celery.signals.worker_ready: a worker (re)started, so the broker is up; flush."""
    flush_outbox.delay()
