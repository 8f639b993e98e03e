"""Every state change of who belongs where: user accounts, memberships (added, re-roled,
removed; an organisation always keeps an admin) and invitations (created, revoked, accepted)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox import enqueue
from partners.audit import audit_record
from partners.models import Invitation, Membership, Organisation, Role
from partners.rules import can_decide_organisation, can_manage_members, forget_roles
from partners.tasks import send_invitation as send_invitation_task

User = get_user_model()


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
