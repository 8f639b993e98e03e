"""A hand-built pilot whose IATI export the tests check field by field."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from partners.factories import OrganisationFactory
from partners.models import Kommun, OrganisationKind, Region
from pilots.factories import IndicatorFactory, PeriodReportFactory, PilotFactory
from pilots.models import (
    IndicatorTarget,
    IndicatorValue,
    Measure,
    PartnerRole,
    PilotIndicator,
    PilotPartner,
    ReportStatus,
)
from pilots.models.indicators import Direction
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory


@dataclass
class HandBuilt:
    pilot: object
    lead: object
    implementer: object
    evaluator: object
    co_funder: object
    funder: object
    programme: object
    kommun: object
    region: object
    falls: object
    share: object
    story: object


def hand_built_pilot() -> HandBuilt:
    """Fall prevention in Umeå: three indicators (number by kön and age band, percent,
    qualitative), Q1 approved, Q2 submitted (never exported), partners of every role and a
    public programme that funds it."""
    kommun = Kommun.objects.get(code="2480")
    region = Region.objects.get(lan_code="24")
    lead = OrganisationFactory(
        name="Umeå kommun",
        slug="umea-kommun",
        kind=OrganisationKind.KOMMUN,
        kommun=kommun,
        org_number="212000-2742",
    )
    implementer = OrganisationFactory(name="Träffpunkt Umeå", org_number="802400-0005")
    evaluator = OrganisationFactory(
        name="Umeå universitet", kind=OrganisationKind.AKADEMI, org_number="202100-2874"
    )
    co_funder = OrganisationFactory(
        name="Folkhälsomyndigheten", kind=OrganisationKind.MYNDIGHET, org_number="202100-6545"
    )
    funder = OrganisationFactory(
        name="Region Västerbotten", kind=OrganisationKind.REGION, org_number="232100-0222"
    )
    pilot = PilotFactory(
        title="Fallprevention i hemtjänsten",
        slug="fallprevention-umea",
        title_en="Fall prevention in home care",
        summary="Hemtjänstpersonal tränar balans med äldre i hemmet.",
        summary_en="Home care staff train balance with older people at home.",
        health_area="fall_skador",
        lead_organisation=lead,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    pilot.kommuner.set([kommun])
    pilot.regioner.set([region])
    PilotPartner.objects.create(pilot=pilot, organisation=lead, role=PartnerRole.LEAD)
    for organisation, role in [
        (implementer, PartnerRole.IMPLEMENTER),
        (evaluator, PartnerRole.EVALUATOR),
        (co_funder, PartnerRole.CO_FUNDER),
    ]:
        PilotPartner.objects.create(pilot=pilot, organisation=organisation, role=role)
    programme = ProgrammeFactory(owner=funder, name="Friska äldre", slug="friska-aldre")
    ProgrammePilotFactory(programme=programme, pilot=pilot)

    falls = PilotIndicator.objects.create(
        pilot=pilot,
        indicator=IndicatorFactory(
            name="Fallolyckor som ledde till vård",
            definition="Antal fallolyckor bland brukarna som ledde till sjukhusvård.",
            unit="fall",
            direction=Direction.LOWER,
            kolada_kpi="U21468",
            by_gender=True,
            age_bands=["65-79", "80+"],
        ),
        baseline_value=Decimal("40"),
        baseline_date=dt.date(2024, 12, 31),
        baseline_note="Helåret 2024.",
        order=0,
    )
    IndicatorTarget.objects.create(
        pilot_indicator=falls, target_date=dt.date(2025, 12, 31), value=Decimal("30")
    )
    share = PilotIndicator.objects.create(
        pilot=pilot,
        indicator=IndicatorFactory(
            name="Andel brukare som tränar balans",
            measure=Measure.PERCENT,
            unit="%",
            direction=Direction.HIGHER,
        ),
        baseline_value=Decimal("20"),
        baseline_date=dt.date(2024, 12, 31),
        order=1,
    )
    IndicatorTarget.objects.create(
        pilot_indicator=share, target_date=dt.date(2025, 6, 30), value=Decimal("50")
    )
    # A target after the pilot's last period gets a period of its own.
    IndicatorTarget.objects.create(
        pilot_indicator=share, target_date=dt.date(2026, 6, 30), value=Decimal("60")
    )
    story = PilotIndicator.objects.create(
        pilot=pilot,
        indicator=IndicatorFactory(name="Personalens erfarenheter", qualitative=True),
        baseline_date=dt.date(2024, 12, 31),
        baseline_note="Ingen strukturerad träning före piloten.",
        order=2,
    )

    periods = list(pilot.periods.order_by("start"))
    approved = PeriodReportFactory(period=periods[0], status=ReportStatus.APPROVED)
    cells = [
        (falls, "T", "", {"value": Decimal("38")}),
        (falls, "K", "", {"value": Decimal("22")}),
        (falls, "M", "", {"value": Decimal("16")}),
        (falls, "K", "80+", {"value": Decimal("12")}),
        (falls, "T", "65-79", {"value": None}),  # an empty cell is not an actual
        (share, "T", "", {"value": Decimal("30"), "numerator": 12, "denominator": 40}),
        (story, "T", "", {"text": "Brukarna uppskattar träningen."}),
    ]
    for link, gender, band, fields in cells:
        IndicatorValue.objects.create(
            report=approved, pilot_indicator=link, gender=gender, age_band=band, **fields
        )
    submitted = PeriodReportFactory(period=periods[1], status=ReportStatus.SUBMITTED)
    IndicatorValue.objects.create(report=submitted, pilot_indicator=falls, value=Decimal("999"))
    IndicatorValue.objects.create(report=submitted, pilot_indicator=story, text="Ej godkänd.")
    return HandBuilt(
        pilot=pilot,
        lead=lead,
        implementer=implementer,
        evaluator=evaluator,
        co_funder=co_funder,
        funder=funder,
        programme=programme,
        kommun=kommun,
        region=region,
        falls=falls,
        share=share,
        story=story,
    )
