from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Webbplatsens sidor")

    def ready(self):
        from wagtail.models import PageLogEntry
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from cms import audit, signals

        post_migrate.connect(signals.after_migrate, dispatch_uid="cms.groups_and_workflow")
        page_published.connect(signals.page_published, dispatch_uid="cms.page_published")
        for signal in (page_unpublished, page_slug_changed, post_page_move):
            signal.connect(signals.page_changed, dispatch_uid=f"cms.page_changed.{id(signal)}")
        post_save.connect(
            audit.page_log_entry_saved, sender=PageLogEntry, dispatch_uid="cms.audit_page_log"
        )
