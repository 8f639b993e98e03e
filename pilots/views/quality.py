"""Data quality on the report pages: outlier confirmations, comments on cells and each value's
history (docs/data-quality.md). The report views call `decorate_grid`; the history page and
"mark answered" are views of their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilots.models import Gender
from pilots.rules import can_report, can_view_drafts
from pilots.selectors import quality as selectors
from pilots.selectors import reports as report_selectors
from pilots.services import report_quality as services


def history_url(pilot, period, link_id, gender, band) -> str:
    url = reverse(
        "pilots:value_history",
        kwargs={"slug": pilot.slug, "period_id": period.pk, "link_id": link_id, "gender": gender},
    )
    return f"{url}?{urlencode({'alder': band})}" if band else url


def confirmed_outliers(data) -> set:
    """The cell keys whose outlier the reporter confirmed ("<cell key>-confirm" = "yes")."""
    return {key[: -len("-confirm")] for key, v in data.items() if key.endswith("-confirm") and v}


def outlier_keys(exc: ValidationError) -> set:
    """The cell keys a service refused as unconfirmed outliers (code "outlier")."""
    if not hasattr(exc, "error_dict"):
        return set()
    return {
        key
        for key, errors in exc.error_dict.items()
        if any(getattr(e, "code", None) == "outlier" for e in errors)
    }


def decorate_grid(
    grids,
    *,
    pilot,
    period,
    comments=None,
    history_cells=(),
    flags=None,
    outliers=(),
    confirmed=(),
    comment_drafts=None,
) -> int:
    """Put each cell's quality on it (`cell.quality`): the outlier to confirm, the stored value's
    flag, the approver's comments, a comment box (`comment_drafts` not None: the review page)
    and the link to its history. Returns the number of comments shown. No query."""
    comments, flags = comments or {}, flags or {}
    shown = 0
    for grid in grids:
        for row in grid.rows:
            for cell in row.cells:
                ident = (grid.link.pk, cell.gender, cell.band)
                cell.quality = {
                    "outlier": cell.key in outliers,
                    "confirmed": cell.key in confirmed,
                    "flag": flags.get(ident),
                    "comments": comments.get(ident, []),
                    "commentable": comment_drafts is not None,
                    "comment_draft": (comment_drafts or {}).get(cell.key, ""),
                    "history_url": history_url(pilot, period, *ident)
                    if ident in history_cells
                    else "",
                }
                shown += len(cell.quality["comments"])
    return shown


def comment_drafts(grids, data) -> dict:
    """{cell key: text} of the review page's comment boxes."""
    return {
        cell.key: data.get(f"{cell.key}-comment", "")
        for grid in grids
        for row in grid.rows
        for cell in row.cells
    }


def cell_comment_items(grids, drafts: dict) -> list[dict]:
    """The service's `cell_comments` from the review page's boxes (empty ones left out)."""
    return [
        {
            "pilot_indicator": grid.link.pk,
            "gender": cell.gender,
            "age_band": cell.band,
            "text": drafts.get(cell.key, ""),
        }
        for grid in grids
        for row in grid.rows
        for cell in row.cells
        if drafts.get(cell.key, "").strip()
    ]


@login_required
def value_history(request, slug, period_id, link_id, gender):
    pilot = report_selectors.pilot_for_reports(slug=slug)
    if not can_view_drafts(request.user, pilot):
        raise PermissionDenied
    period = report_selectors.period_of(pilot=pilot, period_id=period_id)
    band = request.GET.get("alder", "")
    link = selectors.cell_of(pilot=pilot, link_id=link_id, gender=gender, band=band)
    report = report_selectors.report_of(period=period)
    history = selectors.value_history(report=report, link=link, gender=gender, band=band)
    return render(
        request,
        "pilots/reports/value_history.html",
        {
            "pilot": pilot,
            "period": period,
            "report": report,
            "link": link,
            "gender_label": Gender(gender).label,
            "band": band,
            **history,
        },
    )


@login_required
@require_POST
def comment_resolve(request, slug, period_id, comment_id):
    pilot = report_selectors.pilot_for_reports(slug=slug)
    if not can_report(request.user, pilot):
        raise PermissionDenied
    period = report_selectors.period_of(pilot=pilot, period_id=period_id)
    report = report_selectors.report_of(period=period)
    comment = selectors.comment_of(report=report, comment_id=comment_id)
    try:
        services.cell_comment_resolve(comment=comment, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kommentaren är markerad som besvarad."))
    return redirect(report.get_absolute_url())
