"""Business-case pages: permission matrix, drafts private, results equal economics.compute,
constant queries, XLSX export and the editor's errors."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from business_cases import economics
from business_cases.models import BusinessCaseLine, UnitCost
from business_cases.report import build_report
from business_cases.selectors import business_case_load

from .helpers import add_lines, pilot_with_case

pytestmark = pytest.mark.django_db

INSIDERS = {"viewer", "reporter", "approver", "org_admin", "coordinator"}
EDITORS = {"reporter", "approver", "org_admin", "coordinator"}
ROLES = ["anonymous", "outsider", "other_member", *sorted(INSIDERS)]
PAGES = ["business_case", "business_case_print", "business_case_xlsx"]


def _url(name, pilot):
    return reverse(f"business_cases:{name}", kwargs={"slug": pilot.slug})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_published_case_of_public_pilot_is_public(role, page, as_role, organisation):
    pilot, _ = pilot_with_case(organisation)
    client, _ = as_role(role)
    assert client.get(_url(page, pilot)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_draft_case_is_private_to_the_pilots_people(role, page, as_role, organisation):
    pilot, _ = pilot_with_case(organisation, draft=True)
    client, _ = as_role(role)
    assert client.get(_url(page, pilot)).status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_case_of_private_pilot_follows_the_pilot(role, as_role, organisation):
    pilot, _ = pilot_with_case(organisation, private=True)
    client, _ = as_role(role)
    assert client.get(_url("business_case", pilot)).status_code == (
        200 if role in INSIDERS else 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_editor_permission_matrix(role, as_role, organisation):
    pilot, _ = pilot_with_case(organisation)
    client, _ = as_role(role)
    status = client.get(_url("business_case_edit", pilot)).status_code
    expected = 200 if role in EDITORS else 302 if role == "anonymous" else 403
    assert status == expected


def test_pilot_without_case_invites_editors_and_hides_from_others(client, reporter, organisation):
    from pilots.factories import PilotFactory

    pilot = PilotFactory(lead_organisation=organisation)
    assert client.get(_url("business_case", pilot)).status_code == 404
    client.force_login(reporter)
    assert "Skapa kalkyl" in client.get(_url("business_case", pilot)).content.decode()


def test_page_shows_the_results_of_economics_compute(client, organisation):
    pilot, case = pilot_with_case(organisation, lines=4, years=4)
    response = client.get(_url("business_case", pilot))
    report = response.context["report"]
    data = business_case_load(pilot=pilot, user=None)
    expected = economics.compute(
        data.economics_lines(), horizon=case.horizon_years, schedule=data.schedule
    )
    assert report.result.total.npv == pytest.approx(expected.total.npv)
    for actor, result in expected.actors.items():
        row = next(r for r in report.actors if r.actor == actor)
        assert row.result.npv == pytest.approx(result.npv)
        assert row.result.pv_bau == pytest.approx(result.pv_bau)
    html = response.content.decode()
    assert "Standard (3,5 % år 0–30, 3,0 % därefter)" in html
    for marker in (
        'data-testid="matrix"',
        'data-testid="tornado"',
        'data-testid="grid"',
        'data-testid="inaction"',
        'data-testid="rates"',
        'role="img"',
    ):
        assert marker in html


def test_comparison_rate_from_the_query_and_a_clear_error(client, organisation):
    pilot, _ = pilot_with_case(organisation)
    response = client.get(_url("business_case", pilot), {"ranta": "5"})
    assert response.context["report"].comparison.schedule == "Jämförelse 5 %"
    response = client.get(_url("business_case", pilot), {"ranta": "500"})
    assert response.status_code == 200
    assert "mellan −10 och 100 %" in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", [*PAGES, "business_case_edit"])
def test_query_count_is_constant_in_lines_and_years(page, client, reporter, organisation):
    client.force_login(reporter)
    small, _ = pilot_with_case(organisation, lines=2, years=2)
    big, _ = pilot_with_case(organisation, lines=12, years=15)
    _queries(client, _url(page, small))  # warm caches (content types, sessions)
    assert _queries(client, _url(page, small)) == _queries(client, _url(page, big))


def test_xlsx_has_the_sheets_live_formulas_and_neutralised_text(client, organisation):
    pilot, case = pilot_with_case(organisation, lines=4, years=3)
    BusinessCaseLine.objects.filter(business_case=case, kind="cost").update(
        label='=HYPERLINK("https://evil.example","Öppna")'
    )
    response = client.get(_url("business_case_xlsx", pilot))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == [
        "Indata",
        "Beräkning",
        "Resultat per aktör",
        "Vem betalar, vem vinner",
        "Känslighet",
    ]
    results = wb["Resultat per aktör"]
    rows = {r[0].value: r for r in results.iter_rows() if r and r[0].value}
    # NPV, BCR and payback are formulas over Beräkning (their values: test_xlsx_formulas.py).
    assert rows["Totalt"][3].value.startswith("=") and rows["Totalt"][3].data_type == "f"
    assert rows["Kommun"][1].value.startswith("='Beräkning'!")
    assert "Kalkylränta: Standard" in results["A2"].value
    assert results.cell(row=5, column=2).number_format.startswith("#,##0")
    labels = [c.value for c in wb["Indata"]["A"] if c.value and "HYPERLINK" in str(c.value)]
    assert labels and all(label.startswith("'=") for label in labels)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in cell.value and "evil" not in cell.value


def _settings(**values):
    return {
        "action": "settings",
        "price_year": "2025",
        "base_year": "2025",
        "horizon_years": "10",
        "comparison_rate": "",
        "notes": "",
        **values,
    }


def test_editor_creates_a_case_and_shows_field_errors(client, reporter, organisation):
    from pilots.factories import PilotFactory

    pilot = PilotFactory(lead_organisation=organisation)
    client.force_login(reporter)
    url = _url("business_case_edit", pilot)
    response = client.post(url, _settings(comparison_rate="150", horizon_years="-3"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Räntan måste ligga mellan −10 och 100 %" in html and "0–100" in html
    assert not hasattr(pilot, "business_case") or pilot.business_case is None
    assert client.post(url, _settings(is_draft="on")).status_code == 302
    pilot.refresh_from_db()
    assert pilot.business_case.is_draft and pilot.business_case.horizon_years == 10


def _line_post(case, lines, rows):
    data = {
        "action": "lines",
        "expected_version": case.version,
        "lines-TOTAL_FORMS": len(rows),
        "lines-INITIAL_FORMS": len(lines),
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{i}-{key}"] = value
    return data


def test_editor_refuses_a_bad_amount_without_writing(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=0, years=0)
    client.force_login(reporter)
    row = {
        "kind": "cost",
        "label": "Lokaler",
        "actor": "kommun",
        "value_type": "fiscal_cashable",
        "confidence": "2",
        "y2025": "tjugo",
        "y2026": "1000",
    }
    response = client.post(_url("business_case_edit", pilot), _line_post(case, [], [row]))
    assert response.status_code == 200
    assert "Ange ett belopp i kronor" in response.content.decode()
    assert not BusinessCaseLine.objects.filter(label="Lokaler").exists()
    row["y2025"] = "12 500"
    response = client.post(_url("business_case_edit", pilot), _line_post(case, [], [row]))
    assert response.status_code == 302
    line = BusinessCaseLine.objects.get(label="Lokaler")
    assert dict(line.amounts.values_list("year", "amount_sek")) == {2025: 12500, 2026: 1000}


def test_editor_adds_a_benefit_from_the_unit_cost_library(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=0, years=0)
    client.force_login(reporter)
    unit = UnitCost.objects.get(name="Sjukpenningdag")
    data = {
        "action": "unit",
        "expected_version": case.version,
        "unit_cost": unit.pk,
        "people": "50",
        "effect_pct": "200",
        "first_year": "2026",
        "last_year": "2040",
    }
    response = client.post(_url("business_case_edit", pilot), data)
    html = response.content.decode()
    assert "mellan 0 och 100 %" in html and "utanför kalkylperioden" in html
    data.update(effect_pct="10", last_year="2028")
    assert client.post(_url("business_case_edit", pilot), data).status_code == 302
    line = BusinessCaseLine.objects.get(business_case=case, unit_cost=unit)
    assert line.actor == "stat" and line.amounts.count() == 3


def test_more_lines_do_not_change_the_edit_page_queries(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=2, years=3)
    client.force_login(reporter)
    url = _url("business_case_edit", pilot)
    _queries(client, url)
    before = _queries(client, url)
    add_lines(case, lines=6, years=3)
    assert _queries(client, url) == before


def test_public_pilot_page_links_to_the_case(client, organisation):
    pilot, _ = pilot_with_case(organisation)
    html = client.get(pilot.get_absolute_url()).content.decode()
    assert _url("business_case", pilot) in html


def test_summaries_for_listings_are_published_cases_in_constant_queries(organisation):
    from django.template.loader import render_to_string

    from business_cases.selectors import business_case_summaries

    published = [pilot_with_case(organisation, lines=4)[0] for _ in range(2)]
    draft, _ = pilot_with_case(organisation, draft=True)
    with CaptureQueriesContext(connection) as few:
        business_case_summaries([published[0].pk])
    more = [pilot_with_case(organisation, lines=8, years=6)[0] for _ in range(3)]
    ids = [p.pk for p in [*published, *more, draft]]
    with CaptureQueriesContext(connection) as many:
        summaries = business_case_summaries(ids)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert draft.pk not in summaries and len(summaries) == 5
    summary = summaries[published[0].pk]
    report = build_report(business_case_load(pilot=published[0], user=None))
    assert summary.total.npv == pytest.approx(report.result.total.npv)
    assert [a.actor for a in summary.actors] == [r.actor for r in report.actors]
    html = render_to_string("business_cases/_summary.html", {"summary": summary})
    assert "Kalkyl per aktör" in html and "Kommun" in html


def test_print_for_the_namnd_has_one_page_per_actor_with_its_figures(client, organisation):
    pilot, _case = pilot_with_case(organisation, lines=4, years=3)
    detail = client.get(_url("business_case", pilot)).content.decode()
    url = _url("business_case_print", pilot) + "?sidor=aktorer"
    assert url.replace("&", "&amp;") in detail or url in detail  # linked from the case page
    html = client.get(url).content.decode()
    report = build_report(business_case_load(pilot=pilot, user=None))
    assert html.count('data-testid="actor-page"') == len(report.actors) == 3
    for row in report.actors:
        assert f"{row.label}: vad piloten kostar och ger" in html
    kommun = next(r for r in report.actors if r.actor == "kommun")
    from business_cases.charts import format_sek

    assert format_sek(kommun.result.pv_costs) in html
    assert "Huvudresultatet räknar med kalkylens antaganden." in html
    assert "Kostnad 0" in html and "säkerhetsgrad 1" in html


def test_the_tornado_table_has_the_numbers_the_chart_shows(client, organisation):
    import re

    pilot, _case = pilot_with_case(organisation, lines=4, years=3)
    html = client.get(_url("business_case", pilot)).content.decode()
    chart = html[html.index('data-testid="tornado"') : html.index("</figure>")]
    table = html[html.index('data-testid="tornado-table"') :]
    table = table[: table.index("</table>")]
    chart_values = re.findall(r'class="bc-value">([^<]+)</text>', chart)
    assert len(chart_values) == 10  # both ends of five bars
    cells = re.findall(r'<td class="num" data-label="[^"]+">([^<]+)</td>', table)
    lows_and_highs = [v for i, v in enumerate(cells) if i % 3 != 2]  # not the span
    assert sorted(chart_values) == sorted(lows_and_highs)


def test_the_all_actors_row_has_its_sum_and_wrapped_labels_keep_their_spaces(client, organisation):
    import re

    from business_cases.charts import LABEL_WIDTH, _label, format_sek

    pilot, _case = pilot_with_case(organisation, lines=4, years=3)
    response = client.get(_url("business_case", pilot))
    report = response.context["report"]
    html = response.content.decode()
    total = html[html.index('data-testid="matrix-total-sum"') :]
    total = total[: total.index("</td>")]
    assert "netto" in total
    costs = sum(row.total_cost for row in report.matrix)
    assert report.matrix_total_cost == pytest.approx(costs)
    if costs:
        assert format_sek(costs) in total
    # A label wrapped into two lines still reads "±10 procentenheter" when read out or copied.
    svg = _label("Optimismavdrag ±10 procentenheter", LABEL_WIDTH - 8, 0, LABEL_WIDTH - 12)
    assert svg.count("<tspan") == 2
    assert "".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)) == (
        "Optimismavdrag ±10 procentenheter"
    )


def test_print_assumptions_keep_years_and_units_whole_and_stack_on_narrow_screens(
    client, organisation
):
    pilot, _case = pilot_with_case(organisation, lines=4, years=3)
    url = _url("business_case_print", pilot) + "?sidor=aktorer"
    html = client.get(url).content.decode()
    assert 'class="data-table bc-stack bc-actor-lines"' in html
    assert '<td class="bc-nowrap" data-label="År">' in html
    assert '<td class="num bc-nowrap" data-label="Summa (ej diskonterad)">' in html
    if "dödvikt" in html:
        assert "\u00a0%, tillskrivning" in html and " %, tillskrivning" not in html
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    if "deadweight" in english:
        assert "\u00a0%, attribution" in english
    css = (
        __import__("pathlib").Path("business_cases/static/business_cases/business_case.css")
    ).read_text()
    assert ".bc-actor-lines .bc-nowrap { white-space: nowrap; }" in css
    assert ".bc-actor-lines th, .bc-actor-lines td { overflow-wrap: normal;" in css
