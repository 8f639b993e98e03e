"""Nominations and appraisals: nominate → draft → in review → published (history kept).

Every change is audited; publishing sets the re-assessment date (default two years on) and
earlier published appraisals stay as the practice's history.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import locking
from learning import rules
from learning.models import (
    CRITERIA,
    REASSESS_YEARS,
    Actor,
    Appraisal,
    AppraisalStatus,
    EvidenceLevel,
    Nomination,
    Practice,
    Recommendation,
    Score,
)
from partners.audit import audit_record, diff, snapshot

EDITABLE = [
    "evidence_level",
    *CRITERIA,
    "actor_values",
    "recommendation",
    "rationale",
    "reassess_by",
]


def _record(appraisal, actor, action, changes=None, message=""):
    audit_record(
        actor=actor,
        action=action,
        obj=appraisal,
        changes=changes or {},
        message=message,
    )


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def nomination_create(*, practice: Practice, actor, reason: str = "") -> Nomination:
    """The coordinator nominates a practice for appraisal. Raises PermissionDenied."""
    if not rules.can_nominate(actor):
        raise PermissionDenied
    nomination = Nomination.objects.create(
        practice=practice, reason=(reason or "").strip(), nominated_by=actor
    )
    audit_record(actor=actor, action="practice.nominated", obj=practice, message=nomination.reason)
    return nomination


@transaction.atomic
def appraisal_create(
    *, practice: Practice, actor, nomination: Nomination | None = None, **fields
) -> Appraisal:
    """Start a draft appraisal of the practice; the actor becomes its first author. `fields`
    (as in `appraisal_update`) grade it in the same transaction: bad ones leave nothing behind.

    Raises PermissionDenied (not in the appraisal group or coordinator) or ValidationError (the
    practice already has an appraisal under way, or the nomination is for another practice or
    already taken).
    """
    if not rules.can_appraise(actor):
        raise PermissionDenied
    if practice.appraisals.exclude(status=AppraisalStatus.PUBLISHED).exists():
        raise ValidationError(_("Praktiken har redan en bedömning under arbete."), code="open")
    if nomination is not None and (
        nomination.practice_id != practice.pk
        or Appraisal.objects.filter(nomination=nomination).exists()
    ):
        raise ValidationError({"nomination": _("Nomineringen gäller inte den här bedömningen.")})
    appraisal = Appraisal.objects.create(practice=practice, nomination=nomination)
    appraisal.authors.add(actor)
    _record(appraisal, actor, "appraisal.created")
    if fields:
        appraisal = appraisal_update(appraisal=appraisal, actor=actor, **fields)
    return appraisal


def _lock(appraisal: Appraisal, actor, expected_version: int | None) -> Appraisal:
    if not rules.can_appraise(actor):
        raise PermissionDenied
    locked = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    locking.refuse_if_stale(
        locked.version,
        expected_version,
        _("Någon annan har ändrat bedömningen sedan du öppnade sidan. Ladda om sidan."),
    )
    return locked


def _clean_fields(fields: dict) -> dict:
    errors = {}
    if fields.get("evidence_level") not in (None, "", *EvidenceLevel.values):
        errors["evidence_level"] = [_("Välj en evidensnivå mellan 1 och 4.")]
    for name in CRITERIA:
        if fields.get(name, "") not in ("", *Score.values):
            errors[name] = [_("Välj 0, + eller ++.")]
    values = fields.get("actor_values", {}) or {}
    if not isinstance(values, dict) or any(
        k not in Actor.values or v not in ("", *Score.values) for k, v in values.items()
    ):
        errors["actor_values"] = [_("Ange 0, + eller ++ för aktörerna i listan.")]
    if fields.get("recommendation", "") not in ("", *Recommendation.values):
        errors["recommendation"] = [_("Välj en av rekommendationerna.")]
    if errors:
        raise ValidationError(errors)
    if "actor_values" in fields:
        fields["actor_values"] = {k: v for k, v in values.items() if v}
    if fields.get("evidence_level") == "":
        fields["evidence_level"] = None
    return fields


@transaction.atomic
def appraisal_update(
    *, appraisal: Appraisal, actor, expected_version: int | None = None, **fields
) -> Appraisal:
    """Change a draft or in-review appraisal's grading. The actor joins its authors.

    Raises PermissionDenied, TypeError for unknown fields, ValidationError (field errors, stale
    version, a published appraisal: publish a new one instead).
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    appraisal = _lock(appraisal, actor, expected_version)
    if appraisal.status == AppraisalStatus.PUBLISHED:
        raise ValidationError(
            _("En publicerad bedömning ändras inte. Starta en ny bedömning i stället."),
            code="published",
        )
    fields = _clean_fields(dict(fields))
    if "rationale" in fields:
        fields["rationale"] = (fields["rationale"] or "").strip()
    before = snapshot(appraisal, list(fields))
    for name, value in fields.items():
        setattr(appraisal, name, value)
    appraisal.full_clean(exclude=["practice", "nomination"])
    changes = diff(before, snapshot(appraisal, list(fields)))
    if changes:
        appraisal.version += 1
        appraisal.save()
        appraisal.authors.add(actor)
        _record(appraisal, actor, "appraisal.updated", changes)
    return appraisal


