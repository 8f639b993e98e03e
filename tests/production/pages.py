"""Steps the production tier's browser tests share."""

from playwright.sync_api import Page, expect


def log_in_from_home(page: Page, email: str, password: str) -> None:
    """Open the home page, follow the header's "Logga in" and land on Mina sidor."""
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
