"""Decisions on a submitted period report: the approver's approval or return, and a funder's
acceptance (which freezes the report) and its withdrawal.

Like the reporters' services in pilots.services.reports, each locks the period row and then the
report row, compares the caller's `expected_version`, writes, audits old → new and queues
notifications after commit (pilots.services.report_guards). A failure raises and writes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox import enqueue
from pilots.models import PeriodReport, ReportingPeriod, ReportStatus
from pilots.personal_data import looks_like_personnummer
from pilots.rules import can_approve
from pilots.services.report_guards import (
    audit_report,
    check_report_version,
    lock_for_decision,
    lock_period_and_report,
)
from pilots.signals import report_approved
from pilots.tasks import notify_report_decided as notify_report_decided_task


def _decide(
    report: PeriodReport, actor, expected_version, status: str, comment: str
) -> PeriodReport:
    if not can_approve(actor, report.pilot):
        raise PermissionDenied
    period, report = lock_for_decision(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            _("Bara inskickade rapporter kan godkännas eller returneras (rapporten är %(status)s).")
            % {"status": report.get_status_display().lower()},
            code="wrong_status",
        )
    old = report.status
    report.status = status
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.return_comment = comment
    report.version += 1
    report.save()
    changes = {"status": [old, status]}
    if status == ReportStatus.APPROVED:
        period.is_locked = True
        period.save(update_fields=["is_locked"])
        changes["period_locked"] = [False, True]
    audit_report(report, actor, f"report.{status}", changes, message=comment)
    enqueue(notify_report_decided_task, report.pk)
    if status == ReportStatus.APPROVED:
        report_approved.send(sender=PeriodReport, report=report)
    return report


@transaction.atomic
def report_approve(
    *, report: PeriodReport, actor, expected_version: int, comment: str = ""
) -> PeriodReport:
    """Approve a submitted report and lock its period; reporters are told after commit, with the
    approver's comment if there is one (it shows on the report as a return comment does).

    Raises PermissionDenied (not an approver of the pilot) or ValidationError.
    """
    comment = (comment or "").strip()
    if not can_approve(actor, report.pilot):
        raise PermissionDenied
    if comment and looks_like_personnummer(comment):
        raise ValidationError({"comment": [_("Texten ser ut att innehålla ett personnummer.")]})
    return _decide(report, actor, expected_version, ReportStatus.APPROVED, comment)


@transaction.atomic
def report_return(
    *, report: PeriodReport, actor, expected_version: int, comment: str
) -> PeriodReport:
    """Return a submitted report to the reporters with a comment saying what to change.

    Raises PermissionDenied or ValidationError ({"comment": …} when the comment is empty).
    """
    comment = (comment or "").strip()
    if not can_approve(actor, report.pilot):
        raise PermissionDenied
    if not comment:
        raise ValidationError({"comment": [_("Skriv en kommentar om vad som behöver ändras.")]})
    if looks_like_personnummer(comment):
        raise ValidationError({"comment": [_("Texten ser ut att innehålla ett personnummer.")]})
    return _decide(report, actor, expected_version, ReportStatus.RETURNED, comment)


def _name(user) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


@transaction.atomic
def report_accept(*, report: PeriodReport, actor, expected_version: int) -> PeriodReport:
    """Record a funder's acceptance of an approved report, which freezes it.

    The caller has checked that the actor may accept the report (programmes.services.acceptance,
    by the rule `programmes.accept_report`); pilots knows nothing of programmes. Raises
    ValidationError (stale version, not approved, already accepted).
    """
    _period, report = _lock_report(report, expected_version)
    if report.is_accepted:
        raise ValidationError(_("Rapporten är redan accepterad."), code="accepted")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(
            _("Bara godkända rapporter kan accepteras (rapporten är %(status)s).")
            % {"status": report.get_status_display().lower()},
            code="wrong_status",
        )
    report.accepted_at = timezone.now()
    report.accepted_by = actor
    report.version += 1
    report.save()
    audit_report(
        report,
        actor,
        "report.accepted",
        {
            "accepted_by": [None, _name(actor)],
            "accepted_at": [None, report.accepted_at.isoformat()],
        },
    )
    return report


@transaction.atomic
def report_unaccept(
    *, report: PeriodReport, actor, expected_version: int, comment: str
) -> PeriodReport:
    """Take back a funder's acceptance: the report goes back to the reporters as returned, with
    the funder's comment, and its period opens again. The approval and the acceptance are
    cleared on the report; the history keeps both (and this event records who they were).

    The caller has checked that the actor may un-accept (programmes.services.acceptance). Raises
    ValidationError ({"comment": …} when empty, stale version, not accepted).
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Skriv en kommentar om varför acceptansen tas tillbaka.")]}
        )
    if looks_like_personnummer(comment):
        raise ValidationError({"comment": [_("Texten ser ut att innehålla ett personnummer.")]})
    period, report = _lock_report(report, expected_version)
    if not report.is_accepted:
        raise ValidationError(_("Rapporten är inte accepterad."), code="not_accepted")
    changes = {
        "status": [report.status, ReportStatus.RETURNED],
        "accepted_by": [_name(report.accepted_by), None],
        "accepted_at": [report.accepted_at.isoformat(), None],
        "decided_by": [_name(report.decided_by), _name(actor)],
    }
    report.status = ReportStatus.RETURNED
    report.accepted_at = None
    report.accepted_by = None
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.return_comment = comment
    report.version += 1
    report.save()
    if period.is_locked:
        period.is_locked = False
        period.save(update_fields=["is_locked"])
        changes["period_locked"] = [True, False]
    audit_report(report, actor, "report.unaccepted", changes, message=comment)
    return report


def _lock_report(report: PeriodReport, expected_version) -> tuple[ReportingPeriod, PeriodReport]:
    """Lock the period and the report (in that order) and check the version, for the funder's
    acceptance, which an accepted report must not refuse as the organisation's decisions do."""
    period, fresh = lock_period_and_report(report.period)
    if fresh is None:
        raise ValidationError(_("Rapporten finns inte längre."), code="missing")
    check_report_version(fresh, expected_version)
    return period, fresh
