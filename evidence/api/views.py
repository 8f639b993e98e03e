"""API of the evidence app: the stored effect estimates, filterable by practice, KPI and kön."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from evidence import selectors
from evidence.api.serializers import EffectEstimateSerializer

FILTERS = [
    OpenApiParameter("practice", OpenApiTypes.STR, description="Practice slug"),
    OpenApiParameter("kpi", OpenApiTypes.STR, description="Kolada KPI id, e.g. N00945"),
    OpenApiParameter("gender", OpenApiTypes.STR, enum=["T", "K", "M"]),
    OpenApiParameter("shown", OpenApiTypes.BOOL, description="Only estimates with a number"),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class EffectEstimateViewSet(viewsets.ReadOnlyModelViewSet):
    """Effect estimates per practice × outcome KPI × kön: overall and by year since adoption,
    95 % intervals, adopters and comparison kommuner, pre-trend and placebo checks. Estimates
    that are not shown (too few adopters or years) have `status` saying why and no numbers."""

    serializer_class = EffectEstimateSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        rows = selectors.estimate_list(user=self.request.user)
        params = self.request.query_params
        if params.get("practice"):
            rows = rows.filter(practice__slug=params["practice"].replace("\x00", "")[:220])
        if params.get("kpi"):
            rows = rows.filter(kpi_id=params["kpi"].replace("\x00", "").upper()[:10])
        if params.get("gender") in ("T", "K", "M"):
            rows = rows.filter(gender=params["gender"])
        if params.get("shown") in ("true", "1"):
            rows = rows.filter(status="ok", estimate__isnull=False)
        return rows
