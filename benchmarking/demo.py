"""Demo statistics: eight made-up KPIs (titles end "(demo)", is_demo=True) for every kommun,
region and riket over ten years and T/K/M, so that every benchmark page has content.

Deterministic (random.Random with a fixed seed): a national level and trend per KPI, an effect
per SKR kommungrupp, a lasting effect per kommun, yearly noise and a gap between women and men.
About 1 % of values are missing and, as Kolada does for disclosure control, a few small kommuner
have no value by kön on one KPI (null with a status), so the page shows how Kolada's statuses
read. Every value carries `count: 1`, as Kolada's own kommun, region and riket values do.
Idempotent: KPIs already holding values are left alone.
"""

import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from benchmarking.models import Kpi, KpiDirection, StatisticValue
from partners.models import Kommun
from pilots.models import Indicator

SEED = 20250606
YEARS = range(2015, 2025)
SOURCE = "Demo (påhittade värden)"
SKR_EFFECT = {
    "A1": -0.10,
    "A2": -0.06,
    "B3": -0.02,
    "B4": 0.0,
    "B5": 0.03,
    "C6": 0.04,
    "C7": 0.06,
    "C8": 0.08,
    "C9": 0.07,
}

# id, title, unit, direction, national level 2015, change per year, gender gap (K − M), library name
KPIS = [
    (
        "N99901",
        "Andel dagligrökare 16–84 år (demo)",
        "%",
        KpiDirection.LOWER,
        9.0,
        -0.35,
        1.2,
        "Andel dagligrökare",
    ),
    (
        "N99902",
        "Andel vuxna med fetma (demo)",
        "%",
        KpiDirection.LOWER,
        15.0,
        0.25,
        -1.0,
        "Andel vuxna med fetma",
    ),
    (
        "N99903",
        "Andel elever fysiskt aktiva minst 60 minuter per dag (demo)",
        "%",
        KpiDirection.HIGHER,
        24.0,
        -0.2,
        -6.0,
        "Andel elever som är fysiskt aktiva minst 60 minuter per dag",
    ),
    (
        "N99904",
        "Fallskador bland personer 65 år och äldre, per 1 000 invånare (demo)",
        "per 1 000",
        KpiDirection.LOWER,
        28.0,
        0.3,
        6.0,
        "Fallskador bland personer 65 år och äldre",
    ),
    (
        "N99905",
        "Andel 6-åringar utan karies (demo)",
        "%",
        KpiDirection.HIGHER,
        74.0,
        0.5,
        1.0,
        "Andel 6-åringar utan karies",
    ),
    (
        "N99906",
        "Sjukpenningtal, dagar per försäkrad (demo)",
        "dagar",
        KpiDirection.LOWER,
        9.5,
        -0.12,
        4.0,
        "",
    ),
    (
        "N99907",
        "Andel unga som skattar sin psykiska hälsa som god (demo)",
        "%",
        KpiDirection.HIGHER,
        63.0,
        -0.6,
        -12.0,
        "Andel unga som skattar sin psykiska hälsa som god",
    ),
    (
        "N99908",
        "Andel äldre som ofta känner sig ensamma (demo)",
        "%",
        KpiDirection.LOWER,
        14.0,
        0.1,
        3.0,
        "Andel äldre som ofta känner sig ensamma",
    ),
]


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


@transaction.atomic
def seed(stdout=None) -> dict[str, int]:
    """Create the demo KPIs and their values where missing; link matching library indicators."""
    now = timezone.now()
    for kpi_id, title, unit, direction, *_rest in KPIS:
        Kpi.objects.update_or_create(
            id=kpi_id,
            defaults={
                "title": title,
                "unit": unit,
                "direction": direction,
                "is_demo": True,
                "source": SOURCE,
                "description": "Påhittade demovärden för att visa jämförelser. Inte statistik från Kolada.",  # noqa: E501
            },
        )
    for kpi_id, *_mid, library_name in KPIS:
        if library_name:
            Indicator.objects.library().filter(name=library_name, kolada_kpi="").update(
                kolada_kpi=kpi_id
            )
    seeded = set(
        StatisticValue.objects.filter(kpi_id__in=[k[0] for k in KPIS])
        .values_list("kpi_id", flat=True)
        .distinct()
    )
    kommuner = list(
        Kommun.objects.select_related("region")
        .order_by("code")
        .values_list("code", "skr_group", "region__lan_code", "population")
    )
    rows = []
    for kpi_id, _title, unit, _direction, level, change, gap, _lib in KPIS:
        kpi_rng = random.Random(f"{SEED}-{kpi_id}")  # each KPI the same whatever was seeded before
        if kpi_id in seeded or not kommuner:
            continue
        by_lan: dict[tuple[str, int, str], list[float]] = defaultdict(list)
        for code, group, lan, population in kommuner:
            effect = SKR_EFFECT.get(group, 0) * level + kpi_rng.gauss(0, 0.08 * level)
            slope = change * (1 + kpi_rng.gauss(0, 0.5))
            small = (population or 0) < 4000 and kpi_id == "N99904"
            for i, year in enumerate(YEARS):
                base = level + effect + slope * i + kpi_rng.gauss(0, 0.03 * level)
                if unit == "%":
                    base = min(max(base, 0.5), 99.0)
                values = {"K": base + gap / 2, "M": base - gap / 2}
                values["T"] = (values["K"] + values["M"]) / 2
                for gender, value in values.items():
                    missing = kpi_rng.random() < 0.01
                    withheld = small and gender != "T" and year % 3 == 0
                    if withheld:
                        kpi_rng.randint(1, 4)  # kept so every other demo value stays the same
                    missing = missing or withheld
                    if not missing:
                        by_lan[(lan, year, gender)].append(value)
                        by_lan[("", year, gender)].append(value)
                    rows.append(
                        StatisticValue(
                            kpi_id=kpi_id,
                            area=code,
                            year=year,
                            gender=gender,
                            value=None if missing else _round(max(value, 0)),
                            count=1,
                            is_preliminary=year == YEARS[-1],
                            source=SOURCE,
                            imported_at=now,
                            status="Missing" if missing else "",
                        )
                    )
        for (lan, year, gender), values in by_lan.items():
            rows.append(
                StatisticValue(
                    kpi_id=kpi_id,
                    area=f"00{lan}" if lan else "0000",
                    year=year,
                    gender=gender,
                    value=_round(max(sum(values) / len(values), 0)),
                    count=1,
                    is_preliminary=year == YEARS[-1],
                    source=SOURCE,
                    imported_at=now,
                )
            )
    StatisticValue.objects.bulk_create(rows, batch_size=5000)
    if stdout is not None:
        stdout.write(f"Benchmarking: {len(KPIS)} demo KPIs, {len(rows)} new demo values.")
    return {"kpis": len(KPIS), "values": len(rows)}
