"""Who may do what in the learning base: each rule once, used by pages, API and tasks."""

from django.contrib.auth.models import Group

from partners.rules import group_names, is_coordinator
from pilots import rules as pilot_rules
from pilots.models import PilotStatus, Visibility

from .models import APPRAISAL_GROUP


def ensure_appraisal_group() -> Group:
    """The appraisal group (a Django group); created after every migrate, idempotent."""
    return Group.objects.get_or_create(name=APPRAISAL_GROUP)[0]


def is_appraiser(user) -> bool:
    """Members of the appraisal group ("Bedömningsgrupp"). Cached on the user per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return APPRAISAL_GROUP in group_names(user)


def can_appraise(user) -> bool:
    """Draft, review, publish appraisals and see drafts: the appraisal group and coordinator."""
    return is_coordinator(user) or is_appraiser(user)


def can_nominate(user) -> bool:
    """Nominate a practice for appraisal, create practices: the coordinator."""
    return is_coordinator(user)


def can_review(user, appraisal) -> bool:
    """Publish an appraisal in review: anyone who may appraise but did not write it (four eyes),
    or the coordinator."""
    if is_coordinator(user):
        return True
    return can_appraise(user) and not any(a.pk == user.pk for a in appraisal.authors.all())


def practices_to_appraise(user, practices):
    """Queryset filter: the practices whose appraisal work the user may see in their queue
    (nothing for anyone outside the appraisal group and the coordinator)."""
    return practices.visible_to(user) if can_appraise(user) else practices.none()


def is_adoptable(pilot) -> bool:
    """Only public, published pilots can be adopted."""
    return pilot.status != PilotStatus.DRAFT and pilot.visibility == Visibility.PUBLIC


def can_adopt_for(user, organisation) -> bool:
    """Start a pilot for the organisation: its reporters, approvers and admins (the same rule as
    registering a pilot, pilots.rules.can_create_pilot_for)."""
    return pilot_rules.can_create_pilot_for(user, organisation)


def can_edit_closing_report(user, pilot) -> bool:
    return pilot_rules.can_edit_pilot(user, pilot)
