"""A practice's results side by side: per shared indicator, each pilot's change from baseline.

Normalisation, so that kommuner of different size compare:
- percent measures (andel): the change in percentage points (latest approved − baseline);
- numbers: the percent change from baseline ((latest − baseline) / |baseline| × 100), shown only
  when the baseline is not zero.
Only approved values (totals: all genders, all ages) count; the latest approved period is used.
Qualitative indicators are left out. Two queries for any number of pilots and values.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from pilots.models import IndicatorValue, Pilot, PilotIndicator, ReportStatus
from pilots.models.indicators import Direction, Measure

HUNDRED = Decimal(100)


@dataclass
class Row:
    pilot: Pilot
    baseline: Decimal | None
    latest: Decimal | None
    period: str
    change: Decimal | None
    better: bool | None  # None: no direction or no change to judge


@dataclass
class Comparison:
    indicator: object
    unit: str
    change_unit: str
    rows: list[Row] = field(default_factory=list)


def _change(measure, baseline, latest):
    if baseline is None or latest is None:
        return None
    if measure == Measure.PERCENT:
        return (latest - baseline).quantize(Decimal("0.1"))
    if baseline == 0:
        return None
    return ((latest - baseline) / abs(baseline) * HUNDRED).quantize(Decimal("0.1"))


def compare(pilots: list[Pilot], *, minimum: int = 2) -> list[Comparison]:
    """Indicators followed by at least `minimum` of `pilots`, with one row per pilot."""
    order = {p.pk: i for i, p in enumerate(pilots)}
    links = list(
        PilotIndicator.objects.filter(pilot__in=list(order))
        .exclude(indicator__measure=Measure.QUALITATIVE)
        .select_related("indicator")
        .order_by("indicator__name", "pk")
    )
    latest: dict[int, tuple[Decimal, str]] = {}
    values = (
        IndicatorValue.objects.filter(
            pilot_indicator__in=[link.pk for link in links],
            report__status=ReportStatus.APPROVED,
            gender="T",
            age_band="",
            value__isnull=False,
        )
        .order_by("report__period__start")
        .values_list("pilot_indicator_id", "value", "report__period__label")
    )
    for link_id, value, label in values:
        latest[link_id] = (value, label)
    by_indicator: dict[int, list[PilotIndicator]] = {}
    for link in links:
        by_indicator.setdefault(link.indicator_id, []).append(link)
    pilots_by_pk = {p.pk: p for p in pilots}
    result = []
    for group in by_indicator.values():
        if len(group) < minimum:
            continue
        indicator = group[0].indicator
        percent = indicator.measure == Measure.PERCENT
        comparison = Comparison(
            indicator=indicator,
            unit="%" if percent else indicator.unit,
            change_unit=_("procentenheter") if percent else "%",
        )
        for link in sorted(group, key=lambda link: order[link.pilot_id]):
            value, label = latest.get(link.pk, (None, ""))
            change = _change(indicator.measure, link.baseline_value, value)
            better = None
            if change is not None and change != 0 and indicator.direction != Direction.NEUTRAL:
                better = (change > 0) == (indicator.direction == Direction.HIGHER)
            comparison.rows.append(
                Row(pilots_by_pk[link.pilot_id], link.baseline_value, value, label, change, better)
            )
        result.append(comparison)
    return result
