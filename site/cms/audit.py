"""CMS publication in the coordinator's audit log.

Wagtail already writes a `PageLogEntry` (with the user) for every publish, unpublish and
delete, however it happens: the editor, the moderation workflow, `publish_scheduled`. Mirroring
those entries into `partners.AuditEvent` puts page publication in the same log as every other
state change, without re-implementing Wagtail's actions.
"""

from partners.audit import audit_record

MIRRORED = {
    "wagtail.publish": "cms.page_published",
    "wagtail.unpublish": "cms.page_unpublished",
    "wagtail.delete": "cms.page_deleted",
}


def page_log_entry_saved(sender, instance, created, **kwargs):
    """Receiver of post_save on wagtail.PageLogEntry; connected in CmsConfig.ready()."""
    action = MIRRORED.get(instance.action)
    if not created or action is None:
        return
    from wagtail.models import Page

    # The base page suffices: the log links pages to their editor by id.
    page = Page.objects.filter(pk=instance.page_id).first()
    audit_record(
        actor=instance.user,
        action=action,
        obj=page if page is not None else instance,
        message=instance.label,
    )
