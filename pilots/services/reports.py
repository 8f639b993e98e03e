"""Period reports: filing values, submitting, approving and returning — the report workflow.

Every function here is the one way a report changes, whether the caller is the portal form, the
API, the Wagtail admin or an import. Each locks the period row and then the report row
(`select_for_update`, always in that order), compares the caller's `expected_version` with the
stored one (optimistic concurrency across requests), writes, audits old → new and queues
notifications after commit. A failure raises and writes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import locking
from outbox import enqueue
from partners.audit import audit_record
from pilots.models import (
    Channel,
    PeriodReport,
    ProgressStatus,
    ReportingPeriod,
    ReportStatus,
)
from pilots.personal_data import MESSAGE as PNR_MESSAGE
from pilots.personal_data import looks_like_personnummer
from pilots.rules import can_approve, can_report, can_view_drafts
from pilots.services.report_cells import (
    clean_cells,
    clean_lessons,
    write_lessons,
    write_values,
)
from pilots.services.report_quality import outlier_confirmations_record, outlier_refusals
from pilots.signals import report_approved
from pilots.tasks import notify_report_decided as notify_report_decided_task
from pilots.tasks import notify_report_submitted as notify_report_submitted_task
from pilots.validation.evaluate import enforce as enforce_rules
from pilots.validation.evaluate import stored_cells


def _stale() -> ValidationError:
    return locking.stale_error(
        _("Någon annan har ändrat rapporten sedan du öppnade den. Ladda om sidan och försök igen.")
    )


def _lock(period: ReportingPeriod) -> tuple[ReportingPeriod, PeriodReport | None]:
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


def _check_version(report: PeriodReport | None, expected_version) -> None:
    current = report.version if report is not None else None
    if expected_version in ("", None):
        expected_version = None
    else:
        try:
            expected_version = int(expected_version)
        except (TypeError, ValueError):
            raise _stale() from None
    if current != expected_version:
        raise _stale()


def _refuse_if_accepted(report: PeriodReport | None) -> None:
    """An accepted report is frozen: no edit, submit, return or decision until un-accepted."""
    if report is not None and report.is_accepted:
        raise ValidationError(
            _(
                "Rapporten är accepterad av finansiären och kan inte ändras. Finansiären kan ta "
                "tillbaka acceptansen."
            ),
            code="accepted",
        )


def _audit(report: PeriodReport, actor, action: str, changes: dict, message: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=report,
        organisation=report.pilot.lead_organisation,
        changes=changes,
        message=message,
    )


@transaction.atomic
def report_for_period(*, period: ReportingPeriod, actor) -> PeriodReport:
    """The period's report, created as an empty draft if there is none yet.

    Reading needs `can_view_drafts`; creating needs `can_report` and an open period.
    Raises PermissionDenied or ValidationError.
    """
    pilot = period.pilot
    report = PeriodReport.objects.filter(period=period).select_related("period", "pilot").first()
    if report is not None:
        if not can_view_drafts(actor, pilot):
            raise PermissionDenied
        return report
    if not can_report(actor, pilot):
        raise PermissionDenied
    period, report = _lock(period)
    if report is not None:
        return report
    if period.is_locked:
        raise ValidationError(_("Perioden är låst och kan inte längre rapporteras."), code="locked")
    report = PeriodReport.objects.create(period=period, pilot=period.pilot)
    _audit(report, actor, "report.created", {"status": [None, report.status]})
    return report


def _refusal_head(errors: int, outliers: int) -> str:
    """The top line of a refused save: real errors are to be corrected; an outlier may be right,
    so it is to be confirmed or corrected."""
    if not outliers:
        return _("Rapporten sparades inte: %(n)s fel. Rätta de markerade fälten.") % {"n": errors}
    if not errors:
        to_confirm = ngettext(
            "%(n)s värde behöver bekräftas", "%(n)s värden behöver bekräftas", outliers
        ) % {"n": outliers}
        return ngettext(
            "Rapporten sparades inte: %(confirm)s. Kontrollera det markerade värdet och bekräfta "
            "det eller rätta det.",
            "Rapporten sparades inte: %(confirm)s. Kontrollera de markerade värdena och bekräfta "
            "dem eller rätta dem.",
            outliers,
        ) % {"confirm": to_confirm}
    wrong = ngettext("%(n)s fel", "%(n)s fel", errors) % {"n": errors}
    to_confirm = ngettext(
        "%(n)s värde som behöver bekräftas", "%(n)s värden som behöver bekräftas", outliers
    ) % {"n": outliers}
    return _(
        "Rapporten sparades inte: %(errors)s och %(confirm)s. Rätta de markerade fälten och "
        "bekräfta eller rätta de markerade värdena."
    ) % {"errors": wrong, "confirm": to_confirm}


@transaction.atomic
def report_save(
    *,
    period: ReportingPeriod,
    actor,
    expected_version: int | None,
    values: list[dict] | None,
    narrative: str | None,
    progress: str | None,
    lessons: list[dict] | None = None,
    channel: str = Channel.FORM,
    confirmed_outliers=None,
) -> PeriodReport:
    """Save the period's report as a draft (creating it if needed) and return it.

    `values` is the complete set of cells (dicts with pilot_indicator, gender, age_band, value,
    numerator, denominator, text); cells left out or empty are removed. `None` for values,
    narrative, progress or lessons leaves that part unchanged. `expected_version` is the version
    the caller read (None when there was no report yet). Raises PermissionDenied, or
    ValidationError keyed by cell ("values-<pilot_indicator>-<gender>-<band>"), "narrative",
    "progress", "lessons-<n>" and a readable summary under NON_FIELD_ERRORS.

    `confirmed_outliers` (the form's ticked cell keys) turns on the outlier check: a changed value
    that stands out (pilots.outliers) is refused with code "outlier" until its key is in the set,
    and confirmations are kept. `None` (the API, imports) skips it. `channel` is recorded in each
    value's history.
    """
    if not can_report(actor, period.pilot):
        raise PermissionDenied
    period, report = _lock(period)
    _check_version(report, expected_version)
    _refuse_if_accepted(report)
    if period.is_locked:
        raise ValidationError(_("Perioden är låst och rapporten kan inte ändras."), code="locked")
    if report is not None and not report.is_editable:
        raise ValidationError(
            _("Rapporten är %(status)s och kan inte ändras.")
            % {"status": report.get_status_display().lower()},
            code="not_editable",
        )
    errors, summary = {}, []
    cells = None
    pending_confirmations = []
    outliers = 0
    if values is not None:
        cells, errors, summary = clean_cells(period.pilot, values)
        if confirmed_outliers is not None:
            outlier_errors, pending_confirmations, outlier_summary = outlier_refusals(
                period=period, report=report, cells=cells, confirmed=confirmed_outliers
            )
            for key, problems in outlier_errors.items():
                errors.setdefault(key, []).extend(problems)
                outliers += len(problems)
            summary.extend(outlier_summary)
    if progress not in (None, "") and progress not in ProgressStatus.values:
        errors["progress"] = [_("Välj ett av lägena i listan.")]
    if narrative and looks_like_personnummer(narrative):
        errors["narrative"] = [PNR_MESSAGE]
    existing_lessons = (
        {} if report is None else {pk: pk for pk in report.lessons.values_list("pk", flat=True)}
    )
    lesson_items = None
    if lessons is not None:
        lesson_items, lesson_errors = clean_lessons(lessons, existing_lessons)
        errors.update(lesson_errors)
    if errors:
        count = sum(len(v) for v in errors.values()) - outliers
        errors[NON_FIELD_ERRORS] = [_refusal_head(count, outliers), *summary[:20]]
        raise ValidationError(errors)
    # Validation rules (pilots/validation): a blocking one refuses the whole save.
    enforce_rules(
        period.pilot,
        {k: c for k, (_link, c) in cells.items()}
        if cells is not None
        else stored_cells(report.values.all() if report is not None else []),
    )

    created = report is None
    if created:
        report = PeriodReport.objects.create(period=period, pilot=period.pilot)
    changes = {"status": [None, report.status]} if created else {}
    if narrative is not None and narrative.strip() != report.narrative:
        changes["narrative"] = [report.narrative, narrative.strip()]
        report.narrative = narrative.strip()
    if progress is not None and progress != report.progress:
        changes["progress"] = [report.progress, progress]
        report.progress = progress
    if cells is not None:
        value_changes = write_values(report, cells, actor=actor, channel=channel)
        if value_changes:
            changes["values"] = value_changes
        changes.update(
            outlier_confirmations_record(report=report, pending=pending_confirmations, actor=actor)
        )
    if lesson_items is not None:
        lesson_changes = write_lessons(report, lesson_items, actor)
        if lesson_changes:
            changes["lessons"] = lesson_changes
    if not created:
        report.version += 1
    report.save()
    if changes:
        _audit(report, actor, "report.created" if created else "report.saved", changes)
    return report


@transaction.atomic
def report_save_and_submit(
    *,
    period: ReportingPeriod,
    actor,
    expected_version: int | None,
    values: list[dict] | None,
    narrative: str | None,
    progress: str | None,
    lessons: list[dict] | None = None,
    confirmed_outliers=None,
) -> PeriodReport:
    """What the report form's "Skicka in" does: `report_save`, then `report_submit`, in one
    transaction. A refused submit (an empty report, say) leaves nothing saved, so the form's
    version still matches and the corrected form can be sent again. Raises what they raise."""
    saved = report_save(
        period=period,
        actor=actor,
        expected_version=expected_version,
        values=values,
        narrative=narrative,
        progress=progress,
        lessons=lessons,
        confirmed_outliers=confirmed_outliers,
    )
    return report_submit(report=saved, actor=actor, expected_version=saved.version)


def _locked_for_decision(
    report: PeriodReport, expected_version
) -> tuple[ReportingPeriod, PeriodReport]:
    period, fresh = _lock(report.period)
    if fresh is None:
        raise ValidationError(_("Rapporten finns inte längre."), code="missing")
    _check_version(fresh, expected_version)
    _refuse_if_accepted(fresh)
    return period, fresh


@transaction.atomic
def report_submit(*, report: PeriodReport, actor, expected_version: int) -> PeriodReport:
    """Send a draft or returned report for approval. Needs values or a narrative.

    Raises PermissionDenied or ValidationError (stale version, wrong status, locked period, empty).
    """
    if not can_report(actor, report.pilot):
        raise PermissionDenied
    period, report = _locked_for_decision(report, expected_version)
    if period.is_locked:
        raise ValidationError(
            _("Perioden är låst och rapporten kan inte skickas in."), code="locked"
        )
    if not report.is_editable:
        raise ValidationError(
            _("Bara utkast och returnerade rapporter kan skickas in (rapporten är %(status)s).")
            % {"status": report.get_status_display().lower()},
            code="wrong_status",
        )
    if not report.narrative and not report.values.exists():
        raise ValidationError(
            _("Rapporten är tom. Fyll i minst ett värde eller en berättelse innan du skickar in."),
            code="empty",
        )
    enforce_rules(report.pilot, stored_cells(report.values.all()))
    old = report.status
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.version += 1
    report.save()
    _audit(report, actor, "report.submitted", {"status": [old, report.status]})
    enqueue(notify_report_submitted_task, report.pk)
    return report


def _decide(
    report: PeriodReport, actor, expected_version, status: str, comment: str
) -> PeriodReport:
    if not can_approve(actor, report.pilot):
        raise PermissionDenied
    period, report = _locked_for_decision(report, expected_version)
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
    _audit(report, actor, f"report.{status}", changes, message=comment)
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
    _audit(
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
    _audit(report, actor, "report.unaccepted", changes, message=comment)
    return report


def _lock_report(report: PeriodReport, expected_version) -> tuple[ReportingPeriod, PeriodReport]:
    """Lock the period and the report (in that order) and check the version, for the funder's
    acceptance, which an accepted report must not refuse as the organisation's decisions do."""
    period, fresh = _lock(report.period)
    if fresh is None:
        raise ValidationError(_("Rapporten finns inte längre."), code="missing")
    _check_version(fresh, expected_version)
    return period, fresh
