"""`{% pilot_learning pilot %}`: the learning base's box on the public pilot page (the practice the
pilot belongs to and the "Adoptera piloten" button); `{% appraisal_queue_box %}`: the appraisal
queue on Mina sidor. The pilots app's templates load these tags; the pilots code itself never
imports learning."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core import caching
from learning import queue, rules, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def pilot_learning(context, pilot):
    """A visitor's box is the same for every visitor: cached as HTML until a pilot (its lineage,
    status, visibility, slug) or a practice is saved or deleted (`caching.PILOT_HEADERS`), so a
    warm pilot page reads no lineage. Signed-in users may see more and get it live."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        key = f"pilot-learning-box:{pilot.pk}:{get_language()}"
        return caching.cached(caching.PILOT_HEADERS, key, lambda: _pilot_box(pilot, user))
    return _pilot_box(pilot, user)


def _pilot_box(pilot, user) -> str:
    return render_to_string(
        "learning/_pilot_box.html",
        {
            "pilot": pilot,
            "practice": selectors.practice_for_pilot(pilot=pilot, user=user),
            "adoptable": rules.is_adoptable(pilot),
            "can_edit": rules.can_edit_closing_report(user, pilot),
            "user": user,
        },
    )


@register.simple_tag(takes_context=True)
def may_appraise(context) -> bool:
    """Whether the signed-in user appraises practices (the link to Bedömningar shows)."""
    request = context.get("request")
    return bool(request and rules.can_appraise(request.user))


@register.inclusion_tag("learning/_queue_box.html", takes_context=True)
def appraisal_queue_box(context):
    """Mina sidor's "Att bedöma" section: nothing for anyone outside the appraisal group."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"queue": queue.appraisal_queue(user=user), "request": request}


@register.simple_tag(takes_context=True)
def my_appraisal_queue(context):
    """`{% my_appraisal_queue as queue %}`: the signed-in user's queue (empty for others)."""
    request = context.get("request")
    return queue.appraisal_queue(user=getattr(request, "user", None))
