"""Demo business cases for `seed_demo`: about 40 % of the demo pilots get a believable case,
marked as demo figures. The pattern follows what users told us: the one who invests (often the
kommun) is seldom the one who gains (the region, the state and Försäkringskassan, employers,
individuals), and doing nothing has a cost too.

Deterministic (choices from a hash of the slug and a seeded random.Random), idempotent (pilots
that already have a case are left alone) and fast (bulk_create per table).
"""

import random
import zlib
from decimal import Decimal

from django.db import transaction

from business_cases.models import (
    BusinessCase,
    BusinessCaseAmount,
    BusinessCaseLine,
    DiscountRateSchedule,
    UnitCost,
)
from business_cases.reference_data import UNIT_COSTS, seed_reference
from pilots.demo_data import DEMO_NOTE
from pilots.models import LifeStage, Pilot, PilotIndicator

SEED = 20260107
SHARE = 2  # out of 5: about 40 % of the demo pilots
REACH_INDICATOR = "Antal deltagare i insatsen"
NOTES = (
    "Demosiffror: alla belopp är påhittade för att visa hur en kalkyl per aktör fungerar. "
    "Enhetskostnaderna är illustrativa. Antaganden: effekten kvarstår men avtar efter piloten."
)

# Per life stage: the payer's cost lines (actor, label, share of the budget per pilot year),
# benefits from the unit-cost library (unit cost, actor or None, people per 100 reached,
# effect %, first year offset, drop-off %) and business-as-usual costs (unit cost, people per
# 100 in the target group).
PLANS = {
    LifeStage.OLDER: {
        "costs": [
            ("kommun", "Personal och utbildning i äldreomsorgen", 0.8),
            ("region", "Fysioterapeut på vårdcentralen", 0.2),
        ],
        "benefits": [
            ("Höftfraktur, vårdkedja", None, 100, 4, 1, 10),
            ("Vårddygn i slutenvård", None, 100, 30, 1, 10),
            ("Hemtjänsttimme", None, 100, 900, 1, 15),
            ("Vunnet kvalitetsjusterat levnadsår (QALY)", None, 100, 2, 1, 10),
        ],
        "bau": [("Höftfraktur, vårdkedja", 12), ("Plats i särskilt boende", 3)],
    },
    LifeStage.WORKING_AGE: {
        "costs": [
            ("kommun", "Samordnare och gruppträffar", 0.6),
            ("arbetsgivare", "Arbetstid för deltagarna", 0.4),
        ],
        "benefits": [
            ("Sjukpenningdag", "stat", 100, 600, 1, 20),
            ("Sjuklönedag", None, 100, 150, 1, 20),
            ("Produktionsbortfall per frånvarodag", None, 100, 300, 1, 20),
            ("Läkarbesök i primärvården", None, 100, 60, 1, 20),
            ("Vunnet kvalitetsjusterat levnadsår (QALY)", None, 100, 1, 1, 20),
        ],
        "bau": [("Sjukpenningdag", 2500), ("Läkarbesök i primärvården", 300)],
    },
    LifeStage.CHILDREN_YOUTH: {
        "costs": [
            ("kommun", "Skolans och socialtjänstens tid", 0.85),
            ("civilsamhalle", "Ideella ledare", 0.15),
        ],
        "benefits": [
            ("Särskilt stöd i skolan", None, 100, 4, 2, 5),
            ("Placering på HVB, ungdom", None, 100, 0.5, 3, 5),
            ("Besök i barn- och ungdomspsykiatrin", None, 100, 40, 1, 10),
            ("Vunnet kvalitetsjusterat levnadsår (QALY)", None, 100, 1, 2, 5),
        ],
        "bau": [("Placering på HVB, ungdom", 2), ("Särskilt stöd i skolan", 10)],
    },
}
PLANS[LifeStage.ALL] = PLANS[LifeStage.WORKING_AGE]


def _chosen(slug: str) -> bool:
    return zlib.crc32(slug.encode()) % 5 < SHARE


