"""Who may do what with a programme: each rule once, used by pages, the API and services.

Funders are the members of the programme's owner organisation: admins and approvers manage the
programme, reporters and viewers read its non-public data. The coordinator may do everything.
A pilot's own people (its lead and partner organisations, pilot-level members) see the decisions
and reports about their pilot. Everyone sees public programmes' public pages.

Every rule is written in both forms: a queryset filter (`…_q(user) -> Q`) and the per-object
predicate registered with it (core.rules); tests/security/test_rule_agreement.py checks they agree.
"""

from django.db.models import Q

from core.rules import EVERYTHING, NOTHING, rule
from partners.models import Organisation
from partners.rules import MANAGE_ROLES, is_coordinator, member_of_q, organisation_ids, role_in
from pilots import rules as pilot_rules
from pilots.models import Pilot
from programmes.models.choices import ProgrammeVisibility, ReportState

__all__ = ["MANAGE_ROLES"]  # the role set lives in partners.rules; named here too


def funder_role(user, programme) -> str | None:
    """The user's role in the programme's owner organisation, or None."""
    return role_in(user, programme.owner)


def _owned_q(user, roles=None) -> Q:
    """Programmes whose owner organisation the user is a member of (with one of `roles`)."""
    if is_coordinator(user):
        return EVERYTHING
    if user is None or not user.is_authenticated:
        return NOTHING
    return Q(owner__in=Organisation.objects.filter(member_of_q(user, roles)).values("pk"))


def funded_q(user) -> Q:
    """Programmes whose non-public data the user may see: the funder's members, the coordinator
    (see `can_view_portfolio`)."""
    return _owned_q(user)


@rule("programmes.view_portfolio", model="programmes.Programme", filter=funded_q)
def is_funder(user, programme) -> bool:
    """Members of the owner organisation (any role) and the coordinator."""
    return is_coordinator(user) or funder_role(user, programme) is not None


def can_view_portfolio(user, programme) -> bool:
    """The programme's non-public data: the dashboard, drafts, the ledger, every decision."""
    return is_funder(user, programme)


def programme_creatable_for_q(user) -> Q:
    """Organisations the user may start a programme for (see `can_create_programme_for`)."""
    if is_coordinator(user):
        return EVERYTHING
    return Q(status=Organisation.Status.APPROVED) & member_of_q(user, MANAGE_ROLES)


@rule(
    "programmes.create_programme_for",
    model="partners.Organisation",
    filter=programme_creatable_for_q,
)
def can_create_programme_for(user, organisation) -> bool:
    return is_coordinator(user) or (
        organisation.is_approved and role_in(user, organisation) in MANAGE_ROLES
    )


def manageable_q(user) -> Q:
    """Programmes the user may manage (see `can_manage_programme`)."""
    return _owned_q(user, MANAGE_ROLES)


def may_manage_some_programme(user) -> bool:
    """Whether `manageable_q(user)` can match anything: the coordinator, or an admin or approver
    of some organisation (an owner's). Answered from the per-request roles, no query."""
    if user is None or not user.is_authenticated:
        return False
    return is_coordinator(user) or any(
        role_in(user, Organisation(pk=pk)) in MANAGE_ROLES for pk in organisation_ids(user)
    )


@rule("programmes.manage_programme", model="programmes.Programme", filter=manageable_q)
def can_manage_programme(user, programme) -> bool:
    """Edit the programme, its stages and members; decide at gates; compile and publish reports."""
    return is_coordinator(user) or funder_role(user, programme) in MANAGE_ROLES


def is_pilot_person(user, pilot) -> bool:
    """The pilot's own people (its organisations, pilot-level members, the coordinator)."""
    return pilot_rules.is_pilot_insider(user, pilot)


def own_pilots_q(user) -> Q:
    """Pilots the user is one of the people of (`pilots.rules.insiders_q`)."""
    return pilot_rules.insiders_q(user)


def public_q() -> Q:
    """Public programmes: their public pages are for everyone."""
    return Q(visibility=ProgrammeVisibility.PUBLIC)


@rule("programmes.is_public", kind="state", model="programmes.Programme", filter=public_q)
def is_public(programme) -> bool:
    return programme.visibility == ProgrammeVisibility.PUBLIC


def visible_q(user) -> Q:
    """Public programmes for all; private ones for funders and the people of any of its pilots
    (any membership status), partner organisations' members included (see
    `can_view_programme`)."""
    public = public_q()
    if is_coordinator(user):
        return EVERYTHING
    if user is None or not user.is_authenticated:
        return public
    own_pilots = Pilot.objects.filter(own_pilots_q(user)).values("pk")
    return public | funded_q(user) | Q(pk__in=_programmes_of_pilots(own_pilots))


def _programmes_of_pilots(pilot_ids):
    from programmes.models import ProgrammePilot

    return ProgrammePilot.objects.filter(pilot__in=pilot_ids).values("programme_id")


@rule("programmes.view_programme", model="programmes.Programme", filter=visible_q)
def can_view_programme(user, programme, member_pilots=None) -> bool:
    """Public programmes for all; private ones for funders and the people of its pilots.

    `member_pilots` are the programme's pilots (any membership status) if the caller has loaded
    them (with their partners); otherwise they are read here when needed.
    """
    if is_public(programme) or is_funder(user, programme):
        return True
    if user is None or not user.is_authenticated:
        return False
    if member_pilots is None:
        member_pilots = (
            Pilot.objects.filter(programme_links__programme=programme)
            .select_related("lead_organisation")
            .prefetch_related("partners")
        )
    return any(is_pilot_person(user, pilot) for pilot in member_pilots)


