"""API views for pilots and the indicator library.

Reads come from pilots.selectors (visibility + preloading); writes call the services in
pilots.services.pilots, whose ValidationError/PermissionDenied the shared exception handler turns
into 400/403 with field errors.
"""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import caching
from core.api_cache import cached_json
from pilots import selectors
from pilots.api.filters import IndicatorFilter, PilotFilter
from pilots.api.permissions import CanEditPilot
from pilots.api.serializers import (
    IndicatorSerializer,
    PilotDetailSerializer,
    PilotIndicatorSerializer,
    PilotSerializer,
    PilotWriteSerializer,
)
from pilots.api.views import ERRORS
from pilots.services import pilots as pilot_services

PILOT_FIELDS = set(pilot_services.UPDATABLE_FIELDS)


# PATCH answers like PUT (the pilot's detail); the generated client's strict parsing found the
# schema documenting the write serializer for it instead.
@extend_schema_view(
    partial_update=extend_schema(responses={200: PilotDetailSerializer, **ERRORS}),
)
class PilotViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Pilots the user may see: public ones for everyone, partnership ones for partners, drafts and
    private ones for the pilot's own organisations. POST registers a draft pilot; PUT/PATCH change
    it (with `expected_version`). Publishing and partners are done in the portal's wizard."""

    lookup_field = "slug"
    filterset_class = PilotFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "start_date", "end_date", "created_at"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanEditPilot]

    def get_queryset(self):
        return selectors.pilot_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        """For anyone not signed in (and no free-text search) the page is cached until a pilot
        changes (caching.PILOT_LIST, see pilots.page_cache): the same for every such caller."""
        if request.user.is_authenticated or request.query_params.get("search"):
            return super().list(request, *args, **kwargs)
        params = request.GET.urlencode()  # every value of every parameter, as sent
        key = f"api:{request.scheme}://{request.get_host()}:{get_language()}:{params}"
        return cached_json(
            request, caching.PILOT_LIST, key, lambda: super(PilotViewSet, self).list(request).data
        )

    def get_object(self):
        pilot = selectors.pilot_detail(slug=self.kwargs["slug"], user=self.request.user)
        self.check_object_permissions(self.request, pilot)
        return pilot

    def get_serializer_class(self):
        if self.action == "list":
            return PilotSerializer
        if self.action in {"create", "update", "partial_update"}:
            return PilotWriteSerializer
        return PilotDetailSerializer

    def _detail(self, pilot):
        pilot = selectors.pilot_detail(slug=pilot.slug, user=self.request.user)
        return PilotDetailSerializer(pilot, context=self.get_serializer_context()).data

    @extend_schema(request=PilotWriteSerializer, responses={201: PilotDetailSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = PilotWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("expected_version", None)
        lead = data.pop("lead_organisation", None)
        if lead is None or not data.get("title"):
            errors = {}
            if lead is None:
                errors["lead_organisation"] = [
                    str(serializer.fields["lead_organisation"].error_messages["required"])
                ]
            if not data.get("title"):
                errors["title"] = [str(serializer.fields["title"].error_messages["required"])]
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        pilot = pilot_services.pilot_create_draft(
            actor=request.user, lead_organisation=lead, **data
        )
        return Response(self._detail(pilot), status=status.HTTP_201_CREATED)

    @extend_schema(request=PilotWriteSerializer, responses={200: PilotDetailSerializer, **ERRORS})
    def update(self, request, *args, **kwargs):
        pilot = self.get_object()
        serializer = PilotWriteSerializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "expected_version" not in data:
            return Response(
                {
                    "expected_version": [
                        str(serializer.fields["expected_version"].error_messages["required"])
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if "lead_organisation" in data and data.pop("lead_organisation") != pilot.lead_organisation:
            return Response(
                {"lead_organisation": ["Huvudmannen kan inte bytas här."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        expected = data.pop("expected_version")
        fields = {k: v for k, v in data.items() if k in PILOT_FIELDS}
        pilot = pilot_services.pilot_update(
            pilot=pilot, actor=request.user, expected_version=expected, **fields
        )
        return Response(self._detail(pilot))

    @extend_schema(responses=PilotIndicatorSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[permissions.AllowAny],
        filterset_class=None,
    )
    def indicators(self, request, slug=None):
        """The pilot's indicators with baseline and targets."""
        pilot = self.get_object()
        page = self.paginate_queryset(selectors.pilot_indicator_list(pilot=pilot))
        return self.get_paginated_response(PilotIndicatorSerializer(page, many=True).data)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared indicator library (curated by the coordinator), filterable by measure and Kolada KPI."""  # noqa: E501

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    search_fields = ["name", "definition"]
    ordering_fields = ["name"]
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.indicator_library()
