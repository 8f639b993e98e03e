"""Every state change of the evidence app: recomputing estimates, choosing outcome KPIs,
flagging appraisals and marking flags handled."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarking.models import Gender, Kpi
from core import caching
from evidence import compute
from evidence.models import (
    Adoption,
    EffectEstimate,
    OutcomeChoice,
    ReassessmentFlag,
    Status,
)
from learning.models import Appraisal, AppraisalStatus, Practice
from learning.rules import can_appraise
from outbox import enqueue_once
from partners.audit import audit_record

FIELDS = [
    "method",
    "status",
    "estimate",
    "ci_low",
    "ci_high",
    "by_year",
    "adopters",
    "comparison",
    "left_out",
    "pretrend_p",
    "placebo",
    "never_treated",
    "naive",
    "details",
    "first_year",
    "last_year",
]


@dataclass
class RecomputeReport:
    practices: int = 0
    estimates: int = 0
    shown: int = 0
    flags: int = 0


def estimates_recompute(*, practice_ids=None, batch: int = 200) -> RecomputeReport:
    """Recompute and store the estimates of the given practices (all when None): every outcome
    KPI × kön with data, the adoption table, and flags on appraisals whose practice's estimate
    first excludes zero or no longer does. Idempotent; each batch of practices is one
    transaction, so a reader never sees half a practice."""
    practices = Practice.objects.order_by("pk")
    if practice_ids is not None:
        practices = practices.filter(pk__in=list(practice_ids))
    ids = list(practices.values_list("pk", flat=True))
    report = RecomputeReport()
    cache = compute.PanelCache()
    for start in range(0, len(ids), batch):
        chunk = list(Practice.objects.filter(pk__in=ids[start : start + batch]))
        _recompute_batch(chunk, cache, report)
    return report


@transaction.atomic
def _recompute_batch(practices, cache, report: RecomputeReport) -> None:
    adoptions = compute.adoption_years(practices)
    outcomes = compute.outcome_kpis(practices)
    now = timezone.now()
    ids = [p.pk for p in practices]
    # Lock the practices' rows so that two recomputes of the same practice take turns and
    # compare with each other's result, not with a common older one.
    list(Practice.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    old = {
        (e.practice_id, e.kpi_id, e.gender): e
        for e in EffectEstimate.objects.filter(practice_id__in=ids)
    }
    rows, flips = [], []
    for practice in practices:
        adopted = adoptions.get(practice.pk, {})
        for kpi_id in outcomes.get(practice.pk, []):
            series = cache.outcomes(kpi_id)
            computed = (
                [compute.estimate_outcome(series[g], adopted) for g in Gender.values if g in series]
                if series
                else [compute.Computed(kpi_id, Gender.TOTAL, Status.NO_DATA)]
            )
            for item in computed:
                row = EffectEstimate(
                    practice=practice,
                    kpi_id=item.kpi_id,
                    gender=item.gender,
                    computed_at=now,
                    **{name: getattr(item, name) for name in FIELDS},
                )
                rows.append(row)
                before = old.get((practice.pk, item.kpi_id, item.gender))
                was = before is not None and before.excludes_zero
                if row.excludes_zero != was:
                    flips.append(row)
    keep = {(r.practice_id, r.kpi_id, r.gender) for r in rows}
    gone = [e.pk for key, e in old.items() if key not in keep]
    EffectEstimate.objects.filter(pk__in=gone).delete()
    EffectEstimate.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["practice", "kpi", "gender"],
        update_fields=[*FIELDS, "computed_at"],
        batch_size=500,
    )
    Adoption.objects.filter(practice_id__in=ids).delete()
    Adoption.objects.bulk_create(
        Adoption(practice_id=pk, kommun_code=code, year=year)
        for pk, years in adoptions.items()
        for code, year in years.items()
    )
    # Bulk writes send no signals: the benchmark page shows adoptions and estimates.
    caching.bump(caching.BENCHMARKS)
    report.practices += len(practices)
    report.estimates += len(rows)
    report.shown += sum(r.shown for r in rows)
    report.flags += _flag(flips, old)


def _flag(flips: list[EffectEstimate], old: dict) -> int:
    """One flag per flipped estimate on the practice's current appraisal (the newest published
    one, else the newest open one); a published appraisal's re-assessment date moves to today so
    it joins the due list and the daily notice."""
    if not flips:
        return 0
    appraisals = {}
    for appraisal in Appraisal.objects.filter(practice_id__in={r.practice_id for r in flips}):
        current = appraisals.get(appraisal.practice_id)
        rank = (appraisal.status == AppraisalStatus.PUBLISHED, appraisal.pk)
        if current is None or rank > (current.status == AppraisalStatus.PUBLISHED, current.pk):
            appraisals[appraisal.practice_id] = appraisal
    today = timezone.localdate()
    created = 0
    for row in flips:
        appraisal = appraisals.get(row.practice_id)
        if appraisal is None:
            continue
        reason = (
            ReassessmentFlag.Reason.NOW_EXCLUDES_ZERO
            if row.excludes_zero
            else ReassessmentFlag.Reason.NO_LONGER
        )
        ReassessmentFlag.objects.create(
            appraisal=appraisal,
            kpi_id=row.kpi_id,
            gender=row.gender,
            reason=reason,
            estimate=row.estimate,
            ci_low=row.ci_low,
            ci_high=row.ci_high,
        )
        created += 1
        if appraisal.status == AppraisalStatus.PUBLISHED and (
            appraisal.reassess_by is None or appraisal.reassess_by > today
        ):
            old_date = appraisal.reassess_by
            Appraisal.objects.filter(pk=appraisal.pk).update(reassess_by=today)
            appraisal.reassess_by = today
            audit_record(
                actor=None,
                action="appraisal.flagged_by_estimate",
                obj=appraisal,
                changes={"reassess_by": [str(old_date) if old_date else None, str(today)]},
                message=f"{row.kpi_id} {row.gender}: {reason}",
            )
    return created


def _queue(practice_id: int) -> None:
    from evidence.tasks import recompute_estimates as recompute_task

    enqueue_once(f"evidence:{practice_id}", recompute_task, [practice_id])


@transaction.atomic
def outcome_choose(*, practice: Practice, kpi_id: str, actor) -> OutcomeChoice:
    """The appraisal group adds an outcome KPI to a practice; its estimate follows after commit.
    Raises PermissionDenied, or ValidationError for an unknown KPI or one already chosen."""
    if not can_appraise(actor):
        raise PermissionDenied
    kpi = Kpi.objects.filter(pk=(kpi_id or "").strip().upper()).first()
    if kpi is None:
        raise ValidationError({"kpi": _("Det finns inget nyckeltal med det id:t.")})
    if OutcomeChoice.objects.filter(practice=practice, kpi=kpi).exists():
        raise ValidationError({"kpi": _("Nyckeltalet är redan valt för praktiken.")})
    choice = OutcomeChoice.objects.create(practice=practice, kpi=kpi, chosen_by=actor)
    audit_record(
        actor=actor,
        action="practice.outcome_chosen",
        obj=practice,
        changes={"outcome_kpi": [None, kpi.pk]},
    )
    _queue(practice.pk)
    return choice


@transaction.atomic
def outcome_remove(*, choice: OutcomeChoice, actor) -> None:
    """The appraisal group removes a chosen outcome KPI; its estimate goes at the recompute."""
    if not can_appraise(actor):
        raise PermissionDenied
    practice = choice.practice
    audit_record(
        actor=actor,
        action="practice.outcome_removed",
        obj=practice,
        changes={"outcome_kpi": [choice.kpi_id, None]},
    )
    choice.delete()
    _queue(practice.pk)


@transaction.atomic
def flags_resolve(*, appraisal: Appraisal, actor) -> int:
    """Mark an appraisal's open evidence flags as handled. Raises PermissionDenied."""
    if not can_appraise(actor):
        raise PermissionDenied
    count = ReassessmentFlag.objects.filter(appraisal=appraisal, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    if count:
        audit_record(actor=actor, action="appraisal.evidence_flags_resolved", obj=appraisal)
    return count


def practices_changed(practice_ids) -> None:
    """Queue a recompute of these practices after the current transaction commits."""
    for pk in practice_ids:
        _queue(pk)


def statistics_changed() -> None:
    """Queue one recompute of every practice after the current transaction commits."""
    from evidence.tasks import recompute_estimates as recompute_task

    enqueue_once("evidence:all", recompute_task)
