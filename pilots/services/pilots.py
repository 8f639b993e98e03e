"""Registering a pilot: the draft, each wizard step, partners, evaluation plan, publishing,
reporting periods and pilot-level roles. Indicator services are in `indicators.py`.

Every service that changes a pilot locks its row, refuses a stale `expected_version` (optimistic
concurrency: two people editing the same pilot never silently overwrite each other), increments
`Pilot.version`, and records the change (old → new) on the pilot's audit trail.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import caching, locking
from partners.audit import audit_record, diff, snapshot
from partners.models import Role
from pilots import page_cache, rules
from pilots.completeness import missing_items
from pilots.models import (
    EvaluationPlan,
    PartnerRole,
    PeriodReport,
    Pilot,
    PilotMembership,
    PilotPartner,
    PilotStatus,
    ReportingPeriod,
)
from pilots.periods import generate_periods

BASICS_FIELDS = [
    "title",
    "summary",
    "title_en",
    "summary_en",
    "health_area",
    "life_stage",
    "arena",
    "start_date",
    "end_date",
    "budget_sek",
]
UPDATABLE_FIELDS = [*BASICS_FIELDS, "visibility", "kommuner", "regioner"]
RESERVED_SLUGS = {"ny"}
PLAN_FIELDS = ["theory_of_change", "design", "design_notes", "cadence", "due_days"]


def stale_error() -> ValidationError:
    return locking.stale_error(
        _("Någon annan har ändrat piloten sedan du öppnade sidan. Ladda om sidan och försök igen.")
    )


def lock_pilot(
    *, pilot: Pilot, actor, expected_version: int | None, allowed=rules.can_edit_pilot
) -> Pilot:
    """Check permission, lock the pilot's row and refuse a stale version. Returns the fresh row."""
    if not allowed(actor, pilot):
        raise PermissionDenied
    locked = Pilot.objects.select_for_update().select_related("lead_organisation").get(pk=pilot.pk)
    if expected_version is not None and locked.version != expected_version:
        raise stale_error()
    return locked


def bump_version(pilot: Pilot, *fields: str) -> None:
    """Save `fields` together with the next version."""
    pilot.version += 1
    pilot.save(update_fields=[*fields, "version", "updated_at"])


def missing_before(pilot: Pilot) -> dict | None:
    """What a published pilot lacked before a change (None for drafts)."""
    return None if pilot.status == PilotStatus.DRAFT else missing_items(pilot)


def ensure_still_complete(pilot: Pilot, before: dict | None) -> None:
    """A published pilot may be edited, but not made incomplete. Only what the change itself
    removed is refused, so an older, already incomplete pilot can still be put right."""
    if before is None:
        return
    new = {}
    for key, messages in missing_items(pilot).items():
        added = [m for m in messages if m not in before.get(key, [])]
        if added:
            new[key] = added
    if new:
        raise ValidationError(new)


