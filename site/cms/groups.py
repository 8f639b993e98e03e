"""The editors' group and the moderation workflow, kept in step with the code after every migrate.

Editors ("Redaktörer") add and edit pages and submit them to the workflow "Koordinatorns
godkännande"; only the coordinator group approves and publishes (partners/groups.py grants the
coordinator add/change/publish on the root page). Scheduled publishing (go-live dates) works for
anyone who may publish: the `publish_scheduled` management command publishes approved revisions.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITOR_GROUP = "Redaktörer"
WORKFLOW_NAME = "Koordinatorns godkännande"
TASK_NAME = "Koordinatorn granskar och publicerar"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
COORDINATOR_CMS_PERMISSIONS = [
    *[("cms", f"{action}_goalcontribution") for action in ("add", "change", "delete", "view")],
    *[("cms", f"{action}_updatesubscription") for action in ("delete", "view")],
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
    # The search synonyms every backend uses (search/wagtail_hooks.py).
    *[("portal_search", f"{action}_synonym") for action in ("add", "change", "delete", "view")],
]


def _permissions(wanted):
    return [
        perm
        for app_label, codename in wanted
        for perm in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    ]


@transaction.atomic
def ensure_cms_groups_and_workflow():
    """Create (idempotently) the editors' group, the coordinator's CMS permissions and the
    moderation workflow on the root page. Returns (editors, coordinators, workflow)."""
    from wagtail.models import (
        GroupApprovalTask,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from partners.groups import ensure_coordinator_group

    coordinators = ensure_coordinator_group(extra=COORDINATOR_CMS_PERMISSIONS)
    editors, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    editors.permissions.add(*_permissions(EDITOR_PERMISSIONS))
    root = Page.get_first_root_node()
    if root is None:
        return editors, coordinators, None
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=root, permission=permission
            )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
    task.groups.add(coordinators)
    # WorkflowTask.workflow is a ParentalKey: workflow.workflow_tasks.create() would not save.
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # Replace Wagtail's own default ("Moderators approval", from its migrations) but never a
    # workflow the coordinator chose for the root in the admin.
    current = WorkflowPage.objects.select_related("workflow").filter(page=root).first()
    if current is None or current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return editors, coordinators, workflow


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and user.groups.filter(name=EDITOR_GROUP).exists())
