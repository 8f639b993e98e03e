"""Sign-up → organisation registration → the coordinator approves it in the Wagtail admin."""

import re

from django.core import mail
from playwright.sync_api import expect

from partners.factories import UserFactory, valid_org_number
from partners.models import Organisation
from tests.browser.helpers import assert_accessible, log_in, new_page, screenshot

PASSWORD = "Prevention-2025!"


def test_applicant_registers_and_the_coordinator_approves(page, browser, base_url):
    coordinator = UserFactory(email="koordinator@example.se", coordinator=True)
    coordinator.set_password(PASSWORD)
    coordinator.save()

    # A newcomer creates an account and lands on the organisation registration form.
    page.goto("/")
    page.get_by_role("link", name="Skapa konto").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skapa konto")
    assert_accessible(page)
    page.get_by_label("Förnamn").fill("Greta")
    page.get_by_label("Efternamn").fill("Granath")
    page.get_by_label("E-postadress").fill("greta@friskfritid.se")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera din organisation")
    expect(page.get_by_role("status")).to_contain_text("Ditt konto är skapat")

    # A mistyped organisationsnummer is refused with the reason, next to the field.
    page.get_by_label("Organisationens namn").fill("Friskt fritid ideell förening")
    page.get_by_label("Typ av organisation").select_option(label="Civilsamhälle")
    org_number = page.get_by_label("Organisationsnummer")
    org_number.fill("802468-1235")
    page.get_by_role("button", name="Skicka registrering").click()
    expect(page.get_by_role("alert")).to_contain_text("Formuläret innehåller fel")
    expect(page.locator("#id_org_number_error")).to_contain_text("har fel kontrollsiffra")
    expect(org_number).to_have_attribute("aria-invalid", "true")
    screenshot(page, "register-error")
    assert_accessible(page)

    correct = valid_org_number(4242, prefix="80")
    org_number.fill(correct)
    page.get_by_role("button", name="Skicka registrering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Friskt fritid ideell förening")
    expect(page.get_by_role("main")).to_contain_text("väntar på koordinatorns godkännande")
    assert_accessible(page)
    organisation = Organisation.objects.get(org_number=correct)
    assert organisation.status == Organisation.Status.PENDING

    # Not in the public directory while pending.
    visitor = new_page(browser, base_url)
    visitor.goto("/organisationer/")
    expect(visitor.get_by_role("link", name="Friskt fritid ideell förening")).to_have_count(0)

    # The coordinator logs into the Wagtail admin and approves the application.
    # Coordinators need their second factor before the admin opens (set up on first login).
    admin_page = new_page(browser, base_url)
    log_in(admin_page, "koordinator@example.se", PASSWORD)
    admin_page.goto("/admin/")
    admin_page.get_by_role("link", name="Ansökningar att granska").click()
    row = admin_page.get_by_role("row").filter(has_text="Friskt fritid ideell förening")
    expect(row).to_be_visible()
    row.get_by_role("button", name=re.compile("Fler|More")).click()
    row.get_by_role("link", name="Granska ansökan").click()
    expect(admin_page.get_by_role("heading", name="Granska ansökan")).to_be_visible()
    admin_page.get_by_label("Motivering").fill("Välkommen i partnerskapet!")
    admin_page.get_by_role("button", name="Godkänn").click()
    expect(admin_page.get_by_text("Friskt fritid ideell förening är godkänd.")).to_be_visible()
    admin_page.context.close()

    # Now the public directory lists it, and the applicant was told by e-mail.
    visitor.goto("/organisationer/")
    expect(visitor.get_by_role("link", name="Friskt fritid ideell förening")).to_be_visible()
    decision = [m for m in mail.outbox if "greta@friskfritid.se" in m.to and "godkänd" in m.subject]
    assert decision, [(m.to, m.subject) for m in mail.outbox]
    assert "Hälsning från koordinatorn: Välkommen i partnerskapet!" in decision[0].body
    visitor.context.close()
