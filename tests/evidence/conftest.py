"""Builders for evidence tests: a practice adopted in given kommuner and years, and a KPI whose
values for every kommun carry a planted effect from each adopter's year on."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from benchmarking.models import Kpi, StatisticValue
from benchmarking.services import peer_aggregates_refresh
from learning.factories import PracticeFactory
from learning.rules import ensure_appraisal_group
from partners.factories import UserFactory
from partners.models import Kommun
from pilots.factories import PilotFactory

YEARS = range(2010, 2025)


def kommun_codes() -> list[str]:
    return list(Kommun.objects.order_by("code").values_list("code", flat=True))


def make_practice(adopted: dict[str, int], *, title="Praktik", private: set[str] = frozenset()):
    """A practice whose origin and adaptations cover the kommuner, starting in the given years."""
    pilots = []
    for code, year in sorted(adopted.items(), key=lambda item: (item[1], item[0])):
        traits = {"private": True} if code in private else {}
        pilot = PilotFactory(
            title=f"{title} {code}",
            start_date=dt.date(year, 3, 1),
            end_date=dt.date(year + 3, 1, 1),
            adapted_from=pilots[0] if pilots else None,
            **traits,
        )
        pilot.kommuner.set(Kommun.objects.filter(code=code))
        pilots.append(pilot)
    return PracticeFactory(original_pilot=pilots[0], title=title)


def make_kpi_values(
    kpi_id: str,
    adopted: dict[str, int],
    *,
    effect: float,
    direction: str = "higher",
    genders=("T",),
    seed: int = 1,
    suppressed: set[str] = frozenset(),
) -> Kpi:
    """Values for every kommun and year; `suppressed` kommuner get Kolada's suppressed value:
    null with a status."""
    kpi = Kpi.objects.create(id=kpi_id, title=f"Nyckeltal {kpi_id}", unit="%", direction=direction)
    rng = random.Random(seed)
    now = timezone.now()
    rows = []
    path = {year: 0.4 * (year - YEARS[0]) for year in YEARS}
    # Values for the first 80 kommuner (adopters among them): the rest have none, which the
    # estimator must treat as missing; it keeps the tests fast.
    for code in kommun_codes()[:80]:
        level = rng.gauss(40, 5)
        for year in YEARS:
            value = level + path[year] + rng.gauss(0, 1.0)
            if code in adopted and year >= adopted[code]:
                value += effect
            for gender in genders:
                rows.append(
                    StatisticValue(
                        kpi=kpi,
                        area=code,
                        year=year,
                        gender=gender,
                        value=None
                        if code in suppressed
                        else Decimal(f"{value + (1 if gender == 'K' else 0):.2f}"),
                        status="Missing" if code in suppressed else "",
                        imported_at=now,
                    )
                )
    StatisticValue.objects.bulk_create(rows, batch_size=5000)
    peer_aggregates_refresh(kpi_ids=[kpi.pk])  # as the task after an import does
    return kpi


def adoptions(n: int, *, first_year: int = 2015, offset: int = 0) -> dict[str, int]:
    codes = kommun_codes()[offset : offset + n]
    return {code: first_year + i % 5 for i, code in enumerate(codes)}


@pytest.fixture
def appraiser(db):
    user = UserFactory()
    user.groups.add(ensure_appraisal_group())
    return user