def _missing(appraisal: Appraisal) -> dict:
    errors = {}
    if appraisal.evidence_level is None:
        errors["evidence_level"] = [_("Ange evidensnivå.")]
    for name in CRITERIA:
        if not getattr(appraisal, name):
            errors[name] = [_("Bedöm kriteriet.")]
    if not appraisal.recommendation:
        errors["recommendation"] = [_("Ge en rekommendation.")]
    if not appraisal.rationale.strip():
        errors["rationale"] = [_("Motivera rekommendationen.")]
    return errors


@transaction.atomic
def appraisal_submit(
    *, appraisal: Appraisal, actor, expected_version: int | None = None
) -> Appraisal:
    """Send a complete draft for review. Raises PermissionDenied or ValidationError (what is
    missing, keyed by field; not a draft; stale version)."""
    appraisal = _lock(appraisal, actor, expected_version)
    if appraisal.status != AppraisalStatus.DRAFT:
        raise ValidationError(_("Bara ett utkast kan skickas till granskning."), code="status")
    missing = _missing(appraisal)
    if missing:
        raise ValidationError(missing)
    appraisal.status = AppraisalStatus.IN_REVIEW
    appraisal.version += 1
    appraisal.save(update_fields=["status", "version", "updated_at"])
    _record(appraisal, actor, "appraisal.submitted", {"status": ["draft", "in_review"]})
    return appraisal


@transaction.atomic
def appraisal_save(
    *,
    appraisal: Appraisal,
    actor,
    expected_version: int | None = None,
    submit: bool = False,
    **fields,
) -> Appraisal:
    """What the appraisal form's "Spara" and "Skicka till granskning" do, in one transaction.

    Saves the grading (unless the appraisal is published: it is not edited any more) and, with
    `submit`, sends it for review. A refused submit (something missing, not a draft) leaves
    nothing saved, so the form's version still matches and the corrected form can be sent
    again. Raises what `appraisal_update` and `appraisal_submit` raise.
    """
    if appraisal.status != AppraisalStatus.PUBLISHED:
        appraisal = appraisal_update(
            appraisal=appraisal, actor=actor, expected_version=expected_version, **fields
        )
        expected_version = appraisal.version
    if submit:
        appraisal = appraisal_submit(
            appraisal=appraisal, actor=actor, expected_version=expected_version
        )
    return appraisal


@transaction.atomic
def appraisal_return(
    *, appraisal: Appraisal, actor, comment: str = "", expected_version: int | None = None
) -> Appraisal:
    """Send an appraisal in review back to draft. Raises PermissionDenied or ValidationError."""
    appraisal = _lock(appraisal, actor, expected_version)
    if appraisal.status != AppraisalStatus.IN_REVIEW:
        raise ValidationError(
            _("Bara en bedömning som granskas kan skickas tillbaka."), code="status"
        )
    appraisal.status = AppraisalStatus.DRAFT
    appraisal.version += 1
    appraisal.save(update_fields=["status", "version", "updated_at"])
    _record(appraisal, actor, "appraisal.returned", {"status": ["in_review", "draft"]}, comment)
    return appraisal


@transaction.atomic
def appraisal_publish(
    *,
    appraisal: Appraisal,
    actor,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Appraisal:
    """Publish an appraisal in review; the reviewer is recorded. The re-assessment date defaults
    to two years after publication. Earlier published appraisals stay, as history.

    Raises PermissionDenied (not allowed to review, or reviewing one's own appraisal) or
    ValidationError (not in review, incomplete, stale version).
    """
    appraisal = _lock(appraisal, actor, expected_version)
    if not rules.can_review(actor, appraisal):
        raise PermissionDenied(_("Någon annan än bedömarna granskar och publicerar."))
    if appraisal.status != AppraisalStatus.IN_REVIEW:
        raise ValidationError(_("Bara en bedömning som granskas kan publiceras."), code="status")
    missing = _missing(appraisal)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    appraisal.status = AppraisalStatus.PUBLISHED
    appraisal.published_at = now
    appraisal.reviewed_by = actor
    if appraisal.reassess_by is None:
        appraisal.reassess_by = add_years(today or timezone.localdate(), REASSESS_YEARS)
    appraisal.version += 1
    appraisal.save()
    _record(appraisal, actor, "appraisal.published", {"status": ["in_review", "published"]})
    return appraisal


def reassessment_notices_send(*, today: dt.date | None = None) -> int:
    """E-mail the coordinator group about practices due for re-assessment (current appraisal's
    date within 60 days or past). At most once per practice and due date (send_once)."""
    from learning.selectors import coordinator_emails, practices_due
    from partners.notifications import send_once

    today = today or timezone.localdate()
    recipients = coordinator_emails()
    sent = 0
    for item in practices_due(today=today):
        sent += send_once(
            f"reassess:{item.practice.pk}:{item.appraisal.reassess_by.isoformat()}",
            template="learning/email/reassessment_due",
            context={"practice": item.practice, "appraisal": item.appraisal, "today": today},
            recipients=recipients,
        )
    return sent
