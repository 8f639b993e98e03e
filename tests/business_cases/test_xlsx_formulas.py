"""The XLSX export's live formulas, evaluated with the `formulas` engine (no Excel or LibreOffice),
against the portal's own arithmetic (business_cases.economics) to the krona: the hand examples,
a demo case, and again after an economist changes one input cell."""

from dataclasses import replace
from io import BytesIO

import formulas
import pytest
from openpyxl import load_workbook

from business_cases import economics
from business_cases.demo import seed as seed_demo_cases
from business_cases.economics import BAU, BENEFIT, COST, DiscountSchedule, Line
from business_cases.models import BusinessCase
from business_cases.report import build_report
from business_cases.selectors import business_case_load
from business_cases.xlsx.formulas import formula_workbook
from business_cases.xlsx.inputs import FIRST_YEAR_COLUMN
from business_cases.xlsx.model import model_from_lines
from business_cases.xlsx.workbook import workbook_bytes
from core.spreadsheets import xlsx_bytes
from pilots.demo_data import DEMO_NOTE
from pilots.factories import PilotFactory

RESULTS = "Resultat per aktör"


def _evaluate(content: bytes, tmp_path, inputs=None):
    """Every cell's value as Excel would compute it: {(sheet, "B7"): value}."""
    path = tmp_path / "kalkyl.xlsx"
    path.write_bytes(content)
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate(
        inputs={f"'[kalkyl.xlsx]{s.upper()}'!{ref}": v for (s, ref), v in (inputs or {}).items()}
    )
    out = {}
    for key, ranges in solution.items():
        sheet_part, _sep, ref = key.rpartition("!")
        if ":" in ref:
            continue
        value = ranges.value[0][0]
        out[(sheet_part.split("]", 1)[1].rstrip("'"), ref)] = value
    return out


def _results(values, book):
    """Per row label of Resultat per aktör: (pv costs, pv benefits, npv, bcr, payback)."""
    ws = book[RESULTS]
    sheet = RESULTS.upper()
    rows = {}
    for row in ws.iter_rows(min_row=5):
        label = row[0].value
        if not label or row[1].value is None:
            continue
        r = row[0].row
        rows[label] = tuple(values.get((sheet, f"{c}{r}")) for c in "BCDEF")
    return rows


def _assert_matches(rows, result, labels, base_year):
    for actor, label in [*labels, ("total", "Totalt")]:
        expected = result.total if actor == "total" else result.actors[actor]
        pv_costs, pv_benefits, npv, bcr, payback = rows[label]
        assert pv_costs == pytest.approx(expected.pv_costs, abs=0.5), label
        assert pv_benefits == pytest.approx(expected.pv_benefits, abs=0.5), label
        assert npv == pytest.approx(expected.npv, abs=0.5), label
        if expected.bcr is None:
            assert bcr == "", label
        else:
            assert bcr == pytest.approx(expected.bcr, rel=1e-9), label
        want = None if expected.payback_year is None else base_year + expected.payback_year
        assert (payback if payback != "" else None) == want, label


HAND_EXAMPLES = {
    "kommun pays, region gains, 10 %": (
        [
            Line(COST, "kommun", {0: 100.0}, key="insats"),
            Line(BENEFIT, "region", {1: 60.0, 2: 60.0}, key="vard"),
        ],
        DiscountSchedule.flat(0.10),
        5,
    ),
    "adjustments and BAU, Green Book steps": (
        [
            Line(COST, "kommun", {0: 1000.0, 1: 400.0}, optimism_bias=0.1),
            Line(
                BENEFIT,
                "region",
                {1: 1000.0, 2: 1000.0, 3: 900.0},
                optimism_bias=0.05,
                deadweight=0.2,
                attribution=0.5,
                drop_off=0.25,
                value_type="fiscal_cashable",
            ),
            Line(BENEFIT, "individ", {2: 300.0, 35: 300.0}, value_type="social"),
            Line(BAU, "region", {0: 500.0, 1: 500.0}, optimism_bias=0.4),
        ],
        economics.GREEN_BOOK,
        40,
    ),
}


