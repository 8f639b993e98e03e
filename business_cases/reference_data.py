"""Reference data for business cases: the partnership's default discount-rate schedule and an
illustrative unit-cost library. Plain data, used by a data migration and by the demo.

Every unit cost here is ILLUSTRATIVE: an order of magnitude for demonstrations and training, not
an established cost. The coordinator replaces them with sourced values in the Wagtail admin.
Names, units, descriptions and sources are stored in Swedish, as seeded; `shown()` gives a
seeded text in the reader's language (a name a coordinator typed stays as typed).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

DEFAULT_SCHEDULE = {
    "name": N_("Standard (3,5 % år 0–30, 3,0 % därefter)"),
    "steps": [[0, 3.5], [31, 3.0]],
    "valid_from": "2025-01-01",
    "source": N_(
        "Partnerskapets standard, efter samhällsekonomisk praxis (HM Treasury Green Book)."
    ),
}

ILLUSTRATIVE_SOURCE = N_("Illustrativt värde, demo (storleksordning, ej fastställd kostnad)")
PRICE_YEAR = 2024

# name: (amount SEK, per, actor, value type, confidence grade, description)
UNIT_COSTS = {
    N_("Höftfraktur, vårdkedja"): (
        250_000,
        N_("fraktur"),
        "region",
        "fiscal_non_cashable",
        4,
        N_("Akutvård, operation, vårddygn och rehabilitering efter en höftfraktur."),
    ),
    N_("Vårddygn i slutenvård"): (
        9_000,
        N_("vårddygn"),
        "region",
        "fiscal_non_cashable",
        3,
        N_("Ett vårddygn på en somatisk vårdavdelning."),
    ),
    N_("Läkarbesök i primärvården"): (
        2_500,
        N_("besök"),
        "region",
        "fiscal_non_cashable",
        3,
        N_("Ett mottagningsbesök hos läkare."),
    ),
    N_("Akutbesök utan inläggning"): (
        4_500,
        N_("besök"),
        "region",
        "fiscal_non_cashable",
        3,
        N_("Ett besök på akutmottagning som inte leder till inläggning."),
    ),
    N_("Besök i barn- och ungdomspsykiatrin"): (
        5_000,
        N_("besök"),
        "region",
        "fiscal_non_cashable",
        4,
        N_("Ett besök i BUP."),
    ),
    N_("Kariesbehandling, barn"): (
        2_000,
        N_("barn och år"),
        "region",
        "fiscal_cashable",
        4,
        N_("Lagning av karies hos ett barn under ett år."),
    ),
    N_("Hemtjänsttimme"): (
        550,
        N_("timme"),
        "kommun",
        "fiscal_cashable",
        3,
        N_("En timme beviljad hemtjänst."),
    ),
    N_("Plats i särskilt boende"): (
        900_000,
        N_("plats och år"),
        "kommun",
        "fiscal_cashable",
        3,
        N_("Ett års plats i särskilt boende för äldre."),
    ),
    N_("Placering på HVB, ungdom"): (
        1_400_000,
        N_("placering och år"),
        "kommun",
        "fiscal_cashable",
        4,
        N_("Ett års placering av en ungdom på hem för vård eller boende."),
    ),
    N_("Särskilt stöd i skolan"): (
        80_000,
        N_("elev och år"),
        "kommun",
        "fiscal_non_cashable",
        5,
        N_("Extra anpassningar och särskilt stöd för en elev under ett läsår."),
    ),
    N_("Ekonomiskt bistånd"): (
        90_000,
        N_("hushåll och år"),
        "kommun",
        "fiscal_cashable",
        4,
        N_("Försörjningsstöd till ett hushåll under ett år."),
    ),
    N_("Sjukpenningdag"): (
        900,
        N_("dag"),
        "stat",
        "fiscal_cashable",
        3,
        N_("En dag med sjukpenning från Försäkringskassan."),
    ),
    N_("Sjuklönedag"): (
        1_600,
        N_("dag"),
        "arbetsgivare",
        "economic",
        3,
        N_("Arbetsgivarens sjuklön för en sjukdag (dag 2–14)."),
    ),
    N_("Produktionsbortfall per frånvarodag"): (
        2_400,
        N_("dag"),
        "arbetsgivare",
        "economic",
        5,
        N_("Förlorat produktionsvärde när en anställd är borta en dag."),
    ),
    N_("Vunnet kvalitetsjusterat levnadsår (QALY)"): (
        500_000,
        N_("QALY"),
        "individ",
        "social",
        5,
        N_("Värdet av ett år i full hälsa för individen."),
    ),
    N_("Volontärtimme i civilsamhället"): (
        300,
        N_("timme"),
        "civilsamhalle",
        "economic",
        5,
        N_("En timme ideellt arbete."),
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


def _seeded() -> frozenset[str]:
    texts = {DEFAULT_SCHEDULE["name"], DEFAULT_SCHEDULE["source"], ILLUSTRATIVE_SOURCE}
    for name, (_amount, unit, _actor, _type, _grade, description) in UNIT_COSTS.items():
        texts.update((name, unit, description))
    return frozenset(texts)


SEEDED = _seeded()


def shown(text: str | None) -> str | None:
    """A seeded reference text in the reader's language: "Standard (3.5 % years 0–30, …)" on
    an English page; any other text (a schedule a coordinator named) as stored."""
    return gettext(text) if text in SEEDED else text
