"""The SearchDocument table: write documents with their keys, the text index beside them
(PostgreSQL's tsvector column or SQLite's FTS5 table, see textindex.py) and the vocabulary."""

from collections import Counter

from django.db import connection, transaction

from core import caching

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


def document_keys(doc) -> list[str]:
    keys = [f"{facet}:{value}" for facet, values in doc.facets.items() for value in values]
    return keys + [f"grant:{grant}" for grant in doc.grants]


@transaction.atomic
def store_documents(docs) -> list[SearchDocument]:
    """Insert or update the documents (matched on type and object id), their keys and text
    index. A fixed number of queries per call, whatever the number of documents."""
    if not docs:
        return []
    by_key = {(d.doc_type, d.object_id): d for d in docs}
    existing = {
        (row.doc_type, row.object_id): row
        for row in SearchDocument.objects.filter(
            doc_type__in={d.doc_type for d in docs},
            object_id__in={d.object_id for d in docs},
        )
    }
    new, changed = [], []
    delta = Counter()
    for key, doc in by_key.items():
        if key in existing:
            delta.subtract(textindex.vocabulary(existing[key]))
        delta.update(textindex.vocabulary(doc))
        row = existing.get(key) or SearchDocument(doc_type=doc.doc_type, object_id=doc.object_id)
        for name in FIELDS:
            setattr(row, name, getattr(doc, name))
        (changed if row.pk else new).append(row)
    if changed:
        # Replaced rather than bulk_update()d: its CASE per field and row costs seconds per
        # few hundred documents; the rows keep their ids (keys and text are rewritten below).
        SearchDocument.objects.filter(pk__in=[row.pk for row in changed]).delete()
        SearchDocument.objects.bulk_create(changed)
    if new:
        SearchDocument.objects.bulk_create(new)
        if new[0].pk is None:  # a backend without RETURNING: fetch the new ids
            ids = {
                (t, o): pk
                for t, o, pk in SearchDocument.objects.filter(
                    doc_type__in={r.doc_type for r in new},
                    object_id__in={r.object_id for r in new},
                ).values_list("doc_type", "object_id", "pk")
            }
            for row in new:
                row.pk = ids[(row.doc_type, row.object_id)]
    rows = [*changed, *new]
    SearchKey.objects.filter(document__in=rows).delete()
    SearchKey.objects.bulk_create(
        SearchKey(document=row, key=key[:120])
        for row in rows
        for key in dict.fromkeys(document_keys(by_key[(row.doc_type, row.object_id)]))
    )
    _index_text(rows)
    textindex.change_vocabulary(delta)
    caching.bump(caching.SEARCH_INDEX)
    return rows


def _index_text(rows) -> None:
    ids = [row.pk for row in rows]
    if connection.vendor == "postgresql":
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET search_vector = %s::tsvector WHERE id = %s",
                [(textindex.tsvector(r), r.pk) for r in rows],
            )
    elif connection.vendor == "sqlite":
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
