"""The funder's portfolio dashboard and its CSV/XLSX exports."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pilots.models import ProgressStatus
from programmes import exports, portfolio, selectors
from programmes.models import Decision, MembershipStatus

from .common import context, display_rows, load, page_of, require_funder


def _filters(request) -> dict:
    return {k: request.GET.get(k, "") for k in portfolio.FILTERS}


@login_required
def dashboard(request, slug):
    programme = load(request, slug)
    require_funder(request, programme)
    filters = _filters(request)
    indicators = list(programme.shared_indicators.all())
    page = page_of(request, portfolio.portfolio(programme=programme, filters=filters))
    rows = portfolio.portfolio_rows(
        programme=programme, memberships_page=page, indicators=indicators
    )
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "programmes/portfolio.html",
        context(
            request,
            programme,
            page=page,
            rows=rows,
            indicators=indicators,
            filters=filters,
            query=query,
            stages=list(programme.stages.all()),
            reporting_choices=list(portfolio.REPORTING_STATUS.items()),
            progress_choices=ProgressStatus.choices,
            status_choices=MembershipStatus.choices,
            progress_labels=dict(ProgressStatus.choices),
            decision_labels=dict(Decision.choices),
            aggregates=display_rows(selectors.funder_aggregates(programme=programme)),
            budget=portfolio.budget_totals(programme=programme),
            lessons=portfolio.latest_lessons(programme=programme),
            today=timezone.localdate(),
        ),
    )


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
