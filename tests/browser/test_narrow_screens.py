"""At 390 px (a phone) no page scrolls sideways: wide tables and charts scroll or shrink inside
their own box. The pages are found the way a visitor finds them: every link of the header, the
main menu and the footer, and from each of those pages the first links of its main content,
for a visitor and for a signed-in reporter. Then each role signs in and opens the pages it works
in, the coordinator also the Wagtail admin: none is wider than 390 × 844, and every wide table
scrolls in a box that is a named region."""

from urllib.parse import urlparse

from learning.factories import NominationFactory, PracticeFactory
from learning.rules import ensure_appraisal_group
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Kommun, OrganisationKind, Role
from pilots.factories import PilotFactory
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from tests.benchmarking.helpers import make_kpi, make_values
from tests.browser.helpers import log_in, new_page
from tests.cms import helpers as cms

WIDTH = 390
SKIP = ("/admin", "/konto/logga-ut", ".csv", ".xlsx", "/rss/", "/atom/", "/api/", "mailto:")
PER_PAGE = 3
MAX_PAGES = 45


def _world():
    umea = Kommun.objects.get(code="2480")
    organisation = OrganisationFactory(
        name="Umeå kommun", kind=OrganisationKind.KOMMUN, kommun=umea, region=umea.region
    )
    reporter = UserFactory(email="smal@example.se")
    MembershipFactory(user=reporter, organisation=organisation, role=Role.REPORTER)
    pilot = PilotFactory(
        title="Rörelse varje dag – en pilot med ett långt namn som måste radbrytas snyggt",
        lead_organisation=organisation,
        indicators=2,
        approved_reports=3,
    )
    pilot.kommuner.add(umea)
    make_kpi("N00001", title="Andel elever som rör sig minst en timme om dagen")
    make_values("N00001", {"2480": {2021: 4.2, 2022: 5.1, 2023: 7.9}, "0180": {2023: 6.0}})
    return reporter


def _links(page, scope: str) -> list[str]:
    hrefs = page.eval_on_selector_all(scope, "els => els.map(a => a.getAttribute('href'))")
    out = []
    for href in hrefs:
        if not href or href.startswith("#") or any(s in href for s in SKIP):
            continue
        parsed = urlparse(href)
        if parsed.netloc and parsed.netloc not in page.url:
            continue
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if path not in out:
            out.append(path)
    return out


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _check_pages(page) -> list[str]:
    """Visit the navigation's pages and the first links of each; return those too wide."""
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto("/")
    start = _links(page, "header a, nav a, footer a")
    queue, seen, wide = list(start), set(), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or response.status >= 400:
            continue
        width = _overflow(page)
        if width > WIDTH:
            wide.append(f"{path}: {width} px")
        if path in start:
            queue.extend(_links(page, "main a")[:PER_PAGE])
    assert len(seen) >= 10, f"only {len(seen)} pages reached: {sorted(seen)}"
    return wide


def test_no_page_scrolls_sideways_on_a_phone(page):
    reporter = _world()
    wide = _check_pages(page)
    assert not wide, "pages wider than the screen at 390 px:\n" + "\n".join(wide)

    log_in(page, reporter.email, "losenord-123")
    wide = _check_pages(page)
    assert not wide, "signed-in pages wider than the screen at 390 px:\n" + "\n".join(wide)


PLACEHOLDER_FITS = """() => {
  const input = document.querySelector('#site-search-q');
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(input.placeholder).width <= room;
}"""
# A word broken across two lines has two client rectangles; one that overflows its card sticks out.
CARDS_UNBROKEN = """() => {
  for (const card of document.querySelectorAll('.key-figures li')) {
    if (card.scrollWidth > card.clientWidth) { return false; }
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) { return false; }
      }
    }
  }
  return true;
}"""


def test_home_search_placeholder_and_stat_cards_fit_at_both_widths(page):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        assert page.evaluate(PLACEHOLDER_FITS), f"search placeholder cut at {width} px"
        assert page.evaluate(CARDS_UNBROKEN), f"a stat card's word overflows at {width} px"


# -- the pages each role works in, by address (issue 16) ----------------------------------------

