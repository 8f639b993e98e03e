"""What a pilot hit shows it achieved: its first numeric indicator's latest approved value
against its target ("Andel med risk för undernäring: 27,5 % (mål 21 %, 2025 T2)").

Approved values are what everyone who may see the pilot sees, so the result is stored in the
pilot's search document and follows the document's access. Two queries per batch of pilots.
It is stored as language-neutral JSON (numbers with a point) and worded when a hit is shown,
so an English page reads "12.5 % (target 15 %…)" and a Swedish one "12,5 % (mål 15 %…)".
"""

import json
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.utils.translation import pgettext

from partners.numbers import format_number
from pilots.models import (
    Gender,
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PilotIndicator,
    ReportStatus,
)

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
    """pilot id → its key result (stored JSON), for the pilots that have an approved value.
    Three flat reads for any number of pilots; on PostgreSQL only each indicator's latest
    approved value is read (DISTINCT ON), not every value of every period."""
    links: dict[int, tuple] = {}
    for pk, pilot_id, name, unit in (
        PilotIndicator.objects.filter(pilot_id__in=list(pilot_ids))
        .exclude(indicator__measure=Measure.QUALITATIVE)
        .order_by("pilot_id", "order", "pk")
        .values_list("pk", "pilot_id", "indicator__name", "indicator__unit")
    ):
        links.setdefault(pilot_id, (pk, name, unit))
    if not links:
        return {}
    link_ids = [link[0] for link in links.values()]
    values = (
        IndicatorValue.objects.filter(
            pilot_indicator__in=link_ids,
            gender=Gender.TOTAL,
            age_band="",
            value__isnull=False,
            report__status=ReportStatus.APPROVED,
        )
        .order_by("pilot_indicator_id", "-report__period__end")
        .values_list("pilot_indicator_id", "value", "report__period__label")
    )
    if connection.vendor == "postgresql":
        values = values.distinct("pilot_indicator_id")
    latest: dict[int, tuple] = {}
    for link_id, value, label in values:
        latest.setdefault(link_id, (value, label))
    final_target = dict(  # the last target by date (one per date)
        IndicatorTarget.objects.filter(pilot_indicator_id__in=link_ids)
        .order_by("pilot_indicator_id", "target_date")
        .values_list("pilot_indicator_id", "value")
    )
    lines = {}
    for pilot_id, (link_id, name, unit) in links.items():
        if link_id not in latest:
            continue
        value, label = latest[link_id]
        target = final_target.get(link_id)
        data = {
            "indicator": name,
            "value": _plain(value),
            "unit": unit,
            "target": _plain(target) if target is not None else "",
            "period": label,
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
