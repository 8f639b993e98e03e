"""Validation rules: the expression language, evaluation, and the services that run them
(save, save and submit, submit, import) and keep them (library and pilot rules)."""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from partners.models import AuditEvent, Kommun
from pilots.imports import import_values
from pilots.models import IndicatorValue, PeriodReport, ReportStatus, Severity, ValidationRule
from pilots.services import report_save, report_save_and_submit, report_submit
from pilots.services.report_cells import cell_key
from pilots.services.validation import validation_rule_delete, validation_rule_save
from pilots.validation.evaluate import RuleContext
from pilots.validation.expressions import ExpressionError, parse, render
from tests.pilots.validation_helpers import cell, gender_rule, rule_pilot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(organisation):
    return rule_pilot(organisation)


def _save(pilot, actor, values, version=None):
    return report_save(
        period=pilot.first_period,
        actor=actor,
        expected_version=version,
        values=values,
        narrative="Text",
        progress="",
    )


def _split(pilot, k, m, t):
    return [
        cell(pilot.people, k, "K"),
        cell(pilot.people, m, "M"),
        cell(pilot.people, t, "T"),
    ]


# -- the expression language ---------------------------------------------------------------


def _names(pilot):
    return {i.name.lower(): i for i in (pilot.people.indicator, pilot.share.indicator)}


def test_parse_and_render_round_trip(pilot):
    text = "{Testdeltagare|K|0-17} + 2 * {testdeltagare | M} - 0,5 * folkmängd - 3"
    terms = parse(text, _names(pilot))
    assert terms[0] == {
        "k": "cell",
        "indicator": pilot.people.indicator_id,
        "gender": "K",
        "band": "0-17",
        "part": "value",
        "coef": "1",
    }
    assert terms[2] == {"k": "population", "coef": "-0.5"}
    assert terms[3] == {"k": "const", "value": "-3"}
    names = {pilot.people.indicator_id: "Testdeltagare"}
    shown = render(terms, names)
    assert shown == "{Testdeltagare|K|0-17} + 2 * {Testdeltagare|M} - 0,5 * folkmängd - 3"
    assert parse(shown, _names(pilot)) == terms


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{Finns inte}", "ingen indikator"),
        ("{Testdeltagare", "saknar"),
        ('__import__("os").system("x")', "kan inte användas"),
        ("{Testdeltagare} +", "slutar mitt i"),
        ("{Testandel|K}", "per kön"),
        ("{Testdeltagare|nämnare}", "ingen andel"),
        ("{Testdeltagare|65+}", "inget kön"),
        ("2 {Testdeltagare}", "väntades + eller -"),
        ("open", "förstås inte"),
        ("", "Skriv ett uttryck"),
    ],
)
def test_bad_expressions_are_refused_with_a_readable_message(pilot, text, says):
    with pytest.raises(ExpressionError) as exc:
        parse(text, _names(pilot))
    assert says in exc.value.messages[0]


# -- evaluation ----------------------------------------------------------------------------


def test_a_blocking_rule_refuses_the_whole_save_naming_each_cell(pilot, reporter, coordinator):
    gender_rule(coordinator)
    with pytest.raises(ValidationError) as exc:
        _save(pilot, reporter, _split(pilot, "3", "4", "10"))
    errors = exc.value.message_dict
    for gender in "KMT":
        key = cell_key(pilot.people.pk, gender, "")
        assert errors[key] == [
            "Kvinnor och män är totalt: Kvinnor plus män ska vara lika med totalt."
        ]
    summary = errors[NON_FIELD_ERRORS]
    assert "1 valideringsregel" in summary[0]
    assert "beräknat 7, ska vara = 10" in summary[1]
    assert "Testdeltagare (Kvinnor, alla åldrar)" in summary[1]
    assert not PeriodReport.objects.exists() and not IndicatorValue.objects.exists()
    assert [f.rule.name for f in exc.value.failures] == ["Kvinnor och män är totalt"]


def test_a_rule_that_holds_saves(pilot, reporter, coordinator):
    gender_rule(coordinator)
    report = _save(pilot, reporter, _split(pilot, "3", "7", "10"))
    assert report.values.count() == 3


