"""Period reports as the reporters file them: the period's report, saving values, narrative,
progress and lessons, and submitting it for approval. The decisions that follow (approve, return,
a funder's accept and un-accept) are in pilots.services.report_decisions.

Every function here is the one way a report changes, whether the caller is the portal form, the
API, the Wagtail admin or an import. Each locks the period row and then the report row
(`select_for_update`, always in that order), compares the caller's `expected_version` with the
stored one (optimistic concurrency across requests), writes, audits old → new and queues
notifications after commit (the shared guards: pilots.services.report_guards). A failure raises
and writes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox import enqueue
from pilots.models import (
    Channel,
    PeriodReport,
    ProgressStatus,
    ReportingPeriod,
    ReportStatus,
)
from pilots.personal_data import MESSAGE as PNR_MESSAGE
from pilots.personal_data import looks_like_personnummer
from pilots.rules import can_report, can_view_drafts
from pilots.services.report_cells import (
    clean_cells,
    clean_lessons,
    write_lessons,
    write_values,
)
from pilots.services.report_guards import (
    audit_report,
    check_report_version,
    lock_for_decision,
    lock_period_and_report,
    refuse_if_accepted,
)
from pilots.services.report_quality import outlier_confirmations_record, outlier_refusals
from pilots.tasks import notify_report_submitted as notify_report_submitted_task
from pilots.validation.evaluate import enforce as enforce_rules
from pilots.validation.evaluate import stored_cells

# isort: split
# programmes.services.acceptance calls these as pilots.services.reports.report_accept /
# report_unaccept; programmes/ was outside the split that moved them. Drop this line once it
# imports pilots.services.report_decisions.
from pilots.services.report_decisions import report_accept, report_unaccept  # noqa: F401


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
    period, report = lock_period_and_report(period)
    if report is not None:
        return report
    if period.is_locked:
        raise ValidationError(_("Perioden är låst och kan inte längre rapporteras."), code="locked")
    report = PeriodReport.objects.create(period=period, pilot=period.pilot)
    audit_report(report, actor, "report.created", {"status": [None, report.status]})
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
    period, report = lock_period_and_report(period)
    check_report_version(report, expected_version)
    refuse_if_accepted(report)
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
        audit_report(report, actor, "report.created" if created else "report.saved", changes)
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


@transaction.atomic
def report_submit(*, report: PeriodReport, actor, expected_version: int) -> PeriodReport:
    """Send a draft or returned report for approval. Needs values or a narrative.

    Raises PermissionDenied or ValidationError (stale version, wrong status, locked period, empty).
    """
    if not can_report(actor, report.pilot):
        raise PermissionDenied
    period, report = lock_for_decision(report, expected_version)
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
    audit_report(report, actor, "report.submitted", {"status": [old, report.status]})
    enqueue(notify_report_submitted_task, report.pk)
    return report
