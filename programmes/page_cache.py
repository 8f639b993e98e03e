"""Each programme's cached pages and figures: when they go stale.

A programme's portfolio (budget, pilots, their latest periods and reports, progress, decisions,
payouts, shared-indicator figures, lessons) and its reporting matrix (monitoring.page_cache) are
cached under the programme's own version: `version(programme_id)` is the programme's namespace
together with `caching.PROGRAMME_SHARED` (names every programme shows, bulk writes that cannot
say which programmes they touched). So a report approved in one programme's pilot leaves every
other programme's pages cached.

What bumps a programme (receivers connected in ProgrammesConfig.ready()):
- a row of one of its pilots (the pilot, its periods, reports, lessons, indicators, partners…):
  `pilots.page_cache.bump` sends `pilots.signals.pilot_changed` on every save, delete and bulk
  write of those rows, and `bump_pilot` bumps the programmes the pilot is in (one query);
- an indicator value (saved alone, outside a report's bulk write): the programmes of its
  report's pilot (one query);
- its memberships (the programme, and every programme of the pilot: the matrix lists each
  pilot's programmes), stages, gate decisions and ledger entries, its shared indicators;
- an organisation or indicator renamed, a programme saved (its name, slug and visibility show
  on other programmes' pages): `PROGRAMME_SHARED`, so every programme.

Each of these also bumps `caching.PROGRAMME_FIGURES`, the version of figures over every pilot.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import caching

T = TypeVar("T")


def _namespace(programme_id) -> str:
    return f"programme-figures:{programme_id}"


def version(programme_id) -> str:
    """The version a programme's cached parts are stored under (one cache round trip)."""
    return caching.versions(caching.PROGRAMME_SHARED, _namespace(programme_id))


def cached(programme_id, key: str, compute: Callable[[], T], *, timeout=caching.TIMEOUT) -> T:
    """`compute()`'s result, from the cache while the programme's version is unchanged."""
    namespaces = (caching.PROGRAMME_SHARED, _namespace(programme_id))
    return caching.cached_across(namespaces, key, compute, timeout=timeout)


def bump(*programme_ids) -> None:
    """Mark the programmes' cached parts stale (and the figures over every pilot)."""
    caching.bump(*(_namespace(pk) for pk in set(programme_ids)), caching.PROGRAMME_FIGURES)


def bump_shared(*args, **kwargs) -> None:
    """Mark every programme's cached parts stale (a shared name changed; a bulk write)."""
    caching.bump(caching.PROGRAMME_SHARED, caching.PROGRAMME_FIGURES)


def bump_pilot(pilot_id, *also) -> None:
    """Mark stale the programmes the pilot is in (any membership status), and `also`."""
    from programmes.models import ProgrammePilot

    ids = ProgrammePilot.objects.filter(pilot_id=pilot_id).values_list("programme_id", flat=True)
    bump(*ids, *also)


def _pilot_changed(sender, pilot_id, **kwargs):
    bump_pilot(pilot_id)


def _value_changed(sender, instance, **kwargs):
    from programmes.models import ProgrammePilot

    ids = ProgrammePilot.objects.filter(pilot__reports=instance.report_id).values_list(
        "programme_id", flat=True
    )
    bump(*ids)


def _membership_changed(sender, instance, **kwargs):
    # The pilot's other programmes list this one on its matrix row.
    bump_pilot(instance.pilot_id, instance.programme_id)


def _programme_row_changed(sender, instance, **kwargs):
    bump(instance.programme_id)


def _membership_row_changed(sender, instance, **kwargs):
    from programmes.models import ProgrammePilot

    ids = ProgrammePilot.objects.filter(pk=instance.membership_id).values_list(
        "programme_id", flat=True
    )
    bump(*ids)


def _shared_indicators_changed(sender, instance, action, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # indicator.programme_set.…(): which programmes is not worth reading
        bump_shared()
    else:
        bump(instance.pk)


def connect() -> None:
    from partners.models import Organisation
    from pilots.models import Indicator, IndicatorValue
    from pilots.signals import pilot_changed
    from programmes.models import (
        GateDecision,
        Payout,
        Programme,
        ProgrammePilot,
        ProgrammeStage,
    )

    pilot_changed.connect(_pilot_changed, dispatch_uid="programmes.page_cache.pilot")
    receivers = [
        (IndicatorValue, _value_changed),
        (ProgrammePilot, _membership_changed),
        (ProgrammeStage, _programme_row_changed),
        (GateDecision, _membership_row_changed),
        (Payout, _membership_row_changed),
        *((m, bump_shared) for m in (Programme, Organisation, Indicator)),
    ]
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            uid = f"programmes.page_cache.{model.__name__}.{id(signal)}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        _shared_indicators_changed,
        sender=Programme.shared_indicators.through,
        dispatch_uid="programmes.page_cache.shared_indicators",
    )