def test_a_warning_saves_and_is_found_on_the_stored_values(pilot, reporter, coordinator):
    gender_rule(coordinator, severity=Severity.WARNING)
    report = _save(pilot, reporter, _split(pilot, "3", "4", "10"))
    assert report.values.count() == 3
    failures = RuleContext.load(pilot).check(
        {(v.pilot_indicator_id, v.gender, v.age_band): v for v in report.values.all()}
    )
    assert [(f.left, f.right, f.blocking) for f in failures] == [(Decimal(7), Decimal(10), False)]


def test_a_side_without_values_is_skipped_and_empty_cells_of_a_side_count_as_zero(
    pilot, reporter, coordinator
):
    gender_rule(coordinator)
    # Only the total: the left side has no values, so the rule is skipped.
    _save(pilot, reporter, [cell(pilot.people, "10")])
    # Kvinnor alone on the left: men count as 0 and 4 ≠ 10 is refused.
    with pytest.raises(ValidationError):
        _save(pilot, reporter, [cell(pilot.people, "4", "K"), cell(pilot.people, "10")], version=1)


def test_inactive_rules_and_rules_on_indicators_the_pilot_does_not_follow_are_skipped(
    pilot, reporter, coordinator, organisation
):
    gender_rule(coordinator, is_active=False)
    other = rule_pilot(organisation)  # its own "Testdeltagare" library indicator
    ValidationRule.objects.create(
        name="Annan",
        message="m",
        severity=Severity.BLOCKING,
        operator="=",
        left=parse("{Testdeltagare}", {"testdeltagare": other.people.indicator}),
        right=[{"k": "const", "value": "1"}],
    )
    assert _save(pilot, reporter, _split(pilot, "1", "1", "10")).values.count() == 3


def test_percent_parts_and_constants(pilot, reporter, coordinator):
    validation_rule_save(
        actor=coordinator,
        name="Minst tio svarande",
        message="Nämnaren ska vara minst 10.",
        severity=Severity.BLOCKING,
        left="{Testandel|nämnare}",
        operator=">=",
        right="10",
    )
    with pytest.raises(ValidationError) as exc:
        _save(pilot, reporter, [cell(pilot.share, numerator="3", denominator="5")])
    assert cell_key(pilot.share.pk, "T", "") in exc.value.message_dict
    _save(pilot, reporter, [cell(pilot.share, numerator="3", denominator="12")])


def test_population_of_the_pilots_kommuner(pilot, reporter, coordinator):
    kommun = Kommun.objects.filter(population__isnull=False).first()
    pilot.kommuner.set([kommun])
    validation_rule_save(
        actor=coordinator,
        name="Högst befolkningen",
        message="Fler deltagare än invånare.",
        severity=Severity.BLOCKING,
        left="{Testdeltagare}",
        operator="<=",
        right="folkmängd",
    )
    with pytest.raises(ValidationError):
        _save(pilot, reporter, [cell(pilot.people, str(kommun.population + 1))])
    _save(pilot, reporter, [cell(pilot.people, str(kommun.population))])
    # No kommun with a known population: the rule is skipped.
    pilot.kommuner.clear()
    report = PeriodReport.objects.get()
    _save(pilot, reporter, [cell(pilot.people, "99999999")], version=report.version)


# -- submit, save and submit, import ----------------------------------------------------------


def test_submit_refuses_a_report_that_breaks_a_rule_added_after_it_was_saved(
    pilot, reporter, coordinator
):
    report = _save(pilot, reporter, _split(pilot, "3", "4", "10"))
    gender_rule(coordinator)
    with pytest.raises(ValidationError) as exc:
        report_submit(report=report, actor=reporter, expected_version=report.version)
    assert cell_key(pilot.people.pk, "M", "") in exc.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_save_and_submit_saves_nothing_when_a_rule_blocks(pilot, reporter, coordinator):
    gender_rule(coordinator)
    with pytest.raises(ValidationError):
        report_save_and_submit(
            period=pilot.first_period,
            actor=reporter,
            expected_version=None,
            values=_split(pilot, "1", "1", "3"),
            narrative="x",
            progress="",
        )
    assert not PeriodReport.objects.exists()


def _csv(pilot, rows):
    period = pilot.first_period
    lines = ["period_id;indicator_id;gender;age_band;value;numerator;denominator;text"]
    for gender, value in rows:
        lines.append(f"{period.pk};{pilot.people.pk};{gender};;{value};;;")  # the link's id
    return ("\n".join(lines) + "\n").encode()


