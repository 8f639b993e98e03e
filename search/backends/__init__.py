"""Search backends, chosen by settings: `database` by default, `elasticsearch` when
ELASTICSEARCH_URL is set. Both keep the SearchDocument table (the source of every rebuild)."""

from django.conf import settings


def get_backend():
    """The configured backend (a new, cheap object each time so settings overrides apply)."""
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(settings.ELASTICSEARCH_URL)
    from .database import DatabaseBackend

    return DatabaseBackend()
