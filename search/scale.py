"""The search index for `manage.py seed_scale`, written in bulk.

The document builders of search/documents.py read flat rows per batch (`PilotRows`); here they
read every pilot once (`PilotRows()`) and the documents are written with COPY (or batched
INSERTs on SQLite) instead of upserted. tests/cms/test_seed_scale.py compares what is written
with what the builders produce for a pilot, a lesson and a practice.

With Elasticsearch configured this falls back to the ordinary rebuild, which also feeds it.
"""

from collections import Counter

from django.db import connection

from learning.models import Practice
from partners.bulk import ScaleRun
from pilots.models import Lesson
from search.backends import get_backend, textindex
from search.backends.store import FIELDS as DOCUMENT_FIELDS
from search.backends.store import content_hash, document_keys
from search.documents import (
    DocumentData,
    PilotRows,
    lesson_documents,
    page_documents,
    practice_documents,
)
from search.models import SearchDocument, SearchKey
from search.services import reindex_all

TEXT_CHUNK = 10_000


def _write(run: ScaleRun, docs: list[DocumentData]) -> None:
    first = run.reserve(SearchDocument, len(docs))
    postgres = connection.vendor == "postgresql"
    vector = ["search_vector"] if postgres else []
    run.insert(
        SearchDocument,
        ["id", "doc_type", "object_id", *DOCUMENT_FIELDS, "content_hash", *vector],
        (
            (
                first + i,
                d.doc_type,
                d.object_id,
                *(getattr(d, name) for name in DOCUMENT_FIELDS),
                content_hash(d),
                *([textindex.tsvector(d)] if postgres else []),
            )
            for i, d in enumerate(docs)
        ),
    )
    keys = [
        (first + i, key[:120])
        for i, d in enumerate(docs)
        for key in dict.fromkeys(document_keys(d))
    ]
    key_pk = run.reserve(SearchKey, len(keys))
    run.insert(
        SearchKey, ["id", "document_id", "key"], ((key_pk + i, *k) for i, k in enumerate(keys))
    )
    run.finish()
    if connection.vendor == "sqlite":
        for start in range(0, len(docs), TEXT_CHUNK):
            chunk = docs[start : start + TEXT_CHUNK]
            textindex.write_fts([(first + start + i, d) for i, d in enumerate(chunk)])
    vocabulary = Counter()
    for d in docs:
        vocabulary.update(textindex.vocabulary(d))
    textindex.change_vocabulary(vocabulary)


def build(run: ScaleRun) -> int:
    """Index every pilot, lesson, practice and page; returns how many documents."""
    if get_backend().name != "database":
        report = reindex_all(batch_size=2_000)
        run.counts["search.SearchDocument"] = report.documents
        return report.documents
    from wagtail.models import Page

    pilots = PilotRows()  # every pilot, read once for the pilots, lessons and practices
    indexed = set(
        SearchDocument.objects.values_list("doc_type", "object_id")
    )  # pages indexed on publish
    docs = [pilots.document(pk) for pk in sorted(pilots.rows)]
    docs += lesson_documents(Lesson.objects.all(), pilots=pilots)
    docs += practice_documents(Practice.objects.all(), pilots=pilots)
    docs = [d for d in docs if (d.doc_type, d.object_id) not in indexed]
    _write(run, docs)
    get_backend().index(page_documents(Page.objects.all()))
    total = SearchDocument.objects.count()
    run.say(f"Search: {total} documents.")
    return total
