"""The coordinator group and its permissions, kept in step with the code after every migrate."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# Codenames (app_label, codename) the coordinator holds on partners' own models and the CMS's
# media. Each other app declares its own in its `groups.py` (COORDINATOR_PERMISSIONS and
# COORDINATOR_MANAGED_MODELS, e.g. pilots/groups.py); `coordinator_permissions()` collects them.
COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    # Organisations are rejected, never deleted (deletion would skip the audited services);
    # memberships are removed through membership_remove (the admin's delete view calls it).
    *[("partners", f"{action}_organisation") for action in ("add", "change", "view")],
    *[("partners", f"{action}_membership") for action in ("add", "change", "delete", "view")],
    # Kommuner and regioner are reference data loaded from SCB/SKR files: corrected, never
    # deleted (pilots, organisations and statistics point at them).
    *[
        ("partners", f"{action}_{model}")
        for model in ("kommun", "region")
        for action in ("add", "change", "view")
    ],
    ("partners", "view_auditevent"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
]


# Models whose permissions the declarations decide alone: a permission on one of them that no
# declaration grants any more is taken away again, so withdrawing a grant takes effect on the
# next migrate. Permissions on other models (the CMS's, passed as `extra`, or granted by hand)
# are never removed, whichever order the apps call this in.
MANAGED_MODELS = [
    *[
        ("partners", model)
        for model in ("organisation", "membership", "kommun", "region", "auditevent")
    ],
]


def _declarations():
    """Each installed project app's `groups` module that declares coordinator permissions."""
    from django.apps import apps

    for app_config in apps.get_app_configs():
        if app_config.name == "partners":
            continue
        try:
            module = import_module(f"{app_config.name}.groups")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.groups":
                raise
            continue
        if hasattr(module, "COORDINATOR_PERMISSIONS"):
            yield module


def coordinator_permissions() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(permissions, managed models) of the coordinator: partners' own and every app's."""
    permissions, managed = list(COORDINATOR_PERMISSIONS), list(MANAGED_MODELS)
    for module in _declarations():
        permissions += module.COORDINATOR_PERMISSIONS
        managed += getattr(module, "COORDINATOR_MANAGED_MODELS", [])
    return permissions, managed


def ensure_coordinator_group(extra: list[tuple[str, str]] = ()) -> Group:
    """Create the coordinator group if missing, grant it its permissions and remove those on
    the managed models it no longer grants (idempotent)."""
    group, _ = Group.objects.get_or_create(name=settings.COORDINATOR_GROUP)
    declared, managed_models = coordinator_permissions()
    wanted = [*declared, *extra]
    permissions = [
        perm
        for app_label, codename in wanted
        for perm in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    ]
    group.permissions.add(*permissions)
    managed = Q()
    for app_label, model in managed_models:
        managed |= Q(content_type__app_label=app_label, content_type__model=model)
    stale = group.permissions.filter(managed).exclude(pk__in=[perm.pk for perm in permissions])
    group.permissions.remove(*stale)
    _grant_page_permissions(group)
    return group


def _grant_page_permissions(group: Group) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
