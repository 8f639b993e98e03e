"""The funder's portfolio dashboard and its CSV/XLSX exports."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from core import caching
from pilots.models import ProgressStatus
from programmes import exports, page_cache, portfolio, selectors
from programmes.models import Decision, MembershipStatus

from .common import context, display_rows, load, page_of, require_funder


def _filters(request) -> dict:
    return {k: request.GET.get(k, "") for k in portfolio.FILTERS}


@login_required
def dashboard(request, slug):
    """The funder's portfolio. Below the navigation it is the same for every funder: cached HTML
    under the programme's version (programmes.page_cache says what bumps it), keyed on the
    filter, the page, the language and today's date (reporting states follow due dates). The
    reads behind it (`_body`) run only when the part is rendered."""
    programme = load(request, slug, prefetch=False)
    require_funder(request, programme)
    filters = _filters(request)
    body = SimpleLazyObject(lambda: _body(request, programme, filters))
    return render(
        request,
        "programmes/portfolio.html",
        context(
            request,
            programme,
            body=body,
            # Read lazily too: only a miss renders them (tests read them from the context).
            rows=SimpleLazyObject(lambda: body["rows"]),
            aggregates=SimpleLazyObject(lambda: body["aggregates"]),
            filters=filters,
            query="&".join(f"{k}={v}" for k, v in filters.items() if v),
            page_param=request.GET.get("page", ""),
            today=timezone.localdate(),
            cache_timeout=caching.TIMEOUT,
            cache_version=page_cache.version(programme.pk),
        ),
    )


def _body(request, programme, filters) -> dict:
    selectors.prefetch_parts(programme)
    indicators = list(programme.shared_indicators.all())
    page = page_of(request, portfolio.portfolio(programme=programme, filters=filters))
    rows = portfolio.portfolio_rows(
        programme=programme, memberships_page=page, indicators=indicators
    )
    return {
        "page": page,
        "rows": rows,
        # The note under the table explains "Ingen fas" only when a row shows it.
        "stageless": any(row.membership.stage_id is None for row in rows),
        "indicators": indicators,
        "stages": list(programme.stages.all()),
        "reporting_choices": list(portfolio.REPORTING_STATUS.items()),
        "progress_choices": ProgressStatus.choices,
        "status_choices": MembershipStatus.choices,
        "progress_labels": dict(ProgressStatus.choices),
        "decision_labels": dict(Decision.choices),
        "aggregates": display_rows(selectors.funder_aggregates(programme=programme)),
        "budget": portfolio.budget_totals(programme=programme),
        "lessons": portfolio.latest_lessons(programme=programme),
    }


@login_required
def export(request, slug, fmt):
    programme = load(request, slug)
    require_funder(request, programme)
    indicators = list(programme.shared_indicators.all())
    memberships = portfolio.portfolio(programme=programme, filters=_filters(request))
    rows = portfolio.portfolio_rows(
        programme=programme, memberships_page=memberships, indicators=indicators
    )
    table = exports.portfolio_table(rows, indicators)
    filename = f"portfolj-{programme.slug}-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        return exports.xlsx_response({_("Portfölj"): table}, f"{filename}.xlsx")
    return exports.csv_response(table, f"{filename}.csv")
