"""Reads for the completeness and timeliness matrix: the pilots a user may follow, one page of
them with each period's state, and the rates (share complete, share on time) per pilot, per
organisation, per programme and for the whole filter.

Every rate is counted in the database (`COUNT(…) FILTER (WHERE …)` grouped by pilot,
organisation or programme) and a page reads a fixed number of queries however many pilots and
periods there are: the pilots of the page, their periods, and one grouped query per level.

The modules: `filters` (the filter, its choices, the filtered pilots and periods), `rates`,
`columns` (the period columns grouped by kind), `matrix` (one page) and `export` (the CSV). Callers
import this package (`from monitoring import selectors`); its names are re-exported here.
"""

from monitoring.selectors.columns import Column, ColumnGroup, period_legend
from monitoring.selectors.export import export_rows
from monitoring.selectors.filters import (
    MatrixFilters,
    apply_filters,
    filtered_periods,
    filtered_pilots,
    monitored_pilots,
    organisation_choices,
    programme_choices,
    year_choices,
)
from monitoring.selectors.matrix import (
    PER_PAGE,
    Cell,
    MatrixPage,
    Row,
    legend,
    matrix_page,
    matrix_rows,
    reports_openable,
)
from monitoring.selectors.rates import (
    NamedRates,
    Rates,
    RatesSummary,
    missing_periods,
    organisation_rates,
    programme_rates,
    rates_summary,
    total_rates,
)

__all__ = [
    "PER_PAGE",
    "Cell",
    "Column",
    "ColumnGroup",
    "MatrixFilters",
    "MatrixPage",
    "NamedRates",
    "Rates",
    "RatesSummary",
    "Row",
    "apply_filters",
    "export_rows",
    "filtered_periods",
    "filtered_pilots",
    "legend",
    "matrix_page",
    "matrix_rows",
    "missing_periods",
    "monitored_pilots",
    "organisation_choices",
    "organisation_rates",
    "period_legend",
    "programme_choices",
    "programme_rates",
    "rates_summary",
    "reports_openable",
    "total_rates",
    "year_choices",
]
