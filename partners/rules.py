"""Who may do what with organisations and members: each rule written once, used everywhere."""

from django.conf import settings

from partners.models import Membership, Organisation, Role


def is_coordinator(user) -> bool:
    """The national coordinator: superusers and members of the coordinator group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_coordinator", None)
    if cached is None:
        cached = user.groups.filter(name=settings.COORDINATOR_GROUP).exists()
        user._is_coordinator = cached
    return cached


def role_in(user, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None. Cached on the user for the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = getattr(user, "_org_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._org_roles = cache
    return cache.get(organisation.pk)


def forget_roles(user) -> None:
    """Drop the per-request role cache after memberships change."""
    for attr in ("_org_roles", "_is_coordinator"):
        if hasattr(user, attr):
            delattr(user, attr)


def can_manage_members(user, organisation: Organisation) -> bool:
    return is_coordinator(user) or role_in(user, organisation) == Role.ADMIN


def can_view_members(user, organisation: Organisation) -> bool:
    return is_coordinator(user) or role_in(user, organisation) is not None


def can_view_organisation(user, organisation: Organisation) -> bool:
    return organisation.is_approved or can_view_members(user, organisation)


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return can_manage_members(user, organisation)


def can_decide_organisation(user) -> bool:
    return is_coordinator(user)


def can_view_audit_log(user) -> bool:
    """The audit log spans every organisation, so only the coordinator reads it (a Wagtail
    admin login alone is not enough: editors have one too)."""
    return is_coordinator(user)


def can_resubmit_organisation(user, organisation: Organisation) -> bool:
    """Correct and resubmit a rejected registration: its admins (the applicant is the first)."""
    return (
        organisation.status == Organisation.Status.REJECTED
        and role_in(user, organisation) == Role.ADMIN
    )