def record(*, pilot: Pilot, actor, action: str, changes: dict, message: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=pilot,
        organisation=pilot.lead_organisation,
        changes=changes,
        message=message,
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "pilot"
    slug, n = base, 2
    # "ny" is the address of the form for a new pilot (/piloter/ny/).
    while slug in RESERVED_SLUGS or Pilot.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _codes(pilot: Pilot, relation: str) -> list[str]:
    field = "code" if relation == "kommuner" else "lan_code"
    return sorted(getattr(pilot, relation).values_list(field, flat=True))


@transaction.atomic
def pilot_create_draft(
    *, actor, lead_organisation, title: str, kommuner=None, regioner=None, **fields
) -> Pilot:
    """Create a draft pilot led by `lead_organisation`, with an empty evaluation plan and the lead
    as partner. `fields` may hold any basics field and `visibility`; `kommuner`/`regioner` (as
    in `pilot_update`) are set in the same transaction.

    Raises PermissionDenied unless the actor may create pilots for the organisation, and
    ValidationError with field errors (missing title, end before start, …).
    """
    if not rules.can_create_pilot_for(actor, lead_organisation):
        raise PermissionDenied
    unknown = set(fields) - {*BASICS_FIELDS, "visibility"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Ge piloten en titel.")})
    pilot = Pilot(
        title=title,
        slug=_unique_slug(title),
        lead_organisation=lead_organisation,
        created_by=actor,
        status=PilotStatus.DRAFT,
        **fields,
    )
    pilot.full_clean()
    pilot.save()
    PilotPartner.objects.create(pilot=pilot, organisation=lead_organisation, role=PartnerRole.LEAD)
    EvaluationPlan.objects.create(pilot=pilot)
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.created",
        changes={
            k: [None, v]
            for k, v in snapshot(pilot, ["title", "lead_organisation", *fields]).items()
        },
    )
    periods_regenerate(pilot=pilot, actor=actor)
    relations = {k: v for k, v in (("kommuner", kommuner), ("regioner", regioner)) if v is not None}
    if relations:
        pilot = pilot_update(pilot=pilot, actor=actor, expected_version=pilot.version, **relations)
    return pilot


@transaction.atomic
def pilot_update(*, pilot: Pilot, actor, expected_version: int | None, **fields) -> Pilot:
    """Change any of the wizard's pilot fields: basics, `kommuner`/`regioner` (iterables of
    Kommun/Region) and `visibility`. Regenerates unreported periods when the dates change.

    Raises PermissionDenied, ValidationError (field errors, stale version, or a published pilot
    left incomplete). Returns the fresh pilot; an update that changes nothing keeps the version.
    """
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    pilot = lock_pilot(pilot=pilot, actor=actor, expected_version=expected_version)
    was_missing = missing_before(pilot)
    relations = {
        name: list(fields.pop(name)) for name in ("kommuner", "regioner") if name in fields
    }
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        if not fields["title"]:
            raise ValidationError({"title": _("Ge piloten en titel.")})
    before = snapshot(pilot, list(fields))
    for name, value in fields.items():
        setattr(pilot, name, value)
    pilot.full_clean()
    changes = diff(before, snapshot(pilot, list(fields)))
    for name, objects in relations.items():
        old = _codes(pilot, name)
        new = sorted(o.code if name == "kommuner" else o.lan_code for o in objects)
        if old != new:
            changes[name] = [old, new]
            getattr(pilot, name).set(objects)
    if not changes:
        return pilot
    bump_version(pilot, *fields)
    record(pilot=pilot, actor=actor, action="pilot.updated", changes=changes)
    if "start_date" in changes or "end_date" in changes:
        periods_regenerate(pilot=pilot, actor=actor)
    ensure_still_complete(pilot, was_missing)
    return pilot


@transaction.atomic
def pilot_set_partners(
    *, pilot: Pilot, actor, partners, expected_version: int | None = None
) -> Pilot:
    """Set the pilot's partner organisations to `partners`, a list of (organisation, role).
    The lead organisation always stays a partner with the role lead; no other can be lead.

    Raises PermissionDenied or ValidationError (`partners`: unknown role, an unapproved
    organisation, a second lead, stale version).
    """
    pilot = lock_pilot(pilot=pilot, actor=actor, expected_version=expected_version)
    wanted = {(pilot.lead_organisation_id, PartnerRole.LEAD.value)}
    errors = []
    for organisation, role in partners:
        if role not in PartnerRole.values:
            errors.append(_("Okänd roll: %(role)s.") % {"role": role})
        elif role == PartnerRole.LEAD and organisation.pk != pilot.lead_organisation_id:
            errors.append(
                _("Bara %(lead)s kan vara huvudman.") % {"lead": pilot.lead_organisation.name}
            )
        elif not organisation.is_approved:
            errors.append(
                _("%(name)s är inte en godkänd partnerorganisation.") % {"name": organisation.name}
            )
        else:
            wanted.add((organisation.pk, role))
    if errors:
        raise ValidationError({"partners": errors})
    current = {
        (p.organisation_id, p.role): p for p in pilot.partners.select_related("organisation")
    }
    if set(current) == wanted:
        return pilot
    names = {org.pk: org.name for org, _role in partners}
    names.update({key[0]: p.organisation.name for key, p in current.items()})
    names[pilot.lead_organisation_id] = pilot.lead_organisation.name
    PilotPartner.objects.filter(
        pk__in=[p.pk for key, p in current.items() if key not in wanted]
    ).delete()
    PilotPartner.objects.bulk_create(
        PilotPartner(pilot=pilot, organisation_id=org_id, role=role)
        for org_id, role in wanted - set(current)
    )
    page_cache.bump(pilot.pk)
    # Written without signals: partners' people follow the pilot's programmes (monitoring).
    caching.bump(caching.FOLLOWED_PILOTS)

    def labels(keys):
        return sorted(f"{names[org_id]} ({PartnerRole(role).label})" for org_id, role in keys)

    bump_version(pilot)
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.partners_changed",
        changes={"partners": [labels(current), labels(wanted)]},
    )
    return pilot


