"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Every test here is marked `browser` and skipped, with the reason, when /usr/bin/chromium is
missing (`scripts/ensure-chromium` installs it). We never run `playwright install`.

The live server needs a transactional database, and Django flushes it after each transactional
test, which removes the reference data and the Wagtail page tree the migrations created. The
`portal_data` fixture puts both back before each journey.
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.helpers import (
    JOURNEY_HEIGHTS,
    JOURNEY_WIDTHS,
    TIMEOUT_MS,
    ClickCounter,
    assert_no_csp_violations,
    links_only,
    new_page,
)

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
# beside it ("You cannot call this from an async context") although nothing here is async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOME_INTRO = (
    "Partnerskapet samlar kommuner, regioner, myndigheter, företag, civilsamhälle och akademi "
    "kring förebyggande arbete: vi testar i piloter, följer upp resultat och sprider det som "
    "fungerar."
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


# One Playwright per test process: the production tier imports this fixture into its own
# conftest, and a second sync Playwright in the same thread refuses to start ("Sync API inside
# the asyncio loop") while the first is running.
_SHARED_BROWSER: list = []


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Browser tests need Debian's Chromium at /usr/bin/chromium "
            "(run scripts/ensure-chromium or `apt-get install chromium`)."
        )
    if _SHARED_BROWSER:
        # The first copy of this fixture owns the browser and closes it after this one ends.
        yield _SHARED_BROWSER[0]
        return
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        _SHARED_BROWSER.append(browser)
        yield browser
        _SHARED_BROWSER.clear()
        browser.close()


@pytest.fixture
def portal_data(transactional_db):
    """Reference data, the Wagtail home page and site, and the coordinator group, as migrated."""
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage
    from partners.groups import ensure_coordinator_group

    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not HomePage.objects.exists():
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(
            instance=HomePage(title="Preventionsportalen", slug="hem", intro=HOME_INTRO)
        )
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="Preventionsportalen",
        )
    ensure_coordinator_group()


@pytest.fixture
def base_url(live_server, portal_data):
    return live_server.url


@pytest.fixture
def page(browser, base_url):
    """A fresh page; the journey fails if the browser reported a CSP violation on it."""
    page = new_page(browser, base_url)
    yield page
    page.context.close()
    assert_no_csp_violations(page)


@pytest.fixture(params=JOURNEY_WIDTHS, ids=lambda width: f"{width}px")
def journey(request, browser, base_url):
    """A page for a role's journey, at 1280 and at 390 px wide: it opens the start page with
    `goto("/")` and from there follows links only (any later goto fails, see links_only).
    The browser counts the clicks it took (ClickCounter); the run ends with a table of them,
    also written to var/journey-clicks.txt."""
    page = new_page(browser, base_url)
    page.set_viewport_size({"width": request.param, "height": JOURNEY_HEIGHTS[request.param]})
    page.width = request.param
    page.clicks = ClickCounter(page)
    links_only(page)
    yield page
    # Let a binding call from the last click arrive before the count is read.
    page.wait_for_timeout(100)
    clicks = page.clicks
    record = (_journey_name(request.node), request.param, clicks.count, clicks.navigations)
    request.node.user_properties.append((CLICKS_PROPERTY, record))
    page.context.close()
    # Wagtail's editor pings the server in the background; let a request already under way
    # finish before the database is flushed for the next test (SQLite locks the table).
    time.sleep(0.5)
    assert_no_csp_violations(page)


# -- the click table ----------------------------------------------------------------------------
# Recorded on the test's report (user_properties), so the table is complete under pytest-xdist
# too: the controller receives every worker's reports.

CLICKS_PROPERTY = "journey_clicks"
CLICKS_FILE = HERE.parent.parent / "var" / "journey-clicks.txt"
_CLICKS: dict[str, tuple] = {}
_FAILED: set[str] = set()


def _journey_name(item) -> str:
    name = item.originalname if hasattr(item, "originalname") else item.name
    return name.removeprefix("test_")


def pytest_runtest_logreport(report):
    if report.failed:
        _FAILED.add(report.nodeid)
    for key, value in report.user_properties:
        if key == CLICKS_PROPERTY:
            _CLICKS[report.nodeid] = tuple(value)


def pytest_terminal_summary(terminalreporter):
    if not _CLICKS:
        return
    rows = [
        (*record, "failed" if nodeid in _FAILED else "")
        for nodeid, record in sorted(_CLICKS.items(), key=lambda item: (item[1][0], -item[1][1]))
    ]
    width = max(len(row[0]) for row in rows)
    lines = [f"{'journey':<{width}} · width · clicks · pages", "-" * (width + 26)]
    lines += [
        f"{name:<{width}} · {px:>5} · {clicks:>6} · {pages:>5} {note}".rstrip()
        for name, px, clicks, pages, note in rows
    ]
    terminalreporter.write_sep("=", "journey clicks from start page to goal")
    for line in lines:
        terminalreporter.write_line(line)
    CLICKS_FILE.parent.mkdir(exist_ok=True)
    CLICKS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    terminalreporter.write_line(f"(written to {CLICKS_FILE})")
