"""The coordinator's CMS in a browser: an editor changes a national goal and submits it to the
workflow, the coordinator approves it, and the home page shows the new goal. Public CMS pages
pass axe-core (no serious or critical violations)."""

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.groups import EDITOR_GROUP, ensure_cms_groups_and_workflow
from cms.models import NationalGoalPage
from partners.factories import UserFactory
from tests.browser.helpers import assert_accessible, log_in, new_page, screenshot
from tests.cms import helpers

PASSWORD = "Prevention-2025!"
NEW_STATEMENT = "Ingen äldre ska vara undernärd år 2030"


def _user(email, *, coordinator=False):
    user = UserFactory(email=email, coordinator=coordinator)
    user.set_password(PASSWORD)
    user.save()
    return user


def _click_hidden(page, selector):
    """Wagtail's secondary actions live in a closed dropdown; click them as the menu would."""
    page.locator(selector).first.evaluate("button => button.click()")


def test_editor_submits_a_goal_and_the_coordinator_approves_it(page, browser, base_url):
    ensure_cms_groups_and_workflow()
    editor = _user("redaktor@example.se")
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    _user("koordinator@example.se", coordinator=True)
    goal = helpers.goal()

    # The editor changes the statement and submits it for approval.
    log_in(page, "redaktor@example.se", PASSWORD)
    page.goto(f"/admin/pages/{goal.pk}/edit/")
    page.locator("#id_statement").fill(NEW_STATEMENT)
    with page.expect_navigation():
        _click_hidden(page, 'button[name="action-submit"]')
    goal.refresh_from_db()
    assert goal.statement != NEW_STATEMENT  # not live yet
    assert goal.current_workflow_state is not None

    # The public home page still shows the published statement.
    page.goto("/")
    expect(page.get_by_role("main")).not_to_contain_text(NEW_STATEMENT)

    # The coordinator approves, which publishes.
    coordinator_page = new_page(browser, base_url)
    log_in(coordinator_page, "koordinator@example.se", PASSWORD)
    coordinator_page.goto(f"/admin/pages/{goal.pk}/edit/")
    with coordinator_page.expect_navigation():
        _click_hidden(
            coordinator_page,
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
        )
    for _ in range(20):
        goal = NationalGoalPage.objects.get(pk=goal.pk)
        if goal.statement == NEW_STATEMENT:
            break
        coordinator_page.wait_for_timeout(250)
    assert goal.statement == NEW_STATEMENT and goal.live
    coordinator_page.context.close()

    page.goto("/")
    expect(page.get_by_role("main")).to_contain_text(NEW_STATEMENT)
    screenshot(page, "cms-home-with-goal")


def test_public_cms_pages_are_accessible(page):
    helpers.riket("N99999", {2021: 19, 2022: 18, 2023: 17})
    goal = helpers.goal(kolada_kpi="N99999")
    update = helpers.update(
        body=[
            ("heading", {"text": "Rubrik"}),
            ("paragraph", "<p>Text.</p>"),
            ("quote", {"quote": "Citat.", "attribution": "Någon"}),
            ("goal_progress", {"goal": goal}),
            ("key_figures", {"figures": ["partners", "pilots"], "heading": "Siffror"}),
            ("call_to_action", {"text": "Läs mer", "link": "/piloter/"}),
        ]
    )
    for path in ["/", "/vision/", goal.url, "/nyheter/", update.url, "/prenumerera/"]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_contain_text("Nyheter")
