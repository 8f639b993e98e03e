"""Every state change of an organisation: registration (and the coordinator adding one
directly), changes to its details, the coordinator's decision, and a rejected applicant's
resubmission. Memberships and invitations are in partners.services.memberships."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from outbox import enqueue
from partners.audit import audit_record, diff, snapshot
from partners.models import Membership, Organisation, OrganisationKind, Role
from partners.models.organisations import FEDERATION_KINDS
from partners.rules import (
    can_decide_organisation,
    can_manage_members,
    can_resubmit_organisation,
    forget_roles,
    is_organisation_admin,
)
from partners.tasks import notify_coordinators_of_registration as notify_coordinators_task
from partners.tasks import send_organisation_decision as send_organisation_decision_task
from partners.validators import normalise_org_number

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "org_number",
    "kommun",
    "region",
    "description",
    "website",
    "signed_partnership_on",
    "status",
]


def _unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_geography(*, kind, kommun, region, member_kommuner, exclude_pk=None) -> dict:
    """Field errors for an organisation's kind and place; `exclude_pk` is the one being edited."""
    errors = {}
    if kind not in OrganisationKind.values:
        errors["kind"] = _("Välj en av typerna i listan.")
    if kind == OrganisationKind.KOMMUN and kommun is None:
        errors["kommun"] = _("Ange vilken kommun organisationen är.")
    if kind == OrganisationKind.REGION and region is None:
        errors["region"] = _("Ange vilken region organisationen är.")
    if kommun is not None and region is not None and kommun.region_id != region.pk:
        errors["region"] = _("%(kommun)s ligger inte i %(region)s.") % {
            "kommun": kommun.name,
            "region": region.name,
        }
    if member_kommuner and kind not in FEDERATION_KINDS:
        errors["member_kommuner"] = _(
            "Medlemskommuner anges bara för kommunalförbund och samordningsförbund."
        )
    # A kommun or a region is one organisation: refuse a second registration of the same one
    # (a rejected registration does not count, so the real kommun can apply again).
    others = Organisation.objects.exclude(status=Organisation.Status.REJECTED).exclude(
        pk=exclude_pk
    )
    if (
        kind == OrganisationKind.KOMMUN
        and kommun is not None
        and others.filter(kind=OrganisationKind.KOMMUN, kommun=kommun).exists()
    ):
        errors["kommun"] = _("%(kommun)s är redan registrerad som organisation.") % {
            "kommun": kommun.name
        }
    if (
        kind == OrganisationKind.REGION
        and region is not None
        and others.filter(kind=OrganisationKind.REGION, region=region).exists()
    ):
        errors["region"] = _("%(region)s är redan registrerad som organisation.") % {
            "region": region.name
        }
    return errors


def _save_new_or_taken(organisation: Organisation) -> None:
    """Save; a concurrent registration of the same organisationsnummer becomes a field error."""
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        raise ValidationError({"org_number": _("Organisationsnumret används redan.")}) from exc


def _member_kommuner_names(organisation: Organisation) -> list[str]:
    return sorted(k.name for k in organisation.member_kommuner.all())


@transaction.atomic
def organisation_register(
    *,
    actor,
    name: str,
    kind: str,
    org_number: str,
    kommun=None,
    region=None,
    member_kommuner=(),
    description: str = "",
    website: str = "",
    signed_partnership_on=None,
) -> Organisation:
    """Register an organisation awaiting the coordinator's approval; the actor becomes its admin.

    Raises ValidationError with field errors (invalid or taken organisationsnummer, missing kommun
    or region for public bodies). Coordinators are notified after commit.
    """
    errors = {}
    try:
        org_number = normalise_org_number(org_number)
    except ValidationError as exc:
        errors["org_number"] = exc.messages
    else:
        if Organisation.objects.filter(org_number=org_number).exists():
            errors["org_number"] = _(
                "En organisation med organisationsnummer %(number)s är redan registrerad."
            ) % {"number": org_number}
    if not (name or "").strip():
        errors["name"] = _("Ange organisationens namn.")
    errors.update(
        _check_geography(kind=kind, kommun=kommun, region=region, member_kommuner=member_kommuner)
    )
    if errors:
        raise ValidationError(errors)
    organisation = Organisation(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        org_number=org_number,
        kommun=kommun,
        region=region or (kommun.region if kommun else None),
        description=description,
        website=website,
        signed_partnership_on=signed_partnership_on,
        created_by=actor,
    )
    organisation.full_clean()
    _save_new_or_taken(organisation)
    if member_kommuner:
        organisation.member_kommuner.set(member_kommuner)
    Membership.objects.create(user=actor, organisation=organisation, role=Role.ADMIN)
    forget_roles(actor)
    changes = {k: [None, v] for k, v in snapshot(organisation, ORGANISATION_FIELDS).items()}
    if member_kommuner:
        changes["member_kommuner"] = [None, _member_kommuner_names(organisation)]
    audit_record(
        actor=actor,
        action="organisation.registered",
        obj=organisation,
        organisation=organisation,
        changes=changes,
    )
    enqueue(notify_coordinators_task, organisation.pk)
    return organisation


