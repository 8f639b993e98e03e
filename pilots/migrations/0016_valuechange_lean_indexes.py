"""The value history keeps only its report's index (pilots.models.quality.ValueChange).

On PostgreSQL without locking the tables: Django's AlterField would drop and re-create the
report's and the user's foreign keys (an ACCESS EXCLUSIVE lock on the history, the reports and
the users for the whole migration, then a check of every history row). So the state changes as
Django's operations say, and the database changes by index, CONCURRENTLY (outside a
transaction), with only the indicator's foreign key dropped. The index and constraint names are
the ones Django gives these columns everywhere.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "pilots_valuechange"
REPORT_INDEX = "pilots_valuechange_report_id_34b2e68e"
DROPPED_INDEXES = (
    "valuechange_cell",
    "pilots_valuechange_changed_by_id_ccda629d",
    "pilots_valuechange_pilot_indicator_id_a556cbd1",
)
INDICATOR_CONSTRAINT = "pilots_valuechange_pilot_indicator_id_a556cbd1_fk_pilots_pi"


def forwards(apps, schema_editor):
    quote = schema_editor.quote_name
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    # The report's index first: readers have one at every moment.
    schema_editor.execute(
        f"CREATE INDEX{concurrently} IF NOT EXISTS {quote(REPORT_INDEX)} "
        f"ON {quote(TABLE)} ({quote('report_id')})"
    )
    for index in DROPPED_INDEXES:
        schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {quote(index)}")
    if schema_editor.connection.vendor == "postgresql":
        # SQLite would rebuild the table to drop it; there it stays (nothing deletes an
        # indicator with history left: pilot_indicator_remove deletes it first).
        schema_editor.execute(
            f"ALTER TABLE {quote(TABLE)} DROP CONSTRAINT IF EXISTS {quote(INDICATOR_CONSTRAINT)}"
        )


def backwards(apps, schema_editor):
    quote = schema_editor.quote_name
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX{concurrently} IF NOT EXISTS {quote('valuechange_cell')} ON {quote(TABLE)} "
        f"({quote('report_id')}, {quote('pilot_indicator_id')}, {quote('gender')}, "
        f"{quote('age_band')})"
    )
    for index, column in (
        ("pilots_valuechange_changed_by_id_ccda629d", "changed_by_id"),
        ("pilots_valuechange_pilot_indicator_id_a556cbd1", "pilot_indicator_id"),
    ):
        schema_editor.execute(
            f"CREATE INDEX{concurrently} IF NOT EXISTS {quote(index)} "
            f"ON {quote(TABLE)} ({quote(column)})"
        )
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {quote(REPORT_INDEX)}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {quote(TABLE)} ADD CONSTRAINT {quote(INDICATOR_CONSTRAINT)} "
            f"FOREIGN KEY ({quote('pilot_indicator_id')}) "
            f"REFERENCES {quote('pilots_pilotindicator')} ({quote('id')}) "
            "DEFERRABLE INITIALLY DEFERRED"
        )


class Migration(migrations.Migration):
    # CREATE and DROP INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("pilots", "0015_valuechange_report_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="valuechange",
                    name="report",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="value_changes",
                        to="pilots.periodreport",
                    ),
                ),
                migrations.RemoveIndex(
                    model_name="valuechange",
                    name="valuechange_cell",
                ),
                migrations.AlterField(
                    model_name="valuechange",
                    name="changed_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="valuechange",
                    name="pilot_indicator",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="pilots.pilotindicator",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
