"""Who may see and change a pilot's business case: each rule once, used by pages, API, admin and
services. A case follows its pilot (pilots.rules); a draft case is seen only by the pilot's own
people; the unit-cost library and the discount schedules are the coordinator's."""

from django.db.models import Q, QuerySet

from partners.rules import is_coordinator
from pilots import rules as pilot_rules
from pilots.models import Pilot
from pilots.models.pilots import worked_on_by


def can_view_pilot(user, pilot: Pilot) -> bool:
    """The case page exists only where the pilot may be seen."""
    return pilot_rules.can_view_pilot(user, pilot)


def can_edit_case(user, pilot: Pilot) -> bool:
    """Create a case and change its settings and lines: whoever may edit the pilot."""
    return pilot_rules.can_edit_pilot(user, pilot)


def can_view_case(user, case) -> bool:
    """A published case: whoever may see the pilot; a draft: the pilot's own people."""
    pilot = case.pilot
    if not pilot_rules.can_view_pilot(user, pilot):
        return False
    return not case.is_draft or pilot_rules.can_view_drafts(user, pilot)


def can_manage_library(user) -> bool:
    """Change the unit-cost library and add discount-rate schedules."""
    return is_coordinator(user)


def visible_cases(user, queryset: QuerySet) -> QuerySet:
    """The queryset form of can_view_case: cases of pilots the user may see; drafts only for the
    pilot's own people (and the coordinator)."""
    qs = queryset.filter(pilot__in=Pilot.objects.visible_to(user).values("pk"))
    if is_coordinator(user):
        return qs
    condition = Q(is_draft=False)
    if user is not None and user.is_authenticated:
        condition |= Q(
            pilot__in=Pilot.objects.filter(worked_on_by(user, partners=False)).values("pk")
        )
    return qs.filter(condition)
