from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Effektskattningar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from evidence import signals

        signals.connect()
