"""Two-factor logins on the production stack, and the second login after set-up above all: on
PostgreSQL without a wrapping transaction every verification after the first used to answer 500
(django-otp's SELECT … FOR UPDATE outside a transaction), locking coordinators and admins out.

The codes are computed from the key the set-up page shows, as an authenticator app would."""

import base64
import re
import time

from django_otp.oath import totp
from playwright.sync_api import expect

from partners.factories import UserFactory

PASSWORD = "Prevention-2025!"
SETUP = "/konto/tvastegsverifiering/"
STEP = 30


class App:
    """An authenticator app holding the key from the set-up page."""

    def __init__(self, secret: str):
        secret = secret.replace(" ", "")
        self.key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        self.used = -1

    def code(self) -> str:
        """A code not used before: this time step's, or the next one's (within the server's
        tolerance of one step) when this one has been used already."""
        now = int(time.time()) // STEP
        step = max(now, self.used + 1)
        assert step <= now + 1, "no fresh code within the tolerance"
        self.used = step
        return f"{totp(self.key, t0=0, step=STEP, drift=step - now):06d}"


def _admin(email: str):
    user = UserFactory(email=email, coordinator=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_coordinator_sets_up_two_factor_and_logs_in_again_with_a_code_and_a_backup_code(
    prod_page,
):
    """In the browser: first login sets up the app; later logins ask for a fresh code, and a
    backup code works once."""
    page = prod_page
    _admin("koordinator@example.se")

    def log_in():
        page.goto("/")
        page.get_by_role("banner").get_by_role("link", name="Logga in").click()
        page.get_by_label("E-postadress").fill("koordinator@example.se")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Logga in").click()

    def log_out():
        page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
        expect(page.get_by_role("banner").get_by_role("link", name="Logga in")).to_be_visible()

    log_in()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slå på tvåstegsverifiering")
    app = App(page.locator(".otp-secret").inner_text())
    page.get_by_label("Kod från appen").fill(app.code())
    page.get_by_role("button", name="Bekräfta och slå på").click()
    expect(page.get_by_role("heading", name="Dina reservkoder")).to_be_visible()
    backup_codes = page.locator(".backup-codes code").all_inner_texts()
    assert len(backup_codes) == 10
    page.get_by_role("link", name="Jag har sparat koderna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    log_out()

    # The second login: a fresh code from the app (the one that used to answer 500).
    log_in()
    page.get_by_label("Engångskod").fill(app.code())
    page.get_by_role("main").get_by_role("button", name="Verifiera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
    log_out()

    # The third: a backup code, which then stops working.
    log_in()
    page.get_by_label("Engångskod").fill(backup_codes[0])
    page.get_by_role("main").get_by_role("button", name="Verifiera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
    log_out()
    log_in()
    page.get_by_label("Engångskod").fill(backup_codes[0])
    page.get_by_role("main").get_by_role("button", name="Verifiera").click()
    expect(page.get_by_role("main")).to_contain_text("Koden stämmer inte eller har redan använts.")


def test_the_token_endpoint_takes_a_fresh_code_and_a_backup_code_after_set_up(live):
    """Over HTTP as an integrator would: set up in the portal, then tokens with otp_token."""
    _admin("admin@example.se")
    portal = live.session()
    response = portal.post_form(
        "/konto/logga-in/", {"username": "admin@example.se", "password": PASSWORD}
    )
    assert response.status_code == 302, response.text[:500]
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    setup_page = portal.get(SETUP).text
    secret = re.search(r'class="otp-secret">([^<]+)<', setup_page).group(1)
    app = App(secret)
    confirmed = portal.post_form(SETUP, {"code": app.code()})
    assert confirmed.status_code == 302, confirmed.text[:500]
    backup_codes = re.findall(
        r"<li><code>(\w+)</code></li>", portal.get(confirmed.headers["Location"]).text
    )
    assert len(backup_codes) == 10

    def token(otp_token: str):
        data = {"username": "admin@example.se", "password": PASSWORD, "otp_token": otp_token}
        return live.session().post("/api/v1/auth/token/", json=data)

    with_app = token(app.code())
    assert with_app.status_code == 200, with_app.text[:500]
    api = live.session()
    api.headers["Authorization"] = f"Token {with_app.json()['token']}"
    assert api.get("/api/v1/organisations/").status_code == 200

    with_backup = token(backup_codes[0])
    assert with_backup.status_code == 200, with_backup.text[:500]
    again = token(backup_codes[0])
    assert again.status_code == 400
    assert "otp_token" in again.json()
