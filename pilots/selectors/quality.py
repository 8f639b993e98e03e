"""Reads for data quality on the report pages: comments on cells, value history, flags.

Each is one query (or a fixed few) for the whole report, however many cells it has.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from partners.numbers import format_number
from pilots import outliers
from pilots.models import (
    CellComment,
    IndicatorValue,
    OutlierConfirmation,
    PeriodReport,
    PilotIndicator,
    ValueChange,
)


def cell_comments_of(*, report: PeriodReport | None, open_only: bool = False) -> dict:
    """{(link id, gender, band): [CellComment, …]} of the report, oldest first (one query)."""
    if report is None:
        return {}
    comments = CellComment.objects.filter(report=report).select_related("author")
    if open_only:
        comments = comments.filter(resolved_at__isnull=True)
    by_cell = defaultdict(list)
    for comment in comments:
        by_cell[comment.cell].append(comment)
    return dict(by_cell)


def cells_with_history(*, report: PeriodReport | None) -> set:
    """The cells of the report that have a recorded change (one query)."""
    if report is None:
        return set()
    return set(
        ValueChange.objects.filter(report=report)
        .values_list("pilot_indicator_id", "gender", "age_band")
        .distinct()
    )


def cell_of(*, pilot, link_id: int, gender: str, band: str) -> PilotIndicator:
    """The pilot's indicator of a cell, checked (404 for a cell the pilot does not have)."""
    link = (
        PilotIndicator.objects.filter(pilot=pilot, pk=link_id).select_related("indicator").first()
    )
    if link is None or gender not in link.indicator.genders or band not in link.indicator.bands:
        raise Http404
    return link


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def cell_text(text, *, qualitative: bool = False) -> str:
    """A stored cell text ("12.5", "45 (9/20)") with numbers as the reader writes them."""
    if text in (None, ""):
        return "–"
    if qualitative:
        return text
    return NUMBER.sub(lambda m: format_number(m.group()), text)


def value_history(*, report: PeriodReport | None, link, gender: str, band: str) -> dict:
    """One cell's changes (newest first, with `before_text`/`after_text` for display), comments
    and outlier confirmations."""
    if report is None:
        return {"changes": [], "comments": [], "confirmations": []}
    cell = {"pilot_indicator": link, "gender": gender, "age_band": band}
    changes = list(ValueChange.objects.filter(report=report, **cell).select_related("changed_by"))
    qualitative = link.indicator.is_qualitative
    for change in changes:
        change.before_text = cell_text(change.before, qualitative=qualitative)
        change.after_text = cell_text(change.after, qualitative=qualitative)
    return {
        "changes": changes,
        "comments": list(
            CellComment.objects.filter(report=report, **cell).select_related(
                "author", "resolved_by"
            )
        ),
        "confirmations": list(
            OutlierConfirmation.objects.filter(report=report, **cell).select_related("confirmed_by")
        ),
    }


def report_changes(
    *, report: PeriodReport, pilot_indicator=None, gender=None, age_band=None
) -> QuerySet[ValueChange]:
    """Every recorded change of the report's values, newest first (for the API); the arguments
    given narrow it to one cell (a non-number `pilot_indicator` matches nothing)."""
    changes = ValueChange.objects.filter(report=report).select_related("changed_by")
    if pilot_indicator not in (None, ""):
        if not str(pilot_indicator).isdigit() or len(str(pilot_indicator)) > 9:
            return changes.none()
        changes = changes.filter(pilot_indicator_id=int(pilot_indicator))
    if gender not in (None, ""):
        changes = changes.filter(gender=gender)
    if age_band is not None:
        changes = changes.filter(age_band=age_band)
    return changes


def report_comments(*, report: PeriodReport) -> QuerySet[CellComment]:
    """Every comment on the report's cells, oldest first (for the API)."""
    return CellComment.objects.filter(report=report).select_related("author", "resolved_by")


