"""Demo of effect estimates: two practices adopted in several kommuner, one whose outcome carries
a planted effect and one with none, so the demo shows both what an effect and what nothing
looks like.

Two made-up KPIs (is_demo, titles end "(demo)") hold values for every kommun 2010–2024, T/K/M:
a kommun level, a national path, noise. The adopters of "Träffpunkter för äldre" get +4
percentage points from their adoption year on; those of "Trivselprogram i skolan" get nothing.
Adoption = a public pilot of the practice with a start date in the kommun. Deterministic and
idempotent (nothing is added when the first demo KPI already has values).
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from benchmarking.models import Kpi, KpiDirection, StatisticValue
from evidence.models import OutcomeChoice
from evidence.services import estimates_recompute
from learning.models import Practice
from partners.models import Kommun, Organisation
from pilots.models import Pilot, PilotStatus, Visibility

SEED = 2121
YEARS = range(2010, 2025)
SOURCE = "Demo (påhittade värden)"
PLANTED_EFFECT = 4.0
# KPI id, KPI title, practice title, health area, life stage, arena, adopters, effect
PLAN = [
    (
        "N99951",
        "Andel 65+ som deltar i träffpunktsverksamhet (demo)",
        "Träffpunkter för äldre (demo, effekt inlagd)",
        "ensamhet",
        "aldre",
        "aldreomsorg",
        12,
        PLANTED_EFFECT,
    ),
    (
        "N99952",
        "Andel elever i åk 9 som trivs i skolan (demo)",
        "Trivselprogram i skolan (demo, ingen effekt)",
        "psykisk_ohalsa",
        "barn_unga",
        "skola",
        10,
        0.0,
    ),
]
# One pilot per adopting kommun (the first is each practice's origin).
PILOT_COUNT = sum(row[6] for row in PLAN)


def seed(stdout=None) -> dict[str, int]:
    """Create the evidence demo once and compute its estimates."""
    if StatisticValue.objects.filter(kpi_id=PLAN[0][0]).exists():
        return {"practices": 0}
    rng = random.Random(SEED)
    kommuner = list(Kommun.objects.order_by("code").values_list("code", flat=True))
    if len(kommuner) < 40:
        return {"practices": 0}
    lead = Organisation.objects.filter(status=Organisation.Status.APPROVED).order_by("pk").first()
    if lead is None:
        return {"practices": 0}
    practices = []
    with transaction.atomic():
        taken: set[str] = set()
        for kpi_id, kpi_title, title, area, stage, arena, count, effect in PLAN:
            adopters = rng.sample([k for k in kommuner if k not in taken], count)
            taken |= set(adopters)
            years = {code: rng.randint(2015, 2021) for code in adopters}
            kpi = _kpi(kpi_id, kpi_title)
            _values(kpi, kommuner, years, effect, rng)
            practices.append(_practice(title, area, stage, arena, lead, years))
            OutcomeChoice.objects.get_or_create(practice=practices[-1], kpi=kpi)
    report = estimates_recompute(practice_ids=[p.pk for p in practices])
    if stdout is not None:
        stdout.write(f"Evidence demo: {len(practices)} practices, {report.shown} estimates shown.")
    return {"practices": len(practices), "estimates": report.estimates}


def _kpi(kpi_id: str, title: str) -> Kpi:
    kpi, _ = Kpi.objects.update_or_create(
        pk=kpi_id,
        defaults={
            "title": title,
            "unit": "%",
            "direction": KpiDirection.HIGHER,
            "is_demo": True,
            "source": SOURCE,
        },
    )
    return kpi


def _values(kpi, kommuner, adopted: dict[str, int], effect: float, rng: random.Random) -> None:
    now = timezone.now()
    path = {year: 0.3 * (year - YEARS[0]) + rng.gauss(0, 0.4) for year in YEARS}
    rows = []
    for code in kommuner:
        level = rng.gauss(40.0, 6.0)
        gap = rng.gauss(3.0, 1.0)
        for year in YEARS:
            total = level + path[year] + rng.gauss(0, 1.5)
            if code in adopted and year >= adopted[code]:
                total += effect
            for gender, value in (("T", total), ("K", total + gap / 2), ("M", total - gap / 2)):
                rows.append(
                    StatisticValue(
                        kpi=kpi,
                        area=code,
                        year=year,
                        gender=gender,
                        value=Decimal(f"{min(max(value, 0.0), 100.0):.1f}"),
                        source=SOURCE,
                        imported_at=now,
                    )
                )
    StatisticValue.objects.bulk_create(rows, batch_size=5000)


def _practice(title, area, stage, arena, lead, years: dict[str, int]) -> Practice:
    pilots = []
    # Each adoption reads as one: the practice's name and the kommun ("Träffpunkter för äldre i
    # Kiruna (demo)"), so a search that finds all of them tells them apart.
    activity = title.split(" (")[0]
    names = dict(Kommun.objects.filter(code__in=years).values_list("code", "name"))
    for code, year in sorted(years.items(), key=lambda item: (item[1], item[0])):
        pilot = Pilot.objects.create(
            title=f"{activity} i {names[code]} (demo)",
            slug=f"demo-evidens-{kpi_slug(title)}-{code}",
            summary=(
                f"{names[code]} införde arbetssättet {year}. "
                "Påhittad pilot som visar effektskattningen (demo)."
            ),
            health_area=area,
            life_stage=stage,
            arena=arena,
            lead_organisation=lead,
            start_date=dt.date(year, 1, 1),
            status=PilotStatus.ACTIVE,
            visibility=Visibility.PUBLIC,
            adapted_from=pilots[0] if pilots else None,
        )
        pilot.kommuner.set(Kommun.objects.filter(code=code))
        pilots.append(pilot)
    return Practice.objects.create(
        title=title,
        slug=f"demo-evidens-{kpi_slug(title)}",
        summary="Ett påhittat arbetssätt för att visa effektskattningen (demo).",
        original_pilot=pilots[0],
    )


def kpi_slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:60]
