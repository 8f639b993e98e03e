"""What every period-report service shares: the guards it starts with (lock the period, then
its report, with `select_for_update`, always in that order; compare the caller's
`expected_version` with the stored one; refuse an accepted report) and the audit record it ends
with. The services are in pilots.services.reports (filing and submitting) and
pilots.services.report_decisions (approving, returning, the funder's acceptance)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import locking
from partners.audit import audit_record
from pilots.models import PeriodReport, ReportingPeriod


def report_stale_error() -> ValidationError:
    """The refusal of a write made from an older version of the report."""
    return locking.stale_error(
        _("Någon annan har ändrat rapporten sedan du öppnade den. Ladda om sidan och försök igen.")
    )


def lock_period_and_report(period: ReportingPeriod) -> tuple[ReportingPeriod, PeriodReport | None]:
    """Lock the period, then its report (if any); re-read both from the database."""
    period = (
        ReportingPeriod.objects.select_for_update()
        .select_related("pilot__lead_organisation")
        .get(pk=period.pk)
    )
    report = PeriodReport.objects.select_for_update().filter(period=period).first()
    if report is not None:
        report.period = period
        report.pilot = period.pilot
    return period, report


def check_report_version(report: PeriodReport | None, expected_version) -> None:
    """Refuse unless `expected_version` is the stored one (None or "" when there was no report)."""
    current = report.version if report is not None else None
    if expected_version in ("", None):
        expected_version = None
    else:
        try:
            expected_version = int(expected_version)
        except (TypeError, ValueError):
            raise report_stale_error() from None
    if current != expected_version:
        raise report_stale_error()


def refuse_if_accepted(report: PeriodReport | None) -> None:
    """An accepted report is frozen: no edit, submit, return or decision until un-accepted."""
    if report is not None and report.is_accepted:
        raise ValidationError(
            _(
                "Rapporten är accepterad av finansiären och kan inte ändras. Finansiären kan ta "
                "tillbaka acceptansen."
            ),
            code="accepted",
        )


def audit_report(
    report: PeriodReport, actor, action: str, changes: dict, message: str = ""
) -> None:
    """Audit a change of the report, under its pilot's lead organisation."""
    audit_record(
        actor=actor,
        action=action,
        obj=report,
        organisation=report.pilot.lead_organisation,
        changes=changes,
        message=message,
    )


def lock_for_decision(
    report: PeriodReport, expected_version
) -> tuple[ReportingPeriod, PeriodReport]:
    """Lock the period and the report, check the version and refuse an accepted report: where
    submitting and the organisation's decisions start."""
    period, fresh = lock_period_and_report(report.period)
    if fresh is None:
        raise ValidationError(_("Rapporten finns inte längre."), code="missing")
    check_report_version(fresh, expected_version)
    refuse_if_accepted(fresh)
    return period, fresh
