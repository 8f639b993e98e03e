"""API for business cases: the case per pilot with computed results, its lines (written through
the services), the unit-cost library (read for all, write for the coordinator) and discount
schedules (read). Visibility comes from business_cases.selectors; the shared exception
handler turns the services' ValidationError/PermissionDenied into 400/403 with field errors."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from business_cases import rules, services
from business_cases import selectors as selectors
from business_cases.api.permissions import CanEditCase, LibraryOrReadOnly
from business_cases.api.serializers import (
    BusinessCaseDetailSerializer,
    BusinessCaseSerializer,
    BusinessCaseWriteSerializer,
    DiscountScheduleSerializer,
    LineSerializer,
    LineWriteSerializer,
    ResultsSerializer,
    UnitCostSerializer,
)
from business_cases.models import BusinessCaseLine, DiscountRateSchedule, UnitCost
from business_cases.report import build_report
from business_cases.services.input import CASE_FIELDS, LINE_FIELDS, parse_decimal

ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Not allowed"),
    404: OpenApiResponse(description="No such business case, or not visible to you"),
}
RATE = OpenApiParameter(
    "rate",
    float,
    description="Comparison rate as a fraction, −0.10 to 1.00 (e.g. 0.05).",
    required=False,
)


def _actor_row(row) -> dict:
    r = row.result
    return {
        "actor": row.actor,
        "label": row.label,
        "pv_costs": r.pv_costs,
        "pv_benefits": r.pv_benefits,
        "npv": r.npv,
        "bcr": r.bcr,
        "payback_year": row.payback_year,
        "pv_bau": r.pv_bau,
        "pv_with_pilot": r.pv_with_pilot,
        "cost_share": row.cost_share,
        "benefit_share": row.benefit_share,
    }


def results_payload(report) -> dict:
    """The computed results in the shape of ResultsSerializer."""
    result = report.result
    comparison = None
    if report.comparison is not None:
        comparison = {
            "rate": report.comparison_rate,
            "npv": report.comparison.total.npv,
            "bcr": report.comparison.total.bcr,
        }
    return {
        "schedule": report.schedule_name,
        "base_year": report.base_year,
        "horizon_years": report.horizon,
        "actors": [_actor_row(row) for row in report.actors],
        "total": _actor_row(report.total),
        "fiscal_return": result.fiscal_return,
        "public_value_return": result.public_value_return,
        "matrix": [
            {
                "actor": row.actor,
                "label": row.label,
                "years": [{"year": y, "cost": c, "benefit": b} for y, c, b in row.cells],
            }
            for row in report.matrix
        ],
        "rates": [
            {"rate": r, "npv": res.total.npv, "bcr": res.total.bcr} for r, res in report.rates
        ],
        "tornado": [
            {
                "parameter": bar.parameter,
                "label": report.tornado_labels[bar.parameter],
                "low_npv": bar.low_npv,
                "high_npv": bar.high_npv,
            }
            for bar in report.tornado
        ],
        "grid": [
            {"optimism_delta": ob, "deadweight_delta": dw, "npv": npv}
            for (ob, dw), npv in report.grid.items()
        ],
        "switching_value": report.switching_value,
        "line_switching_values": [
            {"line": int(s.key), "label": s.label, "pv": s.pv, "switching_value": s.value}
            for s in report.line_switches
        ],
        "comparison": comparison,
        "npv_with_assumptions": report.assumed.total.npv if report.assumed else None,
        "actuals": [
            {
                "line": r.line.pk,
                "assumed_people": _f(r.line.people),
                "realised_people": _f(r.reach),
                "periods": r.reach_periods,
                "assumed_effect_pct": _f(r.line.effect_pct),
                "realised_change_pct": _f(r.effect),
            }
            for r in report.realised
        ],
    }


def _f(value):
    return None if value is None else float(value)


def _rate(request) -> float | None:
    raw = request.query_params.get("rate")
    if raw in (None, ""):
        return None
    try:
        rate = parse_decimal(raw)
    except ValueError:
        rate = None
    if rate is None or not -0.10 <= rate <= 1:
        raise DRFValidationError(
            {"rate": ["Ange räntan som andel mellan −0,10 och 1,00, t.ex. 0.05."]}
        )
    return float(rate)


class BusinessCaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Business cases of the pilots you may see (drafts only for the pilot's own people).
    Retrieve gives the lines and the computed results; POST creates a pilot's case, PATCH changes
    its settings (with `expected_version`)."""

    lookup_field = "pilot_slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = None
    filter_backends = []
    serializer_class = BusinessCaseSerializer

    def get_queryset(self):
        return selectors.business_case_list(user=self.request.user)

    def _data(self):
        return selectors.business_case_detail(
            slug=self.kwargs["pilot_slug"], user=self.request.user
        )

    @extend_schema(
        responses={200: BusinessCaseDetailSerializer, 404: ERRORS[404]}, parameters=[RATE]
    )
    def retrieve(self, request, *args, **kwargs):
        data = self._data()
        report = build_report(data, comparison_rate=_rate(request))
        context = {"data": data, "results": results_payload(report), "request": request}
        return Response(BusinessCaseDetailSerializer(data.case, context=context).data)

    @extend_schema(responses={200: ResultsSerializer, **ERRORS}, parameters=[RATE])
    @action(detail=True, methods=["get"])
    def results(self, request, pilot_slug=None):
        """Computed results: per actor, the whole, the matrix, sensitivity and actuals."""
        report = build_report(self._data(), comparison_rate=_rate(request))
        return Response(ResultsSerializer(results_payload(report)).data)

    @extend_schema(
        request=BusinessCaseWriteSerializer, responses={201: BusinessCaseSerializer, **ERRORS}
    )
    def create(self, request, *args, **kwargs):
        serializer = BusinessCaseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        pilot = selectors.visible_pilot(slug=values.pop("pilot", ""), user=request.user)
        if hasattr(pilot, "business_case"):
            raise DRFValidationError(
                {"pilot": ["Piloten har redan en kalkyl; ändra den med PATCH."]}
            )
        values.pop("expected_version", None)
        case = services.business_case_save(pilot=pilot, actor=request.user, **values)
        return Response(BusinessCaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=BusinessCaseWriteSerializer, responses={200: BusinessCaseSerializer, **ERRORS}
    )
    def partial_update(self, request, *args, **kwargs):
        pilot = selectors.visible_pilot(slug=self.kwargs["pilot_slug"], user=request.user)
        if not hasattr(pilot, "business_case"):
            raise Http404
        serializer = BusinessCaseWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if k in CASE_FIELDS}
        if "expected_version" not in serializer.validated_data:
            raise DRFValidationError(
                {"expected_version": ["Ange kalkylens version (expected_version)."]}
            )
        case = services.business_case_save(
            pilot=pilot,
            actor=request.user,
            expected_version=serializer.validated_data["expected_version"],
            **values,
        )
        return Response(BusinessCaseSerializer(case).data)

    permission_classes = [CanEditCase]


