"""Property tests of validation rules: no rule text, value or import gives a server error or a
partial write, and a blocking rule refuses the whole save with every failing cell named."""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from pilots.imports import import_values
from pilots.models import IndicatorValue, PeriodReport, ValidationRule
from pilots.services import report_save
from pilots.services.report_cells import cell_key
from pilots.services.validation import validation_rule_save
from pilots.validation.evaluate import RuleContext, stored_cells
from pilots.validation.expressions import ExpressionError, parse, render
from tests.atomicity import ATOMICITY_SETTINGS, rolled_back, snapshot
from tests.pilots.validation_helpers import rule_pilot

pytestmark = pytest.mark.django_db

PIECES = st.sampled_from(
    [
        "{Testdeltagare}",
        "{Testdeltagare|K}",
        "{Testdeltagare|M}",
        "{Testdeltagare|K|0-17}",
        "{Testdeltagare|18-64}",
        "{Testandel|täljare}",
        "{Testandel|nämnare}",
        "{Testandel}",
        "folkmängd",
        "3",
        "0,5 * {Testdeltagare|M}",
        "99999999999999999999",
        "{Finns inte}",
        "{Testandel|K}",
        "}",
        "{",
        "*",
        "__import__('os')",
    ]
)
SIDE = st.one_of(
    st.lists(PIECES, min_size=1, max_size=4).flatmap(
        lambda parts: st.lists(
            st.sampled_from([" + ", " - ", " ", " * "]),
            min_size=len(parts) - 1,
            max_size=len(parts) - 1,
        ).map(lambda ops: parts[0] + "".join(o + p for o, p in zip(ops, parts[1:], strict=True)))
    ),
    st.text(max_size=40),
)
RULE = st.fixed_dictionaries(
    {
        "left": SIDE,
        "operator": st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "≈"]),
        "right": SIDE,
        "severity": st.sampled_from(["blocking", "warning", "x"]),
    }
)
VALUE = st.one_of(
    st.none(),
    st.integers(-5, 200).map(str),
    st.sampled_from(["", "12,5", "1e999", "NaN", "tolv", "19121212-1212", "-0"]),
)


@pytest.fixture
def pilot(organisation):
    return rule_pilot(organisation)


def _indicators(pilot):
    return {i.name.lower(): i for i in (pilot.people.indicator, pilot.share.indicator)}


@given(text=SIDE)
@ATOMICITY_SETTINGS
def test_parsing_never_crashes_and_what_parses_prints_back_the_same(pilot, text):
    try:
        terms = parse(text, _indicators(pilot))
    except ExpressionError as exc:
        assert exc.messages and all(exc.messages)
        return
    names = {pilot.people.indicator_id: "Testdeltagare", pilot.share.indicator_id: "Testandel"}
    assert parse(render(terms, names), _indicators(pilot)) == [
        {**t, **({"coef": str(Decimal(t["coef"]))} if "coef" in t else {})} for t in terms
    ]


def _try_rules(coordinator, rules):
    for fields in rules:
        with contextlib.suppress(ValidationError):
            validation_rule_save(
                actor=coordinator, name="Regel", message="Håller inte.", is_active=True, **fields
            )


@given(
    rules=st.lists(RULE, max_size=4),
    values=st.fixed_dictionaries(
        {"K": VALUE, "M": VALUE, "T": VALUE, "K017": VALUE, "num": VALUE, "den": VALUE}
    ),
)
@ATOMICITY_SETTINGS
def test_a_save_under_any_rules_is_all_or_nothing_and_names_every_failing_cell(
    pilot, reporter, coordinator, rules, values
):
    with rolled_back():
        _try_rules(coordinator, rules)
        before = snapshot(PeriodReport, IndicatorValue)
        cells = [
            {"pilot_indicator": pilot.people.pk, "gender": g, "value": values[g]}
            for g in ("K", "M", "T")
        ]
        cells.append(
            {
                "pilot_indicator": pilot.people.pk,
                "gender": "K",
                "age_band": "0-17",
                "value": values["K017"],
            }
        )
        cells.append(
            {
                "pilot_indicator": pilot.share.pk,
                "numerator": values["num"],
                "denominator": values["den"],
            }
        )
        try:
            report = report_save(
                period=pilot.first_period,
                actor=reporter,
                expected_version=None,
                values=cells,
                narrative="",
                progress="",
            )
        except ValidationError as exc:
            assert snapshot(PeriodReport, IndicatorValue) == before
            for failure in getattr(exc, "failures", []):
                if failure.blocking:
                    for key in failure.cell_keys:
                        assert key in exc.message_dict
            return
        failures = RuleContext.load(pilot).check(stored_cells(report.values.all()))
        assert not [f for f in failures if f.blocking]


@given(rules=st.lists(RULE, max_size=3), values=st.lists(VALUE, min_size=3, max_size=3))
@ATOMICITY_SETTINGS
def test_an_import_under_any_rules_is_all_or_nothing(pilot, reporter, coordinator, rules, values):
    with rolled_back():
        _try_rules(coordinator, rules)
        before = snapshot(PeriodReport, IndicatorValue, ValidationRule)
        period = pilot.first_period
        lines = ["period_id;indicator_id;gender;age_band;value;numerator;denominator;text"]
        for gender, value in zip("KMT", values, strict=True):
            lines.append(f"{period.pk};{pilot.people.pk};{gender};;{value or ''};;;")
        result = import_values(
            pilot=pilot, actor=reporter, name="v.csv", raw=("\n".join(lines) + "\n").encode()
        )
        if not result.ok:
            assert snapshot(PeriodReport, IndicatorValue, ValidationRule) == before
        else:
            report = PeriodReport.objects.get(period=period)
            failures = RuleContext.load(pilot).check(stored_cells(report.values.all()))
            assert not [f for f in failures if f.blocking]
            assert cell_key(pilot.people.pk, "T", "")  # the keys the form uses
