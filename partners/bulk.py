"""Bulk writing of generated rows, for `manage.py seed_scale` (national-scale benchmark data).

Rows are plain tuples with primary keys chosen up front, so relations between generated rows
are known without reading anything back. On PostgreSQL every table is written with COPY (an
order of magnitude faster than INSERT for millions of rows); elsewhere (SQLite in tests) with
batched INSERTs. Columns a row does not name get their field's default, or the run's timestamp
for `auto_now` fields, because COPY bypasses Django's `pre_save`.

Lives in `partners` because every domain app may import it (dependencies point to partners).
"""

import json
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

BATCH_SIZE = 5_000

# A table's foreign keys, unique constraints and secondary indexes (not its primary key): what
# a bulk load drops first and restores after. Django's foreign keys are DEFERRABLE INITIALLY
# DEFERRED, so each copied row would queue a check for the commit (millions of them at national
# scale, slower than the load itself); one validating ALTER TABLE per key is far cheaper, and an
# index built once after the load is cheaper than one maintained row by row.
_CONSTRAINTS_SQL = """
    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid = %s::regclass AND contype IN ('f', 'u')
    ORDER BY contype DESC, conname
"""
_INDEXES_SQL = """
    SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    ORDER BY i.relname
"""


@contextmanager
def _loading(table: str):
    """Drop the table's constraints and indexes for a bulk load and restore them after (inside
    the caller's transaction: DDL is transactional in PostgreSQL, so a failure undoes all)."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS_SQL, [quoted])
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES_SQL, [quoted])
        indexes = cursor.fetchall()
        # ALTER TABLE refuses a table with checks still queued for the commit; run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in constraints:
            cursor.execute(
                f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in reversed(constraints):
            name = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {name} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def scaled(figure: int, scale: float) -> int:
    """A national figure at the given scale: never below 1."""
    return max(1, round(figure * scale))


@dataclass
class ScaleRun:
    """What every per-app builder shares: the scale, the seed, the reference date, the writer."""

    scale: float
    seed: int
    today: date
    stdout: object = None
    now: datetime = field(default_factory=timezone.now)
    counts: dict[str, int] = field(default_factory=dict)
    _next_pk: dict[type, int] = field(default_factory=dict)
    _written: list[type] = field(default_factory=list)
    _started: float = field(default_factory=time.perf_counter)

    def rng(self, section: str) -> random.Random:
        """An independent random stream per section, so each section's data depends only on
        the seed and the scale, not on what other sections drew."""
        return random.Random(f"{self.seed}:{self.scale}:{section}")

    def count(self, figure: int) -> int:
        return scaled(figure, self.scale)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            elapsed = time.perf_counter() - self._started
            self.stdout.write(f"[{elapsed:7.1f} s] {message}")
            if hasattr(self.stdout, "flush"):
                self.stdout.flush()

    def reserve(self, model: type[models.Model], n: int) -> int:
        """The first of `n` consecutive primary keys no row of `model` uses yet."""
        if model not in self._next_pk:
            last = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
            self._next_pk[model] = last + 1
        first = self._next_pk[model]
        self._next_pk[model] = first + n
        return first

    def insert(self, model: type[models.Model], names: list[str], rows) -> int:
        """Write `rows` (tuples in the order of `names`, field names or attnames) to `model`'s
        table. Returns how many rows were written."""
        fields = [model._meta.get_field(n) for n in names]
        rest = [
            f
            for f in model._meta.concrete_fields
            if f not in fields and not (f.primary_key and f.name in names)
        ]
        rest = [f for f in rest if not (f.primary_key and isinstance(f, models.AutoField))]
        constants = tuple(self._constant(f) for f in rest)
        if connection.vendor == "postgresql":
            written = self._copy(model, fields + rest, rows, constants)
        else:
            written = self._executemany(model, fields + rest, rows, constants)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        if model not in self._written:
            self._written.append(model)
        return written

    def _constant(self, f: models.Field):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.now
        if f.has_default():
            return f.get_default()
        if f.null:
            return None
        if isinstance(f, (models.CharField, models.TextField)):
            return ""
        raise ValueError(f"{f.model.__name__}.{f.name} needs a value")

    def _copy(self, model, fields, rows, constants) -> int:
        with transaction.atomic(), _loading(model._meta.db_table):
            return self._copy_rows(model, fields, rows, constants)

    def _copy_rows(self, model, fields, rows, constants) -> int:
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        table = connection.ops.quote_name(model._meta.db_table)
        written = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                row = (*row, *constants)
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
                written += 1
        return written

    def _executemany(self, model, fields, rows, constants) -> int:
        """INSERT in batches, each value prepared by its field as Django would (SQLite)."""
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        plain = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)
        prepare = [
            None if isinstance(f, plain) and not isinstance(f, models.JSONField) else f
            for f in fields
        ]

        def prepared(row):
            return [
                v if f is None or v is None else f.get_db_prep_save(v, connection)
                for f, v in zip(prepare, row, strict=True)
            ]

        batch, written = [], 0
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(prepared((*row, *constants)))
                if len(batch) >= BATCH_SIZE:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                written += len(batch)
        return written

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids chosen here."""
        sql = connection.ops.sequence_reset_sql(no_style(), self._written)
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
