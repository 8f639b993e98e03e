"""Services for registering a pilot: drafts, steps, partners, plan, indicators, publishing."""

import datetime as dt
from decimal import Decimal
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners.factories import OrganisationFactory, UserFactory
from partners.models import AuditEvent, Kommun, Region, Role
from pilots import services
from pilots.factories import IndicatorFactory, PeriodReportFactory, PilotFactory
from pilots.models import (
    EvaluationPlan,
    Indicator,
    IndicatorValue,
    PartnerRole,
    Pilot,
    PilotIndicator,
    PilotStatus,
    ReportStatus,
)

pytestmark = pytest.mark.django_db


def _events(pilot, action):
    return AuditEvent.objects.for_object(pilot).filter(action=action)


@pytest.fixture
def draft(reporter, organisation):
    return services.pilot_create_draft(
        actor=reporter, lead_organisation=organisation, title="Mat för äldre"
    )


def _complete(pilot, actor):
    pilot = services.pilot_update(
        pilot=pilot,
        actor=actor,
        expected_version=pilot.version,
        summary="Screening av undernäring i hemtjänsten.",
        health_area="undernaring",
        life_stage="aldre",
        arena="aldreomsorg",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        kommuner=Kommun.objects.filter(code="2480"),
    )
    services.evaluation_plan_update(
        pilot=pilot,
        actor=actor,
        theory_of_change="Om vi screenar tidigt …",
        design="before_after",
        design_notes="",
        cadence="quarter",
        due_days=30,
    )
    link = services.pilot_indicator_add(pilot=pilot, actor=actor, indicator=IndicatorFactory())
    services.pilot_indicator_update(
        pilot_indicator=link,
        actor=actor,
        baseline_value=Decimal("12"),
        baseline_date=dt.date(2024, 12, 31),
        targets=[(dt.date(2025, 12, 31), Decimal("30"))],
    )
    return Pilot.objects.get(pk=pilot.pk)


# --- Creating a draft ---


def test_reporter_creates_a_draft_with_lead_partner_plan_and_audit(draft, reporter, organisation):
    assert draft.status == PilotStatus.DRAFT and draft.slug == "mat-for-aldre"
    assert draft.created_by == reporter and draft.version == 1
    assert list(draft.partners.values_list("organisation", "role")) == [
        (organisation.pk, PartnerRole.LEAD)
    ]
    assert EvaluationPlan.objects.filter(pilot=draft).exists()
    assert _events(draft, "pilot.created").get().changes["title"] == [None, "Mat för äldre"]


def test_slugs_are_unique(reporter, organisation, draft):
    other = services.pilot_create_draft(
        actor=reporter, lead_organisation=organisation, title="Mat för äldre"
    )
    assert other.slug == "mat-for-aldre-2"


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_only_editors_of_the_organisation_create_drafts(request, role, organisation):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.pilot_create_draft(actor=user, lead_organisation=organisation, title="X")
    assert not Pilot.objects.exists()


