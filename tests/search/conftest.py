"""Search fixtures: the backend under test (database always; Elasticsearch when
ELASTICSEARCH_URL is set, in a private index prefix) and a helper that rebuilds the index.

Tests build their data with the apps' factories and then call `reindex()`: pytest-django
wraps each test in a transaction, so the on-commit indexing of a real save never runs here
(tests/search/test_indexing.py checks that it is queued).
"""

import os
import uuid

import pytest

from search.backends import get_backend
from search.services import reindex_all

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
BACKENDS = [
    "database",
    pytest.param(
        "elasticsearch",
        marks=pytest.mark.skipif(not ES_URL, reason="ELASTICSEARCH_URL is not set"),
    ),
]


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ELASTICSEARCH_INDEX_PREFIX = f"pp-test-{uuid.uuid4().hex[:8]}"
    else:
        settings.ELASTICSEARCH_URL = ""
    chosen = get_backend()
    yield chosen
    if request.param == "elasticsearch":
        chosen.clear()


@pytest.fixture
def reindex(backend):
    def run():
        report = reindex_all(batch_size=7)
        backend.refresh()
        return report

    return run
