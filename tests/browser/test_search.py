"""Search journey: type in the header box, see suggestions, open the results, filter by a
facet. Every page is checked with axe-core."""

import re

from playwright.sync_api import expect

from pilots.factories import PilotFactory
from search.services import reindex_all
from tests.browser.helpers import assert_accessible, screenshot


def test_visitor_searches_from_the_header_and_filters_by_facet(page):
    PilotFactory(
        title="Promenadgrupper för äldre i Umeå",
        summary="Piloterna samlar äldres promenadgrupper.",
        health_area="fysisk_aktivitet",
    )
    PilotFactory(
        title="Promenadskola för barn",
        summary="Barn går till skolan.",
        health_area="fetma",
        life_stage="barn_unga",
    )
    PilotFactory(private=True, title="Promenad i hemlighet")
    reindex_all()

    page.goto("/")
    box = page.get_by_role("search").get_by_role("combobox", name="Sök i portalen")
    box.press_sequentially("promenad", delay=30)
    suggestions = page.get_by_role("listbox", name="Förslag")
    expect(suggestions).to_be_visible()
    expect(
        suggestions.get_by_role("option", name="Promenadgrupper för äldre i Umeå")
    ).to_be_visible()
    expect(suggestions).not_to_contain_text("hemlighet")
    assert_accessible(page)

    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/sok/\?q=promenad"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök")
    expect(page.get_by_role("status")).to_contain_text("2 träffar")
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"Övervikt och fetma \(1\)")).click()
    expect(page.get_by_role("status")).to_contain_text("1 träff")
    expect(page.get_by_role("link", name="Promenadskola för barn")).to_be_visible()
    screenshot(page, "search-filtered")
    assert_accessible(page)


def test_on_a_phone_the_filters_fold_so_the_results_come_first(page):
    PilotFactory(title="Promenadgrupper i Umeå", summary="Promenader.", health_area="ensamhet")
    PilotFactory(title="Promenadskola", summary="Promenader till skolan.", health_area="fetma")
    reindex_all()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    box = page.get_by_role("search").get_by_role("combobox", name="Sök i portalen")
    box.fill("promenad")
    box.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("2 träffar")
    facets = page.get_by_role("complementary", name="Filtrera")
    health = facets.locator("details", has=page.get_by_text("Hälsoområde", exact=True))
    expect(health).not_to_have_attribute("open", "")
    # The first result is on the first screen, under the folded filters.
    first = page.get_by_role("list").filter(has_text="Promenadskola").get_by_role("link").first
    assert first.bounding_box()["y"] < 844
    health.get_by_text("Hälsoområde", exact=True).click()
    health.get_by_role("link", name=re.compile(r"Övervikt och fetma \(1\)")).click()
    expect(page.get_by_role("status")).to_contain_text("1 träff")
    # The group a filter was chosen from stays open.
    chosen = page.get_by_role("complementary", name="Filtrera").locator(
        "details", has=page.get_by_text("Hälsoområde", exact=True)
    )
    expect(chosen).to_have_attribute("open", "")
    assert_accessible(page)
