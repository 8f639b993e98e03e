"""Progress reports (lägesrapporter): compile from approved pilot reports, edit the summary,
publish. Each pilot is shown in the stage it had at the end of the period (from its gate
decisions), not today's.

The compiled snapshot is stored on the report, so later changes to pilots, values or memberships
never alter it; once published, a report is never compiled or edited again.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import locking
from pilots import rules as pilot_rules
from pilots.models import (
    Lesson,
    PeriodReport,
    ReportStatus,
    SystemDimension,
)
from programmes import stages as stage_rules
from programmes.models import (
    GateDecision,
    MembershipStatus,
    Programme,
    ProgressReport,
    ReportState,
)
from programmes.selectors import programme_aggregates

from .common import audit, require_manager

SNAPSHOT_VERSION = 1


def _snapshot(programme: Programme, start, end) -> dict:
    memberships = list(
        programme.pilot_links.filter(status=MembershipStatus.ACCEPTED)
        .select_related("pilot__lead_organisation", "stage")
        .order_by("pilot__title")
    )
    pilot_ids = [m.pilot_id for m in memberships]
    stages = list(programme.stages.all())
    history = defaultdict(list)
    for decision in GateDecision.objects.filter(membership__in=memberships).select_related("stage"):
        history[decision.membership_id].append(decision)
    stage_then = {m.pk: stage_rules.stage_during(history[m.pk], stages, end) for m in memberships}
    reports = list(
        PeriodReport.objects.filter(
            pilot_id__in=pilot_ids,
            status=ReportStatus.APPROVED,
            period__start__lte=end,
            period__end__gte=start,
        )
        .select_related("period")
        .order_by("period__end", "pk")
    )
    by_pilot = defaultdict(list)
    for report in reports:
        by_pilot[report.pilot_id].append(report)
    lessons = (
        Lesson.objects.filter(report__in=[r.pk for r in reports])
        .select_related("pilot")
        .order_by("dimension", "pilot__title", "pk")
    )
    public = {m.pilot_id: pilot_rules.is_public(m.pilot) for m in memberships}
    grouped = {value: [] for value in SystemDimension.values}
    for lesson in lessons:
        grouped[lesson.dimension].append(
            {
                "pilot": lesson.pilot.title,
                "pilot_id": lesson.pilot_id,
                "public": public.get(lesson.pilot_id, False),
                "kind": lesson.kind,
                "title": lesson.title,
                "text": lesson.text,
            }
        )
    aggregates = programme_aggregates(
        programme=programme, start=start, end=end, pilot_ids=pilot_ids
    )
    return {
        "version": SNAPSHOT_VERSION,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "pilot_count": len(memberships),
        "reporting_pilots": sum(1 for m in memberships if by_pilot.get(m.pilot_id)),
        "aggregates": [
            {
                "indicator_id": row["indicator"].pk,
                "name": row["indicator"].name,
                "unit": row["indicator"].unit,
                "measure": row["indicator"].measure,
                "accumulation": row["indicator"].accumulation,
                **row["result"].as_dict(),
            }
            for row in aggregates
        ],
        "pilots": [
            {
                "pilot_id": m.pilot_id,
                "slug": m.pilot.slug,
                "title": m.pilot.title,
                "lead": m.pilot.lead_organisation.name,
                "public": public[m.pilot_id],
                "stage": stage_then[m.pk][0].name if stage_then[m.pk][0] else "",
                "stopped": stage_then[m.pk][1],
                "progress": by_pilot[m.pilot_id][-1].progress if by_pilot.get(m.pilot_id) else "",
                "reports": [
                    {"period": r.period.label, "progress": r.progress, "narrative": r.narrative}
                    for r in by_pilot.get(m.pilot_id, [])
                ],
            }
            for m in memberships
        ],
        "lessons": [{"dimension": d, "items": items} for d, items in grouped.items() if items],
    }


def _check_period(start, end) -> None:
    if start is None or end is None:
        raise ValidationError({"period_start": _("Ange periodens början och slut.")})
    if end < start:
        raise ValidationError({"period_end": _("Periodens slut kan inte vara före dess början.")})


@transaction.atomic
def progress_report_compile(
    *,
    programme: Programme,
    actor,
    period_start,
    period_end,
    title: str = "",
    report: ProgressReport | None = None,
) -> ProgressReport:
    """Compile a draft progress report for [period_start, period_end] from the approved reports of
    the accepted pilots whose periods overlap it (or re-compile a draft). Managers only.
    Raises ValidationError for a published report or a bad period."""
    require_manager(actor, programme)
    _check_period(period_start, period_end)
    if report is not None:
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise ValidationError(
                _("Rapporten är publicerad och kan inte sammanställas om."), code="published"
            )
    else:
        report = ProgressReport(programme=programme, created_by=actor)
    report.programme = programme
    report.period_start, report.period_end = period_start, period_end
    report.title = (title or "").strip() or _("Lägesrapport %(start)s – %(end)s") % {
        "start": period_start,
        "end": period_end,
    }
    report.snapshot = _snapshot(programme, period_start, period_end)
    report.compiled_at = timezone.now()
    report.full_clean()
    created = report.pk is None
    report.save()
    audit(
        actor=actor,
        action="programme.report_compiled",
        obj=report,
        programme=programme,
        changes={"period": [None, f"{period_start}–{period_end}"]},
        message="created" if created else "recompiled",
    )
    return report


def edit_token(report: ProgressReport) -> str:
    """What an edit form carries to prove it shows the report as stored (its last change)."""
    return report.updated_at.isoformat()


@transaction.atomic
def progress_report_update_summary(
    *,
    report: ProgressReport,
    actor,
    summary: str,
    title: str | None = None,
    expected_token: str | None = None,
) -> ProgressReport:
    """Edit the funder's summary (and title) of a draft report. Managers only.

    `expected_token` (from `edit_token`, when the form was shown) refuses a save over a change
    someone else made meanwhile (another summary, a recompile) instead of overwriting it.
    """
    require_manager(actor, report.programme)
    report = (
        ProgressReport.objects.select_for_update()
        .select_related("programme__owner")
        .get(pk=report.pk)
    )
    if report.is_published:
        raise ValidationError(_("Rapporten är publicerad och kan inte ändras."), code="published")
    locking.refuse_if_stale(
        edit_token(report),
        expected_token,
        _(
            "Någon annan har ändrat lägesrapporten sedan du öppnade den. Ladda om sidan och "
            "försök igen."
        ),
    )
    before = {"summary": report.summary, "title": report.title}
    report.summary = summary or ""
    if title is not None:
        report.title = title.strip()
    report.full_clean()
    report.save()
    audit(
        actor=actor,
        action="programme.report_summary",
        obj=report,
        programme=report.programme,
        changes={
            k: [before[k], getattr(report, k)] for k in before if before[k] != getattr(report, k)
        },
    )
    return report


@transaction.atomic
def progress_report_publish(*, report: ProgressReport, actor) -> ProgressReport:
    """Publish a compiled draft: from now on it is public (where the programme is) and frozen."""
    require_manager(actor, report.programme)
    report = (
        ProgressReport.objects.select_for_update()
        .select_related("programme__owner")
        .get(pk=report.pk)
    )
    if report.is_published:
        raise ValidationError(_("Rapporten är redan publicerad."), code="published")
    if not report.snapshot:
        raise ValidationError(_("Sammanställ rapporten innan den publiceras."), code="not_compiled")
    if not report.summary.strip():
        raise ValidationError({"summary": _("Skriv en sammanfattning innan rapporten publiceras.")})
    report.status, report.published_at, report.published_by = (
        ReportState.PUBLISHED,
        timezone.now(),
        actor,
    )
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit(
        actor=actor,
        action="programme.report_published",
        obj=report,
        programme=report.programme,
        changes={"status": [ReportState.DRAFT, ReportState.PUBLISHED]},
    )
    return report


@transaction.atomic
def progress_report_save(
    *,
    report: ProgressReport,
    actor,
    summary: str,
    title: str | None = None,
    expected_token: str | None = None,
    publish: bool = False,
) -> ProgressReport:
    """What the report page's "Spara" and "Publicera" do, in one transaction: save the summary
    and title and, with `publish`, publish the report. A refused publish leaves the edit unsaved,
    so the form's edit token still matches and the corrected form can be sent again. Raises what
    `progress_report_update_summary` and `progress_report_publish` raise."""
    report = progress_report_update_summary(
        report=report, actor=actor, summary=summary, title=title, expected_token=expected_token
    )
    if publish:
        report = progress_report_publish(report=report, actor=actor)
    return report
