"""Benchmark journey: pick a kommun, switch peer group, read the chart and the map; axe-core."""

import re

from playwright.sync_api import expect

from partners.models import Kommun
from tests.benchmarking.helpers import make_kpi, make_values
from tests.browser.helpers import assert_accessible, screenshot


def test_analyst_compares_a_kommun_with_its_peers(page):
    make_kpi("N99901", direction="lower", title="Andel dagligrökare (demo)", is_demo=True)
    codes = Kommun.objects.order_by("code").values_list("code", flat=True)
    make_values(
        "N99901",
        {
            c: {y: 5 + (i % 7) + (y - 2015) * 0.2 for y in range(2015, 2025)}
            for i, c in enumerate(codes)
        },
    )
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Jämför").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jämför kommuner och regioner")
    assert_accessible(page)

    page.get_by_label("Kommun eller region").select_option(label="Uppsala")
    page.get_by_role("button", name="Visa jämförelse").click()
    expect(page).to_have_url(re.compile(r"/jamfor/0380/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uppsala")
    expect(page.locator("#bm-summary")).to_contain_text("Samma SKR-kommungrupp")

    page.get_by_label("Jämförelsegrupp", exact=True).select_option("lan")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page).to_have_url(re.compile(r"jamfor=lan"))
    expect(page.locator("#bm-summary")).to_contain_text("Samma län")
    expect(page.locator("#bm-summary")).to_contain_text("7 områden")

    section = page.locator(
        "section.indicator", has=page.get_by_role("heading", name="Andel dagligrökare (demo)")
    )
    expect(section.locator("svg.band-chart")).to_be_visible()
    expect(section.locator("svg.band-chart circle.point")).to_have_count(10)
    section.get_by_text("Diagrammet som tabell").click()
    expect(section.get_by_role("table", name=re.compile("per år"))).to_be_visible()
    expect(section.get_by_text("Källa: Kolada").first).to_be_visible()

    map_section = page.locator("section.benchmark-map")
    expect(map_section.locator("svg.choropleth path.kommun")).to_have_count(290)
    expect(map_section.locator('path.subject[data-code="0380"]')).to_have_count(1)
    map_section.get_by_text("Kartan som tabell").click()
    expect(map_section.get_by_role("row", name=re.compile("Uppsala"))).to_be_visible()
    screenshot(page, "benchmark")
    assert_accessible(page)


def test_on_a_phone_the_summary_reads_without_scrolling_sideways(page):
    """At 390 px each figure of the summary stands on its own line under its label, so value,
    mean, rank and trend are all on screen; the verdict under it agrees with the rank."""
    make_kpi("N99901", direction="lower", title="Andel dagligrökare (demo)", is_demo=True)
    codes = Kommun.objects.order_by("code").values_list("code", flat=True)
    make_values("N99901", {c: {2023: 5 + (i % 7), 2024: 5 + (i % 9)} for i, c in enumerate(codes)})
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/jamfor/")
    page.get_by_label("Kommun eller region").select_option(label="Uppsala")
    page.get_by_role("button", name="Visa jämförelse").click()
    section = page.locator(
        "section.indicator", has=page.get_by_role("heading", name="Andel dagligrökare (demo)")
    )
    summary = section.locator("table.benchmark-summary")
    for label in ("Värde 2024", "Medelvärde", "Rang", "Trend"):
        cell = summary.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    rank = summary.locator('td[data-label="Rang"]').inner_text()
    assert re.search(r"\d+ av \d+", rank)
    expect(
        section.get_by_text(re.compile(r"(bästa|sämsta) i jämförelsen|I mitten av"))
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "benchmark-390")
    assert_accessible(page)
