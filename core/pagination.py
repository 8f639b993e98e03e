"""The API's page-number pagination with a bounded count (issue 20).

An exact `COUNT(*)` over every row a reader may see cost most of a list request at national
scale (a reporter may read about 220 000 reports). The count now stops at `COUNT_LIMIT` rows
(or just past the page asked for, so deep pages still resolve): up to there `count` is exact;
beyond it `count` is the limit and `count_exact` is false, meaning "more than `count`". `next`
is there whenever another page exists. The response keeps DRF's shape (`count`, `next`,
`previous`, `results`) plus `count_exact`.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
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


class BoundedPageNumberPagination(PageNumberPagination):
    """`?page=N` pages of `PAGE_SIZE` with a count bounded at `COUNT_LIMIT` (see the module)."""

    count_limit = COUNT_LIMIT

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
