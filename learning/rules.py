"""Who may do what in the learning base: each rule once, used by pages, API and tasks.

Every rule is written in both forms: a queryset filter (`…_q`) and the per-object predicate
registered with it (core.rules); tests/security/test_rule_agreement.py checks they agree.
"""

from django.contrib.auth.models import Group
from django.db.models import Q

from core.rules import EVERYTHING, NOTHING, rule
from partners.rules import coordinators_q, group_names, is_coordinator
from pilots import rules as pilot_rules
from pilots.models import Pilot, ReportStatus

from .models import APPRAISAL_GROUP, AppraisalStatus


def ensure_appraisal_group() -> Group:
    """The appraisal group (a Django group); created after every migrate, idempotent."""
    return Group.objects.get_or_create(name=APPRAISAL_GROUP)[0]


def appraisal_group_q() -> Q:
    """Users in the appraisal group (active ones)."""
    return Q(is_active=True, groups__name=APPRAISAL_GROUP)


@rule("learning.is_appraiser", kind="user", filter=appraisal_group_q)
def is_appraiser(user) -> bool:
    """Members of the appraisal group ("Bedömningsgrupp"). Cached on the user per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return APPRAISAL_GROUP in group_names(user)


def appraisers_q() -> Q:
    """Users who may appraise: the appraisal group's active members and the coordinators."""
    return coordinators_q() | appraisal_group_q()


@rule("learning.appraise", kind="user", filter=appraisers_q)
def can_appraise(user) -> bool:
    """Draft, review, publish appraisals and see drafts: the appraisal group and coordinator."""
    return is_coordinator(user) or is_appraiser(user)


def appraisals_visible_q(user) -> Q:
    """Published appraisals for everyone; drafts and those in review for appraisers."""
    return EVERYTHING if can_appraise(user) else Q(status=AppraisalStatus.PUBLISHED)


@rule("learning.view_appraisal", model="learning.Appraisal", filter=appraisals_visible_q)
def can_view_appraisal(user, appraisal) -> bool:
    return appraisal.status == AppraisalStatus.PUBLISHED or can_appraise(user)


def practices_visible_q(user) -> Q:
    """Practices whose original pilot the user may see (the coordinator sees all)."""
    if is_coordinator(user):
        return EVERYTHING
    return Q(original_pilot__in=Pilot.objects.filter(pilot_rules.visible_q(user)).values("pk"))


@rule("learning.view_practice", model="learning.Practice", filter=practices_visible_q)
def can_view_practice(user, practice) -> bool:
    if is_coordinator(user):
        return True
    pilot = practice.original_pilot
    return pilot is not None and pilot_rules.can_view_pilot(user, pilot)


def lessons_visible_q(user) -> Q:
    """Lessons in the learning base: those of closing reports and approved period reports, of
    pilots the user may see (see `can_view_lesson`)."""
    visible = Pilot.objects.filter(pilot_rules.visible_q(user)).values("pk")
    return (Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED)) & Q(pilot__in=visible)


@rule("learning.view_lesson", model="pilots.Lesson", filter=lessons_visible_q)
def can_view_lesson(user, lesson) -> bool:
    if lesson.report_id is not None and lesson.report.status != ReportStatus.APPROVED:
        return False
    return pilot_rules.can_view_pilot(user, lesson.pilot)


def adoptable_for_q(user) -> Q:
    """Organisations the user may start an adaptation for (pilots.rules.pilot_creatable_for_q)."""
    return pilot_rules.pilot_creatable_for_q(user)


def can_nominate(user) -> bool:
    """Nominate a practice for appraisal, create practices: the coordinator."""
    return is_coordinator(user)


def reviewable_q(user) -> Q:
    """Appraisals the user may publish from review: not their own (four eyes) unless they are
    the coordinator (see `can_review`)."""
    from .models import Appraisal

    if is_coordinator(user):
        return EVERYTHING
    if not can_appraise(user):
        return NOTHING
    return ~Q(pk__in=Appraisal.objects.filter(authors=user).values("pk"))


@rule("learning.review", model="learning.Appraisal", filter=reviewable_q)
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
    """Only public, published pilots can be adopted (pilots.rules.is_public)."""
    return pilot_rules.is_public(pilot)


def can_adopt_for(user, organisation) -> bool:
    """Start a pilot for the organisation: its reporters, approvers and admins (the same rule as
    registering a pilot, pilots.rules.can_create_pilot_for)."""
    return pilot_rules.can_create_pilot_for(user, organisation)


def can_edit_closing_report(user, pilot) -> bool:
    return pilot_rules.can_edit_pilot(user, pilot)


SAME_AS = {
    "can_nominate": "partners.is_coordinator",
    "is_adoptable": "pilots.is_public",
    "can_adopt_for": "pilots.create_pilot_for",
    "can_edit_closing_report": "pilots.edit_pilot",
}
