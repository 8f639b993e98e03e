"""The world the permission matrix runs in: two organisations, one user per role, and for every
kind of record a private copy whose title carries a marker word (see SECRETS).

Every response the matrix gets is searched for the markers a role may not see, so a private
pilot, report, lesson, business case, appraisal draft or programme that turns up in a list, a
search hit, a feed or an API page is a leak wherever it happens.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from wagtail.users.models import UserProfile

from benchmarking.models import Kpi, PeerGroup
from business_cases.models import BusinessCase, BusinessCaseLine, DiscountRateSchedule, UnitCost
from cms.models import GoalContribution, StandardPage, UpdateSubscription
from learning.factories import AppraisalFactory, ClosingReportFactory, PracticeFactory
from learning.rules import ensure_appraisal_group
from partners.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from partners.models import Kommun, Role
from pilots.factories import LessonFactory, PeriodReportFactory, PilotFactory
from pilots.models import CellComment, PartnerRole, PilotPartner, ReportStatus, ValidationRule
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import GateDecision, Payout, ProgressReport
from search.services import reindex_all
from tests.cms import helpers as cms_helpers

# Roles of tests/conftest.py plus the appraisal group's member of tests/learning/conftest.py.
ROLES = (
    "anonymous",
    "outsider",
    "other_member",
    "viewer",
    "reporter",
    "approver",
    "org_admin",
    "appraiser",
    "coordinator",
)
ORG_A = frozenset({"viewer", "reporter", "approver", "org_admin", "coordinator"})
APPROVED_ORG_MEMBERS = ORG_A | {"other_member"}

# marker word → the roles that may see it. Words are ASCII and unique, so HTML or JSON escaping
# never hides them and no other text contains them.
SECRETS = {
    "XDRAFTPILOTX": ORG_A,  # a draft (private) pilot of organisation A
    "XPRIVATEPILOTX": ORG_A,  # an active private pilot of A
    "XPARTNERSHIPPILOTX": APPROVED_ORG_MEMBERS,  # visible to members of approved partners
    "XOTHERPILOTX": frozenset({"other_member", "coordinator"}),  # B's private pilot
    "XDRAFTREPORTX": ORG_A,  # a submitted, unapproved report on A's public pilot
    "XDRAFTLESSONX": ORG_A,  # a lesson on that unapproved report
    "XPRIVATELESSONX": ORG_A,  # a lesson of the private pilot
    "XDRAFTCASEX": ORG_A,  # a draft business case on A's public pilot
    "XPRIVATEPRACTICEX": ORG_A,  # a practice whose original pilot is private
    "XAPPRAISALDRAFTX": frozenset({"appraiser", "coordinator"}),  # an appraisal in review
    "XPRIVATEPROGRAMMEX": ORG_A,  # a private programme owned by A
    "XPROGRESSDRAFTX": ORG_A,  # a draft progress report of A's public programme
    "XGATEDECISIONX": ORG_A,  # a gate decision's rationale
    "XPAYOUTX": ORG_A,  # a fund payout note
    "XPENDINGORGX": frozenset({"coordinator"}),  # an organisation waiting for approval
    "XPEERGROUPX": frozenset({"reporter"}),  # the reporter's own peer group
    "XDRAFTPAGEX": frozenset({"coordinator"}),  # an unpublished page: the admin shows it
    "XCLOSINGX": ORG_A,  # the closing report of the private pilot
    "XPRIVATERULEX": ORG_A,  # a validation rule of the private pilot
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


def build_world() -> World:
    """Create every record the matrix needs; called once per test module."""
    w = World()
    kommun = Kommun.objects.get(code="2480")
    org_a = OrganisationFactory(name="Testkommunens förvaltning", kind="kommun", kommun=kommun)
    org_b = OrganisationFactory(name="Annan organisation")
    pending = OrganisationFactory(name="Organisation XPENDINGORGX", pending=True)
    _member(pending, Role.ADMIN)
    u = w.users
    u["org_admin"] = _member(org_a, Role.ADMIN)
    u["approver"] = _member(org_a, Role.APPROVER)
    u["reporter"] = _member(org_a, Role.REPORTER)
    u["viewer"] = _member(org_a, Role.VIEWER)
    u["other_member"] = _member(org_b, Role.ADMIN)
    u["coordinator"] = UserFactory(coordinator=True)
    u["outsider"] = UserFactory()
    u["appraiser"] = UserFactory()
    u["appraiser"].groups.add(ensure_appraisal_group())
    for user in u.values():  # the admin makes one on a user's first visit: not a write to catch
        UserProfile.get_for_user(user)
    o = w.objects
    o.update(org_a=org_a, org_b=org_b, pending_org=pending, kommun=kommun)
    o["viewer_membership"] = u["viewer"].memberships.get()
    o["viewer_email"] = u["viewer"].email
    o["invitation"] = InvitationFactory(organisation=org_a, invited_by=u["org_admin"])

    _pilots(w)
    _learning(w)
    _programmes(w)
    _cms(w)
    o["peer_group"] = PeerGroup.objects.create(name="Grupp XPEERGROUPX", owner=u["reporter"])
    o["peer_group"].kommuner.set(Kommun.objects.order_by("code")[:3])
    o["kpi"] = Kpi.objects.create(id="N99990", title="Matrisens KPI", unit="%")
    o["unit_cost"] = UnitCost.objects.create(
        name="Vårddygn (matris)",
        amount_sek=Decimal(5000),
        unit="dygn",
        actor="region",
        value_type="fiscal_cashable",
        price_year=2025,
        source="Matris",
        confidence=2,
    )
    o["discount_schedule"] = DiscountRateSchedule.objects.first() or (
        DiscountRateSchedule.objects.create(
            name="Matris", steps=[[0, 3.5]], valid_from=dt.date(2020, 1, 1)
        )
    )
    o["subscription"] = UpdateSubscription.objects.create(email="prenumerant@example.se")
    reindex_all(batch_size=50)
    return w


def _pilots(w: World) -> None:
    o, org_a = w.objects, w.objects["org_a"]
    kommun = o["kommun"]
    o["draft_pilot"] = PilotFactory(
        title="Pilot XDRAFTPILOTX", lead_organisation=org_a, draft=True, private=True, indicators=1
    )
    private = PilotFactory(
        title="Pilot XPRIVATEPILOTX",
        lead_organisation=org_a,
        private=True,
        indicators=1,
        approved_reports=1,
    )
    o["private_pilot"] = private
    periods = list(private.periods.order_by("start"))
    o["private_period"] = periods[1]
    o["private_report"] = PeriodReportFactory(
        period=periods[1], status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    o["cell_comment"] = CellComment.objects.create(
        report=o["private_report"], pilot_indicator=private.indicators.get(), text="Stämmer det?"
    )
    o["private_lesson"] = LessonFactory(
        pilot=private, report=o["private_report"], title="Lärdom XPRIVATELESSONX"
    )
    ClosingReportFactory(pilot=private, what_worked="XCLOSINGX fungerade")
    BusinessCase.objects.create(pilot=private, price_year=2025, base_year=2025, is_draft=True)

    public = PilotFactory(
        title="Öppen pilot", lead_organisation=org_a, indicators=1, approved_reports=1
    )
    public.kommuner.add(kommun)
    o["public_pilot"] = public
    ppd = list(public.periods.order_by("start"))
    o["public_draft_report"] = PeriodReportFactory(
        period=ppd[1],
        status=ReportStatus.SUBMITTED,
        narrative="XDRAFTREPORTX",
        submitted_at=timezone.now(),
    )
    LessonFactory(pilot=public, report=o["public_draft_report"], title="Lärdom XDRAFTLESSONX")
    LessonFactory(pilot=public, report=public.reports.get(status=ReportStatus.APPROVED))
    case = BusinessCase.objects.create(
        pilot=public, price_year=2025, base_year=2025, is_draft=True, notes="XDRAFTCASEX"
    )
    o["case_line"] = BusinessCaseLine.objects.create(
        business_case=case, kind="cost", label="Kostnad XDRAFTCASEX", actor="kommun"
    )
    o["partnership_pilot"] = PilotFactory(
        title="Pilot XPARTNERSHIPPILOTX", lead_organisation=org_a, partnership=True
    )
    o["other_pilot"] = PilotFactory(
        title="Pilot XOTHERPILOTX", lead_organisation=o["org_b"], private=True, indicators=1
    )
    # Validation rules: one of the library, and pilot rules of A's private and public pilots and
    # of B's private pilot.
    o["library_rule"] = _rule(None, "Biblioteksregel", private.indicators.get().indicator_id)
    o["private_rule"] = _rule(private, "Regel XPRIVATERULEX", private.indicators.get().indicator_id)
    _rule(public, "Öppen pilots regel", public.indicators.get().indicator_id)
    _rule(o["other_pilot"], "Regel XOTHERPILOTX", o["other_pilot"].indicators.get().indicator_id)


def _rule(pilot, name, indicator_id):
    """A warning that holds for any value: {indicator} ≥ 0."""
    return ValidationRule.objects.create(
        pilot=pilot,
        name=name,
        message=f"{name} håller inte.",
        severity="warning",
        left=[
            {
                "k": "cell",
                "indicator": indicator_id,
                "gender": "T",
                "band": "",
                "part": "value",
                "coef": "1",
            }
        ],
        operator=">=",
        right=[{"k": "const", "value": "0"}],
    )


def _learning(w: World) -> None:
    o = w.objects
    o["practice"] = PracticeFactory(title="Öppen praktik", original_pilot=o["public_pilot"])
    o["published_appraisal"] = AppraisalFactory(practice=o["practice"], published=True)
    o["draft_appraisal"] = AppraisalFactory(
        practice=o["practice"], in_review=True, rationale="XAPPRAISALDRAFTX"
    )
    o["draft_appraisal"].authors.add(w.users["coordinator"])
    o["private_practice"] = PracticeFactory(
        title="Praktik XPRIVATEPRACTICEX", original_pilot=o["private_pilot"]
    )


def _programmes(w: World) -> None:
    o, org_a = w.objects, w.objects["org_a"]
    # A's managers accept the approved reports of the programme's pilots (issue 22).
    programme = ProgrammeFactory(
        name="Öppet program", owner=org_a, stages=1, requires_acceptance=True
    )
    o["programme"] = programme
    o["acceptance_report"] = o["public_pilot"].reports.get(status=ReportStatus.APPROVED)
    o["programme_stage"] = programme.stages.get()
    member = ProgrammePilotFactory(programme=programme, pilot=o["public_pilot"])
    o["programme_membership"] = member
    o["applied_membership"] = ProgrammePilotFactory(
        programme=programme, pilot=o["partnership_pilot"], applied=True
    )
    o["gate_decision"] = GateDecision.objects.create(
        membership=member,
        stage=o["programme_stage"],
        decision="continue",
        rationale="XGATEDECISIONX",
        decided_at=timezone.now(),
    )
    o["payout"] = Payout.objects.create(
        membership=member, paid_on=dt.date(2025, 3, 1), amount_sek=Decimal(1000), note="XPAYOUTX"
    )
    o["progress_report"] = ProgressReport.objects.create(
        programme=programme,
        title="Lägesrapport XPROGRESSDRAFTX",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    o["private_programme"] = ProgrammeFactory(
        name="Program XPRIVATEPROGRAMMEX", owner=org_a, private=True
    )
    ProgrammePilotFactory(programme=o["private_programme"], pilot=o["private_pilot"])
    # Organisation B is a partner (not the lead) of a private pilot in a private programme: its
    # members may see both (issue 17: the programme list once forgot partner organisations).
    o["partnered_pilot"] = PilotFactory(
        title="Pilot med partner", lead_organisation=org_a, private=True
    )
    PilotPartner.objects.create(
        pilot=o["partnered_pilot"], organisation=o["org_b"], role=PartnerRole.IMPLEMENTER
    )
    o["partnered_programme"] = ProgrammeFactory(
        name="Program med partner", owner=org_a, private=True
    )
    ProgrammePilotFactory(programme=o["partnered_programme"], pilot=o["partnered_pilot"])


def _cms(w: World) -> None:
    o = w.objects
    o["home"] = cms_helpers.home()
    o["news"] = cms_helpers.update_index()
    o["update"] = cms_helpers.update()
    o["goal"] = cms_helpers.goal()
    GoalContribution.objects.create(goal=o["goal"], pilot=o["private_pilot"])
    o["draft_page"] = StandardPage(title="Sida XDRAFTPAGEX", slug="utkastsida", live=False)
    o["home"].add_child(instance=o["draft_page"])
