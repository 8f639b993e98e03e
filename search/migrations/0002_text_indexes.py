"""Vendor-specific text indexes: on PostgreSQL pg_trgm, a GIN index on the tsvector and a
trigram index on titles; on SQLite an FTS5 table. Each runs only on its own database."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS searchdoc_vector_gin ON portal_search_searchdocument "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS searchdoc_title_trgm ON portal_search_searchdocument "
    "USING gin (title gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS searchdoc_vector_gin",
    "DROP INDEX IF EXISTS searchdoc_title_trgm",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS portal_search_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS portal_search_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