@transaction.atomic
def evaluation_plan_update(
    *,
    pilot: Pilot,
    actor,
    theory_of_change: str,
    design: str,
    design_notes: str,
    cadence: str,
    due_days: int,
    expected_version: int | None = None,
) -> EvaluationPlan:
    """Set the evaluation plan. A changed cadence or due time regenerates unreported periods.

    Raises PermissionDenied or ValidationError (field errors, stale version, a published pilot
    left incomplete).
    """
    pilot = lock_pilot(pilot=pilot, actor=actor, expected_version=expected_version)
    was_missing = missing_before(pilot)
    plan, _created = EvaluationPlan.objects.get_or_create(pilot=pilot)
    before = snapshot(plan, PLAN_FIELDS)
    plan.theory_of_change = (theory_of_change or "").strip()
    plan.design = design or ""
    plan.design_notes = (design_notes or "").strip()
    plan.cadence = cadence
    plan.due_days = due_days
    plan.full_clean(exclude=["pilot"])
    changes = diff(before, snapshot(plan, PLAN_FIELDS))
    if not changes:
        return plan
    plan.save()
    bump_version(pilot)
    record(pilot=pilot, actor=actor, action="pilot.evaluation_plan_updated", changes=changes)
    if "cadence" in changes or "due_days" in changes:
        periods_regenerate(pilot=pilot, actor=actor)
    ensure_still_complete(pilot, was_missing)
    return plan


@transaction.atomic
def pilot_publish(*, pilot: Pilot, actor, expected_version: int | None = None) -> Pilot:
    """Publish a complete draft: its status becomes active.

    Raises PermissionDenied, or ValidationError listing every missing thing, keyed by field
    (see pilots.completeness.MISSING_ITEM_STEPS), or saying it is already published.
    """
    pilot = lock_pilot(pilot=pilot, actor=actor, expected_version=expected_version)
    if pilot.status != PilotStatus.DRAFT:
        raise ValidationError(_("Piloten är redan publicerad."), code="published")
    missing = missing_items(pilot)
    if missing:
        raise ValidationError(missing)
    pilot.status = PilotStatus.ACTIVE
    pilot.published_at = timezone.now()
    bump_version(pilot, "status", "published_at")
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.published",
        changes={"status": [PilotStatus.DRAFT.value, PilotStatus.ACTIVE.value]},
    )
    return pilot


def _free_segments(start, end, kept):
    """Parts of [start, end] not covered by any kept period, as (start, end) pairs."""
    segments, cursor = [], start
    for period in sorted(kept, key=lambda p: p.start):
        if period.end < cursor or period.start > end:
            continue
        if period.start > cursor:
            segments.append((cursor, period.start - timedelta(days=1)))
        cursor = max(cursor, period.end + timedelta(days=1))
    if cursor <= end:
        segments.append((cursor, end))
    return segments


