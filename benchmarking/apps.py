from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("Jämförelser")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import caching
        from partners.models import Kommun, Region

        def areas_changed(**kwargs):
            caching.bump(caching.AREA_NAMES)

        # The area picker's names are cached (benchmarking.selectors.area_choices).
        for model in (Kommun, Region):
            for signal in (post_save, post_delete):
                uid = f"benchmarking.areas.{model.__name__}.{id(signal)}"
                signal.connect(areas_changed, sender=model, dispatch_uid=uid, weak=False)
