"""API for a funder's acceptance of its pilots' period reports (programmes that require it).

`/api/v1/report-acceptances/` lists the reports the user may accept or un-accept (the queue "Att
acceptera" is `?state=awaiting`; `?programme=<slug>` narrows to one programme); `accept` and
`unaccept` call programmes.services.acceptance.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from programmes import selectors
from programmes.api import serializers as s
from programmes.api.permissions import ACCEPTANCE_ACCESS
from programmes.api.views import ERRORS
from programmes.models import MembershipStatus, ProgrammePilot
from programmes.services import acceptance as services

STATES = {"awaiting": "awaiting_acceptance", "accepted": "accepted"}


class ReportAcceptanceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Period reports of pilots in programmes that require the funder's acceptance, for the
    programmes' managers: who approved and who accepted, and when. `accept` freezes an approved
    report; `unaccept` (with a comment) returns it to the reporters."""

    serializer_class = s.AcceptanceReportSerializer
    permission_classes = [ACCEPTANCE_ACCESS]

    def get_queryset(self):
        reports = selectors.reports_acceptable(user=self.request.user)
        if self.action != "list":
            return reports
        state = self.request.query_params.get("state")
        if state in STATES:
            reports = getattr(reports, STATES[state])()
        slug = self.request.query_params.get("programme")
        if slug:
            reports = reports.filter(
                pilot__in=ProgrammePilot.objects.filter(
                    programme__slug=slug, status=MembershipStatus.ACCEPTED
                ).values("pilot_id")
            )
        return reports

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=list(STATES),
                description="awaiting: approved, not yet accepted; accepted: frozen",
            ),
            OpenApiParameter("programme", str, description="A programme's slug"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _respond(self, report):
        # Not re-read through the list: an un-accepted report is returned, no longer listed.
        return Response(self.get_serializer(report).data)

    @extend_schema(
        request=s.ReportAcceptSerializer,
        responses={200: s.AcceptanceReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[ACCEPTANCE_ACCESS])
    def accept(self, request, pk=None):
        """Accept an approved report: it is frozen until the acceptance is taken back."""
        report = self.get_object()
        data = s.ReportAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_accept(report=report, actor=request.user, **data.validated_data)
        return self._respond(report)

    @extend_schema(
        request=s.ReportUnacceptSerializer,
        responses={200: s.AcceptanceReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[ACCEPTANCE_ACCESS])
    def unaccept(self, request, pk=None):
        """Take back the acceptance with a comment: the report returns to the reporters."""
        report = self.get_object()
        data = s.ReportUnacceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_unaccept(report=report, actor=request.user, **data.validated_data)
        return self._respond(report)
