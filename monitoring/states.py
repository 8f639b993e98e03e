"""The state of one cell of the completeness and timeliness matrix (one pilot × one period), and
the same states as conditions over reporting periods, so the page, the filter, the rates, the
CSV, the API and the reminders all read one definition (docs/data-quality.md).

A period is, in this order:
- accepted (`accepterad`): its approved report was accepted by the programme's funder (only
  where a programme requires acceptance; the report is then frozen);
- approved (`godkänd`): its report is approved (and not accepted);
- returned (`returnerad`): its report was sent back to the reporter;
- on time (`i tid`): its report is submitted and was submitted on or before the due date (a
  report without a submission time counts as on time);
- late (`sen`): its report is submitted, after the due date;
- missing (`saknas`): the due date has passed and nothing is submitted (no report or a draft);
- not yet due (`ej förfallen`): the due date is today or later and nothing is submitted.

The submission day is the local (Swedish) date of `submitted_at`, so a report submitted at 23:59
on the due date is on time.

An accepted report keeps the status approved (`PeriodReport.accepted_at` says it was accepted),
so `DONE_STATUSES` needs nothing more for it.
"""

import datetime as dt

from django.db.models import Case, F, Q, TextChoices, Value, When
from django.utils.translation import gettext_lazy as _

from pilots.models import ReportStatus


class CellState(TextChoices):
    ON_TIME = "on_time", _("I tid")
    LATE = "late", _("Sen")
    MISSING = "missing", _("Saknas")
    RETURNED = "returned", _("Returnerad")
    APPROVED = "approved", _("Godkänd")
    ACCEPTED = "accepted", _("Accepterad av finansiären")
    NOT_DUE = "not_due", _("Ej förfallen")


# What a cell says: the state's own word, so the matrix, the legend, the filter and the CSV use
# the same words; only "Accepterad av finansiären" is cut to its first word to keep the column
# narrow (its cell is told apart by its dark fill, and the legend and the hidden text say it all).
# No abbreviations: "Godk." and "Acc." were neither clear Swedish nor explained.
SHORT = {state: state.label for state in CellState} | {CellState.ACCEPTED: _("Accepterad")}
MEANING = {
    CellState.ON_TIME: _("Inskickad senast sista rapportdag, väntar på granskning."),
    CellState.LATE: _("Inskickad efter sista rapportdag, väntar på granskning."),
    CellState.MISSING: _("Sista rapportdag har passerat och inget är inskickat."),
    CellState.RETURNED: _("Skickad tillbaka till rapportören för komplettering."),
    CellState.APPROVED: _("Granskad och godkänd."),
    CellState.ACCEPTED: _("Godkänd och accepterad av programmets finansiär; rapporten är låst."),
    CellState.NOT_DUE: _("Sista rapportdag har inte passerat än."),
}

# The order the cases are tried in (the first match wins).
ORDER = [
    CellState.ACCEPTED,
    CellState.APPROVED,
    CellState.RETURNED,
    CellState.LATE,
    CellState.ON_TIME,
    CellState.MISSING,
    CellState.NOT_DUE,
]
# Report statuses that make a period complete (funder acceptance would join them).
DONE_STATUSES = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


def _nothing_submitted_q(prefix: str) -> Q:
    return Q(**{f"{prefix}report__isnull": True}) | Q(
        **{f"{prefix}report__status": ReportStatus.DRAFT}
    )


def _in_time_q(prefix: str) -> Q:
    return Q(**{f"{prefix}report__submitted_at__isnull": True}) | Q(
        **{f"{prefix}report__submitted_at__date__lte": F(f"{prefix}due_date")}
    )


def state_q(state: str, today: dt.date, prefix: str = "") -> Q:
    """Periods (or, with `prefix`, rows reaching a period through it) in `state` on `today`."""
    if state == CellState.ACCEPTED:
        return Q(
            **{
                f"{prefix}report__status": ReportStatus.APPROVED,
                f"{prefix}report__accepted_at__isnull": False,
            }
        )
    if state == CellState.APPROVED:
        return Q(
            **{
                f"{prefix}report__status": ReportStatus.APPROVED,
                f"{prefix}report__accepted_at__isnull": True,
            }
        )
    if state == CellState.RETURNED:
        return Q(**{f"{prefix}report__status": ReportStatus.RETURNED})
    if state == CellState.ON_TIME:
        return Q(**{f"{prefix}report__status": ReportStatus.SUBMITTED}) & _in_time_q(prefix)
    if state == CellState.LATE:
        return Q(
            **{
                f"{prefix}report__status": ReportStatus.SUBMITTED,
                f"{prefix}report__submitted_at__date__gt": F(f"{prefix}due_date"),
            }
        )
    if state == CellState.MISSING:
        return _nothing_submitted_q(prefix) & Q(**{f"{prefix}due_date__lt": today})
    if state == CellState.NOT_DUE:
        return _nothing_submitted_q(prefix) & Q(**{f"{prefix}due_date__gte": today})
    raise ValueError(state)


def state_case(today: dt.date) -> Case:
    """The state of each period as an SQL expression (annotate periods with it)."""
    return Case(
        *[When(state_q(state, today), then=Value(state.value)) for state in ORDER[:-1]],
        default=Value(CellState.NOT_DUE.value),
    )


# -- the rates ---------------------------------------------------------------------------------


def counted_q(today: dt.date) -> Q:
    """Periods a rate counts: the due date has passed, or the report is already complete (a
    report submitted early counts; a period not yet due and not submitted does not)."""
    return Q(due_date__lt=today) | Q(report__status__in=DONE_STATUSES)


def complete_q() -> Q:
    return Q(report__status__in=DONE_STATUSES)


def on_time_q() -> Q:
    """Complete, and submitted on or before the due date."""
    return complete_q() & _in_time_q("")
