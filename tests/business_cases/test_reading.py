"""What a reader of the business-case page sees: every net figure says whether it is
discounted, the tornado speaks in changes from the base case, estimates are rounded one way,
and no phrase is said twice."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from business_cases.charts import format_sek, format_sek_exact
from business_cases.models import BusinessCaseLine, UnitCost
from business_cases.reference_data import ILLUSTRATIVE_SOURCE

from .helpers import pilot_with_case, reach_indicator

pytestmark = pytest.mark.django_db


def _page(client, pilot):
    return client.get(reverse("business_cases:business_case", kwargs={"slug": pilot.slug}))


def _part(html: str, start: str, end: str) -> str:
    part = html[html.index(start) :]
    return part[: part.index(end)]


def _spaces(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_undiscounted_sums_are_labelled_and_agree_with_the_npv_at_zero_rate(client, organisation):
    pilot, _case = pilot_with_case(organisation, lines=4, years=4)
    response = _page(client, pilot)
    report = response.context["report"]
    html = response.content.decode()

    gap = _part(html, 'data-testid="gap-statement"', "</ul>")
    assert "Nettonuvärde:" in gap and "Netto:" not in gap
    assert "Summa, ej diskonterad" in html
    total = _part(html, 'data-testid="matrix-total-sum"', "</td>")
    assert f"netto, ej diskonterat {format_sek(report.matrix_net, signed=True)}" in total
    # The undiscounted total is no second truth: it is the NPV at 0 %, shown in the rates table.
    at_zero = dict(report.rates)[0.0].total.npv
    assert report.matrix_net == pytest.approx(at_zero)
    assert report.matrix_net != pytest.approx(report.total.result.npv)
    rates = _part(html, 'data-testid="rates"', "</table>")
    assert format_sek(at_zero, signed=True) in rates
    assert "lika med nettonuvärdet vid 0 % kalkylränta" in html


def test_tornado_bars_and_their_table_give_the_signed_change_from_the_base_case(
    client, organisation
):
    pilot, _case = pilot_with_case(organisation, lines=4, years=4)
    response = _page(client, pilot)
    report = response.context["report"]
    html = response.content.decode()
    chart = _part(html, 'data-testid="tornado"', "</figure>")
    table = _part(html, 'data-testid="tornado-table"', "</table>")

    changes = [
        format_sek(value, signed=True)
        for bar in report.tornado
        for value in (
            min(bar.low_npv, bar.high_npv) - report.total.result.npv,
            max(bar.low_npv, bar.high_npv) - report.total.result.npv,
        )
    ]
    labels = re.findall(r'class="bc-value">([^<]+)</text>', chart)
    assert sorted(labels) == sorted(changes)
    assert all(label[0] in "+−" or label == "0\u00a0kr" for label in labels)
    assert "Förändring av nettonuvärdet jämfört med grundfallet" in chart
    cells = re.findall(r'data-label="Förändring, [^"]+">([^<]+)</td>', table)
    assert sorted(cells) == sorted(changes)


@pytest.mark.parametrize(
    ("value", "signed", "swedish", "english"),
    [
        (456_884, True, "+457 000 kr", "+SEK 457,000"),
        (-2_216_988, False, "−2,2 mkr", "−SEK 2.2m"),
        (-370_769, True, "−371 000 kr", "−SEK 371,000"),
        (999_600, False, "1,0 mkr", "SEK 1.0m"),
        (-400, True, "0 kr", "SEK 0"),
        # Half up like every number in the portal, and millions from the amount itself.
        (2_500, False, "3 000 kr", "SEK 3,000"),
        (500, True, "+1 000 kr", "+SEK 1,000"),
        (1_049_999, False, "1,0 mkr", "SEK 1.0m"),
    ],
)
def test_estimates_are_rounded_one_way_in_each_language(value, signed, swedish, english):
    with translation.override("sv"):
        assert _spaces(format_sek(value, signed=signed)) == swedish
    with translation.override("en"):
        assert _spaces(format_sek(value, signed=signed)) == english


def test_typed_unit_amounts_stay_exact_and_illustrative_is_said_once(client, organisation):
    pilot, case = pilot_with_case(organisation, lines=2, years=3)
    unit = UnitCost.objects.create(
        name="Testdygn",
        amount_sek=Decimal("1234567"),
        unit="dygn",
        actor="region",
        value_type="fiscal_non_cashable",
        price_year=2025,
        source=ILLUSTRATIVE_SOURCE,
        illustrative=True,
    )
    BusinessCaseLine.objects.filter(business_case=case, kind="benefit").update(
        unit_cost=unit,
        unit_amount_sek=unit.amount_sek,
        people=100,
        effect_pct=10,
        first_year=2026,
        last_year=2027,
    )
    html = _page(client, pilot).content.decode()
    assert _spaces(format_sek_exact(1_234_567)) == "1 234 567 kr"
    assert format_sek_exact(1_234_567) + " × 100 personer per år" in html
    assert "Illustrativt värde, demo" in html
    assert "(illustrativt värde)" not in html


def test_a_year_short_by_days_is_not_shown_as_twelve_of_twelve_months(client, organisation):
    pilot, case = pilot_with_case(
        organisation,
        lines=2,
        years=3,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 29),
    )
    link = reach_indicator(pilot, values=(30, 40, 50, 60))
    BusinessCaseLine.objects.filter(business_case=case, kind="benefit").update(pilot_indicator=link)
    html = _page(client, pilot).content.decode()
    actuals = _part(html, 'data-testid="actuals"', "</table>")
    assert "(del av året, 363 av 365 dagar)" in actuals
    assert "12 av 12 mån." not in actuals


def test_the_switching_value_is_explained_where_it_is_shown(client, organisation):
    pilot, _case = pilot_with_case(organisation, lines=4, years=4)
    html = _page(client, pilot).content.decode()
    help_text = _part(html, 'data-testid="switching-help"', "</span>")
    assert "hur mycket nyttorna kan minska innan nettonuvärdet blir negativt" in help_text
