"""What makes estimates stale, and the recompute it queues (connected in EvidenceConfig.ready()).

The apps evidence reads from never import it: it listens. A finished statistics import queues one
recompute of every practice; a change to a pilot (its start date, lineage, status, visibility or
kommuner) queues one of the practice it belongs to. Each is queued once per transaction, through
the outbox, after commit.
"""

from django.db.models.signals import m2m_changed, post_save


def _import_finished(sender, instance, **kwargs):
    from benchmarking.models import ImportRun
    from evidence.services import statistics_changed

    if instance.status == ImportRun.Status.SUCCEEDED and instance.kind != ImportRun.Kind.GROUPS:
        statistics_changed()


def _pilot_changed(sender, instance, raw=False, **kwargs):
    # A draft never counts as an adoption, and a pilot does not go back to draft: its edits
    # (the registration wizard's many saves) cannot change an estimate.
    if raw or instance.status == "draft":
        return
    from evidence.services import practices_changed
    from learning.services.adoption import practice_of

    practice = practice_of(instance)
    if practice is not None:
        practices_changed([practice.pk])


def _kommuner_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _pilot_changed(sender, instance)


def _practice_created(sender, instance, created, raw=False, **kwargs):
    from evidence.services import practices_changed

    if created and not raw:
        practices_changed([instance.pk])


def _shown_on_benchmarks(**kwargs):
    # "Kommuner like yours that improved" on a benchmark page shows adoptions and estimates.
    from core import caching

    caching.bump(caching.BENCHMARKS)


def connect() -> None:
    from benchmarking.models import ImportRun
    from evidence.models import Adoption, EffectEstimate
    from learning.models import Practice
    from pilots.models import Pilot

    post_save.connect(_import_finished, sender=ImportRun, dispatch_uid="evidence.import")
    post_save.connect(_pilot_changed, sender=Pilot, dispatch_uid="evidence.pilot")
    post_save.connect(_practice_created, sender=Practice, dispatch_uid="evidence.practice")
    m2m_changed.connect(
        _kommuner_changed, sender=Pilot.kommuner.through, dispatch_uid="evidence.kommuner"
    )
    # Saves only: the recompute deletes and inserts in bulk and bumps itself; a delete receiver
    # would make its bulk deletes load every row.
    for model in (Adoption, EffectEstimate):
        post_save.connect(_shown_on_benchmarks, sender=model, dispatch_uid=f"evidence.bm.{model}")
