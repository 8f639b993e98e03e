"""Celery tasks of the search index. Queued after commit by search/signals.py."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(
    bind=True,
    autoretry_for=(DatabaseError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=6,
)
def index_object(self, doc_type: str, object_id: int) -> None:
    """Re-read one object and write or delete its search documents. Idempotent; retried with
    exponential backoff when the database or Elasticsearch is unavailable."""
    services.index_object(doc_type=doc_type, object_id=int(object_id))
