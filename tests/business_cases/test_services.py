"""Business-case services: writes, validation with clear messages, no partial writes, actuals,
the unit-cost library and versioned discount schedules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from business_cases import services
from business_cases.demo import seed as seed_demo_cases
from business_cases.models import (
    BusinessCase,
    BusinessCaseAmount,
    BusinessCaseLine,
    DiscountRateSchedule,
    UnitCost,
)
from business_cases.selectors import business_case_load
from partners.models import AuditEvent
from pilots.demo_data import DEMO_NOTE
from pilots.factories import PilotFactory

from .helpers import reach_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(organisation):
    return PilotFactory(lead_organisation=organisation)


@pytest.fixture
def case(pilot, reporter):
    return services.business_case_save(
        pilot=pilot, actor=reporter, price_year=2025, base_year=2025, horizon_years=5
    )


def _add(case, user, /, **values):
    amounts = values.pop("amounts", None)
    base = {} if "unit_cost" in values else {"kind": "cost", "label": "Personal", "actor": "kommun"}
    case.refresh_from_db()
    return services.business_case_line_add(
        business_case=case,
        actor=user,
        expected_version=case.version,
        values={**base, **values},
        amounts=amounts,
    )


def test_case_is_created_as_draft_and_audited(case, reporter):
    assert case.is_draft and case.version == 1 and case.last_year == 2030
    assert AuditEvent.objects.filter(
        action="business_case.created", object_id=str(case.pk)
    ).exists()


def test_line_amounts_are_stored_per_calendar_year(case, reporter):
    line = _add(case, reporter, amounts={"2025": "100 000", 2026: 50000.4, "2027": ""})
    assert dict(line.amounts.values_list("year", "amount_sek")) == {2025: 100000, 2026: 50000}
    case.refresh_from_db()
    assert case.version == 2


@pytest.mark.parametrize(
    ("amounts", "field", "text"),
    [
        ({"-2026": 10}, "amounts", "inget årtal"),
        ({"2026.5": 10}, "amounts", "inget årtal"),
        ({"2040": 10}, "amounts", "utanför kalkylperioden 2025–2030"),
        ({"2024": 10}, "amounts", "utanför kalkylperioden"),
        ({"2026": "tio tusen"}, "amounts", "inget belopp"),
        ({"2026": "NaN"}, "amounts", "inget belopp"),
        ({"2026": -5}, "amounts", "positivt tal"),
    ],
)
def test_bad_amounts_give_clear_messages_and_write_nothing(case, reporter, amounts, field, text):
    with pytest.raises(ValidationError) as exc:
        _add(case, reporter, amounts=amounts)
    assert text in " ".join(exc.value.message_dict[field])
    assert not BusinessCaseLine.objects.exists() and not BusinessCaseAmount.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"deadweight_pct": 120}, "deadweight_pct"),
        ({"attribution_pct": -1}, "attribution_pct"),
        ({"drop_off_pct": "mycket"}, "drop_off_pct"),
        ({"actor": "kungen"}, "actor"),
        ({"kind": "gåva"}, "kind"),
        ({"confidence": 9}, "confidence"),
        ({"label": ""}, "label"),
    ],
)
def test_bad_line_fields_are_named(case, reporter, values, field):
    with pytest.raises(ValidationError) as exc:
        _add(case, reporter, **values)
    assert field in exc.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"comparison_rate": "150"}, "comparison_rate"),
        ({"comparison_rate": "-11"}, "comparison_rate"),
        ({"comparison_rate": "fem"}, "comparison_rate"),
        ({"base_year": -2025}, "base_year"),
        ({"base_year": "2025.5"}, "base_year"),
        ({"horizon_years": 101}, "horizon_years"),
        ({"price_year": "i fjol"}, "price_year"),
    ],
)
def test_bad_case_settings_are_refused(case, reporter, fields, field):
    with pytest.raises(ValidationError) as exc:
        services.business_case_save(pilot=case.pilot, actor=reporter, **fields)
    assert field in exc.value.message_dict
    case.refresh_from_db()
    assert case.version == 1


def test_comparison_rate_within_range_is_kept(case, reporter):
    case = services.business_case_save(pilot=case.pilot, actor=reporter, comparison_rate="-2,5")
    assert case.comparison_rate == Decimal("-2.5")


def test_shrinking_the_period_is_refused_while_amounts_lie_outside(case, reporter):
    _add(case, reporter, amounts={"2030": 10})
    with pytest.raises(ValidationError) as exc:
        services.business_case_save(pilot=case.pilot, actor=reporter, horizon_years=3)
    assert "2030" in " ".join(exc.value.message_dict["horizon_years"])


def test_stale_version_is_refused(case, reporter):
    _add(case, reporter, amounts={"2025": 1})
    with pytest.raises(ValidationError):
        services.business_case_line_add(
            business_case=case,
            actor=reporter,
            expected_version=1,
            values={"kind": "cost", "label": "X", "actor": "kommun"},
        )


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_only_editors_may_change_a_case(case, request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        _add(case, user, amounts={"2025": 1})
    with pytest.raises(PermissionDenied):
        services.business_case_save(pilot=case.pilot, actor=user, notes="x")


def test_batch_save_is_all_or_nothing(case, reporter):
    line = _add(case, reporter, amounts={"2025": 100})
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.business_case_lines_save(
            business_case=case,
            actor=reporter,
            expected_version=case.version,
            lines=[
                {"id": line.pk, "values": {"label": "Ändrad"}, "amounts": {"2025": 999}},
                {
                    "values": {"kind": "cost", "label": "Ny", "actor": "kommun"},
                    "amounts": {"2099": 5},
                },
            ],
        )
    assert "lines.1.amounts" in exc.value.message_dict
    line.refresh_from_db()
    assert line.label == "Personal" and line.amounts.get().amount_sek == 100
    assert BusinessCaseLine.objects.count() == 1


def test_benefit_from_unit_cost_derives_amounts_and_keeps_its_unit_amount(
    case, reporter, coordinator
):
    unit = UnitCost.objects.get(name="Höftfraktur, vårdkedja")
    line = _add(
        case,
        reporter,
        kind="benefit",
        unit_cost=unit,
        people="200",
        effect_pct="2,5",
        first_year=2026,
        last_year=2028,
    )
    assert line.actor == "region" and line.value_type == unit.value_type
    expected = unit.amount_sek * 200 * Decimal("2.5") / 100
    assert dict(line.amounts.values_list("year", "amount_sek")) == dict.fromkeys(
        (2026, 2027, 2028), expected
    )
    services.unit_cost_save(actor=coordinator, unit_cost=unit, values={"amount_sek": Decimal(1)})
    line.refresh_from_db()
    assert line.unit_amount_sek == unit.amount_sek != 1


def test_derived_line_validates_years_and_kind(case, reporter):
    unit = UnitCost.objects.first()
    with pytest.raises(ValidationError) as exc:
        _add(
            case,
            reporter,
            kind="cost",
            unit_cost=unit,
            people=-1,
            effect_pct=150,
            first_year=2031,
            last_year=2026,
        )
    errors = exc.value.message_dict
    assert {"unit_cost", "people", "effect_pct", "first_year"} <= set(errors)


@pytest.mark.parametrize(
    ("cumulative", "rule", "expected"),
    [(False, "sum", 70), (False, "last", 40), (True, "last", 40)],
)
def test_actuals_per_year_from_approved_values_only(case, reporter, cumulative, rule, expected):
    link = reach_indicator(case.pilot, cumulative=cumulative, values=(30, 40), draft_value=999)
    link.indicator.year_combination = rule
    link.indicator.save(update_fields=["year_combination"])
    unit = UnitCost.objects.get(name="Sjukpenningdag")
    line = _add(
        case,
        reporter,
        kind="benefit",
        unit_cost=unit,
        people=100,
        effect_pct=10,
        first_year=2026,
        last_year=2027,
        pilot_indicator=link.pk,
    )
    data = business_case_load(pilot=case.pilot, user=reporter)
    realised = data.realised[line.pk]
    figures = realised.reach_years
    assert sum(f.periods for f in figures.values()) == 2  # the unapproved 999 never counts
    if len(figures) == 1:
        assert realised.reach == expected
    assumed = data.economics_lines(actuals=False)[0].amounts
    # The headline uses the assumptions unless the case owner chose realised figures.
    assert data.economics_lines()[0].amounts == assumed
    assert assumed[1] == pytest.approx(float(unit.amount_sek) * 100 * 0.10)
    # With realised figures, only whole years replace an assumption; part years never do.
    actual = data.economics_lines(actuals=True)[0].amounts
    for year, figure in figures.items():
        offset = year - case.base_year
        if offset in actual:
            people = figure.value if figure.whole_year else 100
            assert actual[offset] == pytest.approx(float(unit.amount_sek * people) * 0.10)


def test_indicator_of_another_pilot_cannot_be_linked(case, reporter, organisation):
    other = PilotFactory(lead_organisation=organisation)
    link = reach_indicator(other)
    with pytest.raises(ValidationError) as exc:
        _add(
            case,
            reporter,
            kind="benefit",
            unit_cost=UnitCost.objects.first(),
            people=1,
            effect_pct=1,
            first_year=2026,
            last_year=2026,
            pilot_indicator=link.pk,
        )
    assert "pilot_indicator" in exc.value.message_dict


def test_unit_costs_are_the_coordinators(reporter, coordinator):
    fields = {
        "name": "Test",
        "amount_sek": Decimal(10),
        "unit": "st",
        "actor": "region",
        "value_type": "economic",
        "price_year": 2025,
        "source": "Test",
    }
    with pytest.raises(PermissionDenied):
        services.unit_cost_save(actor=reporter, values=fields)
    with pytest.raises(ValidationError) as exc:
        services.unit_cost_save(actor=coordinator, values={**fields, "amount_sek": Decimal(-1)})
    assert "amount_sek" in exc.value.message_dict
    assert services.unit_cost_save(actor=coordinator, values=fields).pk


def test_schedules_are_versioned_with_exactly_one_default(coordinator, reporter):
    first = DiscountRateSchedule.objects.get(is_default=True)
    with pytest.raises(PermissionDenied):
        services.discount_schedule_create(
            actor=reporter, name="X", steps=[[0, 3]], valid_from=dt.date(2027, 1, 1)
        )
    for steps in ([[1, 3.5]], [[0, 3.5], [0, 3]], [[0, 150]], "3,5", [[0, "hög"]]):
        with pytest.raises(ValidationError) as exc:
            services.discount_schedule_create(
                actor=coordinator, name="Ny", steps=steps, valid_from=dt.date(2027, 1, 1)
            )
        assert "steps" in exc.value.message_dict
    new = services.discount_schedule_create(
        actor=coordinator,
        name="Standard 2027",
        steps=[[0, 3], [31, 2.5]],
        valid_from=dt.date(2027, 1, 1),
        is_default=True,
        replaces=first,
    )
    assert list(DiscountRateSchedule.objects.filter(is_default=True)) == [new]
    services.discount_schedule_set_default(actor=coordinator, schedule=first)
    assert list(DiscountRateSchedule.objects.filter(is_default=True)) == [first]


def test_case_uses_its_chosen_schedule_and_names_it(case, reporter, coordinator):
    schedule = services.discount_schedule_create(
        actor=coordinator, name="Låg", steps=[[0, 1]], valid_from=dt.date(2026, 1, 1)
    )
    services.business_case_save(pilot=case.pilot, actor=reporter, schedule=schedule.pk)
    data = business_case_load(pilot=case.pilot, user=reporter)
    assert data.schedule_name == "Låg" and data.schedule.rate_for(5) == pytest.approx(0.01)


def test_demo_seed_is_deterministic_and_idempotent(organisation):
    for n in range(10):
        PilotFactory(
            lead_organisation=organisation,
            slug=f"demo-{n}",
            summary=DEMO_NOTE,
            life_stage=["aldre", "arbetsfor_alder", "barn_unga"][n % 3],
        )
    first = seed_demo_cases()
    assert first["business cases"] == BusinessCase.objects.count() > 0
    assert BusinessCase.objects.filter(is_demo=True).count() == first["business cases"]
    assert seed_demo_cases()["business cases"] == 0
    kinds = set(BusinessCaseLine.objects.values_list("kind", flat=True))
    assert kinds == {"cost", "benefit", "bau"}
