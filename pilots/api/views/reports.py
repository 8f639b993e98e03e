"""API views for reporting periods and period reports: saving a report, the submit → approve /
return workflow, and the approvers' comments, value history and outliers (docs/data-quality.md).

Reads come from pilots.selectors (visibility + preloading); writes call pilots.services.reports,
pilots.services.report_decisions and pilots.services.report_quality, whose
ValidationError/PermissionDenied the shared exception handler turns into 400/403 with field
errors.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pilots import selectors
from pilots.api import report_cache
from pilots.api.filters import PeriodFilter, ReportFilter
from pilots.api.permissions import CanApprove, CanReport, CanViewDrafts, CanViewPilot
from pilots.api.quality import (
    CellCommentSerializer,
    OutlierFlagSerializer,
    ReportReturnWithCommentsSerializer,
    ValueChangeSerializer,
    flag_rows,
)
from pilots.api.serializers import (
    PeriodSerializer,
    ReportActionSerializer,
    ReportSerializer,
    ReportWriteSerializer,
)
from pilots.api.views import ERRORS
from pilots.models import Channel
from pilots.selectors import quality as quality_selectors
from pilots.selectors import report_api as report_selectors
from pilots.services import report_decisions as decision_services
from pilots.services import report_quality as quality_services
from pilots.services import reports as report_services


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
        return self._act(request, ReportActionSerializer, decision_services.report_approve)

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