@pytest.mark.parametrize("name", list(HAND_EXAMPLES))
def test_formulas_reproduce_the_hand_examples(name, tmp_path):
    lines, schedule, horizon = HAND_EXAMPLES[name]
    model = model_from_lines(lines, horizon=horizon, base_year=2025, schedule=schedule)
    content = xlsx_bytes(formula_workbook(model))
    book = load_workbook(BytesIO(content))
    values = _evaluate(content, tmp_path)
    result = economics.compute(lines, horizon=horizon, schedule=schedule)
    _assert_matches(_results(values, book), result, model.actors, 2025)


def test_changing_an_input_cell_changes_the_results_as_the_portal_would(tmp_path):
    lines, schedule, horizon = HAND_EXAMPLES["adjustments and BAU, Green Book steps"]
    model = model_from_lines(lines, horizon=horizon, base_year=2025, schedule=schedule)
    content = xlsx_bytes(formula_workbook(model))
    book = load_workbook(BytesIO(content))
    ws = book["Indata"]
    benefit_row = next(r[0].row for r in ws.iter_rows() if r[1].value == "Nytta")
    amount_2026 = f"{ws.cell(row=1, column=FIRST_YEAR_COLUMN + 1).column_letter}{benefit_row}"
    deadweight = f"G{benefit_row}"
    rate_row = next(r[0].row for r in ws.iter_rows() if r[0].value == 31)
    changed = {
        ("Indata", amount_2026): 4000.0,  # the 2026 amount of the region's benefit
        ("Indata", deadweight): 0.5,
        ("Indata", f"B{rate_row}"): 0.01,  # the rate from year 31
    }
    values = _evaluate(content, tmp_path, changed)
    changed_lines = list(lines)
    changed_lines[1] = replace(lines[1], amounts={**lines[1].amounts, 1: 4000.0}, deadweight=0.5)
    changed_schedule = DiscountSchedule("changed", ((0, 0.035), (31, 0.01)))
    result = economics.compute(changed_lines, horizon=horizon, schedule=changed_schedule)
    assert result.total.npv != pytest.approx(
        economics.compute(lines, horizon=horizon, schedule=schedule).total.npv, abs=1
    )
    _assert_matches(_results(values, book), result, model.actors, 2025)


def test_the_demo_cases_export_matches_the_page_to_the_krona(organisation, tmp_path):
    for n in range(6):
        PilotFactory(
            lead_organisation=organisation,
            slug=f"demo-{n}",
            summary=DEMO_NOTE,
            life_stage=["aldre", "arbetsfor_alder", "barn_unga"][n % 3],
        )
    assert seed_demo_cases()["business cases"] > 0
    case = BusinessCase.objects.select_related("pilot").order_by("pk").first()
    data = business_case_load(pilot=case.pilot, user=None) or business_case_load(
        pilot=case.pilot, user=_coordinator()
    )
    report = build_report(data)
    content = workbook_bytes(data, report)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == [
        "Indata",
        "Beräkning",
        "Resultat per aktör",
        "Vem betalar, vem vinner",
        "Känslighet",
    ]
    values = _evaluate(content, tmp_path)
    labels = [(row.actor, row.label) for row in report.actors]
    _assert_matches(_results(values, book), report.result, labels, case.base_year)
    # The fiscal and public-value returns follow as well.
    fiscal = next(
        r[0].row for r in book[RESULTS].iter_rows() if str(r[0].value).startswith("Budget")
    )
    assert values[(RESULTS.upper(), f"B{fiscal}")] == pytest.approx(
        report.result.fiscal_return, rel=1e-9
    )


def _coordinator():
    from partners.factories import UserFactory

    return UserFactory(is_superuser=True)


pytestmark = pytest.mark.django_db
