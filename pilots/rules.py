"""Who may do what with a pilot and its reports: each rule once, used by pages, API and admin."""

import datetime as dt

from django.utils import timezone

from partners.models import Role
from partners.rules import is_coordinator, role_in
from pilots.models import Pilot, PilotStatus, Visibility

EDIT_ROLES = {Role.ADMIN, Role.APPROVER, Role.REPORTER}
APPROVE_ROLES = {Role.ADMIN, Role.APPROVER}


def pilot_role(user, pilot: Pilot) -> str | None:
    """The user's strongest role for this pilot: their role in the lead organisation, or a
    pilot-level role. Pilot-level roles are cached on the user per request."""
    if user is None or not user.is_authenticated:
        return None
    org_role = role_in(user, pilot.lead_organisation)
    cache = getattr(user, "_pilot_roles", None)
    if cache is None:
        cache = dict(user.pilot_memberships.values_list("pilot_id", "role"))
        user._pilot_roles = cache
    roles = {r for r in (org_role, cache.get(pilot.pk)) if r}
    for role in (Role.ADMIN, Role.APPROVER, Role.REPORTER, Role.VIEWER):
        if role in roles:
            return role
    return None


def is_pilot_insider(user, pilot: Pilot) -> bool:
    """Members of the lead or a partner organisation, pilot-level members, the coordinator."""
    if is_coordinator(user) or pilot_role(user, pilot):
        return True
    if user is None or not user.is_authenticated:
        return False
    org_ids = {p.organisation_id for p in pilot.partners.all()}
    return any(role_in(user, _Org(pk)) for pk in org_ids)


class _Org:
    """A stand-in with only a pk, so role_in can use its per-request cache."""

    def __init__(self, pk):
        self.pk = pk


def can_view_pilot(user, pilot: Pilot) -> bool:
    if pilot.status != PilotStatus.DRAFT and pilot.visibility == Visibility.PUBLIC:
        return True
    if is_pilot_insider(user, pilot):
        return True
    if pilot.status == PilotStatus.DRAFT or pilot.visibility == Visibility.PRIVATE:
        return False
    # Partnership visibility: any member of an approved organisation.
    return bool(
        user
        and user.is_authenticated
        and user.memberships.filter(organisation__status="approved").exists()
    )


def can_edit_pilot(user, pilot: Pilot) -> bool:
    return is_coordinator(user) or pilot_role(user, pilot) in EDIT_ROLES


def can_report(user, pilot: Pilot) -> bool:
    """File and submit period reports."""
    return can_edit_pilot(user, pilot)


def can_approve(user, pilot: Pilot) -> bool:
    """Approve or return reports: the lead organisation's approvers and admins, pilot-level
    approvers, and the coordinator."""
    return is_coordinator(user) or pilot_role(user, pilot) in APPROVE_ROLES


def can_view_drafts(user, pilot: Pilot) -> bool:
    """See unapproved reports and values: the pilot's own people only."""
    return is_coordinator(user) or pilot_role(user, pilot) is not None


def can_create_pilot_for(user, organisation) -> bool:
    return is_coordinator(user) or (
        organisation.is_approved and role_in(user, organisation) in EDIT_ROLES
    )


def can_manage_pilot_members(user, pilot: Pilot) -> bool:
    """Grant or revoke pilot-level roles: admins of the lead organisation (or of the pilot)
    and the coordinator."""
    return is_coordinator(user) or pilot_role(user, pilot) == Role.ADMIN


def submit_needs_confirmation(period, today: dt.date | None = None) -> bool:
    """Submitting before the period has ended is allowed, but the portal first asks: once the
    report is approved the period locks, and what happens in its last days cannot be added."""
    return period.end >= (today or timezone.localdate())
