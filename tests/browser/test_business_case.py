"""A reporter builds a business case, reads who pays and who gains and the tornado, exports XLSX."""

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from business_cases.models import DiscountRateSchedule, UnitCost
from business_cases.reference_data import seed_reference
from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import PilotFactory
from tests.browser.helpers import assert_accessible, log_in, screenshot


def test_reporter_builds_a_business_case_and_exports_it(page):
    seed_reference(DiscountRateSchedule, UnitCost)  # the live server's database was flushed
    organisation = OrganisationFactory(name="Fallkommunen")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    pilot = PilotFactory(lead_organisation=organisation, title="Stå stadigt", slug="sta-stadigt")

    log_in(page, reporter.email, "losenord-123")
    page.goto(f"/piloter/{pilot.slug}/kalkyl/")
    expect(page.get_by_role("main")).to_contain_text("Piloten har ingen kalkyl ännu")
    page.get_by_role("link", name="Skapa kalkyl").click()

    # Settings: a bad comparison rate first, then a good one.
    page.get_by_label("Basår (år 0)").fill("2025")
    page.get_by_label("Prisår").fill("2025")
    page.get_by_label("Kalkylperiod (år efter basåret)").fill("5")
    page.get_by_label("Jämförelseränta (%)").fill("250")
    page.get_by_role("button", name="Skapa kalkyl").click()
    expect(page.get_by_role("alert")).to_contain_text("Räntan måste ligga mellan −10 och 100 %")
    assert_accessible(page)
    page.get_by_label("Jämförelseränta (%)").fill("5")
    page.get_by_label("Utkast – visa bara för pilotens organisationer").uncheck()
    page.get_by_role("button", name="Skapa kalkyl").click()
    expect(page.get_by_role("status")).to_contain_text("Kalkylens inställningar är sparade")

    # The kommun pays for the work (a cost row in the line table) …
    table = page.get_by_test_id("line-table")
    table.get_by_label("Beskrivning, ny rad").fill("Personal i äldreomsorgen")
    table.get_by_label("Aktör, ny rad").select_option(label="Kommun")
    table.get_by_label("2025, ny rad (kr)").fill("400 000")
    table.get_by_label("2026, ny rad (kr)").fill("tvåhundratusen")
    page.get_by_role("button", name="Spara raderna").click()
    expect(page.get_by_role("alert")).to_contain_text("Ange ett belopp i kronor")
    page.get_by_test_id("line-table").get_by_label("2026, ny rad (kr)").fill("200000")
    page.get_by_role("button", name="Spara raderna").click()
    expect(page.get_by_role("status")).to_contain_text("Raderna är sparade")

    # … and the region gains fewer hip fractures (a benefit from the unit-cost library).
    form = page.locator("form").filter(has=page.get_by_role("button", name="Lägg till nyttan"))
    form.get_by_label("Enhetskostnad").select_option(
        label=str(UnitCost.objects.get(name="Höftfraktur, vårdkedja"))
    )
    form.get_by_label("Antal personer som nås").fill("300")
    form.get_by_label("Förväntad effekt (%)").fill("3")
    form.get_by_label("Första år").fill("2026")
    form.get_by_label("Sista år").fill("2030")
    form.get_by_role("button", name="Lägg till nyttan").click()
    expect(page.get_by_role("status")).to_contain_text("Nyttoraden från enhetskostnadsbiblioteket")
    screenshot(page, "business-case-edit")
    assert_accessible(page)

    # The results: who pays and who gains, year by year, and the tornado.
    page.get_by_role("link", name="Visa resultatet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalkyl per aktör")
    expect(page.get_by_test_id("gap-statement")).to_contain_text(
        "Kommun betalar 100 % av kostnaderna och får ingen av nyttan"
    )
    expect(page.get_by_test_id("gap-statement")).to_contain_text(
        "Region betalar ingenting men får 100 % av nyttan"
    )
    matrix = page.get_by_test_id("matrix")
    kommun = matrix.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Kommun"))
    expect(kommun).to_contain_text("−400 000 kr")  # confidence grade 1: no optimism bias
    region = matrix.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Region"))
    expect(region).to_contain_text("+")
    tornado = page.get_by_role("img", name="Tornadodiagram: hur nuvärdet reagerar på antagandena")
    expect(tornado).to_be_visible()
    expect(page.get_by_test_id("tornado-table").get_by_role("rowheader")).to_have_count(5)
    expect(page.get_by_test_id("comparison")).to_contain_text("Jämförelse 5 %")
    expect(page.get_by_role("main")).to_contain_text(
        "Kalkylränta: Standard (3,5 % år 0–30, 3,0 % därefter)"
    )
    screenshot(page, "business-case")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner som Excel (XLSX)").click()
    download = download_info.value
    workbook = load_workbook(BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    assert "Vem betalar, vem vinner" in workbook.sheetnames
    values = [c for row in workbook["Resultat per aktör"].iter_rows(values_only=True) for c in row]
    assert "Kommun" in values and "Region" in values

    page.get_by_role("link", name="Utskriftsvänlig sida").click()
    expect(page.get_by_test_id("matrix")).to_be_visible()
    assert_accessible(page)
