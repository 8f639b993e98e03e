"""Data quality of period reports at the level of a value (docs/data-quality.md).

- **Value history**: `record_value_changes` writes one `ValueChange` per changed cell, in bulk
  (called by `write_values` for the form and the API, and by the import), and resolves the
  approver's open comments on the cells that changed.
- **Outliers**: `outlier_refusals` asks the reporter to confirm values that stand out
  (`pilots.outliers.assess`) before `report_save` writes them; `outlier_confirmations_record`
  keeps who confirmed what and the reason shown (the selector `report_flags` shows them).
- **Cell comments**: `report_decide_with_comments` returns (or approves) a report and attaches
  the approver's comments to cells in one transaction.
"""

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.audit import audit_record
from pilots import page_cache
from pilots.models import (
    CellComment,
    IndicatorValue,
    OutlierConfirmation,
    PeriodReport,
    PilotIndicator,
    ValueChange,
)
from pilots.personal_data import MESSAGE as PNR_MESSAGE
from pilots.personal_data import looks_like_personnummer
from pilots.rules import can_approve, can_report
from pilots.selectors.quality import _assess, _history, outlier_reason
from pilots.services.bulk_rows import row_stream
from pilots.services.report_cells import cell_key, cell_label, label_words

COMMENT_MAX = 2000

# -- value history ----------------------------------------------------------------------------


HISTORY_COLUMNS = (
    "report",
    "pilot_indicator",
    "gender",
    "age_band",
    "before",
    "after",
    "channel",
    "changed_by",
    "changed_at",
)


def record_value_changes(entries: list[tuple], *, actor, channel: str) -> None:
    """Write the history of changed cells: `entries` are (report id, pilot indicator id, gender,
    age band, before, after). Two to three queries whatever their number (the rows go in with
    one COPY on PostgreSQL, no model instance per change); open comments on a changed cell are
    resolved (the reporter answered by changing the value)."""
    if not entries:
        return
    with value_history(actor=actor, channel=channel) as record:
        record(entries)


@contextmanager
def value_history(*, actor, channel: str) -> Iterator[Callable[[list[tuple]], None]]:
    """A function that records changed cells, a list of (report id, pilot indicator id,
    gender, age band, before, after), as `record_value_changes` does: the changes are written
    as they come (a COPY open for the block on PostgreSQL, see bulk_rows.row_stream) and the
    open comments on the changed cells resolved when the block ends. The block may compute
    other things meanwhile (the import builds its audit events while the server writes its
    history) but run no query."""
    now = timezone.now()
    user = actor if actor is not None and actor.is_authenticated else None
    tail = (channel, user.pk if user is not None else None, now)
    changed: list[tuple] = []
    with ExitStack() as stack:
        inserts = []  # the open COPY's writer, once there is a change to write

        def record(entries: list[tuple]) -> None:
            if not entries:
                return
            if not inserts:
                inserts.append(stack.enter_context(row_stream(ValueChange, HISTORY_COLUMNS)))
            insert = inserts[0]
            for entry in entries:
                insert(entry + tail)
            changed.extend(entries)

        yield record
    if not changed:
        return
    open_comments = list(
        CellComment.objects.filter(
            report_id__in={e[0] for e in changed}, resolved_at__isnull=True
        ).values_list("pk", "report_id", "pilot_indicator_id", "gender", "age_band")
    )
    if not open_comments:
        return  # most writes: no cell of these reports has an open comment
    cells = {(r, link, g, b) for r, link, g, b, _before, _after in changed}
    resolved = [pk for pk, *cell in open_comments if tuple(cell) in cells]
    if resolved:
        CellComment.objects.filter(pk__in=resolved).update(resolved_at=now, resolved_by=user)


# -- outliers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingConfirmation:
    link_id: int
    gender: str
    age_band: str
    value: object
    reason: str
    label: str


def outlier_refusals(*, period, report, cells: dict, confirmed) -> tuple[dict, list, list]:
    """The cells whose new value stands out and was not confirmed (errors keyed by cell, code
    "outlier"), the confirmed ones to record, and the summary lines naming each refused cell
    ("Deltagare (Totalt, alla åldrar): Värdet …"). Unchanged stored values are not asked again.
    `confirmed` holds the cell keys the reporter ticked."""
    stored = {}
    if report is not None:
        stored = {
            (v.pilot_indicator_id, v.gender, v.age_band): v.value
            for v in IndicatorValue.objects.filter(report=report).only(
                "pilot_indicator_id", "gender", "age_band", "value"
            )
        }
    changed = {
        cell: (link, cleaned)
        for cell, (link, cleaned) in cells.items()
        if cleaned.value is not None and stored.get(cell) != cleaned.value
    }
    if not changed:
        return {}, [], []
    history = _history(period.pilot, period.start)
    errors, pending, summary = {}, [], []
    words = label_words()
    for (link_id, gender, band), (link, cleaned) in changed.items():
        result = _assess(link, cleaned.value, history.get((link_id, gender, band), []), period)
        if result is None:
            continue
        reason = outlier_reason(result)
        key = cell_key(link_id, gender, band)
        label = cell_label(link, gender, band, words)
        if key in confirmed:
            pending.append(PendingConfirmation(link_id, gender, band, cleaned.value, reason, label))
        else:
            errors[key] = [ValidationError(reason, code="outlier")]
            summary.append(f"{label}: {reason}")
    return errors, pending, summary


