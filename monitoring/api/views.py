"""/api/v1/reporting-matrix/: the completeness and timeliness matrix (rows of pilots with each
period's state and rates), its rates per level, and "remind the reporters"."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from monitoring import selectors, services
from monitoring.api import serializers as s
from monitoring.api.filters import MatrixFilterSet
from monitoring.api.permissions import MATRIX_ACCESS


class ReportingMatrixViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The pilots the user follows (approvers: their organisations' pilots; programme managers:
    the programme's accepted pilots; the coordinator: all), each with its periods' states and
    its rates. Filter by programme, organisation, year and state."""

    serializer_class = s.ReportingMatrixRowSerializer
    permission_classes = [MATRIX_ACCESS]
    filterset_class = MatrixFilterSet
    filter_backends = [DjangoFilterBackend]  # the matrix's own filter; no search or ordering

    def get_queryset(self):
        return selectors.monitored_pilots(user=self.request.user)

    def _filterset(self, data) -> MatrixFilterSet:
        filterset = MatrixFilterSet(data, queryset=self.get_queryset(), request=self.request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset

    def list(self, request, *args, **kwargs):
        filterset = self._filterset(request.query_params)
        page = self.paginate_queryset(filterset.qs)
        _columns, rows = selectors.matrix_rows(pilots=page, filters=filterset.matrix_filters())
        return self.get_paginated_response(s.ReportingMatrixRowSerializer(rows, many=True).data)

    @extend_schema(responses=s.ReportingRatesSummarySerializer, filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def rates(self, request):
        """Share complete and share on time for the whole filter, per lead organisation and per
        programme, counted in the database."""
        filterset = self._filterset(request.query_params)
        summary = selectors.rates_summary(user=request.user, filters=filterset.matrix_filters())
        return Response(s.ReportingRatesSummarySerializer(summary).data)

    @extend_schema(
        request=s.ReportingRemindRequestSerializer,
        responses={200: s.ReportingRemindResponseSerializer},
        filters=False,
    )
    @action(detail=False, methods=["post"], filter_backends=[])
    def remind(self, request):
        """Remind the reporters of the missing (overdue, unsubmitted) reports in the filter; a
        report reminded within the last day is skipped. Answers how many were reminded."""
        body = s.ReportingRemindRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {k: v for k, v in body.validated_data.items() if v not in (None, "")}
        filters = self._filterset(data).matrix_filters()
        batch = services.remind_missing_reporters(actor=request.user, filters=filters)
        return Response({"reminded": batch.count if batch else 0}, status=status.HTTP_200_OK)
