"""Public journeys: the home page's key figures and a kommun profile, each checked with axe-core."""

import re

from playwright.sync_api import expect

from partners.factories import OrganisationFactory
from partners.models import Kommun, OrganisationKind
from tests.browser.helpers import assert_accessible, screenshot


def test_home_page_shows_the_partnership_in_numbers(page):
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(
        name="Umeå kommun", kind=OrganisationKind.KOMMUN, kommun=umea, region=umea.region
    )
    OrganisationFactory(name="Friskvårdsföreningen", kommun=umea)
    OrganisationFactory(name="Väntande förening", pending=True)

    page.goto("/")

    expect(page).to_have_title(re.compile("Preventionsportalen"))
    figures = page.get_by_role("region", name="Partnerskapet i siffror")
    expect(
        figures.get_by_role("listitem").filter(has_text="partnerorganisationer")
    ).to_contain_text("2")
    expect(figures.get_by_role("listitem").filter(has_text="kommuner som partner")).to_contain_text(
        "1"
    )
    screenshot(page, "home")
    assert_accessible(page)


def test_visitor_finds_a_kommun_profile_through_the_skr_group_filter(page):
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kommuner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sveriges kommuner")
    assert_accessible(page)

    page.get_by_label("SKR-kommungrupp").select_option("A1")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"grupp=A1"))
    expect(page.get_by_text("3 kommuner")).to_be_visible()
    screenshot(page, "kommun-list")

    page.get_by_role("link", name="Göteborg", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Göteborg")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("1480")
    expect(facts).to_contain_text("Storstäder")
    expect(facts).to_contain_text(re.compile(r"\d{3}\s\d{3}"))  # population, thousands grouped
    expect(page.get_by_role("main").get_by_text("Källa: SCB")).to_be_visible()
    screenshot(page, "kommun-detail")
    assert_accessible(page)


def test_directory_and_region_pages_pass_axe(page):
    OrganisationFactory(name="Region Västerbotten", kind=OrganisationKind.REGION)
    for path in (
        "/organisationer/",
        "/regioner/",
        "/regioner/24/",
        "/konto/logga-in/",
        "/konto/registrera/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


def test_pages_reflow_on_a_small_phone_without_horizontal_scrolling(page):
    """WCAG 1.4.10: content reflows at 320 CSS px; wide tables scroll inside their own region."""
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/kommuner/", "/kommuner/0180/", "/konto/registrera/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    screenshot(page, "mobile-signup")
