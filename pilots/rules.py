"""Who may do what with a pilot and its reports: each rule once, used by pages, API and admin.

Every rule is written in both forms: a queryset filter (`…_q(user) -> Q` over pilots) and the
per-object predicate registered with it (core.rules); tests/security/test_rule_agreement.py
checks that the two agree for every role and every pilot of the security world.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from core.rules import EVERYTHING, NOTHING, rule, through
from partners.models import Organisation, Role
from partners.rules import (
    ADMIN_ROLES,
    APPROVE_ROLES,
    EDIT_ROLES,
    group_names,
    is_coordinator,
    is_partner,
    member_of_q,
    memberships_by_org,
    role_in,
)
from pilots.models import Pilot, PilotStatus, ReportStatus, Visibility
from pilots.models.pilots import worked_on_by

__all__ = ["APPROVE_ROLES", "EDIT_ROLES"]  # role sets live in partners.rules; named here too


def pilot_role(user, pilot: Pilot) -> str | None:
    """The user's strongest role for this pilot: their role in the lead organisation, or a
    pilot-level role. Pilot-level roles are cached on the user per request."""
    if user is None or not user.is_authenticated:
        return None
    org_role = role_in(user, pilot.lead_organisation)
    roles = {r for r in (org_role, pilot_roles_of(user).get(pilot.pk)) if r}
    for role in (Role.ADMIN, Role.APPROVER, Role.REPORTER, Role.VIEWER):
        if role in roles:
            return role
    return None


def pilot_roles_of(user) -> dict[int, str]:
    """pilot id → the user's pilot-level role, read once per request and kept on the user."""
    if user is None or not user.is_authenticated:
        return {}
    cache = getattr(user, "_pilot_roles", None)
    if cache is None:
        cache = dict(user.pilot_memberships.values_list("pilot_id", "role"))
        user._pilot_roles = cache
    return cache


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


# -- published and public: what anyone may see -------------------------------------------------


def public_q() -> Q:
    """Published pilots whose visibility is public: what anyone, signed in or not, may see."""
    return ~Q(status=PilotStatus.DRAFT) & Q(visibility=Visibility.PUBLIC)


@rule("pilots.is_public", kind="state", model="pilots.Pilot", filter=public_q)
def is_public(pilot: Pilot) -> bool:
    return pilot.status != PilotStatus.DRAFT and pilot.visibility == Visibility.PUBLIC


# -- the pilot's own people ---------------------------------------------------------------------


def insiders_q(user) -> Q:
    """Pilots the user is one of the people of (see `is_pilot_insider`)."""
    if is_coordinator(user):
        return EVERYTHING
    return worked_on_by(user) if _signed_in(user) else NOTHING


@rule("pilots.insider", model="pilots.Pilot", filter=insiders_q)
def is_pilot_insider(user, pilot: Pilot) -> bool:
    """Members of the lead or a partner organisation, pilot-level members, the coordinator."""
    if is_coordinator(user) or pilot_role(user, pilot):
        return True
    if not _signed_in(user):
        return False
    org_ids = {p.organisation_id for p in pilot.partners.all()}
    return any(role_in(user, _Org(pk)) for pk in org_ids)


class _Org:
    """A stand-in with only a pk, so role_in can use its per-request cache."""

    def __init__(self, pk):
        self.pk = pk


def shared_visibilities(user) -> tuple[str, ...] | None:
    """The visibilities whose published pilots the user sees without working on them: public for
    everyone, partnership too for members of approved partners; None for the coordinator, who
    sees everything. Viewer-independent reads may cache per answer (e.g. benchmarking)."""
    if is_coordinator(user):
        return None
    if _signed_in(user) and is_partner(user):
        return (Visibility.PUBLIC, Visibility.PARTNERSHIP)
    return (Visibility.PUBLIC,)


def shared_q(visibilities: tuple[str, ...]) -> Q:
    """Published pilots with one of the visibilities."""
    return Q(visibility__in=visibilities) & ~Q(status=PilotStatus.DRAFT)


