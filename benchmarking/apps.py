from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("Jämförelser")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from benchmarking import signals

        signals.connect()
