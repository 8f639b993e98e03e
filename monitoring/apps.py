from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Uppföljning av rapportering")

    def ready(self) -> None:
        # The matrix is cached per viewer until who follows what, or a name, changes.
        from monitoring import page_cache

        page_cache.connect()
