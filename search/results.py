"""What a pilot hit shows it achieved: its first numeric indicator's latest approved value
against its target ("Andel med risk för undernäring: 27,5 % (mål 21 %, 2025 T2)").

Approved values are what everyone who may see the pilot sees, so the line is stored in the
pilot's search document and follows the document's access. Two queries per batch of pilots.
"""

from decimal import Decimal

from pilots.models import Gender, IndicatorValue, Measure, PilotIndicator, ReportStatus


def _number(value: Decimal) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return text.replace(".", ",").replace("-", "−")


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{_number(value)} {unit}".strip()


def key_results(pilot_ids) -> dict[int, str]:
    """pilot id → its key result line, for the pilots that have an approved value."""
    links: dict[int, PilotIndicator] = {}
    for link in (
        PilotIndicator.objects.filter(pilot_id__in=list(pilot_ids))
        .exclude(indicator__measure=Measure.QUALITATIVE)
        .select_related("indicator")
        .prefetch_related("targets")
        .order_by("pilot_id", "order", "pk")
    ):
        links.setdefault(link.pilot_id, link)
    if not links:
        return {}
    latest: dict[int, IndicatorValue] = {}
    for value in (
        IndicatorValue.objects.filter(
            pilot_indicator__in=[link.pk for link in links.values()],
            gender=Gender.TOTAL,
            age_band="",
            value__isnull=False,
            report__status=ReportStatus.APPROVED,
        )
        .select_related("report__period")
        .order_by("pilot_indicator_id", "-report__period__end")
    ):
        latest.setdefault(value.pilot_indicator_id, value)
    lines = {}
    for pilot_id, link in links.items():
        value = latest.get(link.pk)
        if value is None:
            continue
        unit = link.indicator.unit
        targets = sorted(link.targets.all(), key=lambda t: t.target_date)
        target = f"mål {_with_unit(targets[-1].value, unit)}, " if targets else ""
        lines[pilot_id] = (
            f"{link.indicator.name}: {_with_unit(value.value, unit)} "
            f"({target}{value.report.period.label})"
        )[:300]
    return lines
