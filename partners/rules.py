"""Who may do what with organisations and members: each rule written once, used everywhere."""

from django.conf import settings
from django.db.models import Q

from core.rules import EVERYTHING, NOTHING, rule
from partners.models import Membership, Organisation, Role

# Role sets: which organisation (and pilot-level) roles may do what. Written here once; the
# pilots, programmes and learning rules use these names.
EDIT_ROLES = frozenset({Role.ADMIN, Role.APPROVER, Role.REPORTER})  # start/edit pilots, report
APPROVE_ROLES = frozenset({Role.ADMIN, Role.APPROVER})  # approve reports
MANAGE_ROLES = APPROVE_ROLES  # manage a programme, start one for the organisation
ADMIN_ROLES = frozenset({Role.ADMIN})  # members, roles, the organisation's audit trail
# Who is told: reports due (those who write them), overdue and returned reports (all who act).
REPORTER_ROLES = frozenset({Role.REPORTER, Role.ADMIN})
NOTICE_ROLES = EDIT_ROLES

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


def coordinators_q() -> Q:
    """Queryset filter over users: the national coordinators (see `is_coordinator`)."""
    return Q(is_active=True) & (Q(is_superuser=True) | Q(groups__name=settings.COORDINATOR_GROUP))


@rule("partners.is_coordinator", kind="user", filter=coordinators_q)
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


def memberships_by_org(user) -> dict[int, tuple[str, str]]:
    """organisation id → (the user's role, the organisation's status), read once per request."""
    if user is None or not user.is_authenticated:
        return {}
    return _memberships(user)


def remember_memberships(user, memberships) -> None:
    """Fill the per-request role cache from the user's memberships (with their organisations)
    that a page has read anyway, so the rules need no query of their own."""
    if user is None or not user.is_authenticated or hasattr(user, "_memberships"):
        return
    user._memberships = {
        m.organisation_id: (m.role, m.organisation.status)
        for m in memberships
        if m.user_id == user.pk
    }


def partners_q() -> Q:
    """Queryset filter over users: members of an approved organisation (see `is_partner`)."""
    return Q(memberships__organisation__status=Organisation.Status.APPROVED)


@rule("partners.is_partner", kind="user", filter=partners_q)
def is_partner(user) -> bool:
    """A member of at least one approved partner organisation."""
    if user is None or not user.is_authenticated:
        return False
    approved = Organisation.Status.APPROVED
    return any(status == approved for _role, status in _memberships(user).values())


def admins_q() -> Q:
    """Users who administer at least one organisation, approved or not."""
    return Q(memberships__role__in=ADMIN_ROLES)


@rule("partners.is_admin_anywhere", kind="user", filter=admins_q)
def is_admin_anywhere(user) -> bool:
    """An administrator of at least one organisation, approved or not."""
    if user is None or not user.is_authenticated:
        return False
    return any(role in ADMIN_ROLES for role, _status in _memberships(user).values())


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


def member_of_q(user, roles=None) -> Q:
    """Queryset filter over organisations: those the user is a member of (with one of `roles`)."""
    if user is None or not user.is_authenticated:
        return NOTHING
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Q(pk__in=memberships.values("organisation_id"))


def _coordinator_or(user, condition: Q) -> Q:
    return EVERYTHING if is_coordinator(user) else condition


def members_manageable_q(user) -> Q:
    """Organisations whose members the user may manage (see `can_manage_members`)."""
    return _coordinator_or(user, member_of_q(user, ADMIN_ROLES))


@rule("partners.manage_members", model="partners.Organisation", filter=members_manageable_q)
def can_manage_members(user, organisation: Organisation) -> bool:
    return is_coordinator(user) or role_in(user, organisation) in ADMIN_ROLES


def members_visible_q(user) -> Q:
    """Organisations whose member list the user may read (see `can_view_members`)."""
    return _coordinator_or(user, member_of_q(user))


@rule("partners.view_members", model="partners.Organisation", filter=members_visible_q)
def can_view_members(user, organisation: Organisation) -> bool:
    return is_coordinator(user) or role_in(user, organisation) is not None


def organisations_visible_q(user) -> Q:
    """Approved organisations for everyone; pending and rejected ones for their members and the
    coordinator (see `can_view_organisation`)."""
    return Q(status=Organisation.Status.APPROVED) | members_visible_q(user)


@rule("partners.view_organisation", model="partners.Organisation", filter=organisations_visible_q)
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


def resubmittable_q(user) -> Q:
    """Rejected organisations the user administers (see `can_resubmit_organisation`)."""
    return Q(status=Organisation.Status.REJECTED) & administered_q(user)


def administered_q(user) -> Q:
    """Organisations the user administers (see `is_organisation_admin`)."""
    return member_of_q(user, ADMIN_ROLES)


@rule("partners.is_organisation_admin", model="partners.Organisation", filter=administered_q)
def is_organisation_admin(user, organisation: Organisation) -> bool:
    """An administrator of this organisation (not the coordinator as such)."""
    return role_in(user, organisation) in ADMIN_ROLES


@rule("partners.resubmit_organisation", model="partners.Organisation", filter=resubmittable_q)
def can_resubmit_organisation(user, organisation: Organisation) -> bool:
    """Correct and resubmit a rejected registration: its admins (the applicant is the first)."""
    return organisation.status == Organisation.Status.REJECTED and is_organisation_admin(
        user, organisation
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
    return sorted(org for org, (role, _status) in _memberships(user).items() if role in ADMIN_ROLES)


def can_view_organisation_audit(user, organisation: Organisation) -> bool:
    """An organisation's audit trail: its administrators and the coordinator."""
    return can_manage_members(user, organisation)


def audit_events_visible_q(user) -> Q:
    """Queryset filter over audit events: those the user may read in organisations' own trails
    (the coordinator: events of every organisation in those areas)."""
    in_areas = NOTHING
    for area in ORGANISATION_AUDIT_AREAS:
        in_areas |= Q(action__startswith=f"{area}.")
    condition = in_areas & Q(organisation__isnull=False)
    if is_coordinator(user):
        return condition
    return condition & Q(organisation_id__in=_admin_organisation_ids(user))


def organisation_audit_visible(user, events):
    """The audit events of `events` the user may read (`audit_events_visible_q`)."""
    return events.filter(audit_events_visible_q(user))


@rule("partners.view_audit_event", model="partners.AuditEvent", filter=audit_events_visible_q)
def can_view_audit_event(user, event) -> bool:
    """Predicate for one event: the same rule as `organisation_audit_visible`."""
    if event.organisation_id is None or "." not in event.action:
        return False
    if event.action.split(".", 1)[0] not in ORGANISATION_AUDIT_AREAS:
        return False
    return is_coordinator(user) or event.organisation_id in _admin_organisation_ids(user)


# Predicates that are a registered rule under another name (the agreement test checks each
# answers as the rule does for every role and object of the security world).
SAME_AS = {
    "can_edit_organisation": "partners.manage_members",
    "can_view_organisation_audit": "partners.manage_members",
    "can_decide_organisation": "partners.is_coordinator",
    "can_view_audit_log": "partners.is_coordinator",
}
