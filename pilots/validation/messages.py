"""How rule failures are told: the service's refusal (a ValidationError keyed by cell) and the
report page's list of failed rules with links to their cells."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.numbers import format_number
from pilots.models.validation import Operator

SUMMARY_LIMIT = 20


def describe(failure, labels: dict) -> str:
    """ "Name: message (12 ≠ 10; cells: A (Kvinnor, alla åldrar), …)"."""
    rule = failure.rule
    comparison = _("beräknat %(left)s, ska vara %(op)s %(right)s") % {
        "left": format_number(failure.left),
        "op": Operator(rule.operator).label,
        "right": format_number(failure.right),
    }
    cells = ", ".join(labels.get(key, key) for key in failure.cell_keys)
    text = f"{rule.name}: {rule.message} ({comparison}"
    if cells:
        text += "; " + _("celler: %(cells)s") % {"cells": cells}
    return text + ")"


class RuleRefusal(ValidationError):
    """A save or submit refused by blocking rules; `failures` keeps every failure (warnings
    too) so the form can mark the cells."""

    failures: list = []


def refusal(failures, labels: dict, prefix: str = "") -> RuleRefusal:
    """The ValidationError of blocking `failures`: each message under the key of every cell
    the rule uses, and a summary naming each rule and its cells under NON_FIELD_ERRORS."""
    blocking = [f for f in failures if f.blocking]
    errors, summary = {}, []
    for failure in blocking:
        text = describe(failure, labels)
        summary.append(f"{prefix}{text}")
        for key in failure.cell_keys:
            errors.setdefault(key, []).append(f"{failure.rule.name}: {failure.rule.message}")
    head = ngettext(
        "Rapporten sparades inte: %(n)s valideringsregel håller inte.",
        "Rapporten sparades inte: %(n)s valideringsregler håller inte.",
        len(blocking),
    ) % {"n": len(blocking)}
    errors[NON_FIELD_ERRORS] = [head, *summary[:SUMMARY_LIMIT]]
    exc = RuleRefusal(errors)
    exc.failures = list(failures)
    return exc


def raise_if_blocking(failures, labels: dict, prefix: str = "") -> None:
    if any(f.blocking for f in failures):
        raise refusal(failures, labels, prefix)


@dataclass
class ShownFailure:
    """One failed rule as the report page lists it."""

    dom_id: str
    name: str
    message: str
    blocking: bool
    comparison: str
    cells: list = field(default_factory=list)  # (the cell's id, label)


def show(failures, grids) -> list[ShownFailure]:
    """Mark the grid's cells with the rules that fail on them (`cell.rules`, the ids their
    inputs are described by) and list the failures, blocking first, with links to the cells."""
    cells = {}
    # Written as cell_label writes them (the refusal, the history): "(Totalt, alla åldrar)".
    all_ages = _("alla åldrar")
    for grid in grids:
        for row in grid.rows:
            for cell in row.cells:
                label = f"{grid.indicator.name} ({cell.gender_label}, {row.band or all_ages})"
                cells[cell.key] = (cell, cell.dom_id, label)
    shown = []
    for n, failure in enumerate(sorted(failures, key=lambda f: not f.blocking)):
        dom_id = f"rule-{failure.rule.pk}-{n}"
        links = []
        for key in failure.cell_keys:
            if key in cells:
                cell, input_id, label = cells[key]
                cell.rules.append(dom_id)
                links.append((input_id, label))
        shown.append(
            ShownFailure(
                dom_id=dom_id,
                name=failure.rule.name,
                message=failure.rule.message,
                blocking=failure.blocking,
                comparison=_("beräknat %(left)s, ska vara %(op)s %(right)s")
                % {
                    "left": format_number(failure.left),
                    "op": Operator(failure.rule.operator).label,
                    "right": format_number(failure.right),
                },
                cells=links,
            )
        )
    return shown


def import_refusal(failures, labels: dict) -> ValidationError:
    """An import refused by blocking rules: one message per period and rule, naming its cells.
    `failures` are (period, failure) pairs."""
    head = ngettext(
        "Importen gjordes inte: %(n)s valideringsregel håller inte.",
        "Importen gjordes inte: %(n)s valideringsregler håller inte.",
        len(failures),
    ) % {"n": len(failures)}
    lines = [f"{period.label}: {describe(failure, labels)}" for period, failure in failures]
    return ValidationError([head, *lines])
