"""Mina sidor's lists, cached as HTML per viewer until what they show changes.

The six lists (awaiting my approval, overdue, due soon, returned, my drafts, my pilots) and the
organisations below them are the same for a viewer until something they show changes, so the
rendered HTML is kept under a key made of:

- `pilots.rules.viewer_key(user)`: who the viewer is and every role the rules read
  (memberships and their organisations' statuses, pilot-level roles, groups, flags), so a role
  granted or withdrawn shows at once;
- the language, today's date (due soon and overdue move with the date) and each list's page;
- `pilots.page_cache.versions_of(scope)`, the scope being every pilot the viewer works on
  (`selectors.reports.dashboard_scope`, one indexed query): the version of each of those pilots,
  bumped by saves and deletes of the pilot, its partners, periods, reports and comments on cells
  (pilots.page_cache) and by the services that write in bulk (periods regenerated, partners set,
  values imported, comments of a decision); organisation names (`caching.PILOT_PAGES`); and a
  pilot joining or leaving the scope changes the digest;
- `caching.USER_NAMES`: the names of whoever submitted a report awaiting approval (bumped by
  pilots.page_cache when a user is saved with their name or e-mail, or deleted; a login only
  stamps last_login);
- for coordinators, who see every submitted report of every pilot, also `caching.PILOT_LIST`,
  which every save of a pilot or report bumps.

The boxes above the lists (appraisal queue, acceptance queue, matrix link) are rendered live.
Entries expire after `caching.TIMEOUT` as a backstop for writes that bypass the bumps.
"""

import datetime as dt
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import caching
from partners.rules import is_coordinator
from pilots.page_cache import versions_of
from pilots.rules import viewer_key
from pilots.selectors.reports import dashboard_scope

# The page parameter of each list (its `?<param>=<n>` links).
PAGE_PARAMS = ("pilots", "due", "overdue", "returned", "drafts", "awaiting")


def _page_key(value) -> str:
    """A page parameter as Paginator.get_page reads it: an integer, else page 1 (""), so junk
    values share one entry."""
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return ""


def key(user, *, pages: dict, today: dt.date) -> str:
    """The cache key of the viewer's lists (see the module docstring for what it holds)."""
    namespaces = [caching.USER_NAMES]
    if is_coordinator(user):
        namespaces.append(caching.PILOT_LIST)
    parts = [
        viewer_key(user),
        get_language() or "",
        today.isoformat(),
        *(_page_key(pages.get(param)) for param in PAGE_PARAMS),
        versions_of(dashboard_scope(user=user)),
        caching.versions(*namespaces),
    ]
    digest = hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"dashboard-lists:{digest}"


def lists_html(user, *, pages: dict, today: dt.date, render: Callable[[], str]) -> SafeString:
    """The viewer's lists as HTML: from the cache while nothing they show has changed, else
    `render()` (which must render them for `pages` and `today`) and kept."""
    full_key = key(user, pages=pages, today=today)
    html = cache.get(full_key)
    if html is None:
        html = str(render())
        cache.set(full_key, html, caching.TIMEOUT)
    return mark_safe(html)  # our own template's output, escaped when rendered
