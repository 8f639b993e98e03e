"""Who may follow the reporting of which pilots (the completeness and timeliness matrix).

- `monitored_q(user)` / `can_monitor_pilot(user, pilot)`: the rows of the matrix. The approvers
  and admins of a pilot's lead organisation and its pilot-level approvers
  (`pilots.rules.approvable_q`), the managers of a programme the pilot is accepted in
  (`programmes.rules.manageable_q`: the funder's admins and approvers), and the coordinator;
  drafts are never reported on, so they are no rows.
- `monitors_q()` / `is_monitor(user)`: who may open the matrix and press "Påminn rapportörerna"
  (an approver or admin somewhere, a pilot-level approver, or the coordinator). What they then
  see and remind is limited to `monitored_q`.

Both are written as a queryset filter and a predicate, registered with core.rules, so
tests/security/test_rule_agreement.py checks they agree for every role of the security world.
"""

from django.db.models import Q

from core.rules import NOTHING, rule
from partners.rules import (
    APPROVE_ROLES,
    coordinators_q,
    is_coordinator,
    organisation_ids,
    role_in,
)
from pilots import rules as pilot_rules
from pilots.models import Pilot, PilotStatus
from pilots.models.pilots import worked_on_ids
from programmes import rules as programme_rules
from programmes.models import MembershipStatus, Programme, ProgrammePilot


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def monitored_q(user) -> Q:
    """Pilots whose reporting the user may follow in the matrix (see `can_monitor_pilot`)."""
    published = ~Q(status=PilotStatus.DRAFT)
    if is_coordinator(user):
        return published
    if not _signed_in(user):
        return NOTHING
    return published & Q(pk__in=followed_ids(user))


def followed_ids(user):
    """For a signed-in user who is not the coordinator: the ids of the pilots the user approves
    (pilots.rules.approvable_q) and of those accepted in a programme the user manages, drafts
    included, as one UNION subquery. An OR of the two IN clauses made PostgreSQL scan every pilot
    (≈ 40 ms a query at national scale, five queries a page); the UNION is a few index lookups."""
    managed = Programme.objects.filter(programme_rules.manageable_q(user)).values("pk")
    funded = (
        ProgrammePilot.objects.filter(programme__in=managed, status=MembershipStatus.ACCEPTED)
        .order_by()
        .values("pilot_id")
    )
    approvable = worked_on_ids(user, roles=APPROVE_ROLES, partners=False)
    return approvable.union(funded)


@rule("monitoring.monitor_pilot", model="pilots.Pilot", filter=monitored_q)
def can_monitor_pilot(user, pilot: Pilot) -> bool:
    """The pilot's approvers, the managers of a programme it is accepted in, the coordinator."""
    if pilot.status == PilotStatus.DRAFT:
        return False
    if is_coordinator(user):
        return True
    if not _signed_in(user):
        return False
    if pilot_rules.can_approve(user, pilot):
        return True
    links = ProgrammePilot.objects.filter(
        pilot=pilot, status=MembershipStatus.ACCEPTED
    ).select_related("programme__owner")
    return any(programme_rules.can_manage_programme(user, link.programme) for link in links)


def monitors_q() -> Q:
    """Queryset filter over users: who may open the matrix (see `is_monitor`)."""
    return Q(is_active=True) & (
        coordinators_q()
        | Q(memberships__role__in=APPROVE_ROLES)
        | Q(pilot_memberships__role__in=APPROVE_ROLES)
    )


class _Org:
    """A stand-in with only a pk, so `role_in` answers from its per-request cache."""

    def __init__(self, pk):
        self.pk = pk


def _pilot_roles(user) -> dict:
    """pilot id → the user's pilot-level role, cached on the user as `pilots.rules` caches it."""
    cache = getattr(user, "_pilot_roles", None)
    if cache is None:
        cache = dict(user.pilot_memberships.values_list("pilot_id", "role"))
        user._pilot_roles = cache
    return cache


@rule("monitoring.open_matrix", kind="user", filter=monitors_q)
def is_monitor(user) -> bool:
    """An approver or admin of an organisation, a pilot-level approver, or the coordinator."""
    if not _signed_in(user) or not user.is_active:
        return False
    if is_coordinator(user):
        return True
    if any(role_in(user, _Org(pk)) in APPROVE_ROLES for pk in organisation_ids(user)):
        return True
    return any(role in APPROVE_ROLES for role in _pilot_roles(user).values())


def follows_whole_filter(user, programme) -> bool:
    """Whether the pilots the user follows within a filter are all the filter's pilots, whoever
    follows them: true for the coordinator (every published pilot), and for a manager of the
    filter's programme (its accepted pilots are all funded ones, `monitored_q`). The matrix's
    rates are then the same for every such user and may be cached. No query (per-request roles;
    `programme` needs only its `owner_id`)."""
    if is_coordinator(user):
        return True
    if programme is None or not _signed_in(user):
        return False
    return role_in(user, _Org(programme.owner_id)) in programme_rules.MANAGE_ROLES