def own_only_q(user, visibilities: tuple[str, ...]) -> Q | None:
    """The pilots the user sees only because they work on them (None when not signed in):
    `visible_q` is `shared_q(shared_visibilities(user)) | own_only_q(user, …)`."""
    if not _signed_in(user):
        return None
    return worked_on_by(user) & ~shared_q(visibilities)


def visible_q(user) -> Q:
    """Public pilots for everyone; partnership pilots for members of approved partners; private
    pilots and drafts for the pilot's people and the coordinator (see `can_view_pilot`)."""
    shared = shared_visibilities(user)
    if shared is None:
        return EVERYTHING
    if not _signed_in(user):
        return public_q()
    return shared_q(shared) | worked_on_by(user)


@rule("pilots.view_pilot", model="pilots.Pilot", filter=visible_q)
def can_view_pilot(user, pilot: Pilot) -> bool:
    if is_public(pilot):
        return True
    if is_pilot_insider(user, pilot):
        return True
    if pilot.status == PilotStatus.DRAFT or pilot.visibility == Visibility.PRIVATE:
        return False
    # Partnership visibility: any member of an approved organisation.
    return is_partner(user)


def _with_role_q(user, roles) -> Q:
    """The coordinator, or a lead-organisation or pilot-level role among `roles`."""
    if is_coordinator(user):
        return EVERYTHING
    return worked_on_by(user, roles=roles, partners=False) if _signed_in(user) else NOTHING


def editable_q(user) -> Q:
    """Pilots the user may edit and report on (see `can_edit_pilot`)."""
    return _with_role_q(user, EDIT_ROLES)


@rule("pilots.edit_pilot", model="pilots.Pilot", filter=editable_q)
def can_edit_pilot(user, pilot: Pilot) -> bool:
    return is_coordinator(user) or pilot_role(user, pilot) in EDIT_ROLES


def can_report(user, pilot: Pilot) -> bool:
    """File and submit period reports (the same rule as editing: `editable_q`)."""
    return can_edit_pilot(user, pilot)


def approvable_q(user) -> Q:
    """Pilots whose reports the user may approve (see `can_approve`)."""
    return _with_role_q(user, APPROVE_ROLES)


@rule("pilots.approve", model="pilots.Pilot", filter=approvable_q)
def can_approve(user, pilot: Pilot) -> bool:
    """Approve or return reports: the lead organisation's approvers and admins, pilot-level
    approvers, and the coordinator."""
    return is_coordinator(user) or pilot_role(user, pilot) in APPROVE_ROLES


def approves_somewhere(user) -> bool:
    """Whether can_approve holds for some pilot: the coordinator, or an approver or admin of an
    organisation or of a pilot. Mina sidor shows the approval queue only to them (from the
    per-request role caches, as reports_awaiting reads them)."""
    if not _signed_in(user):
        return False
    if is_coordinator(user):
        return True
    roles = [role for role, _status in memberships_by_org(user).values()]
    return any(role in APPROVE_ROLES for role in [*roles, *pilot_roles_of(user).values()])


def drafts_visible_q(user) -> Q:
    """Pilots whose unapproved reports, values and business cases the user may see."""
    return _with_role_q(user, None)


@rule("pilots.view_drafts", model="pilots.Pilot", filter=drafts_visible_q)
def can_view_drafts(user, pilot: Pilot) -> bool:
    """See unapproved reports and values: the pilot's own people only."""
    return is_coordinator(user) or pilot_role(user, pilot) is not None


class _PilotRef:
    """A stand-in with a pilot's pk and its lead organisation (as a pk): what `pilot_role` reads."""

    def __init__(self, pk, lead_organisation_id):
        self.pk = pk
        self.lead_organisation = _Org(lead_organisation_id)


def drafts_visible_each(user, lead_organisations: dict[int, int]) -> dict[int, bool]:
    """pilot id → `can_view_drafts`, for pilots known by id → lead organisation id (a list that
    reads no pilot rows). No query once the per-request role caches are filled."""
    return {pk: can_view_drafts(user, _PilotRef(pk, org)) for pk, org in lead_organisations.items()}


