"""Helpers for the all-or-nothing tests: table snapshots, a rolled-back example, bounded settings.

A snapshot is every column of every row of the given models, so "unchanged" means byte for byte:
no row added, removed or altered (version counters and timestamps included).
"""

import os
from contextlib import contextmanager

from django.db import transaction
from hypothesis import HealthCheck, Phase, settings

from partners.models import AuditEvent

# Bounded for CI; raise locally with ATOMICITY_MAX_EXAMPLES=500.
ATOMICITY_SETTINGS = settings(
    max_examples=int(os.environ.get("ATOMICITY_MAX_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: on a loaded CI machine it can take minutes, and a failure already prints
    # every drawn value.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    # Each example runs in a savepoint that is rolled back (see `rolled_back`), so sharing the
    # function-scoped database fixtures between examples is safe.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def snapshot(*models) -> dict:
    """Every row of every model (all concrete columns, ordered by pk), plus the audit trail."""
    tables = {}
    for model in (*models, AuditEvent):
        columns = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.label] = list(model.objects.order_by("pk").values_list(*columns))
    return tables


@contextmanager
def rolled_back():
    """Run one generated example inside a savepoint that is always rolled back, so the next
    example starts from the same database."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
