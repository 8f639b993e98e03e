"""The API's page-number pagination with a bounded count (issue 20).

An exact `COUNT(*)` over every row a reader may see cost most of a list request at national
scale (a reporter may read about 220 000 reports). The count now stops at `COUNT_LIMIT` rows
(or just past the page asked for, so deep pages still resolve): up to there `count` is exact;
beyond it `count` is the limit and `count_exact` is false, meaning "more than `count`". `next`
is there whenever another page exists. The response keeps DRF's shape (`count`, `next`,
`previous`, `results`) plus `count_exact`.

Pages with several paginated lists (Mina sidor) count them all in one query with `count_each`
and page them with `CountedPaginator`, instead of one COUNT per list.
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_LIMIT = 1000


class BoundedPaginator(Paginator):
    """A Django paginator that counts a queryset only up to `cap` + 1 rows. Other sequences
    (already bounded lists, or objects with their own `count()`) are counted as usual."""

    def __init__(self, object_list, per_page, *, cap: int = COUNT_LIMIT, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.exact = True

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        # No ORDER BY in the count: the order does not change how many rows there are.
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.exact = found <= self.cap
        return min(found, self.cap)


def count_each(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """How many rows each queryset has, all counted in one query (one scalar subquery each).
    A queryset that can match nothing (`pk__in=[]`) counts 0 without being sent."""
    counts, parts, params = {}, [], []
    for name, queryset in querysets.items():
        try:
            sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            counts[name] = 0
            continue
        parts.append((name, f"(SELECT COUNT(*) FROM ({sql}) counted_{len(parts)})"))
        params.extend(sql_params)
    if parts:
        using = next(iter(querysets.values())).db
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(part for _name, part in parts), params)
            row = cursor.fetchone()
        counts.update({name: n for (name, _part), n in zip(parts, row, strict=True)})
    return counts


class CountedPaginator(Paginator):
    """A Django paginator told its count (from `count_each`) rather than counting itself."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # the cached_property's slot


class BoundedPageNumberPagination(PageNumberPagination):
    """`?page=N` pages of `PAGE_SIZE` with a count bounded at `COUNT_LIMIT` (see the module)."""

    count_limit = COUNT_LIMIT
    page_query_description = (
        f"A page number within the paginated result set. `last` is answered only while the "
        f"list has at most {COUNT_LIMIT} rows (`count_exact` true); beyond that it is a 400: "
        "follow `next` instead."
    )

    def django_paginator_class(self, queryset, page_size):
        # Count far enough that the page asked for, and whether one follows it, are known.
        requested = self._requested_page()
        cap = max(self.count_limit, (requested + 1) * page_size)
        self._bounded = BoundedPaginator(queryset, page_size, cap=cap)
        return self._bounded

    def _requested_page(self) -> int:
        raw = self.request.query_params.get(self.page_query_param, 1) if self.request else 1
        try:
            return max(1, min(int(raw), 10**6))
        except (TypeError, ValueError):
            return 1

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        # `?page=last` needs the exact count: answered where the count is exact, refused with a
        # 400 beyond the limit (it used to answer the page at the limit as if it were the last).
        asked = request.query_params.get(self.page_query_param)
        if asked in self.last_page_strings and paginator.count and not paginator.exact:
            raise ValidationError(
                {
                    self.page_query_param: [
                        _(
                            "”last” finns bara för listor med högst %(limit)s rader. Följ "
                            "länken ”next” eller filtrera listan."
                        )
                        % {"limit": paginator.cap}
                    ]
                }
            )
        return super().get_page_number(request, paginator)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_exact": self.page.paginator.exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["count"] = {
            "type": "integer",
            "example": 123,
            "description": f"The number of rows, counted up to {COUNT_LIMIT} (or just past the "
            "page asked for); when `count_exact` is false there are more than `count`.",
        }
        properties = {
            "count": properties["count"],
            "count_exact": {
                "type": "boolean",
                "example": True,
                "description": "False when the count stopped at its limit: more rows follow.",
            },
            **{k: v for k, v in properties.items() if k != "count"},
        }
        described["properties"] = properties
        described["required"] = ["count", "count_exact", "results"]
        return described