def can_view_pilot_decisions(user, programme, pilot) -> bool:
    """Gate decisions, assessments and the membership of one pilot: funders and the pilot's
    people."""
    return can_view_portfolio(user, programme) or is_pilot_person(user, pilot)


def appliable_q(user) -> Q:
    """Pilots the user may apply to a programme for (`pilots.rules.editable_q`)."""
    return pilot_rules.editable_q(user)


def can_apply(user, pilot) -> bool:
    """Apply to a programme on a pilot's behalf: reporters, approvers and admins of the pilot
    (`pilots.rules.editable_q`)."""
    return pilot_rules.can_edit_pilot(user, pilot)


def can_assess(user, pilot) -> bool:
    """Record the pilot's self-assessment on the working principles."""
    return pilot_rules.can_edit_pilot(user, pilot)


def reports_visible_q(user) -> Q:
    """Progress reports: published ones of programmes the user may see, drafts for funders (see
    `can_view_report`)."""
    from programmes.models import Programme

    visible = Programme.objects.filter(visible_q(user)).values("pk")
    funded = Programme.objects.filter(funded_q(user)).values("pk")
    return Q(programme__in=funded) | Q(programme__in=visible, status=ReportState.PUBLISHED)


@rule("programmes.view_report", model="programmes.ProgressReport", filter=reports_visible_q)
def can_view_report(user, report) -> bool:
    """Published reports for whoever can see the programme; drafts for funders."""
    if report.is_published:
        return can_view_programme(user, report.programme)
    return can_view_portfolio(user, report.programme)


def decisions_visible_q(user) -> Q:
    """Gate decisions: all of the user's funded programmes, and those about the user's own pilots
    (see `can_view_decision`)."""
    from programmes.models import Programme

    return Q(membership__programme__in=Programme.objects.filter(funded_q(user)).values("pk")) | Q(
        membership__pilot__in=Pilot.objects.filter(own_pilots_q(user)).values("pk")
    )


@rule("programmes.view_decision", model="programmes.GateDecision", filter=decisions_visible_q)
def can_view_decision(user, decision) -> bool:
    membership = decision.membership
    return can_view_pilot_decisions(user, membership.programme, membership.pilot)


def memberships_visible_q(user) -> Q:
    """Pilots in programmes: every status for funders' programmes and the user's own pilots;
    elsewhere accepted pilots the user may see in programmes the user may see (see
    `can_view_membership`)."""
    from programmes.models import MembershipStatus, Programme

    return (
        Q(programme__in=Programme.objects.filter(funded_q(user)).values("pk"))
        | Q(pilot__in=Pilot.objects.filter(own_pilots_q(user)).values("pk"))
        | Q(
            programme__in=Programme.objects.filter(visible_q(user)).values("pk"),
            pilot__in=Pilot.objects.filter(pilot_rules.visible_q(user)).values("pk"),
            status=MembershipStatus.ACCEPTED,
        )
    )


@rule("programmes.view_membership", model="programmes.ProgrammePilot", filter=memberships_visible_q)
def can_view_membership(user, membership) -> bool:
    from programmes.models import MembershipStatus

    programme, pilot = membership.programme, membership.pilot
    if can_view_pilot_decisions(user, programme, pilot):
        return True
    return (
        membership.status == MembershipStatus.ACCEPTED
        and can_view_programme(user, programme)
        and pilot_rules.can_view_pilot(user, pilot)
    )


def acceptance_programmes_q() -> Q:
    """Programmes that accept their pilots' period reports (a funder's setting)."""
    return Q(requires_acceptance=True)


def reports_acceptable_q(user) -> Q:
    """Period reports the user may accept and un-accept: those of pilots accepted into a
    programme that requires acceptance and that the user manages (see `can_accept_report`)."""
    from programmes.models import MembershipStatus, Programme, ProgrammePilot

    programmes = Programme.objects.filter(manageable_q(user) & acceptance_programmes_q())
    return Q(
        pilot__in=ProgrammePilot.objects.filter(
            programme__in=programmes.values("pk"), status=MembershipStatus.ACCEPTED
        ).values("pilot_id")
    )


@rule("programmes.accept_report", model="pilots.PeriodReport", filter=reports_acceptable_q)
def can_accept_report(user, report) -> bool:
    """Accept (freeze) an approved period report, or take the acceptance back: the managers of a
    programme that requires acceptance and has accepted the report's pilot, and the coordinator.
    Whether the report is approved (or accepted) is the service's business, not who may."""
    from programmes.models import MembershipStatus, Programme

    programmes = Programme.objects.filter(
        acceptance_programmes_q(),
        pilot_links__pilot_id=report.pilot_id,
        pilot_links__status=MembershipStatus.ACCEPTED,
    ).select_related("owner")
    return any(can_manage_programme(user, programme) for programme in programmes)


# Predicates that are a registered rule under another name, or a part of one (the agreement test
# checks the first kind answers as the rule does, and that the rule is built from the second).
SAME_AS = {
    "can_view_portfolio": "programmes.view_portfolio",
    "is_pilot_person": "pilots.insider",
    "can_apply": "pilots.edit_pilot",
    "can_assess": "pilots.edit_pilot",
    "can_view_pilot_decisions": "programmes.view_decision",
}
