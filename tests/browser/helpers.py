"""Helpers the browser journeys share: axe-core checks, log-in, screenshots."""

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

# Set to a folder to keep full-page screenshots of the journeys (CI artefacts, design reviews).
SCREENSHOT_DIR = os.environ.get("BROWSER_SCREENSHOT_DIR", "")
# Auto-waiting actions and assertions give up after this long; local pages render far faster.
TIMEOUT_MS = 5_000
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()  # ships axe.min.js: no network


def new_page(browser: Browser, base_url: str) -> Page:
    """A page in a fresh context (own cookies), in Swedish like most of our users.

    Chromium sends Accept-Language en-US by default, which LocaleMiddleware would honour.
    """
    context = browser.new_context(
        base_url=base_url, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def assert_accessible(page: Page) -> None:
    """Fail on any axe-core violation of impact serious or critical (WCAG 2.1 AA, best practice)."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:160] for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"axe-core found serious/critical violations on {page.url}:\n{report}"


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot when BROWSER_SCREENSHOT_DIR is set."""
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the portal's own form."""
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Logga ut")).to_be_visible()
