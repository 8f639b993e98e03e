from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = _("Program")

    def ready(self) -> None:
        # pilots never imports programmes: it sends `report_approved`, and a programme that must
        # accept the report tells its funder (programmes.services.acceptance).
        from pilots.signals import report_approved
        from programmes.services.acceptance import report_approved as on_report_approved

        report_approved.connect(on_report_approved, dispatch_uid="programmes.report_approved")

        # Each programme's cached pages go stale when what they show changes.
        from programmes import page_cache

        page_cache.connect()
