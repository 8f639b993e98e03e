from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Jobbkö")

    def ready(self):
        from celery.signals import worker_ready

        from .tasks import flush_on_worker_ready

        # A worker that starts (or restarts after an outage) first sends what the web processes
        # could not hand to the broker.
        worker_ready.connect(flush_on_worker_ready, weak=False, dispatch_uid="outbox-flush-ready")
