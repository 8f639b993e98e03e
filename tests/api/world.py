"""A populated database for the API fuzz tests: one organisation's pilot with every kind of record
an endpoint reads or writes, so generated requests reach real objects instead of only 404s."""

from dataclasses import dataclass, field

from django.utils import timezone
from rest_framework.authtoken.models import Token

from benchmarking.models import PeerGroup
from business_cases.models import DiscountRateSchedule, UnitCost
from learning.factories import AppraisalFactory, PracticeFactory
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Kommun, Region, Role
from pilots.factories import LessonFactory, PeriodReportFactory, PilotFactory
from pilots.models import IndicatorValue, ReportStatus
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import Decision, GateDecision, ProgressReport
from tests.benchmarking.helpers import make_kpi, make_values
from tests.business_cases.helpers import pilot_with_case


@dataclass
class World:
    member: object
    coordinator: object
    # path template → values for its path parameters
    path_values: dict[str, dict] = field(default_factory=dict)

    def token_for(self, user) -> str:
        return Token.objects.get_or_create(user=user)[0].key


def build_world() -> World:
    organisation = OrganisationFactory(name="Fuzzkommunens förvaltning")
    member = MembershipFactory(organisation=organisation, role=Role.APPROVER).user
    coordinator = UserFactory(coordinator=True)

    pilot = PilotFactory(lead_organisation=organisation, indicators=2, approved_reports=1)
    periods = list(pilot.periods.order_by("start"))
    draft = PeriodReportFactory(period=periods[1], status=ReportStatus.DRAFT)
    for link in pilot.indicators.all():
        IndicatorValue.objects.create(report=draft, pilot_indicator=link, value=12)
    PeriodReportFactory(period=periods[2], status=ReportStatus.SUBMITTED)
    lesson = LessonFactory(pilot=pilot)

    case_pilot, case = pilot_with_case(organisation, lines=2, years=3)
    line = case.lines.order_by("pk").first()

    practice = PracticeFactory(original_pilot=pilot)
    appraisal = AppraisalFactory(practice=practice)

    programme = ProgrammeFactory(owner=organisation, stages=2)
    programme_pilot = ProgrammePilotFactory(programme=programme, pilot=case_pilot)
    ProgrammePilotFactory(programme=programme, applied=True)
    progress = ProgressReport.objects.create(
        programme=programme,
        title="Första halvåret",
        period_start=programme.start_date,
        period_end=programme.start_date.replace(month=6, day=30),
    )

    decision = GateDecision.objects.create(
        membership=programme_pilot,
        stage=programme_pilot.stage,
        decision=Decision.CONTINUE,
        rationale="Målen för fasen är nådda.",
        decided_at=timezone.now(),
    )

    kommuner = list(Kommun.objects.order_by("code")[:6])
    kpi = make_kpi("N00945")
    make_values(kpi.id, {k.code: {2023: 40 + i, 2024: 42 + i} for i, k in enumerate(kommuner)})
    peer_group = PeerGroup.objects.create(name="Mina jämförelsekommuner", owner=member)
    peer_group.kommuner.set(kommuner)

    world = World(member=member, coordinator=coordinator)
    world.draft_report, world.open_period, world.line = draft, periods[3], line
    world.case_pilot_slug = case_pilot.slug
    world.path_values = {
        "/api/v1/appraisals/{id}/": {"id": appraisal.pk},
        "/api/v1/business-case-lines/{id}/": {"id": line.pk},
        "/api/v1/business-cases/{pilot_slug}/": {"pilot_slug": case_pilot.slug},
        "/api/v1/discount-schedules/{id}/": {"id": DiscountRateSchedule.objects.first().pk},
        "/api/v1/gate-decisions/{id}/": {"id": decision.pk},
        "/api/v1/iati/organisations/{slug}/": {"slug": organisation.slug},
        "/api/v1/iati/pilots/{slug}/": {"slug": pilot.slug},
        "/api/v1/iati/programmes/{slug}/": {"slug": programme.slug},
        "/api/v1/indicators/{id}/": {"id": pilot.indicators.first().pk},
        "/api/v1/kommuner/{code}/": {"code": kommuner[0].code},
        "/api/v1/kpis/{id}/": {"id": kpi.id},
        "/api/v1/lessons/{id}/": {"id": lesson.pk},
        "/api/v1/organisations/{slug}/": {"slug": organisation.slug},
        "/api/v1/peer-groups/{id}/": {"id": peer_group.pk},
        "/api/v1/periods/{id}/": {"id": periods[1].pk},
        "/api/v1/pilots/{slug}/": {"slug": pilot.slug},
        "/api/v1/practices/{slug}/": {"slug": practice.slug},
        "/api/v1/programme-memberships/{id}/": {"id": programme_pilot.pk},
        "/api/v1/programmes/{slug}/": {"slug": programme.slug},
        "/api/v1/progress-reports/{id}/": {"id": progress.pk},
        "/api/v1/regioner/{lan_code}/": {"lan_code": Region.objects.first().lan_code},
        "/api/v1/reports/{id}/": {"id": draft.pk},
        "/api/v1/unit-costs/{id}/": {"id": UnitCost.objects.first().pk},
    }
    return world


def real_path_parameters(world: World, path: str) -> dict | None:
    """Values naming existing objects for `path` (matched on its longest known prefix)."""
    for template in sorted(world.path_values, key=len, reverse=True):
        if path.startswith(template):
            return world.path_values[template]
    return None
