"""The SearchDocument table: write documents with their keys, the text index beside them
(PostgreSQL's tsvector column or SQLite's FTS5 table, see textindex.py) and the vocabulary."""

import hashlib
import json
from collections import Counter

from django.db import connection, transaction

from core import caching

from ..analysis import dictionary
from ..models import SearchDocument, SearchKey, SearchTerm
from . import textindex
from .textindex import FTS_TABLE

FIELDS = [
    "title",
    "summary",
    "body",
    "taxonomy",
    "places",
    "organisations",
    "key_result",
    "url",
    "facets",
    "access",
    "grants",
    "published_at",
    "replication_count",
]


# What the stored text is made of besides the document's own fields: bump it when
# search/analysis.py or textindex.py change what a text is indexed as, so the next reindex
# rewrites every document instead of skipping the unchanged ones.
ANALYSIS_VERSION = "1"


def document_keys(doc) -> list[str]:
    keys = [f"{facet}:{value}" for facet, values in doc.facets.items() for value in values]
    return keys + [f"grant:{grant}" for grant in doc.grants]


def _stamp(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def content_hash(doc) -> str:
    """A digest of everything stored for a document (its fields, keys and text index, which
    follow from the fields and the analysis): equal digests, nothing to write."""
    payload = [
        ANALYSIS_VERSION,
        bool(dictionary()),  # compounds are split only with the word list installed
        doc.doc_type,
        doc.object_id,
        *(_stamp(getattr(doc, name)) for name in FIELDS),
    ]
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


@transaction.atomic
def store_documents(docs, *, force: bool = False) -> list[SearchDocument]:
    """Insert or update the documents (matched on type and object id), their keys and text
    index, skipping those whose content is unchanged (`content_hash`; `force` writes them all):
    a reindex of unchanged data reads one digest per document and writes nothing. What is
    written costs one statement per kind of row whatever the number of documents (an upsert of
    the documents with their tsvector on PostgreSQL, the keys deleted and inserted, the SQLite
    FTS rows, the vocabulary change), so a reindex batch of 500 costs about as much as one."""
    if not docs:
        return []
    by_key = {(d.doc_type, d.object_id): d for d in docs}
    digests = {key: content_hash(doc) for key, doc in by_key.items()}
    existing = {
        (doc_type, object_id): (pk, digest)
        for doc_type, object_id, pk, digest in SearchDocument.objects.filter(
            doc_type__in={d.doc_type for d in docs},
            object_id__in={d.object_id for d in docs},
        ).values_list("doc_type", "object_id", "pk", "content_hash")
        if (doc_type, object_id) in by_key
    }
    changed = [key for key in by_key if force or existing.get(key, (None, ""))[1] != digests[key]]
    if not changed:
        return []
    delta = Counter()
    replaced = [existing[key][0] for key in changed if key in existing]
    if replaced:
        # Only what the vocabulary needs of the rows being replaced (their words leave it).
        for row in SearchDocument.objects.filter(pk__in=replaced).only(
            "access", *textindex.VOCABULARY_FIELDS
        ):
            delta.subtract(textindex.vocabulary(row))
    postgres = connection.vendor == "postgresql"
    rows = []
    for key in changed:
        doc = by_key[key]
        delta.update(textindex.vocabulary(doc))
        row = SearchDocument(
            doc_type=doc.doc_type, object_id=doc.object_id, content_hash=digests[key]
        )
        for name in FIELDS:
            setattr(row, name, getattr(doc, name))
        if postgres:
            row.search_vector = textindex.tsvector(row)
        rows.append(row)
    SearchDocument.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["doc_type", "object_id"],
        update_fields=[
            *FIELDS,
            "content_hash",
            "indexed_at",
            *(["search_vector"] if postgres else []),
        ],
    )
    if any(row.pk is None for row in rows):  # a backend without RETURNING: fetch the ids
        ids = {
            (t, o): pk
            for t, o, pk in SearchDocument.objects.filter(
                doc_type__in={r.doc_type for r in rows},
                object_id__in={r.object_id for r in rows},
            ).values_list("doc_type", "object_id", "pk")
        }
        for row in rows:
            row.pk = ids[(row.doc_type, row.object_id)]
    if replaced:
        SearchKey.objects.filter(document_id__in=replaced).delete()
    SearchKey.objects.bulk_create(
        SearchKey(document_id=row.pk, key=key[:120])
        for row in rows
        for key in dict.fromkeys(document_keys(by_key[(row.doc_type, row.object_id)]))
    )
    if connection.vendor == "sqlite":
        _index_fts(rows)
    textindex.change_vocabulary(delta)
    caching.bump(caching.SEARCH_INDEX)
    return rows


def _index_fts(rows) -> None:
    """SQLite: replace the FTS5 rows of these documents (PostgreSQL's tsvector is written with
    the row itself)."""
    ids = [row.pk for row in rows]
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)
    textindex.write_fts([(r.pk, r) for r in rows])


@transaction.atomic
def delete_documents(doc_type: str, object_ids) -> int:
    """Remove documents (and their keys and text) by type and object id."""
    rows = list(
        SearchDocument.objects.filter(doc_type=doc_type, object_id__in=list(object_ids)).only(
            "pk", "access", *textindex.VOCABULARY_FIELDS
        )
    )
    ids = [row.pk for row in rows]
    if not ids:
        return 0
    delta = Counter()
    for row in rows:
        delta.subtract(textindex.vocabulary(row))
    textindex.change_vocabulary(delta)
    if connection.vendor == "sqlite":
        marks = ",".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)
    SearchDocument.objects.filter(pk__in=ids).delete()
    caching.bump(caching.SEARCH_INDEX)
    return len(ids)


def clear_text_index() -> None:
    """Empty the SQLite FTS5 table and the vocabulary (a full rebuild starts from nothing)."""
    SearchTerm.objects.all().delete()
    caching.bump(caching.SEARCH_INDEX)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
