"""Reads for the reports API: which reports a user may see, and their contents.

The list endpoint reads in two steps (pilots.api.report_cache): `report_rows` finds a page's
reports with only what their cache keys need, and `report_contents` loads the contents of the
reports whose cached representation was missing. `report_list` does both at once (detail and
the answers of writes, which are never served from the cache).
"""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from pilots import rules
from pilots.models import IndicatorValue, PeriodReport, PilotIndicator

USER_NAME_FIELDS = ("first_name", "last_name", "email")
# The default order of the list (the endpoint's `ordering` parameter replaces it).
ORDER = ("pilot_id", "period__start")


# What the representation reads of a report and its joined rows (the pilot's other columns, its
# summary and texts, would be read and dropped for every report).
CONTENT_FIELDS = (
    *("id", "pilot_id", "period_id", "status", "progress", "narrative", "return_comment"),
    *("submitted_at", "decided_at", "accepted_at", "version", "pilot__slug", "period__label"),
    *(f"{user}__{f}" for user in ("decided_by", "accepted_by") for f in USER_NAME_FIELDS),
)


def _with_contents(queryset: QuerySet[PeriodReport]) -> QuerySet[PeriodReport]:
    # The values come by report id alone, ordered by their indicator's place through a per-row
    # subquery, and their indicators in a query of their own: joining the indicator rows into
    # the values' query made PostgreSQL hash all 69 000 pilot indicators for a page's few
    # hundred values (70 ms of a 50-report page at national scale).
    indicator_order = PilotIndicator.objects.filter(pk=OuterRef("pilot_indicator_id")).values(
        "order"
    )
    return queryset.prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.order_by(
                Subquery(indicator_order), "pilot_indicator_id", "gender", "age_band"
            ),
        ),
        Prefetch(
            "values__pilot_indicator",
            queryset=PilotIndicator.objects.select_related("indicator").only(
                "id", "indicator__id", "indicator__name"
            ),
        ),
        "lessons",
    )


def report_list(*, user) -> QuerySet[PeriodReport]:
    """Reports the user may see: approved ones of visible pilots; all of them for the pilot's own
    people (rules.reports_visible_q). Values and lessons preloaded."""
    qs = PeriodReport.objects.filter(rules.reports_visible_q(user))
    qs = qs.select_related("period", "pilot__lead_organisation", "decided_by", "accepted_by")
    return _with_contents(qs).order_by(*ORDER)


def report_rows(*, user) -> QuerySet:
    """The reports `report_list` gives the user, in its order, as (id, pilot id, the pilot's
    lead organisation id) rows: what a cached representation's key and the names rule need,
    no model instances. The list's filters and ordering apply to it as to `report_list`."""
    return (
        PeriodReport.objects.filter(rules.reports_visible_q(user))
        .order_by(*ORDER)
        .values_list("id", "pilot_id", "pilot__lead_organisation_id")
    )


def report_contents(*, report_ids) -> dict[int, PeriodReport]:
    """id → the report with everything its API representation shows (period, pilot slug, who
    decided and accepted, values with their indicators, lessons), for ids the caller already
    took from `report_list` or `report_rows` (no visibility check here). Five queries (none
    when `report_ids` is empty)."""
    if not report_ids:
        return {}
    queryset = (
        PeriodReport.objects.filter(pk__in=list(report_ids))
        .select_related("period", "pilot", "decided_by", "accepted_by")
        .only(*CONTENT_FIELDS)
    )
    queryset = _with_contents(queryset)
    return {report.pk: report for report in queryset}
