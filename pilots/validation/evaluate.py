"""Evaluating validation rules over one report's cells, in a fixed number of queries.

`RuleContext.load(pilot)` reads the pilot's indicator links, the active rules that apply
(library and the pilot's own) and, if a rule needs it, the population of the pilot's kommuner:
at most three queries, whatever the number of rules or cells. `context.check(cells)` then runs
in memory.

A rule is skipped (neither passes nor fails) when the pilot does not follow every indicator it
uses, when a side's cells are all empty, or when it needs the population and a kommun's is
unknown. Within a side that has values, an empty cell counts as 0.
"""

import operator as op
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from pilots.models import PilotIndicator
from pilots.models.validation import Operator, ValidationRule

COMPARE = {
    Operator.EQ: op.eq,
    Operator.NE: op.ne,
    Operator.LT: op.lt,
    Operator.LE: op.le,
    Operator.GT: op.gt,
    Operator.GE: op.ge,
}


@dataclass
class Failure:
    """A rule that does not hold for a report: its two sides' values and the cells it uses."""

    rule: ValidationRule
    left: Decimal
    right: Decimal
    cell_keys: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.rule.is_blocking


def _uses_population(rule) -> bool:
    return any(t.get("k") == "population" for t in [*(rule.left or []), *(rule.right or [])])


def _population(pilot) -> Decimal | None:
    """The population of the pilot's kommuner, or None when there are none or one is unknown."""
    totals = pilot.kommuner.aggregate(n=Count("pk"), known=Count("population"), s=Sum("population"))
    if not totals["n"] or totals["known"] != totals["n"]:
        return None
    return Decimal(totals["s"])


@dataclass
class RuleContext:
    links: dict  # indicator id → pilot indicator id
    rules: list
    population: Decimal | None = None
    labels: dict = field(default_factory=dict)  # cell key → "Indikator (Kvinnor, 18-64)"
    keys: dict = field(default_factory=dict)  # (link id, gender, band) → cell key

    @classmethod
    def load(cls, pilot, links=None) -> "RuleContext":
        """`links` (the pilot's PilotIndicators, if the caller has them) saves a query."""
        # Imported here: pilots.services imports this module.
        from pilots.services.report_cells import cell_key, cell_label, label_words

        if links is None:
            links = PilotIndicator.objects.filter(pilot=pilot).select_related("indicator")
        links = {link.pk: link for link in links}
        mapping = {link.indicator_id: link.pk for link in links.values()}
        rules = [
            rule
            for rule in ValidationRule.objects.for_pilot(pilot)
            if rule.indicator_ids and rule.indicator_ids <= mapping.keys()
        ]
        population = _population(pilot) if any(_uses_population(r) for r in rules) else None
        words = label_words() if rules else {}
        labels, keys = {}, {}
        for rule in rules:
            for term in [*rule.left, *rule.right]:
                if term.get("k") == "cell":
                    link = links[mapping[term["indicator"]]]
                    key = cell_key(link.pk, term["gender"], term["band"])
                    keys[(link.pk, term["gender"], term["band"])] = key
                    labels[key] = cell_label(link, term["gender"], term["band"], words)
        return cls(links=mapping, rules=rules, population=population, labels=labels, keys=keys)

    def _side(self, terms, cells) -> tuple[Decimal | None, list[str]]:
        total, keys, has_cells, any_value = Decimal(0), [], False, False
        for term in terms:
            kind = term.get("k")
            if kind == "const":
                total += Decimal(term["value"])
            elif kind == "population":
                if self.population is None:
                    return None, keys
                total += Decimal(term["coef"]) * self.population
            elif kind == "cell":
                has_cells = True
                where = (self.links[term["indicator"]], term["gender"], term["band"])
                keys.append(self.keys[where])
                cell = cells.get(where)
                number = getattr(cell, term["part"], None) if cell is not None else None
                if number is not None:
                    any_value = True
                    total += Decimal(term["coef"]) * number
        if has_cells and not any_value:
            return None, keys
        return total, keys

    def check(self, cells: dict) -> list[Failure]:
        """Failures of the rules over `cells`: (pilot indicator id, gender, band) → anything with
        value, numerator and denominator attributes (a stored IndicatorValue, a CleanValue)."""
        failures = []
        for rule in self.rules:
            left, left_keys = self._side(rule.left, cells)
            right, right_keys = self._side(rule.right, cells)
            if left is None or right is None:
                continue
            if not COMPARE[rule.operator](left, right):
                keys = list(dict.fromkeys([*left_keys, *right_keys]))
                failures.append(Failure(rule=rule, left=left, right=right, cell_keys=keys))
        return failures


def stored_cells(values) -> dict:
    """The cells of stored IndicatorValues, keyed as `check` wants them."""
    return {(v.pilot_indicator_id, v.gender, v.age_band): v for v in values}


def enforce(pilot, cells: dict, *, links=None) -> list[Failure]:
    """Check `cells` against the pilot's rules; raise the refusal (a ValidationError keyed by
    cell, pilots.validation.messages) if a blocking rule fails, else return the warnings."""
    from pilots.validation.messages import raise_if_blocking

    context = RuleContext.load(pilot, links)
    failures = context.check(cells) if context.rules else []
    raise_if_blocking(failures, context.labels)
    return failures
