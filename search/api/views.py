"""GET /api/v1/search/: the same parameters, hits and facets as the search page."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from search import selectors
from search.facets import FACETS
from search.query import MAX_PAGE_SIZE, SORTS, SearchQuery

from .serializers import SearchResultsSerializer

# `list` answers one results object (hits, facets, paging), not an array of them.
SearchResults = extend_schema_serializer(many=False)(SearchResultsSerializer)

PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Sökord; '-ord' utesluter. Tomt: allt."),
    *(
        OpenApiParameter(
            facet, OpenApiTypes.STR, many=True, description=f"Facett: {label} (upprepa för flera)."
        )
        for facet, label in FACETS.items()
    ),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS), description="Sortering."),
    OpenApiParameter("page", OpenApiTypes.INT, description="Sida, från 1."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1–{MAX_PAGE_SIZE}."),
    OpenApiParameter("highlight", OpenApiTypes.BOOL, description="Markera träffar (standard)."),
]


class SearchViewSet(viewsets.ViewSet):
    """Search pilots, lessons, practices and pages the caller may see, with facet counts."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=PARAMETERS,
        responses={
            200: SearchResults,
            400: OpenApiResponse(description="Field errors"),
        },
    )
    def list(self, request):
        query, errors = SearchQuery.from_params(request.query_params)
        if errors:
            raise ValidationError({k: [str(v)] for k, v in errors.items()})
        if not isinstance(request.accepted_renderer, JSONRenderer):  # the browsable API
            results = selectors.search(query=query, user=request.user)
            return Response(SearchResultsSerializer(results).data)
        # JSON, as clients ask for it: the encoded answer is cached with the results, so a
        # repeated search is neither serialised nor encoded again.
        content = selectors.search_answer(
            query=query, user=request.user, kind="api-json", render=_encoded
        )
        return HttpResponse(content, content_type="application/json")


def _encoded(results) -> bytes:
    return JSONRenderer().render(SearchResultsSerializer(results).data)
