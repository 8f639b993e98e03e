"""An organisation admin invites a colleague by e-mail from the members page."""

from django.core import mail
from playwright.sync_api import expect

from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Invitation, Role
from tests.browser.helpers import assert_accessible, log_in, screenshot


def test_org_admin_invites_a_colleague_with_a_role(page):
    organisation = OrganisationFactory(name="Hälsoföreningen Norr")
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN).user

    log_in(page, admin.email, "losenord-123")
    page.goto(organisation.get_absolute_url())
    page.get_by_role("link", name="Medlemmar och roller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medlemmar i Hälsoföreningen Norr")
    expect(page.get_by_role("cell", name=admin.email, exact=True)).to_be_visible()
    assert_accessible(page)

    invite = page.get_by_role("form", name="Bjud in en kollega")
    invite.get_by_label("E-postadress").fill("kollega@example.se")
    invite.get_by_label("Roll").select_option(label="Godkännare")
    invite.get_by_role("button", name="Skicka inbjudan").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Inbjudan är skickad till kollega@example.se"
    )
    expect(page.get_by_role("listitem").filter(has_text="kollega@example.se")).to_contain_text(
        "Godkännare"
    )
    screenshot(page, "members")
    assert_accessible(page)
    invitation = Invitation.objects.get(email="kollega@example.se")
    assert invitation.role == Role.APPROVER
    sent = [m for m in mail.outbox if m.to == ["kollega@example.se"]]
    assert len(sent) == 1
    assert invitation.get_absolute_url() in sent[0].body
