"""PostgreSQL: an index in the order searches read their candidates (published_at DESC NULLS
LAST, id DESC), so that read walks the index and stops after the first HIT_CAP + 1 matches.
SQLite cannot index NULLS LAST; its small databases sort instead."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS searchdoc_newest_nl ON portal_search_searchdocument "
    "(published_at DESC NULLS LAST, id DESC)"
)
DROP = "DROP INDEX IF EXISTS searchdoc_newest_nl"


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_text_indexes")]

    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
