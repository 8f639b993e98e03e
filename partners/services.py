"""Every state change of users, organisations, memberships and invitations."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from outbox import enqueue
from partners.audit import audit_record, diff, snapshot
from partners.models import Invitation, Membership, Organisation, OrganisationKind, Role
from partners.models.organisations import FEDERATION_KINDS
from partners.rules import (
    can_decide_organisation,
    can_manage_members,
    can_resubmit_organisation,
    forget_roles,
    is_organisation_admin,
)
from partners.tasks import notify_coordinators_of_registration as notify_coordinators_task
from partners.tasks import send_invitation as send_invitation_task
from partners.tasks import send_organisation_decision as send_organisation_decision_task
from partners.validators import normalise_org_number

User = get_user_model()

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


@transaction.atomic
def user_register(*, email: str, password: str, first_name: str, last_name: str) -> User:
    """Create an active user account. Raises ValidationError if the e-mail is taken."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Det finns redan ett konto med den e-postadressen.")})
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=user, action="user.registered", obj=user)
    return user


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
def membership_add(*, organisation: Organisation, user, role: str, actor) -> Membership:
    """Add an existing user to an organisation directly (coordinator only; others invite)."""
    if not can_decide_organisation(actor):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Välj en av rollerna i listan.")})
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({"user": _("Användaren är redan medlem i organisationen.")})
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    forget_roles(user)
    audit_record(
        actor=actor,
        action="membership.created",
        obj=membership,
        organisation=organisation,
        changes={"role": [None, role]},
    )
    return membership


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


@transaction.atomic
def invitation_create(*, organisation: Organisation, actor, email: str, role: str) -> Invitation:
    """Invite someone by e-mail to join the organisation with a role (org admins, coordinator).

    An open invitation to the same address is replaced, so re-inviting resends the e-mail.
    """
    if not can_manage_members(actor, organisation):
        raise PermissionDenied
    email = User.objects.normalize_email(email or "").strip().lower()
    errors = {}
    if role not in Role.values:
        errors["role"] = _("Välj en av rollerna i listan.")
    if not email:
        errors["email"] = _("Ange en e-postadress.")
    elif Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        errors["email"] = _("%(email)s är redan medlem i organisationen.") % {"email": email}
    if errors:
        raise ValidationError(errors)
    organisation.invitations.open().filter(email__iexact=email).update(revoked_at=timezone.now())
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action="invitation.created",
        obj=invitation,
        organisation=organisation,
        changes={"email": [None, email], "role": [None, role]},
    )
    enqueue(send_invitation_task, invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw an open invitation."""
    if not can_manage_members(actor, invitation.organisation):
        raise PermissionDenied
    if not invitation.is_open:
        raise ValidationError(_("Inbjudan är inte längre öppen."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="invitation.revoked",
        obj=invitation,
        organisation=invitation.organisation,
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the organisation through an open invitation addressed to the user's e-mail."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("Inbjudan har redan använts, återkallats eller gått ut."))
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied(
            _("Inbjudan gäller %(email)s. Logga in med den adressen.") % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created:
        raise ValidationError(_("Du är redan medlem i organisationen."))
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    audit_record(
        actor=user,
        action="membership.created",
        obj=membership,
        organisation=invitation.organisation,
        changes={"role": [None, membership.role]},
    )
    return membership


def _ensure_an_admin_remains(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    # Lock every admin row of the organisation so that two admins demoting each other at the
    # same moment cannot leave it without one.
    admins = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if not [pk for pk in admins if pk != membership.pk]:
        raise ValidationError(
            _("Organisationen måste ha minst en administratör. Utse en annan administratör först.")
        )


@transaction.atomic
def membership_set_role(*, membership: Membership, actor, role: str) -> Membership:
    """Change a member's role (org admins, coordinator). The last admin cannot be demoted."""
    if not can_manage_members(actor, membership.organisation):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Välj en av rollerna i listan.")})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_an_admin_remains(membership, role)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_roles(membership.user)
    forget_roles(actor)
    if old != role:
        audit_record(
            actor=actor,
            action="membership.role_changed",
            obj=membership,
            organisation=membership.organisation,
            changes={"role": [old, role]},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    """Remove a member (org admins, coordinator, or the member leaving). Keeps one admin."""
    if not (can_manage_members(actor, membership.organisation) or membership.user_id == actor.pk):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_an_admin_remains(membership, None)
    audit_record(
        actor=actor,
        action="membership.removed",
        obj=membership,
        organisation=membership.organisation,
        changes={"role": [membership.role, None]},
    )
    membership.delete()
    forget_roles(membership.user)
    forget_roles(actor)
