"""Versioned cache namespaces: cache a read until the data behind it changes.

A read caches its result under its namespace's current version (`cached`); a write to the data
behind it bumps the version (`bump`), so every entry of that namespace goes stale at once, in
every process that shares the cache (a shared cache such as Redis in production; with Django's
default per-process memory cache, other processes see a change within `TIMEOUT`). Entries also
expire after `TIMEOUT` as a backstop for writes that bypass the bumps (raw SQL, a shell).

`bump` runs when the write happens, inside its transaction, so the writing request (and a test
inside one transaction) reads fresh data. A reader that recomputes from the old rows while that
transaction is still open can leave a stale entry under the new version until the next write
or `TIMEOUT`; a second bump on commit would close that window, but it would add an on-commit
callback to every write, and callers count theirs (tasks queued after commit).
"""

import contextlib
import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

TIMEOUT = 300

# Figures anyone may see that are computed from pilots, their approved reports and values,
# partner organisations and imported statistics: home page key figures, goal progress.
PUBLIC_FIGURES = "public-figures"
# The search index (search documents and their keys): counts of the blank search page.
SEARCH_INDEX = "search-index"
# Figures over every pilot's reporting, whichever programme it is in: the reporting matrix's
# rates for the coordinator without a programme filter. Bumped by every write to memberships,
# pilots, their periods, reports, values and lessons (programmes.page_cache; bulk writers bump it
# themselves). A programme's own pages key on that programme's version instead
# (programmes.page_cache.version), so a report elsewhere leaves them cached.
PROGRAMME_FIGURES = "programme-figures"
# What every programme's cached pages show of shared data (organisation and indicator names,
# programme names, slugs and visibility) and bulk writes that cannot say which programmes they
# touched: part of every programme's version (programmes.page_cache).
PROGRAMME_SHARED = "programme-shared"
# Which pilots and programmes each user follows in the reporting matrix, and their names (the
# matrix filter's options): pilots (status, lead organisation, title), their partners,
# programme memberships, programmes and organisations (monitoring.page_cache).
FOLLOWED_PILOTS = "followed-pilots"
# Names and codes of kommuner and regioner (reference data, loaded by load_reference_data).
AREA_NAMES = "area-names"
# What every pilot page shows of shared data: organisation, indicator, kommun and region names
# (pilots.page_cache adds one namespace per pilot for the pilot's own rows).
PILOT_PAGES = "pilot-pages"
# Published CMS pages (goals, updates, the home page's choices): bumped on publish, unpublish,
# move and slug change (cms.signals).
CMS_PAGES = "cms-pages"
# How many pilots anyone may see match a filter of the pilot list (pilots.selectors.pilot_count).
PILOT_LIST = "pilot-list"
# Any pilot's own rows (the pilot, its periods, reports, values, lessons, indicators, partners):
# bumped with each pilot's namespace (pilots.page_cache.bump). The reports API keeps a viewer's
# whole answer under it (pilots.api.report_cache); finer caches key on the pilot's namespace.
PILOT_ROWS = "pilot-rows"
# What a pilot page reads beside its cached parts, for every viewer: the pilot's own fields, lead
# organisation, evaluation plan and business case (whether there is one, whether a draft), the
# pilot it was adapted from, and for visitors the learning box (the practice of its lineage).
# Bumped by saves and deletes of pilots and evaluation plans (pilots.page_cache), business cases
# (business_cases.apps) and practices (learning.page_cache); names via PILOT_PAGES. Not by
# reports, so a report leaves every pilot page's lookup cached.
PILOT_HEADERS = "pilot-headers"
# Benchmark pages' results as anonymous visitors see them (benchmarking.views): statistics, peer
# figures, KPIs, areas, peer groups, public pilots' approved results, practices and estimates.
BENCHMARKS = "benchmarks"
# Which practices the public may see (their number, the practice list's count): changes when a
# practice is saved or deleted or a pilot in a practice's lineage changes status, visibility or
# parent (learning/replications.py and learning/signals.py bump it).
PRACTICES = "learning-practices"
# HTML that visitors (anonymous) see on practice pages and national goal pages: the lineage,
# comparisons, lessons, appraisals, closing reports, costs, contributing pilots. Bumped by saves
# and deletes of what those parts show and by the services that bulk-write it
# (learning/page_cache.py lists them).
PUBLIC_PAGES = "public-pages"
# How users' names read where a page lists who did something: Mina sidor's "submitted by"
# (pilots.dashboard_cache), who decided or accepted a report in the reports API's cached
# representations (pilots.api.report_cache). Bumped when a user is saved with a name or e-mail
# (shown when they have no name) or deleted (pilots.page_cache), not on a login.
USER_NAMES = "user-names"


def _version_key(namespace: str) -> str:
    return f"cache-version:{namespace}"


def version(namespace: str) -> int:
    """The namespace's current version; starts from the clock, so a version lost from the cache
    never comes back with a number that older entries were stored under."""
    key = _version_key(namespace)
    current = cache.get(key)
    if current is None:
        cache.add(key, time.time_ns() // 1000, None)
        current = cache.get(key)
    return current


def versions(*namespaces: str) -> str:
    """The namespaces' current versions as one string (one cache round trip when all are set),
    for a key that must go stale when any of them is bumped."""
    return ".".join(str(v) for v in versions_each(namespaces).values())


def versions_each(namespaces) -> dict[str, int]:
    """namespace → its current version, for many namespaces in one cache round trip (when all
    are set): for pages whose entries each go stale with a namespace of their own."""
    found = cache.get_many([_version_key(n) for n in namespaces])
    return {n: found.get(_version_key(n)) or version(n) for n in namespaces}


# Increment each version that exists, in one round trip; a missing one stays missing (the
# next read starts it afresh from the clock, see `version`).
_INCREMENT_EXISTING = """
for _, key in ipairs(KEYS) do
    if redis.call('exists', key) == 1 then redis.call('incr', key) end
end
"""


def _redis_client():
    """The Redis client behind the default cache, or None for another backend."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(None, write=True)


def bump(*namespaces: str) -> None:
    """Mark every cached entry of the namespaces stale. On Redis one round trip for all of them
    (Django's `incr` costs two per key: it checks that the key exists first)."""
    client = _redis_client() if namespaces else None
    if client is None:
        for namespace in namespaces:
            # Not in the cache: the next read starts a new, higher version.
            with contextlib.suppress(ValueError):
                cache.incr(_version_key(namespace))
        return
    keys = [cache.make_and_validate_key(_version_key(n)) for n in namespaces]
    client.eval(_INCREMENT_EXISTING, len(keys), *keys)


def cached(namespace: str, key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """`compute()`'s result, from the cache while the namespace's version is unchanged."""
    return cached_across((namespace,), key, compute, timeout=timeout)


def cached_across(
    namespaces: tuple[str, ...], key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT
) -> T:
    """`compute()`'s result, from the cache while none of the namespaces' versions changed (one
    round trip for the versions once they are set, one for the entry). A `None` result is not
    kept."""
    # Hashed: callers' keys may hold spaces or be long, which some cache backends refuse.
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    full_key = f"{'+'.join(namespaces)}:{versions(*namespaces)}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
