from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
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

        from cms import admin_exports, audit, signals

        post_migrate.connect(signals.after_migrate, dispatch_uid="cms.groups_and_workflow")
        page_published.connect(signals.page_published, dispatch_uid="cms.page_published")
        for signal in (page_unpublished, page_slug_changed, post_page_move):
            signal.connect(signals.page_changed, dispatch_uid=f"cms.page_changed.{id(signal)}")
        post_save.connect(
            audit.page_log_entry_saved, sender=PageLogEntry, dispatch_uid="cms.audit_page_log"
        )
        self._watch_public_figures(signals.public_figures_changed)
        self._watch_public_pages(signals.public_pages_changed)
        self._swedish_numbers_in_admin()
        admin_exports.neutralise_admin_exports()

    def _swedish_numbers_in_admin(self):
        """Decimal fields in every Wagtail admin form show and accept the admin language's format
        (sv "15,2", "1 250 000"; en "15.2"): a plain <input type="number"> in a browser that
        does not read commas turned "15,2" into 152."""
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from partners.number_fields import LocalizedDecimalField

        register_form_field_override(
            models.DecimalField, override={"form_class": LocalizedDecimalField}
        )

    def _watch_public_pages(self, receiver):
        """Visitors' goal pages are cached HTML (cms.selectors.goal_page_cache_version); the
        pilots, reports and names they show bump the namespace in learning.page_cache."""
        from wagtail.images import get_image_model

        from cms.models import GoalContribution

        for model in (GoalContribution, get_image_model()):
            for signal in (post_save, post_delete):
                uid = f"cms.public_pages.{model.__name__}.{id(signal)}"
                signal.connect(receiver, sender=model, dispatch_uid=uid)

    def _watch_public_figures(self, receiver):
        """Key figures and goal progress are cached (cms.selectors); saves and deletes of what
        they count make them stale. Bulk writes bump the cache themselves (the statistics
        import; value writes save their report, which bumps it)."""
        from benchmarking.models import StatisticValue
        from partners.models import Organisation
        from pilots.models import IndicatorValue, PeriodReport, Pilot

        for model in (Organisation, Pilot, PeriodReport, IndicatorValue, StatisticValue):
            for signal in (post_save, post_delete):
                uid = f"cms.figures.{model.__name__}.{id(signal)}"
                signal.connect(receiver, sender=model, dispatch_uid=uid)
        m2m_changed.connect(
            receiver, sender=Pilot.kommuner.through, dispatch_uid="cms.figures.pilot_kommuner"
        )
