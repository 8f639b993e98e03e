"""Pilots joining programmes, the funder's decisions on them, gate decisions and
self-assessments."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox import enqueue
from pilots.models import PilotStatus
from programmes import rules
from programmes import stages as stage_rules
from programmes.models import (
    Decision,
    GateDecision,
    MembershipStatus,
    PrincipleAssessment,
    Programme,
    ProgrammePilot,
    ProgrammeStage,
)
from programmes.tasks import notify_gate_decision as notify_gate_decision_task
from programmes.tasks import notify_membership_decided as notify_membership_decided_task

from .common import audit, require_manager


def _lock(membership: ProgrammePilot) -> ProgrammePilot:
    return (
        ProgrammePilot.objects.select_for_update(of=("self",))
        .select_related("programme__owner", "pilot__lead_organisation", "stage")
        .get(pk=membership.pk)
    )


def _first_stage(programme: Programme) -> ProgrammeStage | None:
    return programme.stages.order_by("order").first()


def _check_pilot(pilot) -> None:
    if pilot.status == PilotStatus.DRAFT:
        raise ValidationError(
            {"pilot": _("Piloten är ett utkast. Publicera den innan den kan ingå i ett program.")}
        )


def _check_terms(funding, share) -> None:
    errors = {}
    if funding is not None and Decimal(funding) < 0:
        errors["funding_granted_sek"] = _("Beviljat stöd kan inte vara negativt.")
    if share is not None and not (0 <= Decimal(share) <= 100):
        errors["repayment_share"] = _("Återbetalningsandelen måste ligga mellan 0 och 100 procent.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pilot_apply(*, programme: Programme, pilot, actor, note: str = "") -> ProgrammePilot:
    """Apply to the programme for a pilot (its reporters, approvers, admins). A declined or
    withdrawn pilot may apply again. Raises PermissionDenied or ValidationError."""
    if not rules.can_apply(actor, pilot):
        raise PermissionDenied
    _check_pilot(pilot)
    existing = (
        ProgrammePilot.objects.select_for_update().filter(programme=programme, pilot=pilot).first()
    )
    if existing and existing.status in (MembershipStatus.APPLIED, MembershipStatus.ACCEPTED):
        raise ValidationError(
            {"pilot": _("Piloten har redan ansökt till eller ingår i programmet.")}
        )
    membership = existing or ProgrammePilot(programme=programme, pilot=pilot)
    before = membership.status if existing else None
    membership.status = MembershipStatus.APPLIED
    membership.application_note = note
    membership.applied_by, membership.applied_at = actor, timezone.now()
    membership.decided_by = membership.decided_at = None
    membership.save()
    audit(
        actor=actor,
        action="programme.pilot_applied",
        obj=membership,
        programme=programme,
        changes={"status": [before, membership.status]},
        message=note,
    )
    return membership


@transaction.atomic
def pilot_add(
    *,
    programme: Programme,
    pilot,
    actor,
    funding_granted_sek=None,
    repayment_share=None,
    note: str = "",
) -> ProgrammePilot:
    """The funder adds a pilot directly (accepted at once, in the first stage). Managers only."""
    require_manager(actor, programme)
    _check_pilot(pilot)
    _check_terms(funding_granted_sek, repayment_share)
    existing = (
        ProgrammePilot.objects.select_for_update().filter(programme=programme, pilot=pilot).first()
    )
    if existing and existing.status == MembershipStatus.ACCEPTED:
        raise ValidationError({"pilot": _("Piloten ingår redan i programmet.")})
    membership = existing or ProgrammePilot(
        programme=programme, pilot=pilot, applied_by=actor, applied_at=timezone.now()
    )
    return _accept(
        membership,
        actor,
        funding_granted_sek,
        repayment_share,
        note,
        before=membership.status if existing else None,
    )


def _accept(membership, actor, funding, share, note, before) -> ProgrammePilot:
    membership.status = MembershipStatus.ACCEPTED
    if funding is not None:
        membership.funding_granted_sek = funding
    if share is not None:
        membership.repayment_share = share
    membership.decision_note = note
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.stage = membership.stage or _first_stage(membership.programme)
    membership.full_clean()
    membership.save()
    audit(
        actor=actor,
        action="programme.pilot_accepted",
        obj=membership,
        programme=membership.programme,
        changes={
            "status": [before, membership.status],
            "funding_granted_sek": [None, str(membership.funding_granted_sek)],
        },
        message=note,
    )
    enqueue(notify_membership_decided_task, membership.pk)
    return membership


@transaction.atomic
def membership_decide(
    *,
    membership: ProgrammePilot,
    actor,
    accept: bool,
    funding_granted_sek=None,
    repayment_share=None,
    note: str = "",
) -> ProgrammePilot:
    """Accept or decline an application. Declining needs a reason. Managers only."""
    require_manager(actor, membership.programme)
    membership = _lock(membership)
    if membership.status != MembershipStatus.APPLIED:
        raise ValidationError(
            _("Bara ansökningar som väntar på beslut kan beslutas."), code="not_applied"
        )
    _check_terms(funding_granted_sek, repayment_share)
    if accept:
        return _accept(
            membership,
            actor,
            funding_granted_sek,
            repayment_share,
            note,
            before=MembershipStatus.APPLIED,
        )
    if not note.strip():
        raise ValidationError({"note": _("Skriv en motivering till avslaget.")})
    membership.status = MembershipStatus.DECLINED
    membership.decision_note = note
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.save()
    audit(
        actor=actor,
        action="programme.pilot_declined",
        obj=membership,
        programme=membership.programme,
        changes={"status": [MembershipStatus.APPLIED, membership.status]},
        message=note,
    )
    enqueue(notify_membership_decided_task, membership.pk)
    return membership


@transaction.atomic
def membership_withdraw(*, membership: ProgrammePilot, actor) -> ProgrammePilot:
    """The pilot withdraws its application or leaves the programme."""
    if not rules.can_apply(actor, membership.pilot):
        raise PermissionDenied
    membership = _lock(membership)
    if membership.status not in (MembershipStatus.APPLIED, MembershipStatus.ACCEPTED):
        raise ValidationError(
            _("Piloten har redan lämnat programmet eller fått avslag."), code="not_member"
        )
    before, membership.status = membership.status, MembershipStatus.WITHDRAWN
    membership.save(update_fields=["status"])
    audit(
        actor=actor,
        action="programme.pilot_withdrawn",
        obj=membership,
        programme=membership.programme,
        changes={"status": [before, membership.status]},
    )
    return membership


@transaction.atomic
def gate_decision_record(
    *, membership: ProgrammePilot, stage: ProgrammeStage, decision: str, rationale: str, actor
) -> GateDecision:
    """Record the funder's decision about a pilot at a stage's gate. A decision for the same pilot
    and stage supersedes the previous one (which stays in the history). The pilot's stage then
    follows the decision at its latest gate (programmes/stages.py): continuing decisions move it
    to the next stage, stop ends it there. Managers only."""
    require_manager(actor, membership.programme)
    membership = _lock(membership)
    errors = {}
    if stage.programme_id != membership.programme_id:
        errors["stage"] = _("Fasen hör inte till programmet.")
    if decision not in Decision.values:
        errors["decision"] = _("Välj ett av besluten.")
    if not (rationale or "").strip():
        errors["rationale"] = _("Skriv en motivering till beslutet.")
    if errors:
        raise ValidationError(errors)
    if membership.status != MembershipStatus.ACCEPTED:
        raise ValidationError(
            _("Beslut vid beslutspunkter fattas bara om antagna piloter."), code="not_accepted"
        )
    if membership.stage and stage.order > membership.stage.order:
        raise ValidationError({"stage": _("Piloten har inte nått den fasen ännu.")})
    previous = (
        GateDecision.objects.select_for_update(of=("self",))
        .current()
        .filter(membership=membership, stage=stage)
        .first()
    )
    record = GateDecision.objects.create(
        membership=membership,
        stage=stage,
        decision=decision,
        rationale=rationale.strip(),
        supersedes=previous,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    stages = list(membership.programme.stages.all())
    decisions = list(
        GateDecision.objects.current().filter(membership=membership).select_related("stage")
    )
    ruling = stage_rules.governing(decisions)
    membership.stage, membership.stopped = stage_rules.outcome(
        ruling.decision, ruling.stage, stages
    )
    membership.save(update_fields=["stage", "stopped"])
    audit(
        actor=actor,
        action="programme.gate_decision",
        obj=record,
        programme=membership.programme,
        changes={"decision": [previous.decision if previous else None, decision]},
        message=rationale,
    )
    enqueue(notify_gate_decision_task, record.pk)
    return record


@transaction.atomic
def principle_assess(
    *,
    membership: ProgrammePilot,
    actor,
    principle: str,
    period_start,
    period_end,
    score: int,
    comment: str = "",
) -> PrincipleAssessment:
    """Record (or revise) the pilot's self-assessment on one working principle for one period."""
    if not rules.can_assess(actor, membership.pilot):
        raise PermissionDenied
    membership = _lock(membership)
    if principle not in (membership.programme.principles or []):
        raise ValidationError({"principle": _("Välj en av programmets arbetsprinciper.")})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("Periodens slut kan inte vara före dess början.")})
    assessment = PrincipleAssessment.objects.filter(
        membership=membership, principle=principle, period_start=period_start
    ).first()
    assessment = assessment or PrincipleAssessment(
        membership=membership, principle=principle, period_start=period_start
    )
    before = assessment.score if assessment.pk else None
    assessment.period_end, assessment.score, assessment.comment, assessment.assessed_by = (
        period_end,
        score,
        comment,
        actor,
    )
    assessment.full_clean()
    assessment.save()
    audit(
        actor=actor,
        action="programme.principle_assessed",
        obj=assessment,
        programme=membership.programme,
        changes={"score": [before, score]},
    )
    return assessment
