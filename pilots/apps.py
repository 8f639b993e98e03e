from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Piloter")

    def ready(self):
        from pilots import page_cache

        page_cache.connect()
