"""A programme owner, by links only: the portfolio fits 1280 px (and scrolls in its own labelled
region at 390 px), the ledger refuses a payout above the grant until a reason is given, lists it,
and reverses it from its row."""

import datetime as dt

from playwright.sync_api import expect

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import IndicatorFactory, LessonFactory, PilotFactory
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import Payout
from tests.browser.helpers import assert_accessible, log_in, screenshot
from tests.programmes.helpers import approve

FITS = """() => {
  const table = document.querySelector('main table.portfolio-table');
  const last = table.querySelector('thead th:last-child').getBoundingClientRect();
  const box = table.parentElement.getBoundingClientRect();
  return {right: last.right, box: box.right, width: window.innerWidth};
}"""


def _programme():
    funder = OrganisationFactory(name="Statens hälsoinstitut")
    approver = MembershipFactory(organisation=funder, role=Role.APPROVER).user
    count = IndicatorFactory(name="Antal deltagare i insatsen", unit="personer")
    share = IndicatorFactory(percent=True, name="Andel elever med gott psykiskt välbefinnande")
    programme = ProgrammeFactory(
        owner=funder, name="Friska miljöer", budget_sek=60_000_000, stages=2
    )
    programme.shared_indicators.set([count, share])
    for n in range(3):
        pilot = PilotFactory(title=f"Rörelse i skolan med ett längre namn {n}")
        report = approve(pilot, 0, {count: 12, share: (30, 40)})
        LessonFactory(pilot=pilot, report=report, title=f"Lärdom {n}")
        ProgrammePilotFactory(programme=programme, pilot=pilot, funding_granted_sek=8_000_000)
    return approver, programme


def test_programme_owner_checks_portfolio_and_corrects_the_ledger(page):
    approver, programme = _programme()
    log_in(page, approver.email, "losenord-123")
    page.goto(programme.get_absolute_url())
    page.get_by_role("navigation", name="Programmets sidor").get_by_role(
        "link", name="Portfölj"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfölj")
    fit = page.evaluate(FITS)
    assert fit["right"] <= fit["box"] + 1 and fit["box"] <= fit["width"], fit
    assert_accessible(page)
    screenshot(page, "portfolio-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    region = page.get_by_role("region", name="Piloterna i programmet")
    expect(region).to_be_visible()
    screenshot(page, "portfolio-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("navigation", name="Programmets sidor").get_by_role(
        "link", name="Fondens bokföring"
    ).click()
    form = page.locator("form", has=page.get_by_role("button", name="Spara utbetalningen"))
    form.get_by_label("Pilot").select_option(index=1)
    form.get_by_label("Datum").fill("2025-03-01")
    form.get_by_label("Belopp (kr)").fill("99000000")
    form.get_by_role("button", name="Spara utbetalningen").click()
    expect(
        page.get_by_text("mer än de 8\u202f000\u202f000 kr som är beviljade").first
    ).to_be_visible()
    assert not Payout.objects.exists()
    form = page.locator("form", has=page.get_by_role("button", name="Spara utbetalningen"))
    form.get_by_label("Skäl att överskrida beviljat belopp eller budget").fill(
        "Regeringsbeslut om tillskott"
    )
    form.get_by_role("button", name="Spara utbetalningen").click()
    expect(page.get_by_role("status")).to_contain_text("Utbetalningen är sparad")
    entries = page.get_by_role("region", name="Alla poster")
    expect(entries).to_contain_text("Bekräftat över gränsen: Regeringsbeslut om tillskott")
    assert_accessible(page)
    entries.get_by_role("link", name="Vänd posten").click()
    page.get_by_label("Skäl").fill("Fel belopp, ska vara 9 miljoner")
    page.get_by_role("button", name="Vänd posten").click()
    expect(page.get_by_role("status")).to_contain_text("Posten är vänd")
    expect(entries).to_contain_text("\u221299\u202f000\u202f000")
    screenshot(page, "ledger")
    assert Payout.objects.filter(reverses__isnull=False, paid_on=dt.date.today()).count() == 1