# A table wider than its box must sit in a box that scrolls and is a named region, so that
# keyboard and screen-reader users can reach what is off screen, and that shows a shadow on the
# side with more table (portal.js), so that sighted users see there is more.
UNNAMED_WIDE_TABLES = """(scope) => {
  const bad = [];
  for (const table of document.querySelectorAll(scope + ' table')) {
    let box = table.parentElement;
    while (box && box !== document.body) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { break; }
      box = box.parentElement;
    }
    const scroller = box && box !== document.body ? box : null;
    const wide = table.scrollWidth > (scroller ? scroller.clientWidth : window.innerWidth) + 1;
    if (!wide) { continue; }
    const named = scroller && scroller.getAttribute('role') === 'region'
      && (scroller.getAttribute('aria-label') || scroller.getAttribute('aria-labelledby'));
    // ... and a sighted user sees that it scrolls: a shadow on the side with more table.
    const frame = scroller && scroller.parentElement;
    const hinted = frame && frame.classList.contains('scroll-frame')
      && (frame.classList.contains('more-right') || frame.classList.contains('more-left'));
    if (!named || !hinted) {
      bad.push((table.caption ? table.caption.textContent : table.className).trim());
    }
  }
  return bad;
}"""
PHONE = {"width": WIDTH, "height": 844}


def _problems(page, paths, *, scope="main") -> list[str]:
    """Visit each address at 390 × 844; say which scroll sideways or hold an unnamed wide table."""
    page.set_viewport_size(PHONE)
    problems = []
    for path in paths:
        response = page.goto(path)
        if response is None or response.status >= 400:
            problems.append(f"{path}: status {response and response.status}")
            continue
        width, room = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > room + 1:
            problems.append(f"{path}: page {width} px wide")
        for table in page.evaluate(UNNAMED_WIDE_TABLES, scope):
            problems.append(f"{path}: wide table not in a named, shaded scrolling box: {table!r}")
    return problems


def _roles_world():
    organisation = OrganisationFactory(name="Umeå kommun med ett längre namn")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    pilot = PilotFactory(
        title="Stå stadigt – fallprevention för äldre i hela kommunen",
        lead_organisation=organisation,
        indicators=2,
        approved_reports=2,
    )
    funder = OrganisationFactory(name="Statens hälsoinstitut")
    approver = MembershipFactory(organisation=funder, role=Role.APPROVER).user
    programme = ProgrammeFactory(
        owner=funder, name="Friska skolor", budget_sek=60_000_000, stages=2
    )
    ProgrammePilotFactory(programme=programme, pilot=pilot, funding_granted_sek=8_000_000)
    practice = PracticeFactory(title="Familjestöd i förskolan", original_pilot=pilot)
    NominationFactory(practice=practice)
    appraiser = UserFactory()
    appraiser.groups.add(ensure_appraisal_group())
    coordinator = UserFactory(coordinator=True)
    make_kpi("N00001", title="Andel elever som rör sig minst en timme om dagen")
    make_values("N00001", {"2480": {2021: 4.2, 2022: 5.1, 2023: 7.9}, "0180": {2023: 6.0}})
    goal = cms.goal()
    news = cms.update()
    slug = organisation.slug
    return (
        {
            reporter: ["/mina-sidor/", f"/piloter/{pilot.slug}/kalkyl/"],
            approver: [
                "/mina-sidor/",
                f"/program/{programme.slug}/portfolj/",
                f"/program/{programme.slug}/fond/",
            ],
            appraiser: ["/kunskapsbank/", practice.get_absolute_url(), "/kunskapsbank/att-bedoma/"],
            admin: [f"/organisationer/{slug}/medlemmar/", f"/organisationer/{slug}/handelser/"],
            coordinator: ["/mina-sidor/", "/jamfor/2480/", "/uppfoljning/rapportering/"],
        },
        coordinator,
        [
            "/admin/",
            "/admin/pages/",
            f"/admin/pages/{goal.pk}/edit/",
            f"/admin/pages/{news.pk}/edit/",
            "/admin/pilots/unit-costs/",
        ],
    )


def test_each_roles_pages_fit_a_phone(page, browser, base_url):
    pages, coordinator, admin_pages = _roles_world()
    problems = []
    for user, paths in pages.items():
        user_page = new_page(browser, base_url)
        log_in(user_page, user.email, "losenord-123")
        problems += _problems(user_page, paths)
        if user == coordinator:
            problems += _problems(user_page, admin_pages, scope="#main")
        user_page.context.close()
    assert not problems, "at 390 × 844:\n" + "\n".join(problems)
