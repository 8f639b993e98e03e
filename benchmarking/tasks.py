"""Background jobs of benchmarking. Queued through the outbox after commit by the statistics
import; idempotent, so a doubled delivery only recomputes twice."""

from celery import shared_task

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def refresh_peer_aggregates(kpi_ids: list[str] | None = None) -> int:
    """Recompute the precomputed peer figures of these KPIs (all when None); returns rows."""
    from benchmarking.services import peer_aggregates_refresh

    return peer_aggregates_refresh(kpi_ids=kpi_ids)
