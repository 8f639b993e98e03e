"""The reporting matrix cached as HTML per viewer: what the key holds and what makes it stale.

What a viewer sees (the filter's options, the rows, each row's programmes, the rates, which
cells link to a report, the remind button) depends on who they are and on the data, so the
page's parts (monitoring.views) are cached under a key of:
- `pilots.rules.viewer_key(user)`: everything the rules read about the viewer (memberships,
  roles, organisation statuses, pilot roles, groups, flags): a role granted or withdrawn is a
  new key at once;
- the language, today's date (states and rates follow due dates) and the query string;
- the data's versions: `FOLLOWED_PILOTS` (which pilots and programmes a viewer follows, and the
  names in the filter: bumped below) and, for a programme's matrix, that programme's version
  (programmes.page_cache: any write to its pilots' periods, reports, names, memberships), or
  without a programme `PROGRAMME_FIGURES` (any pilot's write).

`FOLLOWED_PILOTS` is bumped by saves and deletes of pilots (status, lead organisation, title),
their partner organisations (a partner's people see the pilot's private programmes), programme
memberships, programmes and organisations (connected in MonitoringConfig.ready()), and by the
pilot partner service's bulk write (pilots.services.pilots).
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from core import caching
from pilots.rules import viewer_key
from programmes import page_cache as programme_cache
from programmes.models import Programme


def programme_id(slug: str) -> int | None:
    """The id of the programme with this slug (cached until a programme is saved)."""
    if not slug:
        return None

    def compute():
        return Programme.objects.filter(slug=slug).values_list("pk", flat=True).first() or 0

    return caching.cached(caching.PROGRAMME_SHARED, f"programme-id:{slug}", compute) or None


def matrix_key(*, user, params) -> str:
    """The key of the viewer's matrix parts for the query string `params` (a QueryDict)."""
    pk = programme_id(params.get("programme", ""))
    if pk is None:
        data = caching.versions(caching.FOLLOWED_PILOTS, caching.PROGRAMME_FIGURES)
    else:
        data = f"{caching.versions(caching.FOLLOWED_PILOTS)}:{programme_cache.version(pk)}"
    query = sorted((k, v) for k in params for v in params.getlist(k))
    raw = "|".join(
        [
            viewer_key(user),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            repr(query),
            str(pk),
            data,
        ]
    )
    return "matrix-parts:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def cached_parts(key: str, build):
    """(parts, status): the cached parts, or `build()`'s, stored when the status is 200."""
    parts = cache.get(key)
    if parts is not None:
        return parts, 200
    parts, status = build()
    if status == 200:
        cache.set(key, parts, caching.TIMEOUT)
    return parts, status


def bump(*args, **kwargs) -> None:
    """Who follows which pilots, or a name in the filter, changed."""
    caching.bump(caching.FOLLOWED_PILOTS)


def connect() -> None:
    from partners.models import Organisation
    from pilots.models import Pilot, PilotPartner
    from programmes.models import ProgrammePilot

    for model in (Pilot, PilotPartner, ProgrammePilot, Programme, Organisation):
        for signal in (post_save, post_delete):
            uid = f"monitoring.page_cache.{model.__name__}.{id(signal)}"
            signal.connect(bump, sender=model, dispatch_uid=uid)
