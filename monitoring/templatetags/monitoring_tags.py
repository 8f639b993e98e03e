"""`{% reporting_matrix_link %}`: the link to the completeness and timeliness matrix on Mina sidor,
for those who may open it (`monitoring.rules.is_monitor`). A tag, so the dashboard (in pilots,
below this app) needs no import of monitoring."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from monitoring.rules import is_monitor

register = template.Library()


@register.inclusion_tag("monitoring/_matrix_link.html", takes_context=True)
def reporting_matrix_link(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": is_monitor(user)}


@register.simple_tag
def matrix_cells(row, columns) -> str:
    """A row's period cells as HTML, built here rather than in the template: a page has hundreds
    of cells, and the template's tags and filters per cell were most of the page's rendering
    time. The markup is the same as the template's was. The first cell of each group of
    `columns` (selectors.columns) has the class `group-start` (a rule on its left)."""
    no_period = format_html(
        '<span aria-hidden="true">·</span><span class="visually-hidden">{}</span>',
        _("Ingen period"),
    )
    deadline = _("sista rapportdag")
    texts: dict[str, tuple[str, str]] = {}  # state → (short, label), escaped
    title = escape(row.pilot.title)
    parts = []
    for cell, column in zip(row.cells, columns, strict=True):
        start = " group-start" if column.starts_group else ""
        if cell is None:
            parts.append(f'<td class="cell cell-none{start}">{no_period}</td>')
            continue
        if cell.state not in texts:
            # str() first: escape() of a lazy translation returns another lazy string, which
            # would be translated again each time it is formatted below.
            texts[cell.state] = (escape(str(cell.short)), escape(str(cell.state_label)))
        short, label = texts[cell.state]
        hint = f"{label}, {escape(deadline)} {cell.due_date.isoformat()}"
        if cell.url:
            opening, closing = f'<a href="{escape(cell.url)}" title="{hint}">', "</a>"
        else:
            opening, closing = f'<span title="{hint}">', "</span>"
        parts.append(
            f'<td class="cell cell-{escape(cell.state)}{start}">{opening}'
            f'<span aria-hidden="true">{short}</span>'
            f'<span class="visually-hidden">{label}: {title} {escape(cell.label)}</span>'
            f"{closing}</td>"
        )
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def filter_options(field) -> str:
    """A filter's <option>s as HTML, the current value selected. The organisation filter lists
    every lead organisation the user follows (hundreds at national scale), and the template's
    tags per option cost more than the rest of the form."""
    value = field.value()
    current = "" if value is None else str(value)
    parts = []
    for choice, label in field.field.choices:
        choice = str(choice)
        selected = " selected" if current == choice else ""
        parts.append(f'<option value="{escape(choice)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # the values and labels are escaped