class BusinessCaseLineViewSet(viewsets.ModelViewSet):
    """Lines of the business cases you may see; `?pilot=<slug>` filters one case. Writes need
    `expected_version` (the case's version) and go through the services."""

    serializer_class = LineSerializer
    permission_classes = [CanEditCase]
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        cases = selectors.business_case_list(user=self.request.user).values("pk")
        qs = (
            BusinessCaseLine.objects.filter(business_case__in=cases)
            .select_related("business_case__pilot")
            .prefetch_related("amounts")
            .order_by("business_case_id", "order", "pk")
        )
        pilot = self.request.query_params.get("pilot")
        return qs.filter(business_case__pilot__slug=pilot) if pilot else qs

    @staticmethod
    def _input(serializer) -> tuple[int | None, dict, dict | None]:
        data = dict(serializer.validated_data)
        data.pop("pilot", None)
        expected = data.pop("expected_version", None)
        if expected is None:
            raise DRFValidationError(
                {"expected_version": ["Ange kalkylens version (expected_version)."]}
            )
        amounts = data.pop("amounts", None)
        return expected, {k: v for k, v in data.items() if k in LINE_FIELDS}, amounts

    @extend_schema(request=LineWriteSerializer, responses={201: LineSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = LineWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pilot = selectors.visible_pilot(
            slug=serializer.validated_data.get("pilot", ""), user=request.user
        )
        if not rules.can_edit_case(request.user, pilot):
            return Response(status=status.HTTP_403_FORBIDDEN)
        if not hasattr(pilot, "business_case"):
            raise DRFValidationError({"pilot": ["Piloten har ingen kalkyl ännu."]})
        expected, values, amounts = self._input(serializer)
        line = services.business_case_line_add(
            business_case=pilot.business_case,
            actor=request.user,
            expected_version=expected,
            values=values,
            amounts=amounts,
        )
        return Response(LineSerializer(line).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LineWriteSerializer, responses={200: LineSerializer, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        line = self.get_object()
        serializer = LineWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        expected, values, amounts = self._input(serializer)
        line = services.business_case_line_update(
            line=line, actor=request.user, expected_version=expected, values=values, amounts=amounts
        )
        return Response(LineSerializer(line).data)

    @extend_schema(
        parameters=[OpenApiParameter("expected_version", int, required=True)],
        responses={204: None, **ERRORS},
    )
    def destroy(self, request, *args, **kwargs):
        line = self.get_object()
        raw = request.query_params.get("expected_version") or request.data.get("expected_version")
        if not str(raw or "").isdigit():
            raise DRFValidationError(
                {"expected_version": ["Ange kalkylens version (expected_version)."]}
            )
        services.business_case_line_remove(line=line, actor=request.user, expected_version=int(raw))
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnitCostViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The unit-cost library: readable by anyone, written by the national coordinator."""

    permission_classes = [LibraryOrReadOnly]
    serializer_class = UnitCostSerializer
    queryset = UnitCost.objects.order_by("name", "pk")
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.unit_cost_save(
            actor=self.request.user, values=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.unit_cost_save(
            actor=self.request.user, unit_cost=serializer.instance, values=serializer.validated_data
        )


class DiscountScheduleViewSet(viewsets.ReadOnlyModelViewSet):
    """Discount-rate schedules, newest first; `is_default` marks the partnership's standard."""

    serializer_class = DiscountScheduleSerializer
    queryset = DiscountRateSchedule.objects.order_by("-valid_from", "-pk")
    filter_backends = []
