"""A pilot's closing report: what worked, what did not, what it would take elsewhere, and its
lessons (the pilot's `Lesson` rows with no period report)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning import rules
from learning.models import ClosingReport
from partners.audit import audit_record, diff, snapshot
from pilots.models import Lesson, LessonKind, Pilot, SystemDimension

TEXT_FIELDS = ["what_worked", "what_did_not", "what_it_takes"]


@transaction.atomic
def closing_report_save(
    *, pilot: Pilot, actor, what_worked: str, what_did_not: str, what_it_takes: str
) -> ClosingReport:
    """Create or change the pilot's closing report. Raises PermissionDenied unless the actor may
    edit the pilot."""
    if not rules.can_edit_closing_report(actor, pilot):
        raise PermissionDenied
    report, _created = ClosingReport.objects.select_for_update().get_or_create(pilot=pilot)
    before = snapshot(report, TEXT_FIELDS)
    report.what_worked = (what_worked or "").strip()
    report.what_did_not = (what_did_not or "").strip()
    report.what_it_takes = (what_it_takes or "").strip()
    changes = diff(before, snapshot(report, TEXT_FIELDS))
    if changes:
        report.updated_by = actor
        report.save()
        audit_record(
            actor=actor,
            action="pilot.closing_report_saved",
            obj=pilot,
            organisation=pilot.lead_organisation,
            changes=changes,
        )
    return report


@transaction.atomic
def closing_lesson_add(
    *, pilot: Pilot, actor, kind: str, dimension: str, title: str, text: str
) -> Lesson:
    """Add a lesson to the pilot's closing report. Raises PermissionDenied or ValidationError."""
    if not rules.can_edit_closing_report(actor, pilot):
        raise PermissionDenied
    errors = {}
    if kind not in LessonKind.values:
        errors["kind"] = [_("Välj framgångsfaktor, flaskhals eller råd.")]
    if dimension not in SystemDimension.values:
        errors["dimension"] = [_("Välj en systemdimension.")]
    if not (title or "").strip():
        errors["title"] = [_("Ge lärdomen en rubrik.")]
    if not (text or "").strip():
        errors["text"] = [_("Beskriv lärdomen.")]
    if errors:
        raise ValidationError(errors)
    lesson = Lesson(
        pilot=pilot,
        report=None,
        kind=kind,
        dimension=dimension,
        title=title.strip()[:200],
        text=text.strip(),
        created_by=actor,
    )
    lesson.full_clean()
    lesson.save()
    audit_record(
        actor=actor,
        action="pilot.closing_lesson_added",
        obj=pilot,
        organisation=pilot.lead_organisation,
        changes={"lessons": [None, lesson.title]},
    )
    return lesson
