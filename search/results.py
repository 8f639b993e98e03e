"""What a pilot hit shows it achieved: its first numeric indicator's latest approved value
against its target ("Andel med risk för undernäring: 27,5 % (mål 21 %, 2025 T2)").

Approved values are what everyone who may see the pilot sees, so the result is stored in the
pilot's search document and follows the document's access. Two queries per batch of pilots.
It is stored as language-neutral JSON (numbers with a point) and worded when a hit is shown,
so an English page reads "12.5 % (target 15 %…)" and a Swedish one "12,5 % (mål 15 %…)".
"""

import json
from decimal import Decimal, InvalidOperation

from django.utils.translation import pgettext

from partners.numbers import format_number
from pilots.models import Gender, IndicatorValue, Measure, PilotIndicator, ReportStatus

KEY_RESULT_LENGTH = 300  # SearchDocument.key_result's max_length


def _plain(value: Decimal) -> str:
    """One decimal at most, with a point: the stored, language-neutral form."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _with_unit(text: str, unit: str) -> str:
    try:
        number = format_number(Decimal(text))
    except (InvalidOperation, TypeError):
        number = text
    return f"{number} {unit}".strip()


def key_result_text(stored: str) -> str:
    """The stored key result worded in the active language. Text stored before the JSON form
    (or by hand) is shown as it is."""
    if not stored.startswith("{"):
        return stored
    try:
        data = json.loads(stored)
        unit = data.get("unit", "")
        value = _with_unit(data["value"], unit)
        details = (
            [
                pgettext("search key result", "mål %(target)s")
                % {"target": _with_unit(data["target"], unit)}
            ]
            if (data.get("target"))
            else []
        )
        if data.get("period"):
            details.append(data["period"])
        suffix = f" ({', '.join(details)})" if details else ""
        return f"{data['indicator']}: {value}{suffix}"
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


def key_results(pilot_ids) -> dict[int, str]:
    """pilot id → its key result (stored JSON), for the pilots that have an approved value."""
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
        data = {
            "indicator": link.indicator.name,
            "value": _plain(value.value),
            "unit": unit,
            "target": _plain(targets[-1].value) if targets else "",
            "period": value.report.period.label,
        }
        stored = json.dumps(data, ensure_ascii=False)
        if len(stored) > KEY_RESULT_LENGTH:  # the column's length: shorten the name, not the JSON
            data["indicator"] = (
                data["indicator"][: len(data["indicator"]) - (len(stored) - KEY_RESULT_LENGTH) - 1]
                + "…"
            )
            stored = json.dumps(data, ensure_ascii=False)
        lines[pilot_id] = stored
    return lines
