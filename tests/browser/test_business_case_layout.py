"""The business case read by a nämnd: the per-actor summary fits at 1280 and at 390 px without
sideways scrolling (the whole page neither), and the printable summary puts each actor on one A4
page. Also the editor's save paths, from the pilot page, by clicking only."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from business_cases.models import (
    BusinessCase,
    BusinessCaseAmount,
    BusinessCaseLine,
    DiscountRateSchedule,
    UnitCost,
)
from business_cases.reference_data import seed_reference
from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import PilotFactory
from tests.browser.helpers import assert_accessible, log_in, screenshot

# Summary tables: none may need scrolling inside its own box either.
SUMMARIES = ["actor-results", "inaction", "tornado-table", "actor-summary"]
A4_HEIGHT_PX = 297 / 25.4 * 96  # one A4 page at 96 css px per inch


def _case_with_every_actor():
    seed_reference(DiscountRateSchedule, UnitCost)
    organisation = OrganisationFactory(name="Storstadens kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    pilot = PilotFactory(
        lead_organisation=organisation,
        title="Tidiga insatser för unga vuxna som står långt från arbetsmarknaden",
        slug="tidiga-insatser",
    )
    case = BusinessCase.objects.create(
        pilot=pilot, price_year=2025, base_year=2025, horizon_years=10, is_draft=False
    )
    rows = [
        ("cost", "kommun", "Coacher och handläggare i socialtjänsten", 12_345_678),
        ("cost", "region", "Psykiatrisk öppenvård, förstärkt", 3_250_000),
        ("benefit", "kommun", "Minskat försörjningsstöd", 9_876_543),
        ("benefit", "region", "Färre akutbesök", 1_250_000),
        ("benefit", "stat", "Lägre sjukpenning och aktivitetsersättning", 45_678_901),
        ("benefit", "arbetsgivare", "Ökad produktivitet", 2_500_000),
        ("benefit", "individ", "Högre disponibel inkomst", 7_500_000),
        ("bau", "civilsamhalle", "Stöd från ideella föreningar om inget görs", 800_000),
    ]
    for order, (kind, actor, label, amount) in enumerate(rows):
        line = BusinessCaseLine.objects.create(
            business_case=case,
            kind=kind,
            actor=actor,
            label=label,
            deadweight_pct=Decimal("5.5") if kind == "benefit" else 0,
            order=order,
        )
        first = 0 if kind != "benefit" else 1
        BusinessCaseAmount.objects.bulk_create(
            BusinessCaseAmount(line=line, year=2025 + y, amount_sek=amount)
            for y in range(first, 11 if kind != "cost" else 3)
        )
    return reporter, pilot


def _assert_no_sideways_scrolling(page):
    page_width = page.evaluate("document.documentElement.scrollWidth")
    window_width = page.evaluate("window.innerWidth")
    assert page_width <= window_width, f"the page scrolls sideways: {page_width} > {window_width}"
    for test_id in SUMMARIES:
        for table in page.get_by_test_id(test_id).all():
            scroll, client = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
            assert scroll <= client + 1, f"{test_id} needs scrolling: {scroll} > {client}"
            box = table.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= window_width + 1, test_id


@pytest.mark.parametrize("width", [1280, 390])
def test_the_per_actor_summary_fits_without_sideways_scrolling(page, width):
    _reporter, pilot = _case_with_every_actor()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/piloter/{pilot.slug}/kalkyl/")
    results = page.get_by_test_id("actor-results")
    expect(results).to_contain_text("Staten och Försäkringskassan")
    expect(results).to_contain_text("Återbetalt år")
    _assert_no_sideways_scrolling(page)
    screenshot(page, f"business-case-summary-{width}")
    assert_accessible(page)


def test_the_print_summary_puts_each_actor_on_one_a4_page(page):
    _reporter, pilot = _case_with_every_actor()
    page.goto(f"/piloter/{pilot.slug}/kalkyl/")
    page.get_by_role("link", name="Utskrift för nämnden, en sida per aktör").click()
    pages = page.get_by_test_id("actor-page")
    expect(pages).to_have_count(6)  # kommun, region, stat, arbetsgivare, individ, civilsamhälle
    expect(pages.first).to_contain_text("Kommun")
    expect(pages.first).to_contain_text("Betalar")
    expect(pages.first).to_contain_text("Återbetalt")
    expect(pages.first).to_contain_text("antaganden")
    page.emulate_media(media="print")
    screenshot(page, "business-case-print")
    for index in range(pages.count()):
        height = pages.nth(index).evaluate("el => el.getBoundingClientRect().height")
        # The A4 page less the printed margins (1.5 cm top and bottom).
        assert height <= A4_HEIGHT_PX - 2 * 15 / 25.4 * 96, f"actor {index}: {height:.0f} px"
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 6  # one page per actor


def test_the_editor_saves_changes_adds_and_removes_lines_and_names_errors(page):
    """From the pilot page, by clicking only: change an amount and a share and save with no new
    line, add a line, remove it, and type an amount that is not a number."""
    from tests.business_cases.helpers import pilot_with_case

    seed_reference(DiscountRateSchedule, UnitCost)
    organisation = OrganisationFactory(name="Redigerkommunen")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    pilot, _case = pilot_with_case(organisation, lines=2, years=3, title="Stöd i hemmet")
    log_in(page, reporter.email, "losenord-123")
    page.goto(pilot.get_absolute_url())
    page.get_by_role("link", name="Kalkyl: vem betalar, vem vinner").click()
    page.get_by_role("link", name="Redigera kalkylen").click()
    table = page.get_by_test_id("line-table")

    # 1. Change an amount and a share, no new line: saved, shown as typed in Swedish.
    table.get_by_label("2025, Kostnad 0 (kr)").fill("1250000")
    table.get_by_label("Dödvikt %, Nytta 1").fill("5,5")
    page.get_by_role("button", name="Spara raderna").click()
    expect(page.get_by_role("status")).to_contain_text("Raderna är sparade")
    table = page.get_by_test_id("line-table")
    expect(table.get_by_label("2025, Kostnad 0 (kr)")).to_have_value("1\u202f250\u202f000")
    expect(table.get_by_label("Dödvikt %, Nytta 1")).to_have_value("5,5")

    # 2. Add a line.
    table.get_by_label("Beskrivning, ny rad").fill("Hembesök av arbetsterapeut")
    table.get_by_label("Aktör, ny rad").select_option(label="Region")
    table.get_by_label("2026, ny rad (kr)").fill("85 000")
    page.get_by_role("button", name="Spara raderna").click()
    expect(page.get_by_role("status")).to_contain_text("Raderna är sparade")
    table = page.get_by_test_id("line-table")
    expect(table.get_by_label("2026, Hembesök av arbetsterapeut (kr)")).to_have_value("85\u202f000")

    # 3. Remove it.
    table.get_by_label("Ta bort Hembesök av arbetsterapeut").check()
    page.get_by_role("button", name="Spara raderna").click()
    expect(page.get_by_role("status")).to_contain_text("Raderna är sparade")
    expect(
        page.get_by_test_id("line-table").get_by_label("Beskrivning, Hembesök av arbetsterapeut")
    ).to_have_count(0)

    # 4. An amount that is not a number: refused, the error names the line and the field.
    page.get_by_test_id("line-table").get_by_label("2027, Kostnad 0 (kr)").fill("tolvtusen")
    page.get_by_role("button", name="Spara raderna").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Kostnad 0 – 2027")
    expect(alert).to_contain_text("Ange ett belopp i kronor")
    # Nothing of the refused save was kept: the earlier amount is still there.
    expect(page.get_by_test_id("line-table").get_by_label("2025, Kostnad 0 (kr)")).to_have_value(
        "1\u202f250\u202f000"
    )
    screenshot(page, "business-case-editor-error")
    assert_accessible(page)