def outlier_confirmations_record(*, report: PeriodReport, pending: list, actor) -> dict:
    """Keep the reporter's confirmations; returns the audit changes ({} when none)."""
    if not pending:
        return {}
    now = timezone.now()
    OutlierConfirmation.objects.bulk_create(
        [
            OutlierConfirmation(
                report=report,
                pilot_indicator_id=p.link_id,
                gender=p.gender,
                age_band=p.age_band,
                value=p.value,
                reason=p.reason,
                confirmed_by=actor if actor is not None and actor.is_authenticated else None,
                confirmed_at=now,
            )
            for p in pending
        ]
    )
    return {"outliers_confirmed": {p.label: [None, p.reason] for p in pending}}


# -- cell comments ----------------------------------------------------------------------------


def _clean_comments(pilot, items: list[dict]) -> tuple[list[CellComment], dict, dict]:
    links = {
        link.pk: link
        for link in PilotIndicator.objects.filter(pilot=pilot).select_related("indicator")
    }
    comments, errors, labels = [], {}, {}
    words = label_words()
    for item in items:
        text = str(item.get("text") or "").strip()
        if not text:
            continue
        raw_id = item.get("pilot_indicator")
        raw_id = getattr(raw_id, "pk", raw_id)
        gender = str(item.get("gender") or "T").strip().upper()
        band = str(item.get("age_band") or "").strip()
        key = cell_key(raw_id, gender, band)
        try:
            link = links.get(int(raw_id))
        except (TypeError, ValueError):
            link = None
        if link is None or gender not in link.indicator.genders or band not in link.indicator.bands:
            errors[key] = [_("Cellen finns inte i rapporten.")]
            continue
        if len(text) > COMMENT_MAX:
            errors[key] = [_("Kommentaren får vara högst %(n)s tecken.") % {"n": COMMENT_MAX}]
            continue
        if looks_like_personnummer(text):
            errors[key] = [PNR_MESSAGE]
            continue
        comments.append(CellComment(pilot_indicator=link, gender=gender, age_band=band, text=text))
        labels[cell_label(link, gender, band, words)] = [None, text]
    return comments, errors, labels


@transaction.atomic
def report_decide_with_comments(
    *,
    report: PeriodReport,
    actor,
    expected_version: int,
    approve: bool,
    comment: str,
    cell_comments: list[dict],
) -> PeriodReport:
    """Return (or approve, `approve=True`) a submitted report with the approver's comments on
    cells: `cell_comments` are dicts with pilot_indicator, gender, age_band and text (empty texts
    are skipped). One transaction: a refused decision keeps no comment. Raises PermissionDenied
    or ValidationError (keyed by cell, or what report_return/report_approve raise)."""
    from pilots.services.report_decisions import report_approve, report_return

    if not can_approve(actor, report.pilot):
        raise PermissionDenied
    comments, errors, labels = _clean_comments(report.pilot, cell_comments or [])
    if errors:
        raise ValidationError(errors)
    service = report_approve if approve else report_return
    decided = service(
        report=report, actor=actor, expected_version=expected_version, comment=comment
    )
    if comments:
        now = timezone.now()
        for item in comments:
            item.report, item.author, item.created_at = decided, actor, now
        CellComment.objects.bulk_create(comments)
        page_cache.bump(decided.pilot_id)  # bulk_create sends no post_save (open comments shown)
        audit_record(
            actor=actor,
            action="report.cell_commented",
            obj=decided,
            organisation=decided.pilot.lead_organisation,
            changes={"cell_comments": labels},
        )
    return decided


@transaction.atomic
def cell_comment_resolve(*, comment: CellComment, actor) -> CellComment:
    """A reporter marks an approver's comment answered (without changing the value)."""
    report = comment.report
    if not can_report(actor, report.pilot):
        raise PermissionDenied
    if not report.is_editable:
        # Answered comments belong to a report the reporters are still working on; a submitted,
        # approved or accepted report is not theirs to change.
        raise ValidationError(
            _("Rapporten kan inte ändras nu, så kommentaren kan inte markeras som besvarad."),
            code="not_editable",
        )
    comment = (
        CellComment.objects.select_for_update()
        .select_related("pilot_indicator__indicator")
        .get(pk=comment.pk)
    )
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), actor
        comment.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(
            actor=actor,
            action="report.cell_comment_resolved",
            obj=report,
            organisation=report.pilot.lead_organisation,
            changes={
                "cell_comments": {
                    cell_label(comment.pilot_indicator, comment.gender, comment.age_band): [
                        comment.text,
                        None,
                    ]
                }
            },
        )
    return comment
