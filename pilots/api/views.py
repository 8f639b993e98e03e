"""API views for pilots, the indicator library, periods and period reports.

Reads come from pilots.selectors (visibility + preloading); writes call the services in
pilots.services, whose ValidationError/PermissionDenied the shared exception handler turns into
400/403 with field errors.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import caching
from core.api_cache import cached_json
from partners.rules import is_coordinator
from pilots import selectors
from pilots.api import report_cache
from pilots.api.filters import IndicatorFilter, PeriodFilter, PilotFilter, ReportFilter
from pilots.api.permissions import (
    VALIDATION_RULE_ACCESS,
    CanApprove,
    CanEditPilot,
    CanReport,
    CanViewDrafts,
    CanViewPilot,
)
from pilots.api.quality import (
    CellCommentSerializer,
    OutlierFlagSerializer,
    ReportReturnWithCommentsSerializer,
    ValueChangeSerializer,
    flag_rows,
)
from pilots.api.serializers import (
    IndicatorSerializer,
    PeriodSerializer,
    PilotDetailSerializer,
    PilotIndicatorSerializer,
    PilotSerializer,
    PilotWriteSerializer,
    ReportActionSerializer,
    ReportSerializer,
    ReportWriteSerializer,
    ValidationRuleSerializer,
    ValidationRuleWriteSerializer,
)
from pilots.models import Channel
from pilots.rules import can_edit_pilot
from pilots.selectors import quality as quality_selectors
from pilots.selectors import report_api as report_selectors
from pilots.selectors import validation as rule_selectors
from pilots.services import pilots as pilot_services
from pilots.services import report_quality as quality_services
from pilots.services import reports as report_services
from pilots.services import validation as rule_services

ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Not allowed"),
}
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


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting periods of the pilots the user may see (`?pilot=<slug>`). POST to
    `/periods/{id}/report/` creates or saves the period's report."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["start", "due_date"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanViewPilot]

    def get_queryset(self):
        return selectors.period_list(user=self.request.user)

    @extend_schema(request=ReportWriteSerializer, responses={200: ReportSerializer, **ERRORS})
    @action(
        detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, CanReport]
    )
    def report(self, request, pk=None):
        """Create or save the period's report (a draft) with values, narrative, progress and lessons."""  # noqa: E501
        period = self.get_object()
        return _save_report(request, period)


def _save_report(request, period):
    serializer = ReportWriteSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    report = report_services.report_save(
        period=period,
        actor=request.user,
        expected_version=data["expected_version"],
        values=[dict(v) for v in data["values"]] if "values" in data else None,
        narrative=data.get("narrative"),
        progress=data.get("progress"),
        lessons=[dict(item) for item in data["lessons"]] if "lessons" in data else None,
        channel=Channel.API,
    )
    return Response(ReportSerializer(_fresh(request, report), context={"request": request}).data)


def _fresh(request, report):
    return selectors.report_list(user=request.user).get(pk=report.pk)