def test_pending_organisation_cannot_lead_a_pilot(reporter):
    pending = OrganisationFactory(pending=True)
    from partners.factories import MembershipFactory

    MembershipFactory(user=reporter, organisation=pending, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.pilot_create_draft(actor=reporter, lead_organisation=pending, title="X")


def test_blank_title_and_reversed_dates_are_refused(reporter, organisation):
    with pytest.raises(ValidationError) as exc:
        services.pilot_create_draft(actor=reporter, lead_organisation=organisation, title="  ")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.pilot_create_draft(
            actor=reporter,
            lead_organisation=organisation,
            title="X",
            start_date=dt.date(2025, 5, 1),
            end_date=dt.date(2025, 1, 1),
        )
    assert "end_date" in exc.value.message_dict
    assert not Pilot.objects.exists()


# --- Updating ---


def test_update_records_old_and_new_values_and_bumps_the_version(draft, reporter):
    pilot = services.pilot_update(
        pilot=draft,
        actor=reporter,
        expected_version=1,
        title="Mat och gemenskap",
        budget_sek=Decimal(50000),
        kommuner=Kommun.objects.filter(code__in=["0180", "2480"]),
    )
    assert pilot.version == 2
    event = _events(pilot, "pilot.updated").get()
    assert event.changes["title"] == ["Mat för äldre", "Mat och gemenskap"]
    assert event.changes["kommuner"] == [[], ["0180", "2480"]]
    assert event.organisation == pilot.lead_organisation
    assert pilot.slug == "mat-for-aldre"


def test_update_that_changes_nothing_keeps_the_version(draft, reporter):
    pilot = services.pilot_update(
        pilot=draft, actor=reporter, expected_version=1, title="Mat för äldre"
    )
    assert pilot.version == 1 and not _events(pilot, "pilot.updated").exists()


def test_stale_version_is_refused_with_a_reload_message(draft, reporter, approver):
    services.pilot_update(pilot=draft, actor=approver, expected_version=1, summary="Första")
    with pytest.raises(ValidationError) as exc:
        services.pilot_update(pilot=draft, actor=reporter, expected_version=1, summary="Andra")
    assert "Ladda om" in exc.value.messages[0]
    assert Pilot.objects.get(pk=draft.pk).summary == "Första"


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_others_cannot_update(request, role, draft):
    with pytest.raises(PermissionDenied):
        services.pilot_update(
            pilot=draft, actor=request.getfixturevalue(role), expected_version=1, title="X"
        )


def test_invalid_fields_are_refused_without_a_partial_write(draft, reporter):
    with pytest.raises(ValidationError) as exc:
        services.pilot_update(
            pilot=draft,
            actor=reporter,
            expected_version=1,
            health_area="nonsense",
            budget_sek=Decimal(-5),
            kommuner=Kommun.objects.filter(code="0180"),
        )
    assert {"health_area", "budget_sek"} <= set(exc.value.message_dict)
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.kommuner.exists()


def test_coordinator_and_pilot_level_reporter_may_edit(draft, coordinator, org_admin):
    services.pilot_update(pilot=draft, actor=coordinator, expected_version=1, summary="K")
    evaluator = UserFactory()
    services.pilot_membership_grant(
        pilot=draft, actor=org_admin, user=evaluator, role=Role.REPORTER
    )
    pilot = services.pilot_update(pilot=draft, actor=evaluator, expected_version=2, summary="U")
    assert pilot.summary == "U"


# --- Partners, plan ---


def test_partners_keep_the_lead_and_record_the_change(draft, reporter, organisation):
    funder = OrganisationFactory(name="Region Test")
    pilot = services.pilot_set_partners(
        pilot=draft,
        actor=reporter,
        partners=[(funder, PartnerRole.CO_FUNDER), (funder, PartnerRole.EVALUATOR)],
    )
    assert set(pilot.partners.values_list("organisation", "role")) == {
        (organisation.pk, "lead"),
        (funder.pk, "co_funder"),
        (funder.pk, "evaluator"),
    }
    assert pilot.version == 2
    pilot = services.pilot_set_partners(pilot=pilot, actor=reporter, partners=[])
    assert list(pilot.partners.values_list("organisation", "role")) == [(organisation.pk, "lead")]
    event = _events(pilot, "pilot.partners_changed").first()
    assert event.changes["partners"][1] == ["Testkommunens förvaltning (Huvudman)"]


def test_partner_errors_a_second_lead_an_unapproved_organisation_an_unknown_role(draft, reporter):
    with pytest.raises(ValidationError) as exc:
        services.pilot_set_partners(
            pilot=draft,
            actor=reporter,
            partners=[
                (OrganisationFactory(), PartnerRole.LEAD),
                (OrganisationFactory(pending=True), PartnerRole.IMPLEMENTER),
                (OrganisationFactory(), "boss"),
            ],
        )
    assert len(exc.value.message_dict["partners"]) == 3
    assert draft.partners.count() == 1


def test_evaluation_plan_update_and_its_errors(draft, reporter):
    plan = services.evaluation_plan_update(
        pilot=draft,
        actor=reporter,
        theory_of_change="Om … så …",
        design="rct",
        design_notes="",
        cadence="month",
        due_days=20,
    )
    assert plan.cadence == "month"
    assert _events(draft, "pilot.evaluation_plan_updated").get().changes["cadence"] == [
        "quarter",
        "month",
    ]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_plan_update(
            pilot=draft,
            actor=reporter,
            theory_of_change="",
            design="guesswork",
            design_notes="",
            cadence="fortnight",
            due_days=20,
        )
    assert {"design", "cadence"} <= set(exc.value.message_dict)


# --- Periods ---


def test_dates_and_cadence_generate_periods(draft, reporter):
    pilot = services.pilot_update(
        pilot=draft,
        actor=reporter,
        expected_version=1,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    assert list(pilot.periods.values_list("label", flat=True)) == [
        "2025 K1",
        "2025 K2",
        "2025 K3",
        "2025 K4",
    ]
    services.evaluation_plan_update(
        pilot=pilot,
        actor=reporter,
        theory_of_change="",
        design="",
        design_notes="",
        cadence="half_year",
        due_days=10,
    )
    assert list(pilot.periods.values_list("label", "due_date")) == [
        ("2025 H1", dt.date(2025, 7, 10)),
        ("2025 H2", dt.date(2026, 1, 10)),
    ]


def test_regeneration_keeps_reported_and_locked_periods(reporter):
    pilot = PilotFactory(lead_organisation=reporter.memberships.get().organisation)
    q1, q2, q3, _q4 = pilot.periods.order_by("start")
    report = PeriodReportFactory(period=q1, status=ReportStatus.APPROVED)
    PeriodReportFactory(period=q2, status=ReportStatus.DRAFT)
    q3.is_locked = True
    q3.save()
    kept = {p.pk for p in (q1, q2, q3)}
    pilot = services.pilot_update(
        pilot=pilot, actor=reporter, expected_version=pilot.version, end_date=dt.date(2026, 3, 31)
    )
    services.evaluation_plan_update(
        pilot=pilot,
        actor=reporter,
        theory_of_change="Om … så …",
        design="before_after",
        design_notes="",
        cadence="month",
        due_days=30,
    )
    periods = list(pilot.periods.order_by("start"))
    assert kept <= {p.pk for p in periods}
    assert [p.label for p in periods[:3]] == ["2025 K1", "2025 K2", "2025 K3"]
    assert [p.label for p in periods[3:]] == [
        "okt 2025",
        "nov 2025",
        "dec 2025",
        "jan 2026",
        "feb 2026",
        "mar 2026",
    ]
    assert PilotIndicator.objects.count() == 0 and report.period_id == q1.pk
    # No overlapping periods.
    for a, b in pairwise(periods):
        assert a.end < b.start
    assert services.periods_regenerate(pilot=pilot) == (0, 0)


def test_regeneration_fills_around_a_reported_period_with_another_cadence(reporter):
    pilot = PilotFactory(lead_organisation=reporter.memberships.get().organisation, plan="month")
    feb = pilot.periods.get(label="feb 2025")
    PeriodReportFactory(period=feb)
    services.evaluation_plan_update(
        pilot=pilot,
        actor=reporter,
        theory_of_change="Om … så …",
        design="before_after",
        design_notes="",
        cadence="quarter",
        due_days=30,
    )
    first = list(pilot.periods.order_by("start").values_list("start", "end", "label")[:3])
    assert first == [
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31), "2025 K1"),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 28), "feb 2025"),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31), "2025 K1"),
    ]


