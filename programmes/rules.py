"""Who may do what with a programme: each rule once, used by pages, the API and services.

Funders are the members of the programme's owner organisation: admins and approvers manage the
programme, reporters and viewers read its non-public data. The coordinator may do everything.
A pilot's own people (its lead and partner organisations, pilot-level members) see the decisions
and reports about their pilot. Everyone sees public programmes' public pages.
"""

from partners.models import Role
from partners.rules import is_coordinator, role_in
from pilots import rules as pilot_rules

MANAGE_ROLES = {Role.ADMIN, Role.APPROVER}


def funder_role(user, programme) -> str | None:
    """The user's role in the programme's owner organisation, or None."""
    return role_in(user, programme.owner)


def is_funder(user, programme) -> bool:
    """Members of the owner organisation (any role) and the coordinator."""
    return is_coordinator(user) or funder_role(user, programme) is not None


def can_create_programme_for(user, organisation) -> bool:
    return is_coordinator(user) or (
        organisation.is_approved and role_in(user, organisation) in MANAGE_ROLES
    )


def can_manage_programme(user, programme) -> bool:
    """Edit the programme, its stages and members; decide at gates; compile and publish reports."""
    return is_coordinator(user) or funder_role(user, programme) in MANAGE_ROLES


def can_view_portfolio(user, programme) -> bool:
    """The programme's non-public data: the dashboard, drafts, the ledger, every decision."""
    return is_funder(user, programme)


def is_pilot_person(user, pilot) -> bool:
    """The pilot's own people (its organisations, pilot-level members, the coordinator)."""
    return pilot_rules.is_pilot_insider(user, pilot)


def can_view_programme(user, programme, member_pilots=()) -> bool:
    """Public programmes for all; private ones for funders and the people of its pilots.

    `member_pilots` are the programme's pilots (any membership status), loaded by the caller.
    """
    if programme.is_public or is_funder(user, programme):
        return True
    return any(is_pilot_person(user, pilot) for pilot in member_pilots)


def can_view_pilot_decisions(user, programme, pilot) -> bool:
    """Gate decisions, assessments and the membership of one pilot: funders and the pilot's
    people."""
    return can_view_portfolio(user, programme) or is_pilot_person(user, pilot)


def can_apply(user, pilot) -> bool:
    """Apply to a programme on a pilot's behalf: reporters, approvers and admins of the pilot."""
    return pilot_rules.can_edit_pilot(user, pilot)


def can_assess(user, pilot) -> bool:
    """Record the pilot's self-assessment on the working principles."""
    return pilot_rules.can_edit_pilot(user, pilot)


def can_view_report(user, report) -> bool:
    """Published reports for whoever can see the programme; drafts for funders."""
    if report.is_published:
        return True  # the caller has already checked can_view_programme
    return can_view_portfolio(user, report.programme)
