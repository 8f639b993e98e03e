"""Helpers the programme views share."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from programmes import rules, selectors
from programmes.aggregate import Aggregate

PAGE_SIZE = 25


def page_of(request, queryset, param="page", size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get(param))


def load(request, slug, *, prefetch=True):
    """The programme the user may see (404 otherwise)."""
    return selectors.programme_detail(slug=slug, user=request.user, prefetch=prefetch)


def require_manager(request, programme) -> None:
    if not rules.can_manage_programme(request.user, programme):
        raise PermissionDenied


def require_funder(request, programme) -> None:
    if not rules.can_view_portfolio(request.user, programme):
        raise PermissionDenied


def display_rows(rows) -> list[dict]:
    """Aggregate rows (live or from a snapshot) as plain dicts with translated method and reason."""
    out = []
    for row in rows:
        if isinstance(row, dict) and "result" in row:
            result: Aggregate = row["result"]
            item = {
                "name": row["indicator"].name,
                "unit": row["indicator"].unit,
                "measure": row["indicator"].measure,
                **result.as_dict(),
            }
        else:
            item = dict(row)
        item["method_text"] = selectors.METHOD_TEXT.get(item.get("method"), "")
        item["reason_text"] = (
            selectors.REASON_TEXT.get(item.get("reason"), "") if item.get("reason") else ""
        )
        out.append(item)
    return out


def context(request, programme, **extra) -> dict:
    """What every programme page's header and sub-navigation needs."""
    return {
        "programme": programme,
        "is_funder": rules.can_view_portfolio(request.user, programme),
        "can_manage": rules.can_manage_programme(request.user, programme),
        **extra,
    }
