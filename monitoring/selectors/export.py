"""Everything the matrix's CSV holds, streamed in a fixed number of queries."""

import datetime as dt

from django.utils import timezone

from monitoring.selectors.filters import MatrixFilters, filtered_periods
from monitoring.selectors.matrix import CELL_FIELDS, Cell
from monitoring.selectors.rates import Rates, rates_by, rates_summary
from monitoring.states import state_case


def export_rows(*, user, filters: MatrixFilters, today: dt.date | None = None):
    """Everything the CSV holds, streamed: ("period", pilot title, organisation, cell) for every
    cell, then ("pilot" | "organisation" | "programme" | "total", name, organisation, Rates).
    A fixed number of queries, each read in chunks."""
    today = today or timezone.localdate()
    periods = filtered_periods(user=user, filters=filters, today=today)
    cells = (
        periods.annotate(state=state_case(today))
        .values(*CELL_FIELDS, "pilot__title", "pilot__lead_organisation__name")
        .order_by("pilot__title", "pilot_id", "start")
    )
    for p in cells.iterator(chunk_size=2000):
        yield (
            "period",
            p["pilot__title"],
            p["pilot__lead_organisation__name"],
            Cell.of(p),
        )
    for r in (
        rates_by(periods, today, "pilot_id", "pilot__title", "pilot__lead_organisation__name")
        .order_by("pilot__title", "pilot_id")
        .iterator(chunk_size=2000)
    ):
        yield ("pilot", r["pilot__title"], r["pilot__lead_organisation__name"], Rates.of(r))
    summary = rates_summary(user=user, filters=filters, today=today)
    for named in summary.organisations:
        yield ("organisation", named.name, "", named.rates)
    for named in summary.programmes:
        yield ("programme", named.name, "", named.rates)
    yield ("total", "", "", summary.total)
