"""The coordinator group and its permissions, kept in step with the code after every migrate."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# Codenames (app_label, codename) the coordinator holds. Other apps extend this list through
# COORDINATOR_PERMISSIONS in their own `groups.py`, collected in `ensure_coordinator_group`.
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
    # The shared indicator library (pilots/wagtail_hooks.py); not delete: pilots depend on it.
    *[("pilots", f"{action}_indicator") for action in ("add", "change", "view")],
    # Business cases: the unit-cost library and the versioned discount-rate schedules.
    *[
        ("pilots", f"{action}_{model}")
        for model in ("unitcost", "discountrateschedule")
        for action in ("add", "change", "view")
    ],
    # KPI metadata (benchmarking/wagtail_hooks.py): title, unit, direction, gender split. KPIs
    # come from Kolada or an import, so no add; values depend on them, so no delete.
    *[("benchmarking", f"{action}_kpi") for action in ("change", "view")],
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
]


# Models whose permissions COORDINATOR_PERMISSIONS decides alone: a permission on one of them
# that the list no longer grants is taken away again, so withdrawing a grant here takes effect
# on the next migrate. Permissions on other models (the CMS's, passed as `extra`, or granted by
# hand) are never removed, whichever order the apps call this in.
MANAGED_MODELS = [
    *[
        ("partners", model)
        for model in ("organisation", "membership", "kommun", "region", "auditevent")
    ],
    *[("pilots", model) for model in ("indicator", "unitcost", "discountrateschedule")],
    ("benchmarking", "kpi"),
]


def ensure_coordinator_group(extra: list[tuple[str, str]] = ()) -> Group:
    """Create the coordinator group if missing, grant it its permissions and remove those on
    MANAGED_MODELS it no longer grants (idempotent)."""
    group, _ = Group.objects.get_or_create(name=settings.COORDINATOR_GROUP)
    wanted = [*COORDINATOR_PERMISSIONS, *extra]
    permissions = [
        perm
        for app_label, codename in wanted
        for perm in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    ]
    group.permissions.add(*permissions)
    managed = Q()
    for app_label, model in MANAGED_MODELS:
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
