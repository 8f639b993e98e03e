"""A funder's acceptance on the production stack, over the API: the approval's job tells the
funder through the outbox, Redis and the worker; accepting and un-accepting tell the reporter,
each e-mail linking to the site's public address."""

from outbox.models import OutboxMessage
from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Role
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PilotIndicator
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from tests.production import pages
from tests.production.stack import body

PASSWORD = "Prevention-2025!"
TITLE = "Simskola med acceptans"


def _world():
    organisation = OrganisationFactory(name="Malmö stad")
    funder_org = OrganisationFactory(name="Region Skåne")
    people = {}
    for org, role, email in (
        (organisation, Role.REPORTER, "rapportor@malmo.se"),
        (organisation, Role.APPROVER, "chef@malmo.se"),
        (funder_org, Role.APPROVER, "finansiar@skane.se"),
    ):
        user = MembershipFactory(organisation=org, role=role, user__email=email).user
        user.set_password(PASSWORD)
        user.save()
        people[email] = user
    pilot = PilotFactory(lead_organisation=organisation, title=TITLE)
    programme = ProgrammeFactory(owner=funder_org, requires_acceptance=True)
    ProgrammePilotFactory(programme=programme, pilot=pilot)
    link = PilotIndicator.objects.create(
        pilot=pilot, indicator=IndicatorFactory(name="Deltagare"), order=0
    )
    return programme, link, pilot.periods.order_by("start").first()


def test_approval_acceptance_and_unacceptance_over_the_api(live):
    programme, link, period = _world()

    def token_session(email):
        return pages.token_session(live, email, PASSWORD)

    def mail_to(email, words):
        return live.wait_for_mail(
            lambda m: email in m["to"] and words in m["subject"], what=f"{words} to {email}"
        )

    reporter = token_session("rapportor@malmo.se")
    saved = reporter.post(
        f"/api/v1/periods/{period.pk}/report/",
        json={"expected_version": None, "values": [{"pilot_indicator": link.pk, "value": "9"}]},
    ).json()
    submitted = reporter.post(
        f"/api/v1/reports/{saved['id']}/submit/", json={"expected_version": saved["version"]}
    ).json()
    approved = token_session("chef@malmo.se").post(
        f"/api/v1/reports/{saved['id']}/approve/",
        json={"expected_version": submitted["version"]},
    )
    assert approved.status_code == 200, approved.text[:500]

    waiting = mail_to("finansiar@skane.se", "Att acceptera")
    assert f"{live.env['SITE_URL']}/program/{programme.slug}/att-acceptera/" in body(waiting)

    funder = token_session("finansiar@skane.se")
    queue = funder.get("/api/v1/report-acceptances/", params={"state": "awaiting"}).json()
    assert [r["id"] for r in queue["results"]] == [saved["id"]]
    accepted = funder.post(
        f"/api/v1/report-acceptances/{saved['id']}/accept/",
        json={"expected_version": approved.json()["version"]},
    )
    assert accepted.status_code == 200, accepted.text[:500]
    assert accepted.json()["accepted_at"]
    mail_to("rapportor@malmo.se", "accepterad av finansiären")

    refused = reporter.post(
        f"/api/v1/periods/{period.pk}/report/",
        json={"expected_version": accepted.json()["version"], "narrative": "Ändrat"},
    )
    assert refused.status_code == 400
    reopened = funder.post(
        f"/api/v1/report-acceptances/{saved['id']}/unaccept/",
        json={"expected_version": accepted.json()["version"], "comment": "Nio stämmer inte."},
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"
    mail = mail_to("rapportor@malmo.se", "tagit tillbaka")
    assert "Nio stämmer inte." in body(mail)
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
