"""Reference data for business cases: the partnership's default discount-rate schedule and an
illustrative unit-cost library. Plain data, used by a data migration and by the demo.

Every unit cost here is ILLUSTRATIVE: an order of magnitude for demonstrations and training, not
an established cost. The coordinator replaces them with sourced values in the Wagtail admin.
"""

DEFAULT_SCHEDULE = {
    "name": "Standard (3,5 % år 0–30, 3,0 % därefter)",
    "steps": [[0, 3.5], [31, 3.0]],
    "valid_from": "2025-01-01",
    "source": "Partnerskapets standard, efter samhällsekonomisk praxis (HM Treasury Green Book).",
}

ILLUSTRATIVE_SOURCE = "Illustrativt värde, demo (storleksordning, ej fastställd kostnad)"
PRICE_YEAR = 2024

# name: (amount SEK, per, actor, value type, confidence grade, description)
UNIT_COSTS = {
    "Höftfraktur, vårdkedja": (
        250_000,
        "fraktur",
        "region",
        "fiscal_non_cashable",
        4,
        "Akutvård, operation, vårddygn och rehabilitering efter en höftfraktur.",
    ),
    "Vårddygn i slutenvård": (
        9_000,
        "vårddygn",
        "region",
        "fiscal_non_cashable",
        3,
        "Ett vårddygn på en somatisk vårdavdelning.",
    ),
    "Läkarbesök i primärvården": (
        2_500,
        "besök",
        "region",
        "fiscal_non_cashable",
        3,
        "Ett mottagningsbesök hos läkare.",
    ),
    "Akutbesök utan inläggning": (
        4_500,
        "besök",
        "region",
        "fiscal_non_cashable",
        3,
        "Ett besök på akutmottagning som inte leder till inläggning.",
    ),
    "Besök i barn- och ungdomspsykiatrin": (
        5_000,
        "besök",
        "region",
        "fiscal_non_cashable",
        4,
        "Ett besök i BUP.",
    ),
    "Kariesbehandling, barn": (
        2_000,
        "barn och år",
        "region",
        "fiscal_cashable",
        4,
        "Lagning av karies hos ett barn under ett år.",
    ),
    "Hemtjänsttimme": (
        550,
        "timme",
        "kommun",
        "fiscal_cashable",
        3,
        "En timme beviljad hemtjänst.",
    ),
    "Plats i särskilt boende": (
        900_000,
        "plats och år",
        "kommun",
        "fiscal_cashable",
        3,
        "Ett års plats i särskilt boende för äldre.",
    ),
    "Placering på HVB, ungdom": (
        1_400_000,
        "placering och år",
        "kommun",
        "fiscal_cashable",
        4,
        "Ett års placering av en ungdom på hem för vård eller boende.",
    ),
    "Särskilt stöd i skolan": (
        80_000,
        "elev och år",
        "kommun",
        "fiscal_non_cashable",
        5,
        "Extra anpassningar och särskilt stöd för en elev under ett läsår.",
    ),
    "Ekonomiskt bistånd": (
        90_000,
        "hushåll och år",
        "kommun",
        "fiscal_cashable",
        4,
        "Försörjningsstöd till ett hushåll under ett år.",
    ),
    "Sjukpenningdag": (
        900,
        "dag",
        "stat",
        "fiscal_cashable",
        3,
        "En dag med sjukpenning från Försäkringskassan.",
    ),
    "Sjuklönedag": (
        1_600,
        "dag",
        "arbetsgivare",
        "economic",
        3,
        "Arbetsgivarens sjuklön för en sjukdag (dag 2–14).",
    ),
    "Produktionsbortfall per frånvarodag": (
        2_400,
        "dag",
        "arbetsgivare",
        "economic",
        5,
        "Förlorat produktionsvärde när en anställd är borta en dag.",
    ),
    "Vunnet kvalitetsjusterat levnadsår (QALY)": (
        500_000,
        "QALY",
        "individ",
        "social",
        5,
        "Värdet av ett år i full hälsa för individen.",
    ),
    "Volontärtimme i civilsamhället": (
        300,
        "timme",
        "civilsamhalle",
        "economic",
        5,
        "En timme ideellt arbete.",
    ),
}


def seed_reference(DiscountRateSchedule, UnitCost) -> tuple[int, int]:
    """Create the default schedule (when no schedule is the default) and missing unit costs.
    Takes the model classes, so the data migration can pass its historical models. Idempotent."""
    import datetime as dt

    schedules = 0
    if not DiscountRateSchedule.objects.filter(is_default=True).exists():
        _, created = DiscountRateSchedule.objects.update_or_create(
            name=DEFAULT_SCHEDULE["name"],
            defaults={
                "steps": DEFAULT_SCHEDULE["steps"],
                "valid_from": dt.date.fromisoformat(DEFAULT_SCHEDULE["valid_from"]),
                "source": DEFAULT_SCHEDULE["source"],
                "is_default": True,
            },
        )
        schedules = int(created)
    existing = set(UnitCost.objects.filter(name__in=UNIT_COSTS).values_list("name", flat=True))
    UnitCost.objects.bulk_create(
        UnitCost(
            name=name,
            amount_sek=amount,
            unit=unit,
            actor=actor,
            value_type=value_type,
            confidence=grade,
            description=description,
            price_year=PRICE_YEAR,
            source=ILLUSTRATIVE_SOURCE,
            illustrative=True,
        )
        for name, (amount, unit, actor, value_type, grade, description) in UNIT_COSTS.items()
        if name not in existing
    )
    return schedules, len(UNIT_COSTS) - len(existing)
