from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCasesConfig(AppConfig):
    """A pilot's business case per actor. Depends on pilots; pilots never imports it."""

    name = "business_cases"
    verbose_name = _("Kalkyler")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from business_cases.models import BusinessCase

        for signal in (post_save, post_delete):
            signal.connect(
                _case_changed, sender=BusinessCase, dispatch_uid=f"business_cases.{id(signal)}"
            )


def _case_changed(sender, instance, **kwargs):
    """The pilot page's header links a case that exists and is not a draft; the pilot it reads
    is cached until `caching.PILOT_HEADERS` is bumped (pilots.selectors.pilot_page)."""
    from core import caching

    caching.bump(caching.PILOT_HEADERS)
