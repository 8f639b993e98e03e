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


def token_session(live, email: str, password: str):
    """A session on the stack that calls the API with the user's token, as an API client does."""
    response = live.session().post(
        "/api/v1/auth/token/", json={"username": email, "password": password}
    )
    assert response.status_code == 200, response.text[:500]
    session = live.session()
    session.headers["Authorization"] = f"Token {response.json()['token']}"
    return session
