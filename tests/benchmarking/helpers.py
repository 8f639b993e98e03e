"""Small builders for benchmarking tests: KPIs and values from plain dicts."""

from decimal import Decimal

from django.utils import timezone

from benchmarking.models import Kpi, StatisticValue
from benchmarking.services import peer_aggregates_refresh

UPPSALA_LAN = ["0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382"]  # 0380 Uppsala


def make_kpi(kpi_id="N00001", direction="higher", **fields) -> Kpi:
    fields.setdefault("title", f"Nyckeltal {kpi_id}")
    fields.setdefault("unit", "%")
    return Kpi.objects.create(id=kpi_id, direction=direction, **fields)


def make_values(kpi_id: str, table: dict, gender: str = "T", counts: dict | None = None) -> None:
    """table: area → {year: value or None}; counts: (area, year) → count. Then the peer figures
    are recomputed, as the task after an import does (benchmarking.aggregates)."""
    now = timezone.now()
    StatisticValue.objects.bulk_create(
        StatisticValue(
            kpi_id=kpi_id,
            area=area,
            year=year,
            gender=gender,
            value=None if value is None else Decimal(str(value)),
            count=(counts or {}).get((area, year)),
            imported_at=now,
        )
        for area, years in table.items()
        for year, value in years.items()
    )
    peer_aggregates_refresh(kpi_ids=[kpi_id])
