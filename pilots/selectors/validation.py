"""Reads of validation rules: a pilot's rules page, the API and the rules that fail on a report.

Each function issues a fixed number of queries whatever the number of rules or cells."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pilots import rules
from pilots.models import Indicator, Pilot, ValidationRule
from pilots.validation.evaluate import RuleContext, stored_cells
from pilots.validation.expressions import example_sides, rule_text


def usable_indicators(pilot: Pilot | None) -> list[Indicator]:
    """What a rule's sides may name: the library, or the indicators the pilot follows."""
    if pilot is None:
        return list(Indicator.objects.library())
    return list(Indicator.objects.filter(pilot_links__pilot=pilot).order_by("name"))


def rule_list(*, user) -> QuerySet[ValidationRule]:
    """The rules the user may see (the library, and the rules of pilots whose drafts they see)."""
    return ValidationRule.objects.filter(rules.validation_rules_visible_q(user)).select_related(
        "pilot"
    )


def indicator_names(rules_) -> dict:
    """indicator id → name for the indicators `rules_` use (one query), to print their sides."""
    ids = set().union(*(rule.indicator_ids for rule in rules_)) if rules_ else set()
    return dict(Indicator.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def rule_of_pilot(*, pilot: Pilot, rule_id: int) -> ValidationRule:
    """One of the pilot's own rules (404 otherwise)."""
    rule = get_object_or_404(ValidationRule.objects.filter(pilot=pilot), pk=rule_id)
    rule.pilot = pilot
    return rule


def pilot_rules(*, pilot: Pilot) -> dict:
    """The pilot's rules page: the library rules that apply to it (it follows every indicator
    they use), its own rules, each with its sides as text, and the indicators a rule may name."""
    indicators = usable_indicators(pilot)
    followed = {i.pk for i in indicators}
    names = {i.pk: i.name for i in indicators}
    library, own = [], []
    for rule in ValidationRule.objects.filter(pilot__isnull=True).order_by("name", "pk"):
        if rule.indicator_ids and rule.indicator_ids <= followed:
            library.append((rule, rule_text(rule, names)))
    for rule in ValidationRule.objects.filter(pilot=pilot).order_by("name", "pk"):
        own.append((rule, rule_text(rule, names)))
    return {
        "library": library,
        "own": own,
        "indicator_names": [i.name for i in indicators if not i.is_qualitative],
        "example": example_sides(indicators),
    }


def report_rule_failures(*, pilot: Pilot, links, report) -> list:
    """The rules that do not hold for the report's stored values (warnings and blocking ones),
    for the report and review pages. `links` are the pilot's PilotIndicators (already read)."""
    if report is None:
        return []
    context = RuleContext.load(pilot, links)
    if not context.rules:
        return []
    return context.check(stored_cells(report.values.all()))
