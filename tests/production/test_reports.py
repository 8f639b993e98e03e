"""A period report from draft to approved on the production stack, in the browser and over the
API, and the decision's e-mail: a job that goes through the outbox and Redis to the worker
process, whose link points at the site's public address (SITE_URL)."""

import re

from playwright.sync_api import expect

from outbox.models import OutboxMessage
from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PeriodReport, PilotIndicator
from pilots.models.choices import ReportStatus
from tests.production import pages
from tests.production.pages import log_in_from_home
from tests.production.stack import body

PASSWORD = "Prevention-2025!"
TITLE = "Simskola för nyanlända"


def _world():
    organisation = OrganisationFactory(name="Malmö stad")
    people = {}
    for role, email in ((Role.REPORTER, "rapportor@malmo.se"), (Role.APPROVER, "chef@malmo.se")):
        user = MembershipFactory(organisation=organisation, role=role, user__email=email).user
        user.set_password(PASSWORD)
        user.save()
        people[role] = user
    pilot = PilotFactory(lead_organisation=organisation, title=TITLE)
    indicator = IndicatorFactory(name="Deltagare som fullföljt")
    link = PilotIndicator.objects.create(pilot=pilot, indicator=indicator, order=0)
    period = pilot.periods.order_by("start").first()
    return people, pilot, link, period


def _decision_mail(live, to: str):
    return live.wait_for_mail(
        lambda m: to in m["to"] and TITLE in body(m), what=f"the decision e-mail to {to}"
    )


def test_a_reporter_submits_and_an_approver_approves_in_the_browser(prod_page, live):
    page = prod_page
    _people, pilot, _link, period = _world()

    def log_in(email):
        log_in_from_home(page, email, PASSWORD)

    log_in("rapportor@malmo.se")
    overdue = page.get_by_role("region", name="Försenade rapporter")
    overdue.get_by_role("row").filter(has_text=TITLE).first.get_by_role(
        "link", name=period.label
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Periodrapport {period.label}")
    page.get_by_role("group", name="Deltagare som fullföljt").locator("input").first.fill("12")
    page.get_by_label("Enligt plan").check()
    page.get_by_label("Berättelse").fill("Tolv barn lärde sig simma.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status")).to_contain_text("Utkastet är sparat.")
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten är inskickad för godkännande.")
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()

    log_in("chef@malmo.se")
    waiting = page.get_by_role("region", name="Väntar på mitt godkännande")
    waiting.get_by_role("link", name=f"Granska {TITLE} {period.label}").click()
    expect(page.get_by_role("main")).to_contain_text("Tolv barn lärde sig simma.")
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_role("status")).to_have_text("Rapporten är godkänd och perioden låst.")

    report = PeriodReport.objects.get(period=period)
    assert report.status == ReportStatus.APPROVED
    # The job reached the worker: the reporter's e-mail, its link on the public address.
    mail = _decision_mail(live, "rapportor@malmo.se")
    assert f"{live.env['SITE_URL']}/piloter/{pilot.slug}/" in body(mail)


def test_a_reporter_submits_and_an_approver_approves_over_the_api(live):
    _people, _pilot, link, period = _world()

    def token_session(email):
        return pages.token_session(live, email, PASSWORD)

    reporter = token_session("rapportor@malmo.se")
    saved = reporter.post(
        f"/api/v1/periods/{period.pk}/report/",
        json={
            "expected_version": None,
            "progress": "on_track",
            "narrative": "Tolv barn lärde sig simma.",
            "values": [{"pilot_indicator": link.pk, "value": "12"}],
        },
    )
    assert saved.status_code == 200, saved.text[:500]
    report = saved.json()
    submitted = reporter.post(
        f"/api/v1/reports/{report['id']}/submit/", json={"expected_version": report["version"]}
    )
    assert submitted.status_code == 200, submitted.text[:500]
    assert submitted.json()["status"] == "submitted"

    approver = token_session("chef@malmo.se")
    approved = approver.post(
        f"/api/v1/reports/{report['id']}/approve/",
        json={"expected_version": submitted.json()["version"]},
    )
    assert approved.status_code == 200, approved.text[:500]
    assert approved.json()["status"] == "approved"
    # Public now: an anonymous visitor reads the approved value.
    public = live.session().get(f"/api/v1/reports/{report['id']}/")
    assert public.status_code == 200 and public.json()["status"] == "approved"

    mail = _decision_mail(live, "rapportor@malmo.se")
    assert re.search(re.escape(live.env["SITE_URL"]) + r"/piloter/", body(mail))
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
