"""State changes of the reference data (kommuner, regioner) made in the coordinator's admin.

Kept beside `partners.services` because they are the admin's plain edits of a row, audited so
that a changed population or SKR group can be traced like every other change.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from partners.audit import audit_record, diff, snapshot
from partners.rules import is_coordinator


def _fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if not f.primary_key]


@transaction.atomic
def reference_record_save(*, instance: models.Model, actor) -> models.Model:
    """Create or change a kommun or region (coordinator only); audited with the changed fields."""
    if not is_coordinator(actor):
        raise PermissionDenied
    fields = _fields(instance)
    before = {}
    if instance.pk is not None:
        stored = type(instance)._base_manager.filter(pk=instance.pk).first()
        before = snapshot(stored, fields) if stored is not None else {}
    created = not before
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        action="reference_data.created" if created else "reference_data.updated",
        obj=instance,
        changes=diff(before, snapshot(instance, fields)),
    )
    return instance


@transaction.atomic
def reference_record_delete(*, instance: models.Model, actor) -> None:
    """Delete a kommun or region (coordinator only); audited with its last values."""
    if not is_coordinator(actor):
        raise PermissionDenied
    fields = _fields(instance)
    audit_record(
        actor=actor,
        action="reference_data.deleted",
        obj=instance,
        changes={k: [v, None] for k, v in snapshot(instance, fields).items()},
    )
    instance.delete()
