"""Who may do what with organisations and members: each rule written once, used everywhere."""

from django.conf import settings
from django.db.models import Q

from partners.models import Membership, Organisation, Role

# Every page asks who the user is several times (menu, visibility, permissions); these facts are
# read once per request, in one query each, and kept on the user object (a fresh one per request).


def group_names(user) -> frozenset[str]:
    """Names of the user's groups, cached on the user for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._group_names = cached
    return cached


def is_coordinator(user) -> bool:
    """The national coordinator: superusers and members of the coordinator group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return settings.COORDINATOR_GROUP in group_names(user)


def _memberships(user) -> dict[int, tuple[str, str]]:
    """organisation id → (the user's role, the organisation's status), cached for the request."""
    cached = getattr(user, "_memberships", None)
    if cached is None:
        rows = Membership.objects.filter(user=user).values_list(
            "organisation_id", "role", "organisation__status"
        )
        cached = {org: (role, status) for org, role, status in rows}
        user._memberships = cached
    return cached


def is_partner(user) -> bool:
    """A member of at least one approved partner organisation."""
    if user is None or not user.is_authenticated:
        return False
    approved = Organisation.Status.APPROVED
    return any(status == approved for _role, status in _memberships(user).values())


def is_admin_anywhere(user) -> bool:
    """An administrator of at least one organisation, approved or not."""
    if user is None or not user.is_authenticated:
        return False
    return any(role == Role.ADMIN for role, _status in _memberships(user).values())


def organisation_ids(user) -> list[int]:
    """Ids of the organisations the user is a member of, approved or not."""
    if user is None or not user.is_authenticated:
        return []
    return sorted(_memberships(user))


def role_in(user, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None. Cached on the user for the request."""
    if user is None or not user.is_authenticated:
        return None
    found = _memberships(user).get(organisation.pk)
    return found[0] if found else None


def forget_roles(user) -> None:
    """Drop the per-request role cache after memberships change."""
    for attr in ("_memberships", "_group_names"):
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


# An organisation's own trail: what happened to its members, roles, pilots and reports. Account
# and security events (log-in lock-outs, two-factor) concern a person, not the organisation, and
# stay with the coordinator.
ORGANISATION_AUDIT_AREAS = (
    "organisation",
    "membership",
    "invitation",
    "pilot",
    "report",
    "business_case",
    "programme",
)


def _admin_organisation_ids(user) -> list[int]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return sorted(org for org, (role, _status) in _memberships(user).items() if role == Role.ADMIN)


def can_view_organisation_audit(user, organisation: Organisation) -> bool:
    """An organisation's audit trail: its administrators and the coordinator."""
    return can_manage_members(user, organisation)


def organisation_audit_visible(user, events):
    """Queryset filter: the audit events the user may read in organisations' own trails (the
    coordinator: events of every organisation in those areas). Agrees with `can_view_audit_event`
    (tests/partners/test_organisation_audit.py checks it row by row)."""
    in_areas = Q(pk__in=[])
    for area in ORGANISATION_AUDIT_AREAS:
        in_areas |= Q(action__startswith=f"{area}.")
    events = events.filter(in_areas, organisation__isnull=False)
    if is_coordinator(user):
        return events
    return events.filter(organisation_id__in=_admin_organisation_ids(user))


def can_view_audit_event(user, event) -> bool:
    """Predicate for one event: the same rule as `organisation_audit_visible`."""
    if event.organisation_id is None or "." not in event.action:
        return False
    if event.action.split(".", 1)[0] not in ORGANISATION_AUDIT_AREAS:
        return False
    return is_coordinator(user) or event.organisation_id in _admin_organisation_ids(user)
