"""A funder accepts its pilots' period reports, by links only from Mina sidor: the programme's
approver opens "Att acceptera", accepts an approved report, then takes back the acceptance of
another with a comment; the pilot's reporter finds that report returned, with the comment, and
can edit it again."""

from playwright.sync_api import expect

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.models import PeriodReport, ReportStatus
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.services.acceptance import report_accept
from tests.browser.helpers import (
    assert_accessible,
    assert_no_csp_violations,
    log_in,
    new_page,
    screenshot,
)
from tests.pilots.report_helpers import make_pilot
from tests.programmes.acceptance_helpers import approved_report

PASSWORD = "losenord-123"
TITLE = "Simskola i Gävle"
PROGRAMME = "Friska barn – program med acceptans"
COMMENT = "Antalet deltagare stämmer inte med lägesrapporten."


def _world():
    kommun = OrganisationFactory(name="Gävle kommun")
    reporter = MembershipFactory(organisation=kommun, role=Role.REPORTER).user
    approver = MembershipFactory(organisation=kommun, role=Role.APPROVER).user
    funder_org = OrganisationFactory(name="Region Gävleborg")
    funder = MembershipFactory(organisation=funder_org, role=Role.APPROVER).user
    programme = ProgrammeFactory(name=PROGRAMME, owner=funder_org, requires_acceptance=True)
    pilot = make_pilot(kommun, title=TITLE)
    ProgrammePilotFactory(programme=programme, pilot=pilot)
    first = approved_report(pilot, reporter, approver, index=0)
    second = approved_report(pilot, reporter, approver, index=1)
    second = report_accept(report=second, actor=funder, expected_version=second.version)
    return reporter, funder, first, second


def test_the_funder_accepts_and_unaccepts_and_the_reporter_sees_it_reopened(
    page, browser, base_url
):
    reporter, funder, first, second = _world()
    log_in(page, funder.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
    box = page.get_by_role("region", name="Att acceptera")
    expect(box).to_contain_text("1 rapport väntar på acceptans")
    box.get_by_role("link", name=PROGRAMME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Att acceptera: {PROGRAMME}")
    assert_accessible(page)
    screenshot(page, "acceptance-queue")

    waiting = page.get_by_role("region", name="Väntar på acceptans")
    waiting.get_by_role("link", name=f"Granska och acceptera {TITLE} {first.period.label}").click()
    expect(page.get_by_role("main")).to_contain_text("Det gick bra.")
    expect(page.get_by_role("main")).to_contain_text("Godkänd")
    assert_accessible(page)
    page.get_by_role("button", name="Acceptera rapporten").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Rapporten är accepterad och kan inte längre ändras."
    )
    expect(page.get_by_role("region", name="Väntar på acceptans")).to_contain_text(
        "Inga rapporter väntar på acceptans."
    )
    assert PeriodReport.objects.get(pk=first.pk).accepted_by == funder

    accepted = page.get_by_role("region", name="Accepterade rapporter")
    accepted.get_by_role("link", name=f"Visa {TITLE} {second.period.label}").click()
    expect(page.get_by_role("main")).to_contain_text("Accepterad av finansiären")
    page.get_by_label("Kommentar till rapportörerna").fill(COMMENT)
    page.get_by_role("button", name="Ta tillbaka acceptansen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Acceptansen är borttagen och rapporten returnerad till rapportörerna."
    )
    report = PeriodReport.objects.get(pk=second.pk)
    assert report.status == ReportStatus.RETURNED and not report.is_accepted

    other = new_page(browser, base_url)
    try:
        log_in(other, reporter.email, PASSWORD)
        returned = other.get_by_role("region", name="Returnerade rapporter")
        expect(returned).to_contain_text(COMMENT)
        returned.get_by_role("link", name=second.period.label).click()
        main = other.get_by_role("main")
        expect(main).to_contain_text("med kommentaren:")
        expect(main).to_contain_text(COMMENT)
        expect(other.get_by_role("button", name="Spara utkast")).to_be_visible()
        assert_accessible(other)
        screenshot(other, "acceptance-reopened")
    finally:
        other.context.close()
        assert_no_csp_violations(other)