@extend_schema_view(
    update=extend_schema(
        request=ReportWriteSerializer, responses={200: ReportSerializer, **ERRORS}
    ),
    partial_update=extend_schema(
        request=ReportWriteSerializer, responses={200: ReportSerializer, **ERRORS}
    ),
)
class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Period reports with their values and lessons. Approved reports are open to everyone who may
    see the pilot; drafts, submitted and returned reports only to the pilot's own people.

    PUT/PATCH save a draft (parts left out stay unchanged); `submit`, `approve` and `return` move
    it through the workflow. Every write needs the `expected_version` you read."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["period__start", "updated_at"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanReport]

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        # A comment, not a docstring: that would replace the operation's text in the schema.
        # The page's reports are found with only their ids and pilots (`report_rows`: the same
        # visibility, filters, order and pagination); each one's representation comes from the
        # cache until its pilot changes (pilots.api.report_cache). Detail and writes read fresh.
        # Until any pilot's rows, a shared name or the viewer's roles change, the whole answer
        # is kept for the viewer and query string (the outermost doll).
        return Response(report_cache.whole_list(request, lambda: self._list_data(request)))

    def _list_data(self, request):
        queryset = self.filter_queryset(report_selectors.report_rows(user=request.user))
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        data = report_cache.page_data(
            rows,
            user=request.user,
            serialize=lambda reports, names: (
                ReportSerializer(
                    reports, many=True, context={"request": request, "names_shown": names}
                ).data
            ),
        )
        return data if page is None else self.get_paginated_response(data).data

    def update(self, request, *args, **kwargs):
        report = self.get_object()
        return _save_report(request, report.period)

    def _act(self, request, serializer_class, service, **extra):
        report = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = {"expected_version": serializer.validated_data["expected_version"], **extra}
        report = service(report=report, actor=request.user, **kwargs)
        return Response(
            ReportSerializer(_fresh(request, report), context={"request": request}).data
        )

    @extend_schema(request=ReportActionSerializer, responses={200: ReportSerializer, **ERRORS})
    @action(
        detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, CanReport]
    )
    def submit(self, request, pk=None):
        """Submit a draft or returned report for approval."""
        return self._act(request, ReportActionSerializer, report_services.report_submit)

    @extend_schema(request=ReportActionSerializer, responses={200: ReportSerializer, **ERRORS})
    @action(
        detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated, CanApprove]
    )
    def approve(self, request, pk=None):
        """Approve a submitted report; its values become public and its period locks."""
        return self._act(request, ReportActionSerializer, report_services.report_approve)

    @extend_schema(
        request=ReportReturnWithCommentsSerializer, responses={200: ReportSerializer, **ERRORS}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[permissions.IsAuthenticated, CanApprove],
    )
    def return_(self, request, pk=None):
        """Return a submitted report to the reporters with a comment, and optionally comments on
        single cells (`cell_comments`), which the reporters see by those values."""
        report = self.get_object()
        serializer = ReportReturnWithCommentsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = quality_services.report_decide_with_comments(
            report=report,
            actor=request.user,
            expected_version=data["expected_version"],
            approve=False,
            comment=data["comment"],
            cell_comments=[dict(item) for item in data.get("cell_comments", [])],
        )
        return Response(
            ReportSerializer(_fresh(request, report), context={"request": request}).data
        )

    @extend_schema(responses=CellCommentSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        permission_classes=[permissions.IsAuthenticated, CanViewDrafts],
    )
    def comments(self, request, pk=None):
        """The approvers' comments on the report's cells, oldest first (`resolved_at` is set once
        the value changed or a reporter marked the comment answered)."""
        report = self.get_object()
        page = self.paginate_queryset(quality_selectors.report_comments(report=report))
        return self.get_paginated_response(CellCommentSerializer(page, many=True).data)

    @extend_schema(responses=ValueChangeSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="history",
        url_name="history",
        filterset_class=None,
        permission_classes=[permissions.IsAuthenticated, CanViewDrafts],
    )
    def value_history(self, request, pk=None):
        """Every change of the report's values (newest first): who, when, before, after and the
        channel (form, import, api). Filter one cell with `pilot_indicator`, `gender` and
        `age_band`."""
        report = self.get_object()
        changes = quality_selectors.report_changes(
            report=report,
            pilot_indicator=request.query_params.get("pilot_indicator"),
            gender=request.query_params.get("gender"),
            age_band=request.query_params.get("age_band"),
        )
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(ValueChangeSerializer(page, many=True).data)

    @extend_schema(responses=OutlierFlagSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        pagination_class=None,
        permission_classes=[permissions.IsAuthenticated, CanViewDrafts],
    )
    def outliers(self, request, pk=None):
        """The report's values that stand out against the cell's earlier periods or the expected
        range, with the reason and whether the reporter confirmed them."""
        report = self.get_object()
        flags = quality_selectors.report_outliers(report=report)
        return Response(OutlierFlagSerializer(flag_rows(flags, report), many=True).data)


@extend_schema_view(
    create=extend_schema(
        request=ValidationRuleWriteSerializer,
        responses={
            201: ValidationRuleSerializer,
            **ERRORS,
            404: OpenApiResponse(description="No pilot with that slug that you may see"),
        },
    ),
    update=extend_schema(
        request=ValidationRuleWriteSerializer, responses={200: ValidationRuleSerializer, **ERRORS}
    ),
    partial_update=extend_schema(
        request=ValidationRuleWriteSerializer, responses={200: ValidationRuleSerializer, **ERRORS}
    ),
)
class ValidationRuleViewSet(viewsets.ModelViewSet):
    """Validation rules of period reports (docs/data-quality.md): the coordinator's library
    (`pilot` empty, read by everyone, written by the coordinator) and pilots' own rules (read by
    the pilot's people, written by its editors). `?pilot=<slug>` lists one pilot's own rules.
    Sides are text: `{Deltagare|K} + {Deltagare|M}`."""

    serializer_class = ValidationRuleSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, VALIDATION_RULE_ACCESS]
    filterset_class = None
    ordering_fields = ["name"]
    search_fields = ["name", "message"]

    def get_queryset(self):
        queryset = rule_selectors.rule_list(user=self.request.user).order_by("name", "pk")
        pilot = self.request.query_params.get("pilot")
        if pilot:
            queryset = queryset.filter(pilot__slug=pilot)
        return queryset

    def _data(self, rules, many=False):
        names = rule_selectors.indicator_names(rules if many else [rules])
        return ValidationRuleSerializer(rules, many=many, context={"indicator_names": names}).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._data(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object()))

    def create(self, request, *args, **kwargs):
        serializer = ValidationRuleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        slug = data.pop("pilot", None)
        pilot = None
        if slug:
            pilot = get_object_or_404(selectors.pilot_list(user=request.user), slug=slug)
        # A create has no object yet: ask the rule about the target it names.
        allowed = (
            is_coordinator(request.user) if pilot is None else can_edit_pilot(request.user, pilot)
        )
        if not allowed:
            self.permission_denied(request)
        rule = rule_services.validation_rule_save(actor=request.user, pilot=pilot, **data)
        return Response(self._data(rule), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        rule = self.get_object()
        serializer = ValidationRuleWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("pilot", None)
        rule = rule_services.validation_rule_save(actor=request.user, rule=rule, **data)
        return Response(self._data(rule))

    def destroy(self, request, *args, **kwargs):
        rule_services.validation_rule_delete(actor=request.user, rule=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
