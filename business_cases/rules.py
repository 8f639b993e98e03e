"""Who may see and change a pilot's business case: each rule once, used by pages, API, admin and
services. A case follows its pilot (pilots.rules); a draft case is seen only by the pilot's own
people; the unit-cost library and the discount schedules are the coordinator's.

Each rule is written in both forms, a queryset filter and the per-object predicate registered with
it (core.rules); tests/security/test_rule_agreement.py checks that the two agree. The functions
that take a pilot rather than a case are the pilot's rules under this app's name (`SAME_AS`).
"""

from django.db.models import Q, QuerySet

from core.rules import rule
from partners.rules import is_coordinator
from pilots import rules as pilot_rules
from pilots.models import Pilot

# Functions of this module that are another app's registered rule under this app's name.
SAME_AS = {
    "can_view_pilot": "pilots.view_pilot",
    "can_edit_case": "pilots.edit_pilot",
    "can_manage_library": "partners.is_coordinator",
}


def can_view_pilot(user, pilot: Pilot) -> bool:
    """The case page exists only where the pilot may be seen."""
    return pilot_rules.can_view_pilot(user, pilot)


def can_edit_case(user, pilot: Pilot) -> bool:
    """Create a case and change its settings and lines: whoever may edit the pilot."""
    return pilot_rules.can_edit_pilot(user, pilot)


def cases_visible_q(user) -> Q:
    """Cases of pilots the user may see; drafts only for the pilot's own people and the
    coordinator (see `can_view_case`)."""
    visible = Pilot.objects.filter(pilot_rules.visible_q(user)).values("pk")
    drafts = Pilot.objects.filter(pilot_rules.drafts_visible_q(user)).values("pk")
    return Q(pilot__in=visible) & (Q(is_draft=False) | Q(pilot__in=drafts))


@rule("business_cases.view_case", model="business_cases.BusinessCase", filter=cases_visible_q)
def can_view_case(user, case) -> bool:
    """A published case: whoever may see the pilot; a draft: the pilot's own people."""
    pilot = case.pilot
    if not pilot_rules.can_view_pilot(user, pilot):
        return False
    return not case.is_draft or pilot_rules.can_view_drafts(user, pilot)


def cases_editable_q(user) -> Q:
    """Cases whose pilot the user may edit (see `can_edit_business_case`)."""
    return Q(pilot__in=Pilot.objects.filter(pilot_rules.editable_q(user)).values("pk"))


@rule("business_cases.edit_case", model="business_cases.BusinessCase", filter=cases_editable_q)
def can_edit_business_case(user, case) -> bool:
    """Change a case's settings and lines: whoever may edit its pilot (`can_edit_case`)."""
    return can_edit_case(user, case.pilot)


def can_manage_library(user) -> bool:
    """Change the unit-cost library and add discount-rate schedules (the coordinator)."""
    return is_coordinator(user)


def visible_cases(user, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to the cases the user may see (`cases_visible_q`)."""
    if is_coordinator(user):
        return queryset
    return queryset.filter(cases_visible_q(user))