@transaction.atomic
def periods_regenerate(*, pilot: Pilot, actor=None) -> tuple[int, int]:
    """Bring the pilot's reporting periods in line with its dates and cadence.

    Periods that have a report (in any status) or are locked are never touched; the new
    periods fill only the time they do not cover. Unreported periods that already match are
    kept as they are. Returns (removed, created). Idempotent.
    """
    plan = EvaluationPlan.objects.filter(pilot=pilot).first()
    periods = list(
        ReportingPeriod.objects.filter(pilot=pilot).annotate(
            has_report=Exists(PeriodReport.objects.filter(period=OuterRef("pk")))
        )
    )
    kept = [p for p in periods if p.is_locked or p.has_report]
    free = {
        (p.start, p.end, p.due_date, p.label): p
        for p in periods
        if not (p.is_locked or p.has_report)
    }
    wanted = []
    if plan and pilot.start_date and pilot.end_date and pilot.end_date >= pilot.start_date:
        for spec in generate_periods(pilot.start_date, pilot.end_date, plan.cadence, plan.due_days):
            for seg_start, seg_end in _free_segments(spec.start, spec.end, kept):
                due = seg_end + timedelta(days=plan.due_days)
                wanted.append((seg_start, seg_end, due, spec.label))
    remove = [p for key, p in free.items() if key not in set(wanted)]
    create = [key for key in wanted if key not in free]
    if not remove and not create:
        return 0, 0
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in remove]).delete()
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(pilot=pilot, start=s, end=e, due_date=d, label=label)
        for s, e, d, label in create
    )
    # bulk_create sends no post_save: the programme figures (matrix rates) read the periods.
    caching.bump(caching.PROGRAMME_FIGURES)
    page_cache.bump(pilot.pk)
    caching.bump(caching.PUBLIC_PAGES)  # period labels shown on practice and goal pages
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.periods_regenerated",
        changes={"periods": [sorted(p.label for p in remove), sorted(key[3] for key in create)]},
        message=_("%(kept)s rapporterade eller låsta perioder lämnades orörda.")
        % {"kept": len(kept)},
    )
    return len(remove), len(create)


@transaction.atomic
def pilot_membership_grant(*, pilot: Pilot, actor, user, role: str) -> PilotMembership:
    """Give `user` a role in this pilot only (e.g. an external evaluator), or change it.

    Raises PermissionDenied unless the actor administers the lead organisation or is the
    coordinator; ValidationError for an unknown role.
    """
    if not rules.can_manage_pilot_members(actor, pilot):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Välj en av rollerna i listan.")})
    membership = PilotMembership.objects.filter(pilot=pilot, user=user).first()
    old = membership.role if membership else None
    if membership is None:
        membership = PilotMembership.objects.create(pilot=pilot, user=user, role=role)
    elif old != role:
        membership.role = role
        membership.save(update_fields=["role"])
    if old != role:
        record(
            pilot=pilot,
            actor=actor,
            action="pilot.membership_granted",
            changes={"role": [old, role]},
            message=str(user),
        )
    if hasattr(user, "_pilot_roles"):
        del user._pilot_roles
    return membership


@transaction.atomic
def pilot_membership_revoke(*, pilot: Pilot, actor, user) -> None:
    """Remove the user's pilot-level role. Raises PermissionDenied or ValidationError."""
    if not rules.can_manage_pilot_members(actor, pilot):
        raise PermissionDenied
    membership = PilotMembership.objects.filter(pilot=pilot, user=user).first()
    if membership is None:
        raise ValidationError(_("%(user)s har ingen roll i piloten.") % {"user": user})
    membership.delete()
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.membership_revoked",
        changes={"role": [membership.role, None]},
        message=str(user),
    )
    if hasattr(user, "_pilot_roles"):
        del user._pilot_roles