# --- Indicators ---


def test_add_library_and_custom_indicators(draft, reporter):
    library = IndicatorFactory(name="Andel screenade")
    link = services.pilot_indicator_add(pilot=draft, actor=reporter, indicator=library)
    custom = services.pilot_indicator_add(
        pilot=draft,
        actor=reporter,
        custom={
            "name": "Antal måltidsvänner",
            "definition": "Frivilliga som äter med en äldre varje vecka.",
            "unit": "personer",
            "measure": "number",
            "direction": "higher",
        },
    )
    assert [link.order, custom.order] == [0, 1]
    assert custom.indicator.pilot == draft and not custom.indicator.in_library
    assert Pilot.objects.get(pk=draft.pk).version == 3
    assert _events(draft, "pilot.indicator_added").count() == 2


def test_indicator_add_errors(draft, reporter):
    library = IndicatorFactory()
    services.pilot_indicator_add(pilot=draft, actor=reporter, indicator=library)
    other_pilots = IndicatorFactory(in_library=False, pilot=PilotFactory())
    cases = [
        {"indicator": library},
        {"indicator": other_pilots},
        {},
        {"indicator": library, "custom": {"name": "x"}},
        {"custom": {"name": "", "definition": "", "measure": "volume", "kolada_kpi": "X1"}},
    ]
    for kwargs in cases:
        with pytest.raises(ValidationError):
            services.pilot_indicator_add(pilot=draft, actor=reporter, **kwargs)
    with pytest.raises(ValidationError) as exc:
        services.pilot_indicator_add(
            pilot=draft,
            actor=reporter,
            custom={
                "name": "",
                "definition": "",
                "measure": "volume",
                "kolada_kpi": "X1",
            },
        )
    assert {"name", "definition", "measure", "kolada_kpi"} <= set(exc.value.message_dict)
    assert draft.indicators.count() == 1 and not Indicator.objects.filter(pilot=draft).exists()


