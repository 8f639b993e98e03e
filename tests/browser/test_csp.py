"""The Content-Security-Policy blocks nothing the portal needs: the main pages, the Wagtail admin
and the API docs load without a single CSP violation on the browser console (the `page` fixture
fails on one; this test makes sure the pages every journey starts from are covered)."""

from playwright.sync_api import expect

from partners.factories import UserFactory
from pilots.factories import PilotFactory
from tests.browser.helpers import log_in

PASSWORD = "Prevention-2025!"
# Many pages in a row; a loaded CI machine may need longer than the journeys' 5 s per page.
GOTO_TIMEOUT_MS = 30_000

PUBLIC_PATHS = (
    "/",
    "/piloter/",
    "/kunskapsbank/",
    "/kunskapsbank/lardomar/",
    "/program/",
    "/organisationer/",
    "/kommuner/",
    "/kommuner/0180/",
    "/regioner/",
    "/jamfor/",
    "/sok/?q=skola",
    "/konto/logga-in/",
    "/konto/registrera/",
    "/api/docs/",
)


def test_public_pages_load_without_csp_violations(page):
    pilot = PilotFactory(approved_reports=2)
    for path in (*PUBLIC_PATHS, f"/piloter/{pilot.slug}/"):
        response = page.goto(path, timeout=GOTO_TIMEOUT_MS)
        assert response.status < 400, f"{path} answered {response.status}"
    # Swagger UI's own script (a file, not inline) ran and drew the API description.
    page.goto("/api/docs/", timeout=GOTO_TIMEOUT_MS)
    expect(page.locator("#swagger-ui .info")).to_be_visible(timeout=GOTO_TIMEOUT_MS)


def test_admin_and_portal_pages_load_without_csp_violations_for_the_coordinator(page):
    user = UserFactory(email="koordinator@example.se", coordinator=True)
    user.set_password(PASSWORD)
    user.save()
    log_in(page, user.email, PASSWORD)
    for path in ("/mina-sidor/", "/admin/", "/admin/pages/", "/admin/users/", "/admin/documents/"):
        response = page.goto(path, timeout=GOTO_TIMEOUT_MS)
        assert response.status < 400, f"{path} answered {response.status}"
