"""The relevance suite: graded judgements (tests/search/judgements.py) of 80 queries on the demo
data, nDCG@10 at least 0.85, printed at the end of the run (tests/conftest.py).

It runs on the database the suite runs on, on Elasticsearch too when ELASTICSEARCH_URL is set
(the `backend` fixture), and, when the suite runs on PostgreSQL (CI), once more on SQLite in a
subprocess, so both database backends are measured in every CI run.
"""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from search.models import Access, SearchDocument
from search.query import SearchQuery, run_search
from tests.search import judgements

MIN_NDCG = 0.85
ROOT = Path(__file__).resolve().parents[2]


def test_relevance_on_the_demo_data(backend, record_property):
    call_command("seed_demo", stdout=StringIO())
    backend.refresh()
    visible = list(SearchDocument.objects.filter(access=Access.PUBLIC))

    def search(text):
        return run_search(SearchQuery(text=text, page_size=10, highlight=False), None).hits

    scores = judgements.evaluate(search, visible)
    name = connection.vendor if backend.name == "database" else backend.name
    report = judgements.report(scores, name)
    record_property("relevance", report)
    print(report)  # shown with -s (the SQLite subprocess below reads it)
    assert len(judgements.QUERIES) >= 60
    assert {c for c, _q, _r in judgements.QUERIES} >= {
        "taxonomy",
        "place",
        "inflection",
        "compound",
        "unaccented",
        "misspelling",
        "synonym",
        "phrase",
        "english",
    }
    mean = sum(scores.values()) / len(scores)
    assert mean >= MIN_NDCG, report


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="the suite runs on SQLite already; this measures SQLite beside PostgreSQL",
)
def test_relevance_on_sqlite_beside_postgresql(record_property):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-n",
            "0",
            "-p",
            "no:randomly",
            f"{__file__}::test_relevance_on_the_demo_data[database]",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    found = re.search(r"Relevance on the demo data \(sqlite\).*?(?=\n\S|\Z)", run.stdout, re.S)
    assert run.returncode == 0 and found, run.stdout[-3000:] + run.stderr[-2000:]
    record_property("relevance", found.group(0).rstrip())
