"""Helpers the browser journeys share: axe-core checks, log-in, screenshots."""

import base64
import os
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

# Set to a folder to keep full-page screenshots of the journeys (CI artefacts, design reviews).
SCREENSHOT_DIR = os.environ.get("BROWSER_SCREENSHOT_DIR", "")
# Auto-waiting actions and assertions give up after this long. Local pages render far faster,
# but CI runs two browsers beside two test workers on two cores whose speed halves for seconds
# at a time, so the margin is wide. Only a failing step waits this long.
TIMEOUT_MS = 10_000
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()  # ships axe.min.js: no network
# Chromium reports every blocked script, style or image on the console with this phrase.
CSP_MARKER = "Content Security Policy"
_CSP_VIOLATIONS: dict[Page, list[str]] = {}
# What axe's script meets when a click's navigation replaces the document under it.
_NAVIGATION_RACE = ("reading 'documentElement'", "Execution context was destroyed")


def new_page(browser: Browser, base_url: str) -> Page:
    """A page in a fresh context (own cookies), in Swedish like most of our users.

    Chromium sends Accept-Language en-US by default, which LocaleMiddleware would honour.
    """
    context = browser.new_context(
        base_url=base_url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    violations = _CSP_VIOLATIONS.setdefault(page, [])
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}") if CSP_MARKER in message.text else None
        ),
    )
    return page


def assert_no_csp_violations(page: Page) -> None:
    """Fail if the browser blocked anything under our Content-Security-Policy on this page."""
    violations = _CSP_VIOLATIONS.pop(page, [])
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def assert_accessible(page: Page) -> None:
    """Fail on any axe-core violation of impact serious or critical (WCAG 2.1 AA, best practice)."""
    results = _run_axe(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:160] for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"axe-core found serious/critical violations on {page.url}:\n{report}"


def _run_axe(page: Page, attempts: int = 3):
    """Run axe on the page the browser settles on.

    A click starts its navigation without waiting for it, so axe can start on the old document
    and lose it half-way; then wait for the new one to load and run again.
    """
    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page)
        except PlaywrightError as error:
            if attempt == attempts or not any(m in str(error) for m in _NAVIGATION_RACE):
                raise
    raise AssertionError("unreachable")


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot when BROWSER_SCREENSHOT_DIR is set."""
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the portal's own form, with the second factor when the account needs it:
    coordinators and admins set up an authenticator app from the page's secret on first login."""
    page.goto("/konto/logga-in/")
    _submit_login(page, email, password)


def log_in_by_link(page: Page, email: str, password: str) -> None:
    """Log in as a journey does: the header's "Logga in" link, then the form (and two-factor)."""
    page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    _submit_login(page, email, password)


def _submit_login(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Logga in").click()
    if "/konto/tvastegsverifiering/verifiera/" in page.url:
        page.get_by_label("Engångskod").fill(_current_code(email))
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("button", name="Verifiera").click()
    elif "/konto/tvastegsverifiering/" in page.url:
        secret = page.locator(".otp-secret").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.get_by_label("Kod från appen").fill(f"{totp(key):06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Bekräfta och slå på").click()
        expect(page.get_by_role("heading", name="Dina reservkoder")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="Jag har sparat koderna").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Logga ut")).to_be_visible()


def _current_code(email: str) -> str:
    """What the user's authenticator app shows: the next time step if this one was used."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    steps_ahead = 1 if device.last_t >= int(time.time() - device.t0) // device.step else 0
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


# -- journeys by links only -------------------------------------------------------------------

START_PAGE = "/"
JOURNEY_WIDTHS = (1280, 390)
JOURNEY_HEIGHTS = {1280: 800, 390: 844}


class LinksOnlyViolation(AssertionError):
    """A journey typed an address after its start page instead of following links."""


def links_only(page: Page) -> Page:
    """Let `page.goto` open the start page once; any later goto fails the journey, so a screen
    that users can only reach by typing an address cannot hide behind a test."""
    real_goto = page.goto
    state = {"started": False}

    def goto(url: str, **kwargs):
        if state["started"] or url != START_PAGE:
            raise LinksOnlyViolation(
                f"Journeys navigate by links only: goto({url!r}) after the start page. "
                "Follow the link a user would click instead."
            )
        state["started"] = True
        # The first page of a fresh live server may be slow on a busy machine.
        return real_goto(url, **{"timeout": 30_000, **kwargs})

    page.goto = goto
    return page


# Counted in the page itself, so a click counts however the test caused it (locator.click,
# mouse.click, keyboard Enter on a button or link): every trusted click event that reaches the
# document, in the capture phase so a handler that stops propagation cannot hide it.
_COUNT_CLICKS = """
document.addEventListener("click", (event) => {
  if (event.isTrusted && window.__journeyClick) { window.__journeyClick(); }
}, {capture: true});
"""


class ClickCounter:
    """Counts a journey's trusted clicks and its main-frame navigations (the start page's goto
    included), from the browser's side: independent of which Playwright API a test uses."""

    def __init__(self, page: Page):
        self.count = 0
        self.navigations = 0
        page.context.expose_binding("__journeyClick", self._clicked)
        page.context.add_init_script(_COUNT_CLICKS)
        page.on("framenavigated", self._navigated)
        self._main_frame = page.main_frame

    def _clicked(self, _source) -> None:
        self.count += 1

    def _navigated(self, frame) -> None:
        if frame == self._main_frame:
            self.navigations += 1


def fill_appraisal(page: Page, *, recommendation: str = "Skala upp") -> None:
    """Fill the appraisal form as the appraisal group's tests do: effect shown against a
    comparison group, the five criteria graded, a recommendation and its rationale."""
    import re

    page.get_by_role("radio", name=re.compile(r"Effekt visad med jämförelsegrupp")).check()
    for criterion, score in (
        ("Effekt", "++"),
        ("Överförbarhet", "+"),
        ("Hållbarhet", "+"),
        ("Jämlikhet", "0"),
        ("Kostnad", "+"),
    ):
        page.get_by_label(criterion, exact=True).select_option(score)
    page.get_by_label("Rekommendation").select_option(label=recommendation)
    page.get_by_label("Motivering").fill("Effekten är visad mot en jämförelsegrupp.")