def comment_of(*, report: PeriodReport | None, comment_id: int) -> CellComment:
    comment = CellComment.objects.filter(report=report, pk=comment_id).first() if report else None
    if comment is None:
        raise Http404
    comment.report = report
    return comment


# -- outliers ---------------------------------------------------------------------------------


def _history(pilot, before_start) -> dict:
    """{(link id, gender, band): [(period start, value), …]} of the pilot's earlier periods."""
    history = defaultdict(list)
    rows = IndicatorValue.objects.filter(
        pilot_indicator__pilot=pilot, report__period__start__lt=before_start, value__isnull=False
    ).values_list("pilot_indicator_id", "gender", "age_band", "report__period__start", "value")
    for link_id, gender, band, start, value in rows:
        history[(link_id, gender, band)].append((start, value))
    return history


def outlier_reason(result: outliers.Outlier, *, ask: bool = True) -> str:
    """The sentence the reporter sees, ending with the request to confirm; `ask=False` gives
    only the reason, for the approver (who reads whether it was confirmed beside it)."""
    reason = _reason(result)
    return f"{reason} {_('Bekräfta att det stämmer.')}" if ask else reason


def _reason(result: outliers.Outlier) -> str:
    value = format_number(outliers.as_decimal(result.value))
    if result.kind == outliers.RANGE:
        if result.high is not None and result.value > result.high:
            return _("Värdet %(value)s är högre än det förväntade (högst %(high)s).") % {
                "value": value,
                "high": format_number(outliers.as_decimal(result.high)),
            }
        return _("Värdet %(value)s är lägre än det förväntade (lägst %(low)s).") % {
            "value": value,
            "low": format_number(outliers.as_decimal(result.low)),
        }
    median = format_number(outliers.as_decimal(result.reference))
    if result.kind == outliers.SEASONAL:
        return _(
            "Värdet %(value)s är långt från samma period under tidigare år (median %(median)s)."
        ) % {
            "value": value,
            "median": median,
        }
    return _("Värdet %(value)s är långt från tidigare perioder (median %(median)s).") % {
        "value": value,
        "median": median,
    }


def _assess(link: PilotIndicator, value, history: list, period) -> outliers.Outlier | None:
    if link.indicator.is_qualitative:
        return None
    low, high = link.expected_range
    return outliers.assess(
        value,
        history,
        at=period.start,
        cadence=outliers.cadence_of(period.start, period.end),
        expected_min=low,
        expected_max=high,
    )


@dataclass
class Flag:
    """A stored value that stands out: the reason, and the reporter's confirmation if any."""

    reason: str
    confirmation: OutlierConfirmation | None = None


def report_flags(*, report: PeriodReport | None, links) -> dict:
    """{(link id, gender, band): Flag} for the report's stored values that stand out. Two
    queries (earlier values, confirmations); the report's values must be prefetched."""
    if report is None:
        return {}
    by_id = {link.pk: link for link in links}
    period = report.period
    history = None
    flags = {}
    for v in report.values.all():
        link = by_id.get(v.pilot_indicator_id)
        if link is None or v.value is None:
            continue
        if history is None:
            history = _history(report.pilot, period.start)
        cell = (v.pilot_indicator_id, v.gender, v.age_band)
        result = _assess(link, v.value, history.get(cell, []), period)
        if result is not None:
            flags[cell] = Flag(reason=outlier_reason(result, ask=False))
    if flags:
        for confirmation in report.outlier_confirmations.select_related("confirmed_by"):
            flag = flags.get(confirmation.cell)
            if flag is not None and flag.confirmation is None:
                flag.confirmation = confirmation  # newest first
    return flags


def report_outliers(*, report: PeriodReport) -> dict:
    """`report_flags` for a report read on its own (the API): values and indicators loaded."""
    from pilots.selectors.reports import indicators_of

    report = (
        PeriodReport.objects.select_related("period", "pilot")
        .prefetch_related("values")
        .get(pk=report.pk)
    )
    return report_flags(report=report, links=list(indicators_of(pilot=report.pilot)))
