"""`{% pilot_learning pilot %}`: the learning base's box on the public pilot page (the practice the
pilot belongs to and the "Adoptera piloten" button). The pilots app's template loads this tag; the
pilots code itself never imports learning."""

from django import template

from learning import rules, selectors

register = template.Library()


@register.inclusion_tag("learning/_pilot_box.html", takes_context=True)
def pilot_learning(context, pilot):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "pilot": pilot,
        "practice": selectors.practice_for_pilot(pilot=pilot, user=user),
        "adoptable": rules.is_adoptable(pilot),
        "can_edit": rules.can_edit_closing_report(user, pilot),
        "user": user,
    }


@register.simple_tag(takes_context=True)
def may_appraise(context) -> bool:
    """Whether the signed-in user appraises practices (the link to Bedömningar shows)."""
    request = context.get("request")
    return bool(request and rules.can_appraise(request.user))
