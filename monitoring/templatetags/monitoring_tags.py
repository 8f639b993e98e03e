"""`{% reporting_matrix_link %}`: the link to the completeness and timeliness matrix on Mina sidor,
for those who may open it (`monitoring.rules.is_monitor`). A tag, so the dashboard (in pilots,
below this app) needs no import of monitoring."""

from django import template

from monitoring.rules import is_monitor

register = template.Library()


@register.inclusion_tag("monitoring/_matrix_link.html", takes_context=True)
def reporting_matrix_link(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": is_monitor(user)}