@transaction.atomic
def seed(stdout=None) -> dict[str, int]:
    """Add demo business cases to about 40 % of the demo pilots that have none. Returns counts."""
    seed_reference(DiscountRateSchedule, UnitCost)
    units = {u.name: u for u in UnitCost.objects.filter(name__in=UNIT_COSTS)}
    pilots = [
        p
        for p in Pilot.objects.filter(
            summary__contains=DEMO_NOTE, business_case__isnull=True, start_date__isnull=False
        ).order_by("slug")
        if _chosen(p.slug)
    ]
    reach = dict(
        PilotIndicator.objects.filter(
            pilot__in=pilots, indicator__name=REACH_INDICATOR
        ).values_list("pilot_id", "pk")
    )
    rng = random.Random(SEED)
    cases = [
        BusinessCase(
            pilot=p,
            price_year=2024,
            base_year=p.start_date.year,
            horizon_years=10,
            notes=NOTES,
            is_demo=True,
            is_draft=rng.random() < 0.15,
            comparison_rate=Decimal(5) if rng.random() < 0.3 else None,
        )
        for p in pilots
    ]
    BusinessCase.objects.bulk_create(cases)
    lines, amounts = [], []
    for case in cases:
        pilot = case.pilot
        plan = PLANS.get(pilot.life_stage, PLANS[LifeStage.WORKING_AGE])
        years = max(
            1, (pilot.end_date.year if pilot.end_date else case.base_year) - case.base_year + 1
        )
        budget = float(pilot.budget_sek or 1_000_000)
        people = Decimal(rng.randrange(6, 40) * 10)
        order = 0
        for actor, label, share in plan["costs"]:
            line = BusinessCaseLine(
                business_case=case,
                kind="cost",
                label=label,
                actor=actor,
                value_type="fiscal_cashable" if actor in ("kommun", "region") else "economic",
                confidence=2,
                order=order,
            )
            line._amounts = {
                case.base_year + y: round(budget * share / years) for y in range(years)
            }
            lines.append(line)
            order += 1
        scale = Decimal(str(round(rng.uniform(0.6, 1.4), 2)))
        for name, actor, _per, effect, first, drop in plan["benefits"]:
            unit = units[name]
            first_year = case.base_year + first
            line = BusinessCaseLine(
                business_case=case,
                kind="benefit",
                label=unit.name,
                actor=actor or unit.actor,
                value_type=unit.value_type,
                confidence=unit.confidence,
                unit_cost=unit,
                unit_amount_sek=unit.amount_sek,
                people=people,
                effect_pct=(Decimal(str(effect)) * scale).quantize(Decimal("0.01")),
                first_year=first_year,
                last_year=case.last_year,
                deadweight_pct=Decimal(rng.choice([10, 15, 20, 25])),
                attribution_pct=Decimal(rng.choice([60, 70, 80])),
                drop_off_pct=Decimal(drop),
                pilot_indicator_id=reach.get(pilot.pk) if order == len(plan["costs"]) else None,
                order=order,
            )
            per_year = (unit.amount_sek * people * line.effect_pct / 100).quantize(Decimal(1))
            line._amounts = dict.fromkeys(range(first_year, case.last_year + 1), per_year)
            lines.append(line)
            order += 1
        for name, per_100 in plan["bau"]:
            unit = units[name]
            yearly = unit.amount_sek * people * Decimal(per_100) / 100
            line = BusinessCaseLine(
                business_case=case,
                kind="bau",
                label=f"{unit.name} om inget görs",
                actor=unit.actor,
                value_type=unit.value_type,
                confidence=unit.confidence,
                order=order,
            )
            line._amounts = {y: yearly.quantize(Decimal(1)) for y in case.years}
            lines.append(line)
            order += 1
    BusinessCaseLine.objects.bulk_create(lines)
    for line in lines:
        amounts += [
            BusinessCaseAmount(line=line, year=year, amount_sek=amount)
            for year, amount in line._amounts.items()
        ]
    BusinessCaseAmount.objects.bulk_create(amounts)
    counts = {"business cases": len(cases), "lines": len(lines), "amounts": len(amounts)}
    if stdout is not None:
        stdout.write(
            "Demo business cases: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + " created."
        )
    return counts
