from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCasesConfig(AppConfig):
    """A pilot's business case per actor. Depends on pilots; pilots never imports it."""

    name = "business_cases"
    verbose_name = _("Kalkyler")
    default_auto_field = "django.db.models.BigAutoField"
