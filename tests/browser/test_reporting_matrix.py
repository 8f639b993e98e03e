"""The coordinator follows period reporting (issue 22), at 1280 and 390 px wide, by links only:
from Mina sidor to the completeness and timeliness matrix, filters by a programme and the year,
reads the rates and the legend, and reminds the reporters of the missing reports. The page
passes axe-core (no serious or critical violations)."""

from django.core import mail
from playwright.sync_api import expect

from monitoring.models import Reminder
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Role
from tests.browser.helpers import assert_accessible, log_in_by_link
from tests.monitoring.helpers import build

PASSWORD = "losenord-123"


def test_coordinator_filters_the_matrix_and_reminds_the_reporters(journey):
    kommun = OrganisationFactory(name="Solbacka kommun")
    _first, _second, programme = build(kommun)
    reporter = MembershipFactory(organisation=kommun, role=Role.REPORTER).user
    coordinator = UserFactory(coordinator=True)
    page = journey

    page.goto("/")
    log_in_by_link(page, coordinator.email, PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    page.get_by_role("link", name="Öppna rapporteringsläget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporteringsläge")

    page.get_by_label("Program").select_option(label=programme.name)
    page.get_by_label("År").select_option("2025")
    page.get_by_role("button", name="Filtrera").click()

    matrix = page.get_by_role("table", name="1 pilot")
    expect(matrix.get_by_role("link", name="Första piloten", exact=True)).to_be_visible()
    expect(page.get_by_text("Andra piloten")).to_have_count(0)
    # The first pilot's 2025: approved, on time, missing (K3) and K4, due 2026-01-30: missing.
    expect(matrix.get_by_role("link", name="Saknas: Första piloten 2025 K3")).to_be_visible()
    rates = page.get_by_role("table", name="Per program")
    expect(rates.get_by_role("row", name=programme.name)).to_contain_text("50\u00a0%")
    expect(page.get_by_text("Teckenförklaring")).to_be_visible()
    # Each column says what it is: the kind of period above it, the months under its label, and
    # the legend explains the letters and every word a cell can say.
    expect(matrix.get_by_role("columnheader", name="Per kvartal")).to_have_count(1)
    expect(matrix.get_by_role("columnheader", name="2025 K3 jul–sep")).to_have_count(1)
    expect(
        page.get_by_text("Kvartal, tre månader: jan–mar, apr–jun, jul–sep, okt–dec.")
    ).to_be_visible()
    expect(page.get_by_text("Godkänd och accepterad av programmets finansiär")).to_be_visible()
    # The pilot stays in view while the periods scroll sideways under it (at 390 px they do).
    pilot = matrix.get_by_role("rowheader", name="Första piloten")
    left = pilot.bounding_box()["x"]
    region = page.get_by_role(
        "region", name="Tabell över piloter och perioder, kan rullas i sidled"
    )
    region.hover()
    page.mouse.wheel(400, 0)
    if page.width == 390:
        expect(page.locator(".scroll-frame.more-left")).to_have_count(1)
        assert region.evaluate("box => box.scrollLeft") > 0
    assert pilot.bounding_box()["x"] == left
    assert_accessible(page)

    page.get_by_role("button", name="Påminn rapportörerna").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Rapportörerna påminns om 2 försenade rapporter."
    )
    assert Reminder.objects.count() == 2
    assert [m.to for m in mail.outbox] == [[reporter.email]]
