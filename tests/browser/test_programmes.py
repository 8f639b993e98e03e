"""A funder creates a programme, adds pilots, compiles and publishes a progress report and records
a gate decision; every page passes axe-core (no serious or critical violations)."""

from playwright.sync_api import expect

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import IndicatorFactory, PilotFactory
from programmes.models import GateDecision, Programme, ProgressReport
from tests.browser.helpers import assert_accessible, log_in, screenshot
from tests.programmes.helpers import approve


def test_funder_runs_a_programme_from_creation_to_gate_decision(page):
    funder = OrganisationFactory(name="Statens hälsoinstitut")
    approver = MembershipFactory(organisation=funder, role=Role.APPROVER).user
    indicator = IndicatorFactory(name="Deltagare i insatsen")
    pilots = [PilotFactory(title=f"Rörelse i skolan {n}") for n in (1, 2)]
    for pilot in pilots:
        approve(pilot, 0, {indicator: 12}, narrative=f"{pilot.title} nådde fler elever än väntat.")

    log_in(page, approver.email, "losenord-123")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").click()
    page.get_by_role("link", name="Skapa ett program").click()
    expect(page.get_by_label("Typ av program")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Namn", exact=False).first.fill("Rörelse för livet")
    page.get_by_label("Typ av program").select_option(label="Statligt program")
    page.get_by_label("Syfte").fill("Att pröva daglig rörelse i skolan.")
    page.get_by_label("Startdatum").fill("2025-01-01")
    page.get_by_label("Slutdatum").fill("2029-12-31")
    page.get_by_label("Arbetsprinciper").fill("Samverkan\nJämlikhet")
    page.get_by_label("Gemensamma indikatorer").select_option(label="Deltagare i insatsen")
    page.get_by_role("button", name="Skapa programmet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Faser och beslutspunkter")
    page.get_by_label("Fasens namn").fill("Fas 1: pröva")
    page.get_by_label("Fasen börjar").fill("2025-01-01")
    page.get_by_label("Beslutspunkt").fill("2026-12-31")
    page.get_by_role("button", name="Lägg till fasen").click()
    expect(page.get_by_role("cell", name="Fas 1: pröva", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Piloter och ansökningar").click()
    for pilot in pilots:
        page.locator("#id_add-pilot").select_option(label=pilot.title)
        page.get_by_label("Beviljat stöd (kr)").fill("500000")
        page.get_by_role("button", name="Lägg till piloten").click()
        expect(page.get_by_role("status")).to_contain_text(f"{pilot.title} är antagen")
    assert_accessible(page)
    screenshot(page, "programme-members")

    page.get_by_role("link", name="Portfölj").click()
    expect(page.get_by_role("link", name=pilots[0].title)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Programmets sidor").get_by_role(
        "link", name="Lägesrapporter"
    ).click()
    page.get_by_label("Från").fill("2025-01-01")
    page.get_by_label("Till").fill("2025-06-30")
    page.get_by_role("button", name="Sammanställ").click()
    expect(page.get_by_role("status")).to_contain_text("Lägesrapporten är sammanställd")
    expect(page.get_by_text(f"{pilots[0].title} nådde fler elever än väntat.")).to_be_visible()
    page.get_by_role("textbox", name="Sammanfattning").fill(
        "Båda piloterna rapporterar enligt plan."
    )
    page.get_by_role("button", name="Publicera rapporten").click()
    expect(page.get_by_role("status")).to_contain_text("Lägesrapporten är publicerad")
    expect(page.get_by_text("Båda piloterna rapporterar enligt plan.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "programme-report")

    page.goto(f"/program/{Programme.objects.get().slug}/piloter/{pilots[0].slug}/")
    page.locator("#id_decision").select_option(label="Skala upp")
    page.get_by_label("Motivering").fill("Tydliga resultat; fler skolor ska erbjudas arbetssättet.")
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_role("status")).to_contain_text("Beslutet är registrerat")
    expect(page.get_by_role("cell", name="Skala upp", exact=True)).to_be_visible()
    assert_accessible(page)

    assert ProgressReport.objects.get().is_published
    assert GateDecision.objects.get().decision == "scale"

    page.goto(f"/program/{Programme.objects.get().slug}/")
    assert_accessible(page)
