"""The core loop of the portal in a browser: a reporter registers a pilot through the wizard and
files the first period report; an approver returns it once and then approves it; an anonymous
visitor sees the approved value, and no draft value, on the public pilot page.

Every page on the way is checked with axe-core (no serious or critical violations), the report
form also in its error state.
"""

import datetime as dt
import os

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Kommun, OrganisationKind, Role
from pilots.periods import MONTH_NAMES_SV
from tests.browser.helpers import assert_accessible, log_in, new_page, screenshot

PASSWORD = "losenord-123"
TITLE = "Fullföljt i Västerbotten"
INDICATOR = "Andel deltagare som fullföljt insatsen"
MISSING = "Det här saknas innan piloten kan publiceras"
COMMENT = "Beskriv varför männen avbröt oftare än kvinnorna."


def _dates(today: dt.date):
    """Monthly periods from the first of last month: the first one is due in a week."""
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    due_days = today.day + 7  # last month ended `today.day` days ago
    first_label = f"{MONTH_NAMES_SV[start.month - 1]} {start.year}"
    second_label = f"{MONTH_NAMES_SV[today.month - 1]} {today.year}"
    return start, end, due_days, first_label, second_label


def _continue(page: Page, step: str) -> None:
    """Save the step and go on; the next step's heading shows."""
    page.get_by_role("button", name="Spara och fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(step)


def _register(page: Page, *, start, end, due_days) -> str:
    """Journey 1: the reporter registers the pilot through every step and publishes it."""
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    page.get_by_role("link", name="Registrera en pilot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera en pilot")
    assert_accessible(page)
    page.get_by_label("Huvudman").select_option(label="Skellefteå kommun")
    page.get_by_label("Pilotens titel").fill(TITLE)
    page.get_by_role("button", name="Skapa utkast").click()

    # Step 1: basics.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grunduppgifter")
    expect(page.get_by_role("status")).to_contain_text("Utkastet är sparat")
    expect(page.get_by_role("textbox", name="Titel", exact=True)).to_have_value(TITLE)
    page.locator("#id_summary").fill(
        "Gruppträffar för personer som vill röra sig mer, med uppföljning efter varje månad."
    )
    page.get_by_label("Hälsoområde").select_option(label="Fysisk aktivitet")
    page.get_by_label("Livsskede").select_option(label="Arbetsför ålder")
    page.get_by_label("Arena").select_option(label="Primärvård")
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Slutdatum").fill(end.isoformat())
    page.get_by_label("Budget (kr)").fill("1 250 000")
    assert_accessible(page)
    _continue(page, "Geografi")

    # Step 2: two kommuner, found with the search box.
    count = page.locator("[data-picker-count]")
    expect(count).to_have_text("0 kommuner valda.")
    search = page.get_by_label("Sök kommun")
    search.fill("umeå")
    expect(page.get_by_label("Stockholm", exact=True)).to_be_hidden()
    page.get_by_label("Umeå", exact=True).check()
    search.fill("vannas")  # without the diacritics
    expect(page.get_by_label("Umeå", exact=True)).to_be_hidden()
    page.get_by_label("Vännäs", exact=True).check()
    expect(count).to_have_text("2 kommuner valda.")
    assert_accessible(page)
    _continue(page, "Partner")

    # Step 3: an evaluating partner.
    page.get_by_label("Organisation, rad 1").select_option(label="Umeå universitet")
    page.get_by_label("Roll, rad 1").select_option(label="Utvärderare")
    assert_accessible(page)
    _continue(page, "Utvärderingsplan")

    # Too early: the review step refuses to publish and links what is missing to its step.
    page.get_by_role("navigation", name="Registreringens steg").get_by_role(
        "link", name="Granska och publicera"
    ).click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Piloten kan inte publiceras ännu. Komplettera det som saknas nedan."
    )
    missing = page.get_by_role("region", name=MISSING)
    expect(missing.get_by_role("listitem")).to_have_text(
        [
            "Beskriv förändringsteorin i utvärderingsplanen.",
            "Välj utvärderingsdesign.",
            "Lägg till minst en indikator.",
        ]
    )
    assert_accessible(page)
    missing.get_by_role("link", name="Beskriv förändringsteorin i utvärderingsplanen.").click()

    # Step 4: the evaluation plan, reported every month.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utvärderingsplan")
    page.get_by_label("Förändringsteori").fill(
        "Om vi erbjuder gruppträffar nära hemmet fullföljer fler insatsen, därför att de får "
        "sällskap och stöd."
    )
    page.get_by_label("Utvärderingsdesign").select_option(label="Före–efter")
    page.get_by_label("Om designen").fill(
        "Jämförelse med utgångsläget; Umeå universitet utvärderar."
    )
    page.get_by_label("Rapporteringsintervall").select_option(label="Månad")
    page.get_by_label("Dagar till sista rapportdag").fill(str(due_days))
    assert_accessible(page)
    _continue(page, "Indikatorer")

    # Step 5: a library indicator with a baseline and a target.
    page.get_by_label("Sök i biblioteket").fill("fullföljt")
    page.get_by_label("Sök i biblioteket").press("Enter")
    library = page.get_by_role("table", name="Indikatorbiblioteket")
    expect(library.get_by_role("row")).to_have_count(2)  # the header and one match
    assert_accessible(page)
    library.get_by_role("button", name=f"Lägg till {INDICATOR}").click()
    card = page.get_by_role("region", name=INDICATOR)
    card.get_by_label("Utgångsvärde", exact=True).fill("50")
    card.get_by_label("Utgångsvärdet avser").fill((start - dt.timedelta(days=1)).isoformat())
    card.get_by_label("Om utgångsvärdet").fill("Förra årets gruppträffar")
    card.get_by_label("Måldatum 1").fill(end.isoformat())
    card.get_by_label("Målvärde 1").fill("80")
    card.get_by_role("button", name="Spara indikatorn").click()
    expect(page.get_by_role("status")).to_contain_text("Utkastet är sparat")
    card = page.get_by_role("region", name=INDICATOR)
    expect(card.get_by_label("Utgångsvärde", exact=True)).to_have_value("50")
    expect(card.get_by_label("Målvärde 1")).to_have_value("80")
    assert_accessible(page)
    page.get_by_role("link", name="Fortsätt till nästa steg").click()

    # Step 6: visibility.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Synlighet")
    page.get_by_label("Öppen för alla").check()
    assert_accessible(page)
    _continue(page, "Granska och publicera")

    # Step 7: review and publish.
    expect(page.get_by_role("region", name=MISSING)).to_have_count(0)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Umeå, Vännäs")
    expect(main).to_contain_text("Umeå universitet (Utvärderare)")
    expect(main).to_contain_text("Månad, 12 perioder")
    expect(main.get_by_role("table", name="Indikatorer")).to_contain_text("80 %")
    assert_accessible(page)
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_role("status")).to_contain_text("Piloten är publicerad.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def _cell(page: Page, part: str, gender: str = "Totalt"):
    return page.get_by_role("group", name=INDICATOR).get_by_label(f"{part}, {INDICATOR}, {gender}")


def _file_report(page: Page, first_label: str) -> None:
    """Journey 2: the reporter finds the period due, fixes a wrong value and submits."""
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    due = page.get_by_role("region", name="Ska rapporteras inom 14 dagar")
    expect(due.get_by_role("row").filter(has_text=TITLE)).to_contain_text("Inte påbörjad")
    assert_accessible(page)
    due.get_by_role("link", name=first_label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Periodrapport {first_label}")
    assert_accessible(page)

    # More who finished than who started: refused, next to the cell, with the input kept.
    _cell(page, "Täljare").fill("30")
    _cell(page, "Nämnare").fill("20")
    page.get_by_role("button", name="Spara utkast").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Rapporten sparades inte: 1 fel.")
    expect(summary).to_contain_text(
        f"{INDICATOR} (Totalt, alla åldrar): Täljaren kan inte vara större än nämnaren."
    )
    numerator = _cell(page, "Täljare")
    expect(numerator).to_have_attribute("aria-invalid", "true")
    expect(numerator).to_have_accessible_description("Täljaren kan inte vara större än nämnaren.")
    expect(numerator).to_have_value("30")
    denominator = _cell(page, "Nämnare")
    expect(denominator).to_have_value("20")
    expect(denominator).to_have_accessible_description("Täljaren kan inte vara större än nämnaren.")
    screenshot(page, "report-form-error")
    assert_accessible(page)

    _cell(page, "Täljare").fill("25")
    _cell(page, "Nämnare").fill("40")
    _cell(page, "Täljare", "Kvinnor").fill("18")
    _cell(page, "Nämnare", "Kvinnor").fill("24")
    _cell(page, "Täljare", "Män").fill("7")
    _cell(page, "Nämnare", "Män").fill("16")
    page.get_by_label("Enligt plan").check()
    page.get_by_label("Berättelse").fill("Fyra grupper startade; de flesta kom till alla träffar.")
    lesson = page.get_by_role("group", name="Lärdom 1")
    lesson.get_by_label("Typ").select_option(label="Framgångsfaktor")
    lesson.get_by_label("Systemdimension").select_option(label="Kultur och värderingar")
    lesson.get_by_label("Rubrik").fill("Träffar nära hemmet")
    lesson.get_by_label("Lärdom", exact=True).fill("Korta resor gjorde att fler kom tillbaka.")
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten är inskickad för godkännande.")
    expect(page.get_by_role("main")).to_contain_text("Inskickad")


def _review(page: Page, first_label: str, *, approve: bool) -> None:
    """Journey 3: the approver opens the waiting report from the dashboard and decides."""
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    waiting = page.get_by_role("region", name="Väntar på mitt godkännande")
    waiting.get_by_role("link", name=f"Granska {TITLE} {first_label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Granska periodrapport {first_label}"
    )
    expect(page.get_by_role("main")).to_contain_text("62,5 % (25/40)")
    assert_accessible(page)
    if approve:
        page.get_by_role("button", name="Godkänn").click()
        expect(page.get_by_role("status")).to_have_text("Rapporten är godkänd och perioden låst.")
    else:
        page.get_by_label("Kommentar till rapportörerna").fill(COMMENT)
        page.get_by_role("button", name="Returnera med kommentar").click()
        expect(page.get_by_role("status")).to_have_text(
            "Rapporten är returnerad till rapportörerna."
        )
    expect(waiting).to_contain_text("Inga rapporter väntar på ditt godkännande.")


def test_pilot_is_registered_reported_approved_and_public(browser, base_url, page):
    call_command("load_indicator_library", stdout=open(os.devnull, "w"))  # noqa: SIM115
    start, end, due_days, first_label, second_label = _dates(timezone.localdate())
    organisation = OrganisationFactory(
        name="Skellefteå kommun",
        kind=OrganisationKind.KOMMUN,
        kommun=Kommun.objects.get(name="Skellefteå"),
    )
    OrganisationFactory(name="Umeå universitet", kind=OrganisationKind.AKADEMI)
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    approver = MembershipFactory(organisation=organisation, role=Role.APPROVER).user

    log_in(page, reporter.email, PASSWORD)
    slug = _register(page, start=start, end=end, due_days=due_days)
    _file_report(page, first_label)

    checker = new_page(browser, base_url)
    log_in(checker, approver.email, PASSWORD)
    _review(checker, first_label, approve=False)

    # The reporter reads the comment and sends the report again.
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    returned = page.get_by_role("region", name="Returnerade rapporter")
    expect(returned).to_contain_text(COMMENT)
    returned.get_by_role("link", name=first_label).click()
    expect(page.get_by_role("note")).to_contain_text(COMMENT)
    assert_accessible(page)
    page.get_by_label("Berättelse").fill(
        "Fyra grupper startade. Männen avbröt oftare: två grupper krockade med skiftarbete."
    )
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten är inskickad för godkännande.")

    _review(checker, first_label, approve=True)
    checker.context.close()

    # A draft for the next month must stay inside the organisation.
    # It is reached by links: Mina sidor → the pilot → its periods, each with its state.
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    page.get_by_role("region", name="Mina piloter").get_by_role(
        "link", name=TITLE, exact=True
    ).click()
    periods = page.get_by_role("table", name="Pilotens rapportperioder med status")
    expect(periods.get_by_role("row", name=first_label)).to_contain_text("Godkänd")
    periods.get_by_role("link", name=second_label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Periodrapport {second_label}")
    _cell(page, "Täljare").fill("77")
    _cell(page, "Nämnare").fill("100")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status")).to_have_text("Utkastet är sparat.")

    # Journey 4: the public page shows the approved value only.
    visitor = new_page(browser, base_url)
    visitor.goto(f"/piloter/{slug}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    result = visitor.get_by_role("article", name=INDICATOR)
    expect(result.get_by_role("img")).to_be_visible()
    result.get_by_text("Visa som tabell").click()
    table = result.get_by_role("table", name=f"{INDICATOR}: godkända värden per period")
    expect(table.get_by_role("row", name=first_label)).to_contain_text("62,5")
    expect(table.get_by_role("row", name=second_label)).to_contain_text("inget godkänt värde")
    expect(result).not_to_contain_text("77")
    expect(visitor.get_by_role("region", name="Lärdomar")).to_contain_text("Träffar nära hemmet")
    timeline = visitor.get_by_role("region", name="Rapporter")
    expect(timeline).to_contain_text("Godkänd")
    expect(timeline).not_to_contain_text("Utkast")
    screenshot(visitor, "pilot-journey-public")
    assert_accessible(visitor)
    visitor.context.close()
