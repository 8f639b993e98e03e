"""Signal receivers, connected in CmsConfig.ready()."""

from cms.templatetags.cms_tags import clear_nav_links
from core import caching


def after_migrate(sender, **kwargs):
    """Runs once per migrate (for the cms app); makes every app's permissions exist first."""
    if sender.name != "cms":
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from cms.groups import ensure_cms_groups_and_workflow

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    ensure_cms_groups_and_workflow()


def page_published(sender, instance, **kwargs):
    """Mail a published update to the subscribers (after commit); refresh the menu links."""
    from cms.models import UpdatePage
    from cms.services import update_published

    clear_nav_links()
    caching.bump(caching.CMS_PAGES)
    public_pages_changed()
    if isinstance(instance, UpdatePage):
        update_published(page=instance)


def page_changed(sender, **kwargs):
    clear_nav_links()
    caching.bump(caching.CMS_PAGES)
    public_pages_changed()


def public_pages_changed(**kwargs):
    """A page, a goal contribution or an image changed: visitors' cached goal pages (their
    blocks link pages and show images) and practice pages are stale (learning.page_cache)."""
    caching.bump(caching.PUBLIC_PAGES)


def public_figures_changed(**kwargs):
    """A partner, pilot, report or statistic changed: recompute key figures and goal progress."""
    caching.bump(caching.PUBLIC_FIGURES)
