"""Background jobs of the evidence app. Queued through the outbox after commit (evidence.signals
and evidence.services); idempotent, so a doubled delivery only recomputes twice."""

from celery import shared_task

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def recompute_estimates(practice_ids: list[int] | None = None) -> dict:
    """Recompute and store the effect estimates of these practices (all when None). Practices
    deleted meanwhile are skipped. Returns the counts."""
    from evidence.services import estimates_recompute

    report = estimates_recompute(practice_ids=practice_ids)
    return {
        "practices": report.practices,
        "estimates": report.estimates,
        "shown": report.shown,
        "flags": report.flags,
    }
