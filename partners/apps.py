from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, using="default", **kwargs):
    if sender.name != "partners":
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from partners.groups import ensure_coordinator_group

    # Our receiver may run before auth's own for later apps; make every app's permissions exist.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_coordinator_group()


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner och referensdata")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from partners.admin_views import ReadOnlyPermissionPolicy
        from partners.models import AuditEvent

        register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))
        post_migrate.connect(_after_migrate, dispatch_uid="partners.ensure_coordinator_group")

        from axes.signals import user_locked_out

        from partners.lockout import record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="partners.record_lockout")

        from django.contrib.auth.signals import user_logged_in

        from partners.middleware import mark_login

        user_logged_in.connect(mark_login, dispatch_uid="partners.mark_login")
