"""Learning base journeys: find a practice, adopt its pilot, see the new branch; file an
appraisal and see it published. Every page is checked with axe-core."""

import re

from playwright.sync_api import expect

from learning.factories import PracticeFactory
from learning.rules import ensure_appraisal_group
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Role
from pilots.factories import PilotFactory
from tests.browser.helpers import assert_accessible, log_in, screenshot

PASSWORD = "losenord-123"


def test_reporter_adopts_a_practice_and_sees_the_new_branch(page):
    origin = PilotFactory(title="Aktiva seniorer", indicators=2, approved_reports=2)
    PracticeFactory(title="Aktiva seniorer i vardagen", original_pilot=origin)
    organisation = OrganisationFactory(name="Lunds kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user

    log_in(page, reporter.email, PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Kunskapsbank"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunskapsbank")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Praktiker", exact=False).first.click()
    page.get_by_role("link", name="Aktiva seniorer i vardagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktiva seniorer i vardagen")
    assert_accessible(page)

    page.get_by_role("list", name="Släktträd").get_by_role(
        "link", name="Aktiva seniorer"
    ).first.click()
    page.get_by_role("link", name="Adoptera piloten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adoptera")
    assert_accessible(page)
    page.get_by_role("button", name="Adoptera piloten").click()
    expect(page.get_by_text(re.compile("Utkastet .* är skapat"))).to_be_visible()

    page.goto("/kunskapsbank/praktiker/")
    page.get_by_role("link", name="Aktiva seniorer i vardagen").click()
    tree = page.get_by_role("list", name="Släktträd")
    expect(tree).to_contain_text("Lunds kommun")
    expect(tree).to_contain_text("anpassning")
    screenshot(page, "practice-new-branch")
    assert_accessible(page)


def test_appraisal_is_filed_and_published(page):
    practice = PracticeFactory(title="Familjestöd i skolan", original_pilot=PilotFactory())
    appraiser = UserFactory(email="bedomare@example.se")
    appraiser.groups.add(ensure_appraisal_group())
    coordinator = UserFactory(email="koordinator@example.se", coordinator=True)

    log_in(page, appraiser.email, PASSWORD)
    page.goto(practice.get_absolute_url())
    page.get_by_role("button", name="Påbörja bedömning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedömning av")
    expect(page.get_by_text("Effekt visad med jämförelsegrupp", exact=False).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile("jämförelsegrupp")).first.check()
    for label in ("Effekt", "Överförbarhet", "Hållbarhet", "Jämlikhet", "Kostnad"):
        page.get_by_label(label, exact=True).select_option("+")
    page.get_by_label("Rekommendation").select_option("scale_up_follow_up")
    page.get_by_label("Motivering").fill("Effekt visad i två kommuner med jämförelsegrupp.")
    page.get_by_role("button", name="Skicka till granskning").click()
    expect(page.get_by_text("skickad till granskning")).to_be_visible()
    page.context.clear_cookies()

    log_in(page, coordinator.email, PASSWORD)
    page.goto("/kunskapsbank/bedomningar/")
    assert_accessible(page)
    page.get_by_role("link", name="Familjestöd i skolan").last.click()
    page.get_by_role("button", name="Publicera bedömningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Familjestöd i skolan")
    current = page.get_by_role("region", name="Nationell bedömning")
    expect(current).to_contain_text("Skala upp med uppföljning")
    screenshot(page, "practice-appraised")
    assert_accessible(page)