def test_an_import_that_breaks_a_blocking_rule_writes_nothing_and_names_period_and_cells(
    pilot, reporter, coordinator
):
    gender_rule(coordinator)
    result = import_values(
        pilot=pilot, actor=reporter, name="v.csv", raw=_csv(pilot, [("K", 3), ("M", 4), ("T", 10)])
    )
    assert not result.ok
    text = " ".join(message for _row, message in result.errors)
    assert "valideringsregel" in text and pilot.first_period.label in text
    assert "Testdeltagare (Män, alla åldrar)" in text
    assert not IndicatorValue.objects.exists()
    ok = import_values(
        pilot=pilot, actor=reporter, name="v.csv", raw=_csv(pilot, [("K", 3), ("M", 7), ("T", 10)])
    )
    assert ok.ok and IndicatorValue.objects.count() == 3


def test_an_import_is_checked_together_with_the_cells_it_keeps(pilot, reporter, coordinator):
    _save(pilot, reporter, _split(pilot, "3", "7", "10"))
    gender_rule(coordinator)
    result = import_values(pilot=pilot, actor=reporter, name="v.csv", raw=_csv(pilot, [("T", 11)]))
    assert not result.ok
    assert IndicatorValue.objects.get(gender="T").value == 10


# -- keeping rules ----------------------------------------------------------------------------


def test_the_library_is_the_coordinators(pilot, reporter, coordinator):
    with pytest.raises(PermissionDenied):
        gender_rule(reporter)
    rule = gender_rule(coordinator)
    assert rule.pilot is None and rule.indicator_ids == {pilot.people.indicator_id}
    event = AuditEvent.objects.get(action="indicator.rule_created")
    assert event.changes["left"] == [None, "{Testdeltagare|K} + {Testdeltagare|M}"]
    with pytest.raises(PermissionDenied):
        validation_rule_save(actor=reporter, rule=rule, name="Nytt")
    rule = validation_rule_save(actor=coordinator, rule=rule, name="Nytt namn")
    assert rule.name == "Nytt namn"
    assert AuditEvent.objects.get(action="indicator.rule_updated").changes == {
        "name": ["Kvinnor och män är totalt", "Nytt namn"]
    }


@pytest.mark.parametrize("role", ["reporter", "approver", "org_admin", "coordinator"])
def test_a_pilots_editors_keep_its_rules(request, pilot, role):
    actor = request.getfixturevalue(role)
    rule = gender_rule(actor, pilot=pilot)
    assert rule.pilot == pilot
    validation_rule_delete(actor=actor, rule=rule)
    assert not ValidationRule.objects.exists()
    assert AuditEvent.objects.filter(action="indicator.rule_deleted").exists()


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_others_may_not_keep_a_pilots_rules(request, pilot, coordinator, role):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        gender_rule(actor, pilot=pilot)
    rule = gender_rule(coordinator, pilot=pilot)
    with pytest.raises(PermissionDenied):
        validation_rule_delete(actor=actor, rule=rule)


def test_a_pilot_rule_may_use_the_pilots_own_indicators_only(organisation, reporter):
    pilot = rule_pilot(organisation, library=False)
    rule = gender_rule(reporter, pilot=pilot)
    assert rule.indicator_ids == {pilot.people.indicator_id}
    other = rule_pilot(organisation, library=False)
    with pytest.raises(ValidationError) as exc:
        validation_rule_save(
            actor=reporter,
            pilot=pilot,
            name="x",
            message="y",
            severity="warning",
            left="{Okänd}",
            operator="<",
            right="3",
        )
    assert "ingen indikator" in exc.value.message_dict["left"][0]
    assert other.people.indicator_id not in rule.indicator_ids


def test_field_errors_of_a_rule(pilot, coordinator):
    with pytest.raises(ValidationError) as exc:
        validation_rule_save(
            actor=coordinator,
            name="",
            message="Ring 19121212-1212",
            severity="fel",
            left="1",
            operator="≈",
            right="2",
        )
    errors = exc.value.message_dict
    assert set(errors) == {"name", "message", "severity", "operator", "left"}
    assert not ValidationRule.objects.exists()


def test_the_demo_seeds_library_rules_once(organisation):
    from pilots.demo import _validation_rules
    from pilots.factories import IndicatorFactory

    IndicatorFactory(name="Antal deltagare i insatsen")
    assert _validation_rules() == 2  # the others' indicators are not in this library
    assert _validation_rules() == 0
    rule = ValidationRule.objects.get(name="Deltagare högst befolkningen")
    assert rule.right == [{"k": "population", "coef": "1"}] and rule.is_blocking
