"""Writing many plain rows at once: binary COPY on PostgreSQL, bulk_create elsewhere (SQLite).

For the bulk paths of reports (the import's values and audit events, every value change's
history): building thousands of model instances and one huge INSERT in Python took most of an
import's time. The rows are tuples of the fields named, in order; COPY bypasses Django's
`pre_save` and defaults, so callers give every column they need (timestamps included).
"""

from django.db import connection


def copy_rows(model, names, rows) -> None:
    """COPY rows (values for the fields `names`, in order) into the model's table, inside the
    current transaction (PostgreSQL only)."""
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Binary: no number or date is formatted as text here nor parsed again by the server.
    types = [f.db_type(connection).split("(")[0] for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.set_types(types)
        write = copy.write_row
        for row in rows:
            write(row)


def insert_rows(model, names, rows: list[tuple], *, batch_size: int = 2000) -> None:
    """Insert the rows: COPY on PostgreSQL, `bulk_create` of instances elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        copy_rows(model, names, rows)
        return
    attnames = [model._meta.get_field(name).attname for name in names]
    model.objects.bulk_create(
        [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=batch_size
    )