@transaction.atomic
def organisation_create(*, actor, **fields) -> Organisation:
    """The coordinator adds an organisation directly: approved at once, the actor not a member."""
    if not can_decide_organisation(actor):
        raise PermissionDenied
    organisation = organisation_register(actor=actor, **fields)
    Membership.objects.filter(organisation=organisation, user=actor).delete()
    forget_roles(actor)
    return _decide(
        organisation=organisation,
        actor=actor,
        status=Organisation.Status.APPROVED,
        note="",
        action="organisation.approved",
    )


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor, **fields) -> Organisation:
    """Change an organisation's details (org admins and the coordinator). Audited field by field.

    Raises PermissionDenied, or ValidationError with field errors (the same checks as registration:
    organisationsnummer, a kommun or region registered twice, member kommuner only for federations).
    """
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, ORGANISATION_FIELDS)
    before_kommuner = _member_kommuner_names(organisation)
    member_kommuner = fields.pop("member_kommuner", None)
    for key in fields:
        if key not in ORGANISATION_FIELDS or key == "status":
            raise ValidationError({key: _("Fältet kan inte ändras här.")})
    if "org_number" in fields:
        try:
            fields["org_number"] = normalise_org_number(fields["org_number"])
        except ValidationError as exc:
            raise ValidationError({"org_number": exc.messages}) from exc
        if (
            Organisation.objects.filter(org_number=fields["org_number"])
            .exclude(pk=organisation.pk)
            .exists()
        ):
            raise ValidationError({"org_number": _("Organisationsnumret används redan.")})
    for key, value in fields.items():
        setattr(organisation, key, value)
    if "kommun" in fields and "region" not in fields and organisation.kommun is not None:
        organisation.region = organisation.kommun.region
    errors = _check_geography(
        kind=organisation.kind,
        kommun=organisation.kommun,
        region=organisation.region,
        member_kommuner=(
            member_kommuner if member_kommuner is not None else organisation.member_kommuner.all()
        ),
        exclude_pk=organisation.pk,
    )
    if errors:
        raise ValidationError(errors)
    if "name" in fields:
        organisation.slug = _unique_slug(organisation.name, exclude_pk=organisation.pk)
    organisation.full_clean()
    _save_new_or_taken(organisation)
    changes = diff(before, snapshot(organisation, ORGANISATION_FIELDS))
    if member_kommuner is not None:
        organisation.member_kommuner.set(member_kommuner)
        after_kommuner = _member_kommuner_names(organisation)
        if after_kommuner != before_kommuner:
            changes["member_kommuner"] = [before_kommuner, after_kommuner]
    if changes:
        audit_record(
            actor=actor,
            action="organisation.updated",
            obj=organisation,
            organisation=organisation,
            changes=changes,
        )
    return organisation


def _decide(*, organisation, actor, status, note, action) -> Organisation:
    if not can_decide_organisation(actor):
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == status:
        raise ValidationError(_("Organisationen har redan det beslutet."))
    before = snapshot(organisation, ["status"])
    organisation.status = status
    organisation.decision_note = note
    organisation.decided_at = timezone.now()
    organisation.decided_by = actor
    organisation.save(
        update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=action,
        obj=organisation,
        organisation=organisation,
        changes=diff(before, snapshot(organisation, ["status"])),
        message=note,
    )
    enqueue(send_organisation_decision_task, organisation.pk, organisation.status)
    return organisation


@transaction.atomic
def organisation_approve(*, organisation: Organisation, actor, note: str = "") -> Organisation:
    """Approve a registered organisation (coordinator only); the applicant is e-mailed."""
    return _decide(
        organisation=organisation,
        actor=actor,
        status=Organisation.Status.APPROVED,
        note=note,
        action="organisation.approved",
    )


@transaction.atomic
def organisation_reject(*, organisation: Organisation, actor, reason: str) -> Organisation:
    """Reject a registration with a reason (coordinator only); the applicant is e-mailed."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv en motivering så att sökanden vet varför.")})
    return _decide(
        organisation=organisation,
        actor=actor,
        status=Organisation.Status.REJECTED,
        note=reason.strip(),
        action="organisation.rejected",
    )


@transaction.atomic
def organisation_resubmit(*, organisation: Organisation, actor, **fields) -> Organisation:
    """Correct a rejected registration and send it to the coordinator again (its admins only).

    `fields` are those organisation_update takes, checked the same way. The registration goes
    back to pending, the earlier decision is cleared (it stays in the audit trail) and the
    coordinators are notified after commit. Raises PermissionDenied, or ValidationError when the
    registration is not rejected or a field is wrong; nothing is saved then.
    """
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not is_organisation_admin(actor, locked):
        raise PermissionDenied
    if not can_resubmit_organisation(actor, locked):
        raise ValidationError(_("Bara en avslagen ansökan kan skickas in igen."))
    if fields:
        locked = organisation_update(organisation=locked, actor=actor, **fields)
    before = snapshot(locked, ["status"])
    previous_note = locked.decision_note
    locked.status = Organisation.Status.PENDING
    locked.decision_note = ""
    locked.decided_at = None
    locked.decided_by = None
    locked.save(update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"])
    event = audit_record(
        actor=actor,
        action="organisation.resubmitted",
        obj=locked,
        organisation=locked,
        changes=diff(before, snapshot(locked, ["status"])),
        message=previous_note,
    )
    enqueue(notify_coordinators_task, locked.pk, event.pk)
    return locked
