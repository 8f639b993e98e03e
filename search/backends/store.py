"""The SearchDocument table: write documents with their keys, the text index beside them
(PostgreSQL's tsvector column or SQLite's FTS5 table, see textindex.py) and the vocabulary."""

import hashlib
import json
from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction

from core import caching

from ..analysis import dictionary_path
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
ANALYSIS_VERSION = "2"  # 2: three-letter compound heads need hunspell's flag X


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
        str(dictionary_path() or ""),  # compounds are split only with the word list installed
        doc.doc_type,
        doc.object_id,
        *(_stamp(getattr(doc, name)) for name in FIELDS),
    ]
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


@transaction.atomic
def store_documents(docs, *, force: bool = False) -> int:
    """Insert or update the documents (matched on type and object id), their keys and text
    index, skipping those whose content is unchanged (`content_hash`; `force` writes them all):
    a reindex of unchanged data reads one digest per document and writes nothing. What is
    written costs one statement per kind of row whatever the number of documents (on
    PostgreSQL an upsert of the documents with their tsvector from arrays, the keys deleted and
    inserted, the vocabulary change; on SQLite also the FTS rows). Returns how many documents
    were written."""
    if not docs:
        return 0
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
        return 0
    delta = Counter()
    replaced = [existing[key][0] for key in changed if key in existing]
    # The vocabulary changes only with a document's text or access, which its digest covers: a
    # document rewritten with the digest it had (`force`) leaves it as it was, so only the
    # others' old words are read and taken out and their new words counted.
    differ = [key for key in changed if existing.get(key, (None, ""))[1] != digests[key]]
    old_ids = [existing[key][0] for key in differ if key in existing]
    if old_ids:
        # Only what the vocabulary needs of the rows being replaced (their words leave it).
        for row in SearchDocument.objects.filter(pk__in=old_ids).only(
            "access", *textindex.VOCABULARY_FIELDS
        ):
            delta.subtract(textindex.vocabulary(row))
    for key in differ:
        delta.update(textindex.vocabulary(by_key[key]))
    if connection.vendor == "postgresql":
        _write_postgres([(by_key[key], digests[key]) for key in changed], replaced)
    else:
        _write_rows([(by_key[key], digests[key]) for key in changed], replaced)
    textindex.change_vocabulary(delta)
    caching.bump(caching.SEARCH_INDEX)
    return len(changed)


# (column, array type, cast of the array element) of an upsert from arrays on PostgreSQL.
PG_COLUMNS = [
    ("doc_type", "text", ""),
    ("object_id", "bigint", ""),
    *((name, "text", "") for name in FIELDS[:8]),  # title … url
    ("facets", "text", "::jsonb"),
    ("access", "text", ""),
    ("grants", "text", "::jsonb"),
    ("published_at", "timestamptz", ""),
    ("replication_count", "integer", ""),
    ("content_hash", "text", ""),
    ("search_vector", "text", "::tsvector"),
]
assert [c for c, _t, _x in PG_COLUMNS[2:15]] == FIELDS


@contextmanager
def _binary_cursor():
    """A cursor that sends its parameters apart from the statement, `%b` ones in binary.

    Django's psycopg cursors bind on the client: every array element is escaped into one SQL
    text in Python and parsed back by the server, about 0.1 ms of Python a document for a
    batch of documents with their text and tsvector (0.65 MB for 200 pilots). In binary a text
    array is its elements' bytes with their lengths. Wrapped as Django wraps its own cursors
    (database errors, query logging)."""
    from django.db.backends.postgresql.base import ServerBindingCursor  # psycopg 3

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:
        yield cursor


def _write_postgres(changed, replaced) -> None:
    """The documents in one INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE (a few
    parameters whatever the batch size, nothing for Django to compile per row, sent in binary:
    `_binary_cursor`), then their keys: one DELETE and one INSERT from two arrays."""
    table, keys_table = SearchDocument._meta.db_table, SearchKey._meta.db_table
    arrays = [[] for _column in PG_COLUMNS]
    for doc, digest in changed:
        values = [
            doc.doc_type,
            doc.object_id,
            *(getattr(doc, name) for name in FIELDS[:8]),
            json.dumps(doc.facets, ensure_ascii=False),
            doc.access,
            json.dumps(doc.grants, ensure_ascii=False),
            doc.published_at,
            doc.replication_count,
            digest,
            textindex.tsvector(doc),
        ]
        for array, value in zip(arrays, values, strict=True):
            array.append(value)
    names = [c for c, _t, _x in PG_COLUMNS]
    aliases = [f"u{i}" for i in range(len(PG_COLUMNS))]
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*names[2:], "indexed_at"])
    selected = ", ".join(
        f"{a}{cast}" for a, (_c, _t, cast) in zip(aliases, PG_COLUMNS, strict=True)
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}, indexed_at) "
        f"SELECT {selected}, "
        f"now() FROM unnest({', '.join(f'%b::{t}[]' for _c, t, _x in PG_COLUMNS)}) "
        f"AS u({', '.join(aliases)}) "
        f"ON CONFLICT (doc_type, object_id) DO UPDATE SET {updates} "
        "RETURNING id, doc_type, object_id"
    )
    with _binary_cursor() as cursor:
        cursor.execute(sql, arrays)
        ids = {(t, o): pk for pk, t, o in cursor.fetchall()}
        # Keys: only the difference (a new title leaves the facets and grants as they were).
        old = set()
        if replaced:
            cursor.execute(
                f"SELECT document_id, key FROM {keys_table} WHERE document_id = ANY(%b)",
                [replaced],
            )
            old = set(cursor.fetchall())
        new = {
            (ids[(doc.doc_type, doc.object_id)], key[:120])
            for doc, _digest in changed
            for key in document_keys(doc)
        }
        gone = sorted(old - new)
        if gone:
            cursor.execute(
                f"DELETE FROM {keys_table} WHERE (document_id, key) IN "
                "(SELECT * FROM unnest(%b::bigint[], %b::text[]))",
                [[d for d, _k in gone], [k for _d, k in gone]],
            )
        documents, keys = [], []
        for pk, key in sorted(new - old):
            documents.append(pk)
            keys.append(key)
        if keys:
            cursor.execute(
                f"INSERT INTO {keys_table} (document_id, key) "
                "SELECT * FROM unnest(%b::bigint[], %b::text[])",
                [documents, keys],
            )


def _write_rows(changed, replaced) -> None:
    """Other databases (SQLite): the documents upserted with bulk_create, their keys and the
    FTS5 rows."""
    rows = []
    for doc, digest in changed:
        row = SearchDocument(doc_type=doc.doc_type, object_id=doc.object_id, content_hash=digest)
        for name in FIELDS:
            setattr(row, name, getattr(doc, name))
        rows.append(row)
    SearchDocument.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["doc_type", "object_id"],
        update_fields=[*FIELDS, "content_hash", "indexed_at"],
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
    by_key = {(doc.doc_type, doc.object_id): doc for doc, _digest in changed}
    SearchKey.objects.bulk_create(
        SearchKey(document_id=row.pk, key=key[:120])
        for row in rows
        for key in dict.fromkeys(document_keys(by_key[(row.doc_type, row.object_id)]))
    )
    if connection.vendor == "sqlite":
        _index_fts(rows)


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
