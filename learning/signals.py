"""Keep each practice's stored replication counts current (learning/replications.py).

The pilots app never imports learning: learning listens. A pilot's save recounts the practices
of its lineage when its status, visibility or parent changed (or a published adaptation was
created); a deletion recounts its old parent's lineage and that of the adaptations that moved up
(`keep_lineage` and `follow_lineage` move them with queryset updates, which send no signals); a
saved practice recounts itself. Each recount is a few queries, whatever the size of the tree.
A deleted practice makes the cached count of practices stale (`caching.PRACTICES`).
"""

from django.db.models.signals import post_delete, post_init, post_save, pre_delete

TRACKED = ("status", "visibility", "adapted_from_id")
DEFERRED = object()  # a field not loaded: the save leaves it as it was


def _state(instance) -> tuple:
    # __dict__, not getattr: a deferred field must not cost a query on every loaded pilot.
    return tuple(instance.__dict__.get(name, DEFERRED) for name in TRACKED)


def _pilot_loaded(sender, instance, **kwargs):
    instance._replication_state = _state(instance)


def _pilot_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from learning.replications import refresh_for_pilots
    from pilots.models import PilotStatus

    before = getattr(instance, "_replication_state", None)
    now = _state(instance)
    instance._replication_state = now
    if created:
        if now[0] in (DEFERRED, PilotStatus.DRAFT) or now[2] in (DEFERRED, None):
            return
        refresh_for_pilots([instance.pk])
        return
    if before is not None and all(
        b == n or n is DEFERRED for b, n in zip(before, now, strict=True)
    ):
        return
    old_parent = before[2] if before is not None else None
    refresh_for_pilots([instance.pk, None if old_parent is DEFERRED else old_parent])


def _pilot_deleting(sender, instance, **kwargs):
    from learning.models import Practice
    from pilots.models import Pilot

    instance._replication_heirs = list(
        Pilot.objects.filter(adapted_from_id=instance.pk).values_list("pk", flat=True)
    )
    instance._replication_practices = list(
        Practice.objects.filter(original_pilot_id=instance.pk).values_list("pk", flat=True)
    )


def _pilot_deleted(sender, instance, **kwargs):
    from learning.replications import refresh_for_pilots, refresh_practices

    refresh_for_pilots([instance.adapted_from_id, *getattr(instance, "_replication_heirs", [])])
    # A practice whose original left no adaptation behind keeps no tree.
    refresh_practices(getattr(instance, "_replication_practices", []))


def _practice_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and "original_pilot" not in update_fields):
        return
    from learning.replications import refresh_practices

    refresh_practices([instance.pk])


def _practice_deleted(sender, instance, **kwargs):
    from core import caching

    caching.bump(caching.PRACTICES)


def connect() -> None:
    from learning.models import Practice
    from pilots.models import Pilot

    post_init.connect(_pilot_loaded, sender=Pilot, dispatch_uid="learning.pilot_loaded")
    post_save.connect(_pilot_saved, sender=Pilot, dispatch_uid="learning.pilot_saved")
    pre_delete.connect(_pilot_deleting, sender=Pilot, dispatch_uid="learning.pilot_deleting")
    post_delete.connect(_pilot_deleted, sender=Pilot, dispatch_uid="learning.pilot_deleted")
    post_save.connect(_practice_saved, sender=Practice, dispatch_uid="learning.practice_saved")
    post_delete.connect(
        _practice_deleted, sender=Practice, dispatch_uid="learning.practice_deleted"
    )
