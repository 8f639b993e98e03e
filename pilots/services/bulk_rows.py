"""Writing many plain rows at once: binary COPY on PostgreSQL, bulk_create elsewhere (SQLite).

For the bulk paths of reports (the import's values and audit events, every value change's
history): building thousands of model instances and one huge INSERT in Python took most of an
import's time. The rows are tuples of the fields named, in order; COPY bypasses Django's
`pre_save` and defaults, so callers give every column they need (timestamps included).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection


def copy_rows(model, names, rows) -> None:
    """COPY rows (values for the fields `names`, in order) into the model's table, inside the
    current transaction (PostgreSQL only)."""
    with _copy(model, names) as write:
        for row in rows:
            write(row)


@contextmanager
def _copy(model, names) -> Iterator[Callable[[tuple], None]]:
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Binary: no number or date is formatted as text here nor parsed again by the server.
    types = [f.db_type(connection).split("(")[0] for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        # A query while the COPY is open would wait for ever on the connection's lock (psycopg
        # raises nothing): refused at once instead.
        connection.execute_wrapper(_refuse_query),
    ):
        copy.set_types(types)
        yield copy.write_row


def _refuse_query(execute, sql, params, many, context):
    raise RuntimeError(f"No query may run while a COPY is open: {sql[:120]}")


@contextmanager
def row_stream(model, names, *, batch_size: int = 2000) -> Iterator[Callable[[tuple], None]]:
    """A function that inserts one row (values for the fields `names`, in order) as it is
    given, all of them written when the block ends. On PostgreSQL the rows go out in a COPY
    that is open for the block: the server inserts the first rows while the caller still
    computes the next ones. The connection runs no other statement until the block ends (one
    raises RuntimeError). Else `bulk_create` at the end."""
    if connection.vendor == "postgresql":
        with _copy(model, names) as write:
            yield write
        return
    rows: list[tuple] = []
    yield rows.append
    if rows:
        attnames = [model._meta.get_field(name).attname for name in names]
        model.objects.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows],
            batch_size=batch_size,
        )
