"""API views: KPIs, statistics, peer groups (CRUD for one's own) and benchmark results.

Reads go through benchmarking.selectors; writes call benchmarking.services, whose
ValidationError/PermissionDenied the shared exception handler turns into 400/403.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings

from benchmarking import selectors, services
from benchmarking.api.filters import KpiFilter, StatisticFilter
from benchmarking.api.permissions import KPI_ACCESS, PEER_GROUP_ACCESS
from benchmarking.api.serializers import (
    BenchmarkQuerySerializer,
    BenchmarkSerializer,
    KpiSerializer,
    KpiUpdateSerializer,
    PeerGroupSerializer,
    StatisticValueSerializer,
)
from benchmarking.benchmark import benchmark_for
from benchmarking.views import RESULTS_TIMEOUT
from core import caching
from core.api_cache import cached_json

ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Not allowed"),
    404: OpenApiResponse(description="Unknown area or group"),
}


class KpiViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Key figures (Kolada KPIs and demo KPIs, flagged is_demo). `direction` is "" until the
    coordinator chooses (`direction_set` false): such a KPI has no rank and no good/bad. The
    coordinator changes title, description, unit, direction and gender split with PATCH; a later
    fetch from Kolada keeps what was changed (`edited_fields`)."""

    serializer_class = KpiSerializer
    permission_classes = [KPI_ACCESS]
    http_method_names = ["get", "patch", "head", "options"]
    search_fields = ["id", "title"]
    ordering_fields = ["id", "title"]
    filterset_class = KpiFilter

    def get_queryset(self):
        return selectors.kpi_list()

    @extend_schema(request=KpiUpdateSerializer, responses={200: KpiSerializer, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        kpi = self.get_object()
        data = KpiUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kpi = services.kpi_update(kpi=kpi, actor=request.user, **data.validated_data)
        return Response(self.get_serializer(kpi).data)


class StatisticViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Stored values (Källa: Kolada unless `source` says otherwise). A null value is missing."""

    serializer_class = StatisticValueSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = StatisticFilter
    ordering_fields = ["year", "area", "kpi"]
    search_fields = []

    def get_queryset(self):
        return selectors.statistic_list()


class PeerGroupViewSet(viewsets.ModelViewSet):
    """Peer groups: shared imported ones (e.g. Kolada's liknande kommuner) for everyone, and the
    signed-in user's own custom groups, which nobody else sees."""

    serializer_class = PeerGroupSerializer
    permission_classes = [PEER_GROUP_ACCESS]
    search_fields = ["name"]
    ordering_fields = ["name"]
    filterset_fields = ["kind"]

    def get_queryset(self):
        return selectors.peer_group_list(user=self.request.user)

    @extend_schema(responses={201: PeerGroupSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        group = services.peer_group_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(group).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: PeerGroupSerializer, **ERRORS})
    def update(self, request, *args, **kwargs):
        group = self.get_object()
        serializer = self.get_serializer(
            group, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = services.peer_group_update(
            group=group,
            actor=request.user,
            name=data.get("name", group.name),
            kommuner=data["kommuner"] if "kommuner" in data else list(group.kommuner.all()),
        )
        return Response(
            self.get_serializer(selectors.peer_group_list(user=request.user).get(pk=group.pk)).data
        )

    def perform_destroy(self, instance):
        services.peer_group_delete(group=instance, actor=self.request.user)


class _OneObjectSchema(api_settings.DEFAULT_SCHEMA_CLASS):
    """drf-spectacular documents every `list` action as an array; this one answers one object
    (the generated client's strict parsing found the schema promising a list)."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class BenchmarkViewSet(viewsets.ViewSet):
    """Benchmark results: an area against its peers per KPI and year, with n, min, max, rank and
    trend (our own computation) beside the raw values (Källa: Kolada). Kolada's values are shown
    as published (Kolada's `count` is 1 for a kommun and no number of persons); a value Kolada
    withheld is null with reason "missing" and Kolada's `status` (in words: `status_text`). Our
    own figures from fewer than 5 kommuner, or from pilots' results on fewer than 5 persons, are
    null with a `suppressed_reason`. A KPI without a direction has rank reason
    "direction_not_set"."""

    permission_classes = [permissions.AllowAny]
    schema = _OneObjectSchema()

    @extend_schema(
        parameters=[
            BenchmarkQuerySerializer,
            OpenApiParameter(
                "from", OpenApiTypes.INT, description="Första år (standard: tio år bakåt)."
            ),
            OpenApiParameter(
                "to", OpenApiTypes.INT, description="Sista år (standard: senaste året med data)."
            ),
        ],
        responses={200: BenchmarkSerializer, **ERRORS},
        operation_id="benchmarks_list",
    )
    def list(self, request):
        query = BenchmarkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if request.user.is_authenticated:  # may see more pilots: computed for them
            return Response(self._payload(request, data))
        # The same for every anonymous caller: cached until what it shows changes (see
        # benchmarking.signals); errors are raised, never cached.
        key = "|".join(
            ["benchmark-api", translation.get_language() or "", repr(sorted(data.items()))]
        )
        return cached_json(
            request,
            caching.BENCHMARKS,
            key,
            lambda: self._payload(request, data),
            timeout=RESULTS_TIMEOUT,
        )

    def _payload(self, request, data) -> dict:
        subject = selectors.subject_for(data["area"])
        if subject is None:
            raise NotFound(f"Okänd kommun- eller regionkod: {data['area']}")
        peers = selectors.resolve_peers(
            subject=subject, key=data.get("peer", ""), user=request.user
        )
        gender = selectors.parse_gender(data.get("gender"))
        first, last = selectors.parse_years(
            data.get("from"),
            data.get("to"),
            default_last=selectors.latest_year() or timezone.localdate().year - 1,
        )
        ids = sorted(
            {k.strip().upper() for raw in data.get("kpi", []) for k in raw.split(",") if k.strip()}
        )
        kpis = selectors.kpi_list()
        if ids:
            kpis = list(kpis.filter(pk__in=ids))
            unknown = sorted(set(ids) - {k.id for k in kpis})
            if unknown:
                raise ValidationError({"kpi": f"Okända KPI-id: {', '.join(unknown)}"})
        items = benchmark_for(
            subject=subject,
            peers=peers,
            kpis=list(kpis),
            gender=gender,
            first=first,
            last=last,
            user=request.user,
            include_pilot_results=data.get("pilots", False),
        )
        payload = {
            "area": subject.code,
            "name": subject.name,
            "peer": peers.key,
            "peer_label": peers.label,
            "peer_areas": peers.codes,
            "gender": gender,
            "first_year": first,
            "last_year": last,
            "source": "Värden: Kolada / godkända pilotresultat. Medelvärde, rang, trend: egen beräkning.",  # noqa: E501
            "results": items,
        }
        return BenchmarkSerializer(payload).data
