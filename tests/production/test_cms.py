"""The coordinator publishes a news update in the Wagtail admin on the production stack (manifest
static files, the admin's CSP, secure cookies, two-factor login), and visitors see it."""

import re

from playwright.sync_api import expect

from cms.models import UpdatePage
from partners.factories import UserFactory
from tests.browser.helpers import log_in
from tests.cms import helpers

PASSWORD = "Prevention-2025!"
TITLE = "Partnerskapet välkomnar tio nya kommuner"


def test_the_coordinator_publishes_an_update_in_the_admin(prod_page, live):
    page = prod_page
    coordinator = UserFactory(email="koordinator@example.se", coordinator=True)
    coordinator.set_password(PASSWORD)
    coordinator.save()
    index = helpers.update_index()
    draft = index.add_child(
        instance=UpdatePage(
            title="Utkast om nya kommuner",
            slug="nya-kommuner",
            date="2026-11-30",
            author="Koordinatorn",
            summary="Tio kommuner har skrivit under.",
            body=[("paragraph", "<p>Välkomna!</p>")],
            live=False,
        )
    )
    draft.save_revision()

    log_in(page, "koordinator@example.se", PASSWORD)  # sets up two-factor on first login
    # From the admin home to the draft by clicking only, as a coordinator finds it: the site
    # summary's page count opens the page explorer at the start page (the explorable root),
    # then down the tree to "Nyheter".
    page.goto("/admin/")
    page.locator(".w-summary").get_by_role("link", name=re.compile(r"\d+ Sidor")).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.get_parent().pk}/$"))
    page.get_by_role("link", name="Utforska undersidor till 'Nyheter'").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    page.get_by_role("link", name="Utkast om nya kommuner").first.click()
    page.locator("#id_title").fill(TITLE)
    # Wagtail keeps Publish in the save button's dropdown menu.
    page.locator('[data-w-dropdown-target="toggle"]').last.click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator(".messages")).to_contain_text(TITLE)

    draft.refresh_from_db()
    assert draft.live and draft.title == TITLE
    visitor = live.session()
    public = visitor.get("/nyheter/nya-kommuner/")
    assert public.status_code == 200 and TITLE in public.text
    assert TITLE in visitor.get("/nyheter/").text
