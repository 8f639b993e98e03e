"""Bulk writing of generated rows, for `manage.py seed_scale` (national-scale benchmark data).

Rows are plain tuples with primary keys chosen up front, so relations between generated rows
are known without reading anything back. On PostgreSQL every table is written with COPY (an
order of magnitude faster than INSERT for millions of rows); elsewhere (SQLite in tests) with
`bulk_create`. Columns a row does not name get their field's default, or the run's timestamp
for `auto_now` fields, because COPY bypasses Django's `pre_save`.

Lives in `partners` because every domain app may import it (dependencies point to partners).
"""

import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 5_000


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
            written = self._bulk_create(model, fields + rest, rows, constants)
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

    def _bulk_create(self, model, fields, rows, constants) -> int:
        names = [f.attname for f in fields]
        batch, written = [], 0
        for row in rows:
            batch.append(model(**dict(zip(names, (*row, *constants), strict=True))))
            if len(batch) >= BATCH_SIZE:
                model.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch)
            written += len(batch)
        return written

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids chosen here."""
        sql = connection.ops.sequence_reset_sql(no_style(), self._written)
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
