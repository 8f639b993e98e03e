"""Editors draft and submit to the coordinator's workflow; only coordinators approve and publish."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, TaskState, WorkflowState

from cms.groups import EDITOR_GROUP, WORKFLOW_NAME, ensure_cms_groups_and_workflow
from cms.models import NationalGoalPage
from partners.factories import UserFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    ensure_cms_groups_and_workflow()
    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.fixture
def draft_goal(editor):
    goal = helpers.goal()
    goal.statement = "Inga äldre ska vara undernärda 2028"
    goal.save_revision(user=editor)
    return NationalGoalPage.objects.get(pk=goal.pk)


def test_groups_and_workflow_are_created_idempotently():
    first = ensure_cms_groups_and_workflow()
    second = ensure_cms_groups_and_workflow()
    assert first[2].pk == second[2].pk
    assert second[2].name == WORKFLOW_NAME
    assert Page.get_first_root_node().get_workflow() == second[2]
    task = second[2].tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Koordinatorer"]


def test_editor_may_edit_but_not_publish(editor, coordinator):
    ensure_cms_groups_and_workflow()
    goal = helpers.goal()
    editor_perms = goal.permissions_for_user(editor)
    assert editor_perms.can_edit() and editor_perms.can_add_subpage() is False  # goals are leaves
    assert not editor_perms.can_publish()
    assert helpers.vision().permissions_for_user(editor).can_add_subpage()
    assert goal.permissions_for_user(coordinator).can_publish()


@pytest.mark.parametrize(
    ("role", "can_publish"),
    [("anonymous", False), ("outsider", False), ("reporter", False), ("coordinator", True)],
)
def test_only_coordinators_publish(role, can_publish, request):
    ensure_cms_groups_and_workflow()
    goal = helpers.goal()
    if role == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    else:
        user = request.getfixturevalue(role)
    assert goal.permissions_for_user(user).can_publish() is can_publish


def test_editor_submits_and_coordinator_approves_and_publishes(
    editor, coordinator, draft_goal, client
):
    workflow = draft_goal.get_workflow()
    state = workflow.start(draft_goal, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(draft_goal, editor) == []  # the editor cannot approve their own work
    assert [name for name, *_ in task.get_actions(draft_goal, coordinator)][:2] == [
        "reject",
        "approve",
    ]
    # Until approved, visitors see the published statement.
    assert "2028" not in client.get(draft_goal.url).content.decode()

    task.on_action(task_state, coordinator, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    draft_goal.refresh_from_db()
    assert draft_goal.statement == "Inga äldre ska vara undernärda 2028" and draft_goal.live
    assert "2028" in client.get(draft_goal.url).content.decode()


def test_editor_cannot_publish_through_the_admin(editor, client):
    vision = helpers.vision()
    client.force_login(editor)
    data = {
        "title": "Fysisk aktivitet",
        "slug": "fysisk-aktivitet",
        "statement": "Fler rör sig",
        "baseline_value": "20",
        "baseline_year": "2020",
        "target_value": "50",
        "target_date": "2030-12-31",
        "direction": "higher",
        "body-count": "0",
        "summary": "",
        "action-publish": "action-publish",
    }
    url = f"/admin/pages/add/cms/nationalgoalpage/{vision.pk}/"
    response = client.post(url, data)
    assert response.status_code in (302, 200, 403)
    page = NationalGoalPage.objects.filter(slug="fysisk-aktivitet").first()
    assert page is None or not page.live


def test_scheduled_publishing_waits_for_go_live(coordinator, client):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    goal = helpers.goal()
    goal.statement = "Nytt mål från nästa vecka"
    revision = goal.save_revision(user=coordinator)
    goal.go_live_at = timezone.now() + dt.timedelta(days=7)
    revision = goal.save_revision(user=coordinator)
    revision.publish(user=coordinator)
    goal.refresh_from_db()
    assert goal.statement != "Nytt mål från nästa vecka"
    assert goal.revisions.count() >= 3  # revisions kept

    # A week passes: move the scheduled time into the past instead of waiting.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=open(__import__("os").devnull, "w"))  # noqa: SIM115
    goal.refresh_from_db()
    assert goal.statement == "Nytt mål från nästa vecka"