def test_baseline_and_targets_are_set_and_audited(draft, reporter):
    link = services.pilot_indicator_add(
        pilot=draft, actor=reporter, indicator=IndicatorFactory(percent=True)
    )
    services.pilot_indicator_update(
        pilot_indicator=link,
        actor=reporter,
        baseline_value=Decimal("41.5"),
        baseline_date=dt.date(2024, 12, 31),
        targets=[(dt.date(2026, 12, 31), Decimal(70)), (dt.date(2025, 12, 31), Decimal(55))],
    )
    link.refresh_from_db()
    assert [(t.target_date.year, t.value) for t in link.targets.all()] == [(2025, 55), (2026, 70)]
    event = _events(draft, "pilot.indicator_updated").get()
    assert event.changes["baseline_value"] == [None, "41.5000"]
    assert event.changes["targets"] == [[], [["2025-12-31", "55"], ["2026-12-31", "70"]]]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"baseline_value": Decimal(10), "baseline_date": None}, "baseline_date"),
        ({"baseline_value": None, "baseline_date": dt.date(2025, 1, 1)}, "baseline_value"),
        ({"baseline_value": Decimal(120), "baseline_date": dt.date(2025, 1, 1)}, "baseline_value"),
        ({"targets": [(dt.date(2026, 1, 1), Decimal(101))]}, "targets"),
        (
            {"targets": [(dt.date(2026, 1, 1), Decimal(1)), (dt.date(2026, 1, 1), Decimal(2))]},
            "targets",
        ),
        (
            {
                "baseline_value": Decimal(1),
                "baseline_date": dt.date(2026, 1, 1),
                "targets": [(dt.date(2025, 1, 1), Decimal(2))],
            },
            "targets",
        ),
        ({"targets": [(None, Decimal(2))]}, "targets"),
    ],
)
def test_baseline_and_target_errors(draft, reporter, kwargs, field):
    link = services.pilot_indicator_add(
        pilot=draft, actor=reporter, indicator=IndicatorFactory(percent=True)
    )
    arguments = {"baseline_value": None, "baseline_date": None, "targets": [], **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.pilot_indicator_update(pilot_indicator=link, actor=reporter, **arguments)
    assert field in exc.value.message_dict
    link.refresh_from_db()
    assert link.baseline_value is None and not link.targets.exists()


def test_qualitative_baseline_is_a_description(draft, reporter):
    link = services.pilot_indicator_add(
        pilot=draft, actor=reporter, indicator=IndicatorFactory(qualitative=True)
    )
    services.pilot_indicator_update(
        pilot_indicator=link,
        actor=reporter,
        baseline_value=None,
        baseline_date=dt.date(2025, 1, 1),
        baseline_note="Ingen samverkan finns.",
    )
    with pytest.raises(ValidationError):
        services.pilot_indicator_update(
            pilot_indicator=link,
            actor=reporter,
            baseline_value=Decimal(3),
            baseline_date=dt.date(2025, 1, 1),
        )


def test_indicator_with_reported_values_cannot_be_removed(reporter):
    pilot = PilotFactory(
        lead_organisation=reporter.memberships.get().organisation, indicators=1, approved_reports=1
    )
    link = pilot.indicators.get()
    with pytest.raises(ValidationError) as exc:
        services.pilot_indicator_remove(pilot_indicator=link, actor=reporter)
    assert "rapporterade värden" in exc.value.messages[0]
    assert IndicatorValue.objects.filter(pilot_indicator=link).exists()


def test_removing_a_custom_indicator_deletes_its_definition(draft, reporter):
    link = services.pilot_indicator_add(
        pilot=draft,
        actor=reporter,
        custom={
            "name": "Egen",
            "definition": "Något vi räknar.",
        },
    )
    services.pilot_indicator_remove(pilot_indicator=link, actor=reporter)
    assert not Indicator.objects.filter(name="Egen").exists()
    assert _events(draft, "pilot.indicator_removed").get().changes == {"indicators": ["Egen", None]}


# --- Publishing ---


def test_publish_lists_every_missing_thing(draft, reporter):
    with pytest.raises(ValidationError) as exc:
        services.pilot_publish(pilot=draft, actor=reporter)
    assert set(exc.value.message_dict) == {
        "summary",
        "health_area",
        "life_stage",
        "arena",
        "start_date",
        "end_date",
        "geography",
        "theory_of_change",
        "design",
        "indicators",
    }
    services.pilot_indicator_add(
        pilot=draft, actor=reporter, indicator=IndicatorFactory(name="Fall")
    )
    with pytest.raises(ValidationError) as exc:
        services.pilot_publish(pilot=draft, actor=reporter)
    assert "Fall" in exc.value.message_dict["baseline"][0]
    assert Pilot.objects.get(pk=draft.pk).status == PilotStatus.DRAFT


def test_publish_a_complete_pilot(draft, reporter):
    pilot = _complete(draft, reporter)
    pilot = services.pilot_publish(pilot=pilot, actor=reporter, expected_version=pilot.version)
    assert pilot.status == PilotStatus.ACTIVE and pilot.published_at
    assert _events(pilot, "pilot.published").exists()
    with pytest.raises(ValidationError):
        services.pilot_publish(pilot=pilot, actor=reporter)


def test_published_pilot_cannot_be_edited_back_into_incompleteness(draft, reporter):
    pilot = services.pilot_publish(pilot=_complete(draft, reporter), actor=reporter)
    with pytest.raises(ValidationError) as exc:
        services.pilot_update(
            pilot=pilot, actor=reporter, expected_version=pilot.version, summary="", kommuner=[]
        )
    assert {"summary", "geography"} <= set(exc.value.message_dict)
    assert Pilot.objects.get(pk=pilot.pk).summary
    with pytest.raises(ValidationError):
        services.pilot_indicator_remove(pilot_indicator=pilot.indicators.get(), actor=reporter)


def test_viewer_cannot_publish(draft, viewer):
    with pytest.raises(PermissionDenied):
        services.pilot_publish(pilot=draft, actor=viewer)


def test_regioner_count_as_geography(draft, reporter):
    pilot = services.pilot_update(
        pilot=draft,
        actor=reporter,
        expected_version=1,
        regioner=Region.objects.filter(lan_code="24"),
    )
    from pilots.completeness import missing_items

    assert "geography" not in missing_items(pilot)


# --- Pilot-level roles ---


def test_org_admin_grants_and_revokes_pilot_roles(draft, org_admin):
    evaluator = UserFactory()
    services.pilot_membership_grant(
        pilot=draft, actor=org_admin, user=evaluator, role=Role.REPORTER
    )
    services.pilot_membership_grant(pilot=draft, actor=org_admin, user=evaluator, role=Role.VIEWER)
    assert draft.memberships.get().role == Role.VIEWER
    assert _events(draft, "pilot.membership_granted").count() == 2
    services.pilot_membership_revoke(pilot=draft, actor=org_admin, user=evaluator)
    assert not draft.memberships.exists()
    with pytest.raises(ValidationError):
        services.pilot_membership_revoke(pilot=draft, actor=org_admin, user=evaluator)
    with pytest.raises(ValidationError):
        services.pilot_membership_grant(pilot=draft, actor=org_admin, user=evaluator, role="king")


@pytest.mark.parametrize("role", ["reporter", "approver", "other_member"])
def test_only_admins_and_coordinator_grant_pilot_roles(request, draft, role):
    with pytest.raises(PermissionDenied):
        services.pilot_membership_grant(
            pilot=draft, actor=request.getfixturevalue(role), user=UserFactory(), role=Role.REPORTER
        )
