"""A funder's acceptance of its pilots' period reports (programmes that require it).

After the pilot's organisation has approved a report, a manager of a programme that requires
acceptance (and has accepted the pilot) accepts it, which freezes it; taking the acceptance back
returns the report to the reporters with the funder's comment. Who may is the rule
`programmes.accept_report`; the report's state changes in pilots (`report_accept`,
`report_unaccept`: lock, version, audit), and who is told is queued here, on commit.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from outbox import enqueue
from pilots.models import PeriodReport
from pilots.services import reports as report_services
from programmes import rules
from programmes.tasks import (
    notify_report_acceptance,
    notify_report_awaiting_acceptance,
)


@transaction.atomic
def report_accept(*, report: PeriodReport, actor, expected_version: int) -> PeriodReport:
    """Accept an approved report of a pilot in a programme the actor manages that requires
    acceptance: the report is frozen. Reporters and approvers are told after commit.

    Raises PermissionDenied (no such programme, or not its manager) or ValidationError (stale
    version, not approved, already accepted).
    """
    if not rules.can_accept_report(actor, report):
        raise PermissionDenied
    report = report_services.report_accept(
        report=report, actor=actor, expected_version=expected_version
    )
    enqueue(notify_report_acceptance, report.pk, "accepted")
    return report


@transaction.atomic
def report_unaccept(
    *, report: PeriodReport, actor, expected_version: int, comment: str
) -> PeriodReport:
    """Take back the acceptance of a report: it goes back to the reporters as returned, with the
    comment (required), and its period opens. Reporters and approvers are told after commit.

    Raises PermissionDenied or ValidationError ({"comment": …}, stale version, not accepted).
    """
    if not rules.can_accept_report(actor, report):
        raise PermissionDenied
    report = report_services.report_unaccept(
        report=report, actor=actor, expected_version=expected_version, comment=comment
    )
    enqueue(notify_report_acceptance, report.pk, "unaccepted")
    return report


def report_approved(sender, report: PeriodReport, **kwargs) -> None:
    """`pilots.signals.report_approved` (inside the approval's transaction): if a programme must
    accept the report, its managers are told after commit."""
    from programmes.selectors import acceptance_programmes_of

    if acceptance_programmes_of(report=report):
        enqueue(notify_report_awaiting_acceptance, report.pk)
