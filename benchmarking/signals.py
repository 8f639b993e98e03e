"""What makes cached benchmark data stale (connected in BenchmarkingConfig.ready()).

- The area picker's names (`caching.AREA_NAMES`): saves and deletes of kommuner and regioner.
- The benchmark page's results as anonymous visitors see them (`caching.BENCHMARKS`, see
  benchmarking.views): saves and deletes of what they show. Bulk writes bump it themselves (the
  statistics import, the peer-figure refresh, the KPI metadata, the evidence recompute).
- The precomputed peer figures (benchmarking.aggregates): a kommun that changes its SKR
  kommungrupp or län, or a kommun or region added or removed, changes the built-in peer sets,
  so their figures are recomputed (a task after commit, as after an import).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from core import caching

# (field, …) of a kommun or region that decide which built-in peer sets it belongs to.
PEER_SET_FIELDS = {"Kommun": ("code", "skr_group", "region_id"), "Region": ("lan_code",)}


def areas_changed(**kwargs):
    caching.bump(caching.AREA_NAMES)
    caching.bump(caching.BENCHMARKS)


def benchmarks_changed(**kwargs):
    caching.bump(caching.BENCHMARKS)


def _peer_set_key(instance) -> tuple:
    return tuple(getattr(instance, f) for f in PEER_SET_FIELDS[type(instance).__name__])


def remember_peer_sets(sender, instance, raw=False, **kwargs):
    """Before a kommun or region is saved: which peer sets it was in (one query when it exists)."""
    if raw or instance.pk is None:
        instance._peer_set_before = None
        return
    fields = PEER_SET_FIELDS[sender.__name__]
    instance._peer_set_before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def _queue_refresh() -> None:
    from benchmarking.tasks import refresh_peer_aggregates
    from outbox import enqueue_once

    enqueue_once("benchmarking.peer-sets", refresh_peer_aggregates)


def refresh_peer_sets(sender, instance, created=False, raw=False, **kwargs):
    """After a kommun or region is saved: recompute every KPI's peer figures when its peer sets
    changed (after commit, once per transaction)."""
    if raw:
        return
    before = getattr(instance, "_peer_set_before", None)
    if created or before is None or tuple(before) != _peer_set_key(instance):
        _queue_refresh()


def refresh_after_delete(sender, instance, **kwargs):
    """A kommun or region removed leaves its peer sets: recompute their figures."""
    _queue_refresh()


def connect() -> None:
    from benchmarking.models import Kpi, PeerGroup, StatisticValue
    from partners.models import Kommun, Region
    from pilots.models import Indicator, IndicatorValue, PeriodReport, Pilot, PilotIndicator
    from pilots.models.reports import ReportingPeriod

    for model in (Kommun, Region):
        uid = f"benchmarking.peer-sets.{model.__name__}"
        pre_save.connect(remember_peer_sets, sender=model, dispatch_uid=f"{uid}.pre")
        post_save.connect(refresh_peer_sets, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(refresh_after_delete, sender=model, dispatch_uid=f"{uid}.delete")
        for signal in (post_save, post_delete):
            uid = f"benchmarking.areas.{model.__name__}.{id(signal)}"
            signal.connect(areas_changed, sender=model, dispatch_uid=uid)
    shown = (
        Kpi,
        StatisticValue,
        PeerGroup,
        Pilot,
        PilotIndicator,
        Indicator,
        ReportingPeriod,
        PeriodReport,
        IndicatorValue,
    )
    # Practices are shown too; learning (above this app) bumps the namespace for them
    # (learning.page_cache.connect).
    for model in shown:
        for signal in (post_save, post_delete):
            uid = f"benchmarking.results.{model.__name__}.{id(signal)}"
            signal.connect(benchmarks_changed, sender=model, dispatch_uid=uid)
    for through in (PeerGroup.kommuner.through, Pilot.kommuner.through, Pilot.regioner.through):
        uid = f"benchmarking.results.{through.__name__}"
        m2m_changed.connect(benchmarks_changed, sender=through, dispatch_uid=uid)
