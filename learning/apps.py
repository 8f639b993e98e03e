from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, **kwargs):
    if sender.name != "learning":
        return
    from learning.rules import ensure_appraisal_group

    ensure_appraisal_group()


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Kunskapsbank")

    def ready(self):
        post_migrate.connect(_after_migrate, dispatch_uid="learning.ensure_appraisal_group")
        from learning import page_cache, signals

        signals.connect()
        page_cache.connect()
