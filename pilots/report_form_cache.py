"""The report form's page body, cached as HTML per viewer until what it shows changes.

A reporter opens the same period's report again and again between saves (from Mina sidor, after
checking a figure elsewhere), and each plain GET used to read the period, the report with its
values and lessons, the indicators and targets, the validation rules, open comments and the
cells' history, and render the grid: about twice a bare page. The body below the site's
navigation is kept under a key made of:

- `pilots.rules.viewer_key(user)`: who may edit, import, approve (every role the rules read);
- the language, today's date (an early submission asks for confirmation until the period ends)
  and the query string (`?skicka=bekrafta`);
- `pilots.page_cache.version(pilot)`: the shared names (organisations, indicators, library
  validation rules) and the pilot's own version, bumped by saves and deletes of the pilot, its
  indicators, targets, periods, reports, lessons, cell comments and validation rules, and by the
  services that write in bulk (values saved or imported, targets, decisions with comments);
- `caching.USER_NAMES`: who submitted, decided and accepted the report.

The CSRF token is never stored: the body is rendered with a placeholder that each request
replaces with its own token. A POST (save, submit) always renders live, with its errors.
Entries expire after `caching.TIMEOUT` as a backstop for writes that bypass the bumps.
"""

import datetime as dt
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import caching
from pilots import page_cache
from pilots.rules import viewer_key

# Rendered where {% csrf_token %} puts the token; letters only, so escaping leaves it as it is.
CSRF_PLACEHOLDER = "csrfTokenPlaceholderX7q"


def key(user, *, pilot_id: int, period_id: int, today: dt.date, query: str) -> str:
    """The cache key of the viewer's report form body (see the module docstring)."""
    parts = [
        viewer_key(user),
        get_language() or "",
        str(pilot_id),
        str(period_id),
        today.isoformat(),
        query,
        page_cache.version(pilot_id),
        caching.versions(caching.USER_NAMES),
    ]
    digest = hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"report-form:{digest}"


def page_parts(request, *, pilot_id: int, period_id: int, render: Callable[[], dict]) -> dict:
    """{"title": ..., "body": ...} of the report form for a plain GET: from the cache while
    nothing it shows has changed, else `render()` (which renders both with CSRF_PLACEHOLDER as
    the token) and kept. The body comes back with this request's own CSRF token."""
    full_key = key(
        request.user,
        pilot_id=pilot_id,
        period_id=period_id,
        today=timezone.localdate(),
        query=request.GET.urlencode(),
    )
    parts = cache.get(full_key)
    if parts is None:
        parts = {name: str(html) for name, html in render().items()}
        cache.set(full_key, parts, caching.TIMEOUT)
    return with_token(request, parts)


def with_token(request, parts: dict) -> dict:
    """The parts with this request's CSRF token in place of the placeholder."""
    body = parts["body"].replace(CSRF_PLACEHOLDER, get_token(request))
    return {"title": parts["title"], "body": mark_safe(body)}  # our own templates' output
