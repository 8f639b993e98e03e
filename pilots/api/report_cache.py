"""The reports API's list: each report's representation cached until what it shows changes.

A report's representation (`ReportSerializer`'s dict, with its values and lessons) is the same
for every viewer allowed to see the report but for one thing: whether the viewer may see who
decided and accepted it (`rules.can_view_drafts` on its pilot). It is cached under a key of

- the report's id,
- its pilot's version string (`page_cache.version_each`): the shared `caching.PILOT_PAGES`
  namespace (indicator and organisation names), `caching.USER_NAMES` (users' names) and the
  pilot's own namespace, bumped by every write to the pilot, its periods, indicators, reports,
  lessons and values (pilots.page_cache lists them; bulk writers of values bump by hand),
- the language, and whether the names are shown.

Which reports a viewer gets is still decided per request (`report_rows` filters by
`rules.reports_visible_q`): the cache only ever answers for ids that query returned, so a viewer
who may not see drafts never reads a draft's entry. The page as a whole is stored too, under a
digest of its reports' keys (so it goes stale with any of them): a warm page costs two cache
round trips (the pilots' versions, then the page). When the page is missing, its reports are
read in one more; only the reports missing from the cache are loaded (`report_contents`) and
serialised, and stored for the next reader.

Outermost, the whole answer (count, links, results) is kept per viewer (`rules.viewer_key`),
language, address and query string under `caching.PILOT_ROWS`, `caching.PILOT_PAGES` and
`caching.USER_NAMES`: `PILOT_ROWS` is bumped with every pilot's own namespace (pilots.page_cache
`bump`), so any report, value, lesson, period or pilot written anywhere, or a visibility
changed, makes it stale. While nothing changed, a reporter paging back and forth reads no
reports at all; after a change the inner dolls keep the cost to the reports that changed.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from core import caching
from pilots import page_cache, rules
from pilots.selectors.report_api import report_contents

PREFIX = "api-report"


def _key(report_id: int, version: str, language: str, names: bool) -> str:
    return f"{PREFIX}:{report_id}:{version}:{language}:{int(names)}"


def whole_list(request, compute: Callable[[], dict | list]) -> dict | list:
    """The list's answer for this viewer and query string: from the cache while no pilot's rows,
    shared name or role changed, else `compute()` (the paginated data) and kept."""
    parts = [
        rules.viewer_key(request.user),
        get_language() or "",
        request.build_absolute_uri(),  # the page links hold the address
        caching.versions(caching.PILOT_ROWS, caching.PILOT_PAGES, caching.USER_NAMES),
    ]
    digest = hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"{PREFIX}-list:{digest}"
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, caching.TIMEOUT)
    return data


def page_data(rows, *, user, serialize: Callable[[list, dict], list]) -> list[dict]:
    """The representations of `rows` ((id, pilot id, lead organisation id) from `report_rows`,
    in their order), from the cache where stored. `serialize(reports, names_shown)` builds the
    missing ones, with `names_shown` mapping each pilot id to whether the user sees who decided."""
    if not rows:
        return []
    names = rules.drafts_visible_each(user, {pilot: org for _pk, pilot, org in rows})
    versions = page_cache.version_each(names, caching.USER_NAMES)
    language = get_language() or ""
    keys = {pk: _key(pk, versions[pilot], language, names[pilot]) for pk, pilot, _org in rows}
    # The outer doll: the whole page under a digest of its reports' keys (one entry to read
    # when nothing on it changed); inside it, each report's own entry, so a page with one
    # changed report loads and serialises that one alone.
    digest = hashlib.sha1("|".join(keys.values()).encode(), usedforsecurity=False).hexdigest()
    page_key = f"{PREFIX}-page:{digest}"
    page = cache.get(page_key)
    if page is not None:
        return page
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        reports = report_contents(report_ids=missing)
        # A report deleted since the page's query is left out, as the next request would.
        built = serialize([reports[pk] for pk in missing if pk in reports], names)
        stored = {keys[item["id"]]: dict(item) for item in built}
        cache.set_many(stored, caching.TIMEOUT)
        found.update(stored)
    page = [found[key] for key in keys.values() if key in found]
    cache.set(page_key, page, caching.TIMEOUT)
    return page
