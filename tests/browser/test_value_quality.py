"""Issue 22, review at the level of a value, by links only from the start page (1280 and 390 px):
an approver opens the submitted report from Mina sidor, comments on two cells and returns it; the
reporter opens the returned report from Mina sidor, sees the two cells marked with the comments,
opens one cell's history, corrects a value (confirming it as an unusual value) and resubmits.
The review page and the report form pass axe-core (no serious or critical violations)."""

from playwright.sync_api import Page, expect

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.models import CellComment, OutlierConfirmation, PeriodReport, ReportStatus
from pilots.services import report_submit
from tests.browser.helpers import assert_accessible, log_in_by_link
from tests.pilots.report_helpers import make_pilot, number_cell, save
from tests.pilots.test_report_quality import plant_history

PASSWORD = "losenord-123"
FIRST = "Stämmer 51? Kontrollera mot journalsystemet."
SECOND = "Uppgift för flickor 0-17 saknas."


def _user(organisation, role, email):
    user = MembershipFactory(organisation=organisation, role=role, user__email=email).user
    user.set_password(PASSWORD)
    user.save()
    return user


def _world():
    organisation = OrganisationFactory(name="Vännäs kommun")
    reporter = _user(organisation, Role.REPORTER, "rapport@example.se")
    _user(organisation, Role.APPROVER, "granskare@example.se")
    pilot = make_pilot(organisation, title="Rörelse på recept")
    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    plant_history(pilot, reporter)  # approved reports of the four quarters before
    report = save(period, reporter, values=[number_cell(pilot, "51")])
    report_submit(report=report, actor=reporter, expected_version=report.version)
    return pilot, period


def _log_in(page: Page, email: str) -> None:
    """Log in by the header's link (from wherever the page is) and open Mina sidor."""
    log_in_by_link(page, email, PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")


def _log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Logga in")).to_be_visible()


def test_approver_comments_on_cells_and_reporter_answers(journey: Page):
    page = journey
    pilot, period = _world()
    number = pilot.links["number"]
    percent = pilot.links["percent"]
    number_name = number.indicator.name

    # The approver: Mina sidor → Granska → comment on two cells → return.
    page.goto("/")
    _log_in(page, "granskare@example.se")
    page.get_by_role("link", name=f"Granska {pilot.title} {period.label}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Granska periodrapport")
    assert_accessible(page)
    page.locator("summary", has_text=f"Kommentera: {number_name}, Totalt").click()
    page.locator(f"#c{number.pk}-T-0-comment").fill(FIRST)
    page.locator("summary", has_text=f"Kommentera: {percent.indicator.name}, Kvinnor, 0-17").click()
    page.locator(f"#c{percent.pk}-K-1-comment").fill(SECOND)
    page.get_by_label("Kommentar till rapportörerna").fill("Se kommentarerna vid värdena.")
    page.get_by_role("button", name="Returnera med kommentar").click()
    expect(page.get_by_text("Rapporten är returnerad till rapportörerna.")).to_be_visible()
    assert CellComment.objects.count() == 2
    _log_out(page)

    # The reporter: Mina sidor shows the comments, the report marks both cells.
    _log_in(page, "rapport@example.se")
    returned = page.locator(
        "section", has=page.get_by_role("heading", name="Returnerade rapporter")
    )
    expect(returned).to_contain_text("2 kommentarer")
    returned.get_by_role("link", name=period.label).click()
    expect(page.get_by_text("Granskaren har kommenterat 2 värden.")).to_be_visible()
    expect(page.locator("td.cell-marked")).to_have_count(2)
    expect(page.locator("td.cell-marked", has_text=FIRST)).to_be_visible()
    expect(page.locator("td.cell-marked", has_text=SECOND)).to_be_visible()
    assert_accessible(page)

    # One click to the value's history, and back.
    page.locator("td.cell-marked", has_text=FIRST).get_by_role("link", name="Historik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Värdets historik")
    expect(page.locator("table.value-history")).to_contain_text("51")
    page.get_by_role("link", name=f"Tillbaka till periodrapport {period.label}").click()

    # The correction is unusual: the form asks, the reporter confirms and resubmits.
    page.locator(f"#c{number.pk}-T-0-value").fill("520")
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_text("långt från tidigare perioder (median 50,5)").first).to_be_visible()
    page.get_by_label("Jag har kontrollerat: värdet stämmer").check()
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_text("Rapporten är inskickad för godkännande.")).to_be_visible()

    report = PeriodReport.objects.get(period=period)
    assert report.status == ReportStatus.SUBMITTED and report.values.get().value == 520
    assert OutlierConfirmation.objects.get().reason.startswith("Värdet 520")
    assert CellComment.objects.filter(resolved_at__isnull=False).count() == 1