def reports_visible_q(user) -> Q:
    """Period reports: approved ones of pilots the user may see; every report of the pilots whose
    drafts the user may see (see `can_view_report`)."""
    # Read through the report's pilot (a join), not `pilot__in=<every visible pilot>`: see
    # core.rules.through. The pilots the user works on stay small indexed id subqueries.
    approved = Q(status=ReportStatus.APPROVED) & through("pilot", visible_q(user))
    return approved | through("pilot", drafts_visible_q(user))


@rule("pilots.view_report", model="pilots.PeriodReport", filter=reports_visible_q)
def can_view_report(user, report) -> bool:
    pilot = report.pilot
    if can_view_drafts(user, pilot):
        return True
    return report.status == ReportStatus.APPROVED and can_view_pilot(user, pilot)


def pilot_members_manageable_q(user) -> Q:
    """Pilots whose pilot-level roles the user may grant (see `can_manage_pilot_members`)."""
    return _with_role_q(user, ADMIN_ROLES)


@rule("pilots.manage_members", model="pilots.Pilot", filter=pilot_members_manageable_q)
def can_manage_pilot_members(user, pilot: Pilot) -> bool:
    """Grant or revoke pilot-level roles: admins of the lead organisation (or of the pilot)
    and the coordinator."""
    return is_coordinator(user) or pilot_role(user, pilot) in ADMIN_ROLES


def pilot_creatable_for_q(user) -> Q:
    """Organisations the user may register a pilot for (see `can_create_pilot_for`)."""
    if is_coordinator(user):
        return EVERYTHING
    return Q(status=Organisation.Status.APPROVED) & member_of_q(user, EDIT_ROLES)


@rule("pilots.create_pilot_for", model="partners.Organisation", filter=pilot_creatable_for_q)
def can_create_pilot_for(user, organisation) -> bool:
    return is_coordinator(user) or (
        organisation.is_approved and role_in(user, organisation) in EDIT_ROLES
    )


# -- validation rules of reports (pilots/validation) ---------------------------------------------


def validation_rules_visible_q(user) -> Q:
    """Library rules for everyone; a pilot's own rules for the pilot's own people (those who may
    see its drafts, see `can_view_validation_rule`)."""
    drafts = Pilot.objects.filter(drafts_visible_q(user)).values("pk")
    return Q(pilot__isnull=True) | Q(pilot__in=drafts)


@rule(
    "pilots.view_validation_rule",
    model="pilots.ValidationRule",
    filter=validation_rules_visible_q,
)
def can_view_validation_rule(user, validation_rule) -> bool:
    return validation_rule.pilot_id is None or can_view_drafts(user, validation_rule.pilot)


def validation_rules_editable_q(user) -> Q:
    """Every rule for the coordinator (the library is theirs); a pilot's own rules for those who
    may edit the pilot (see `can_edit_validation_rule`)."""
    if is_coordinator(user):
        return EVERYTHING
    if not _signed_in(user):
        return NOTHING
    return Q(pilot__in=Pilot.objects.filter(editable_q(user)).values("pk"))


@rule(
    "pilots.edit_validation_rule",
    model="pilots.ValidationRule",
    filter=validation_rules_editable_q,
)
def can_edit_validation_rule(user, validation_rule) -> bool:
    if validation_rule.pilot_id is None:
        return is_coordinator(user)
    return can_edit_pilot(user, validation_rule.pilot)


def submit_needs_confirmation(period, today: dt.date | None = None) -> bool:
    """Submitting before the period has ended is allowed, but the portal first asks: once the
    report is approved the period locks, and what happens in its last days cannot be added."""
    return period.end >= (today or timezone.localdate())


SAME_AS = {"can_report": "pilots.edit_pilot"}


def viewer_key(user) -> str:
    """Everything these rules read about the user, as one string: who they are, their
    organisations' roles and statuses, their pilot-level roles and groups. A page cached per
    viewer keys on it, so a role granted or withdrawn shows at once (it reads the per-request
    role caches, no query once they are filled)."""
    if not _signed_in(user):
        return "anonymous"
    memberships = sorted(memberships_by_org(user).items())
    pilot_roles = sorted(pilot_roles_of(user).items())
    flags = f"{int(user.is_active)}{int(user.is_superuser)}{int(user.is_staff)}"
    return f"u{user.pk}:{flags}:{memberships}:{pilot_roles}:{sorted(group_names(user))}"
