"""API views for programmes, memberships, aggregates, progress reports and gate decisions.

Reads come from programmes.selectors (visibility + preloading); writes call programmes.services,
whose ValidationError/PermissionDenied the shared exception handler turns into 400/403.
"""

from datetime import date

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from programmes import rules, selectors, services
from programmes.api import serializers as s
from programmes.api.permissions import LEDGER_ACCESS, PROGRAMME_ACCESS, PROGRAMME_ITEM_ACCESS
from programmes.models import Programme

ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Not allowed"),
}


def _visible_programme(user, programme: Programme) -> Programme:
    """The programme re-read through visibility; 404 if the user may not see it."""
    return selectors.programme_detail(slug=programme.slug, user=user)


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Programmes the user may see: public ones for everyone, private ones for the funder and the
    programme's pilots. POST creates one (admins/approvers of the owner); PATCH edits it."""

    lookup_field = "slug"
    serializer_class = s.ProgrammeSerializer
    permission_classes = [PROGRAMME_ACCESS]
    search_fields = ["name", "purpose"]
    ordering_fields = ["name", "start_date"]
    filterset_fields = ["kind", "visibility"]

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user).prefetch_related(
            "stages", "shared_indicators"
        )

    def get_object(self):
        programme = selectors.programme_detail(slug=self.kwargs["slug"], user=self.request.user)
        self.check_object_permissions(self.request, programme)
        return programme

    @extend_schema(
        request=s.ProgrammeWriteSerializer, responses={201: s.ProgrammeSerializer, **ERRORS}
    )
    def create(self, request):
        data = s.ProgrammeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        owner = fields.pop("owner", None)
        if owner is None:
            raise ValidationError({"owner": ["Ange finansiären (organisationens kortnamn)."]})
        if not rules.can_create_programme_for(request.user, owner):
            raise PermissionDenied
        programme = services.programme_create(actor=request.user, owner=owner, **fields)
        return Response(s.ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ProgrammeWriteSerializer, responses={200: s.ProgrammeSerializer, **ERRORS}
    )
    def partial_update(self, request, slug=None):
        programme = self.get_object()
        data = s.ProgrammeWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("owner", None)
        programme = services.programme_update(programme=programme, actor=request.user, **fields)
        return Response(s.ProgrammeSerializer(programme).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="Period start (default: the programme's)"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, description="Period end (default: the programme's)"
            ),
        ],
        responses=s.ProgrammeAggregateSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[permissions.AllowAny],
        pagination_class=None,  # one row per shared indicator: never long
    )
    def aggregates(self, request, slug=None):
        """The shared indicators aggregated across the accepted pilots, with n and suppression."""
        programme = self.get_object()
        try:
            start = (
                date.fromisoformat(request.query_params["start"])
                if request.query_params.get("start")
                else None
            )
            end = (
                date.fromisoformat(request.query_params["end"])
                if request.query_params.get("end")
                else None
            )
        except ValueError:
            raise ValidationError({"start": ["Ange datum som ÅÅÅÅ-MM-DD."]}) from None
        if start and end and end < start:
            raise ValidationError({"end": ["Slutet kan inte vara före början."]})
        rows = selectors.programme_aggregates(
            programme=programme,
            start=start,
            end=end,
            pilot_ids=selectors.aggregate_pilot_ids(programme=programme, user=request.user),
        )
        data = [
            {
                "indicator": r["indicator"].pk,
                "name": r["indicator"].name,
                "unit": r["indicator"].unit,
                "measure": r["indicator"].measure,
                "reason_text": str(r["reason_text"]),
                **r["result"].as_dict(),
            }
            for r in rows
        ]
        return Response(s.ProgrammeAggregateSerializer(data, many=True).data)

    @extend_schema(
        request=s.ProgrammeStageWriteSerializer,
        responses={201: s.ProgrammeStageSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[PROGRAMME_ACCESS])
    def stages(self, request, slug=None):
        """Add a stage with its gate date (managers)."""
        programme = self.get_object()
        data = s.ProgrammeStageWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stage = services.stage_add(programme=programme, actor=request.user, **data.validated_data)
        return Response(s.ProgrammeStageSerializer(stage).data, status=status.HTTP_201_CREATED)


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pilots in programmes. Funders see every application; others see accepted pilots they may
    see and their own pilots' memberships. POST applies (or, with `accept`, the funder adds)."""

    serializer_class = s.ProgrammeMembershipSerializer
    permission_classes = [PROGRAMME_ITEM_ACCESS]
    filterset_fields = {"programme__slug": ["exact"], "status": ["exact"], "pilot__slug": ["exact"]}

    def get_queryset(self):
        return selectors.memberships_visible(user=self.request.user)

    @extend_schema(
        request=s.ProgrammeMembershipCreateSerializer,
        responses={201: s.ProgrammeMembershipSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.ProgrammeMembershipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            programme = _visible_programme(request.user, v["programme"])
        except Http404:
            raise ValidationError({"programme": ["Det finns inget sådant program."]}) from None
        allowed = (
            rules.can_manage_programme(request.user, programme)
            if v["accept"]
            else rules.can_apply(request.user, v["pilot"])
        )
        if not allowed:
            raise PermissionDenied
        if v["accept"]:
            membership = services.pilot_add(
                programme=programme,
                pilot=v["pilot"],
                actor=request.user,
                note=v.get("note", ""),
                funding_granted_sek=v.get("funding_granted_sek"),
                repayment_share=v.get("repayment_share"),
            )
        else:
            membership = services.pilot_apply(
                programme=programme, pilot=v["pilot"], actor=request.user, note=v.get("note", "")
            )
        return Response(
            s.ProgrammeMembershipSerializer(membership).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=s.ProgrammeMembershipDecideSerializer,
        responses={200: s.ProgrammeMembershipSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[PROGRAMME_ITEM_ACCESS])
    def decide(self, request, pk=None):
        """Accept or decline an application (the funder's admins and approvers)."""
        membership = self.get_object()
        data = s.ProgrammeMembershipDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_decide(
            membership=membership, actor=request.user, **data.validated_data
        )
        return Response(s.ProgrammeMembershipSerializer(membership).data)


class ProgressReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Progress reports: published ones for everyone who sees the programme, drafts for funders.
    POST compiles a draft; PATCH edits its summary; `publish` publishes it."""

    serializer_class = s.ProgressReportSerializer
    permission_classes = [PROGRAMME_ITEM_ACCESS]
    filterset_fields = {"programme__slug": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return selectors.reports_visible(user=self.request.user)

    @extend_schema(
        request=s.CompileSerializer, responses={201: s.ProgressReportSerializer, **ERRORS}
    )
    def create(self, request):
        data = s.CompileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        programme = v.pop("programme")
        if not rules.can_manage_programme(request.user, programme):
            raise PermissionDenied
        report = services.progress_report_compile(programme=programme, actor=request.user, **v)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SummarySerializer, responses={200: s.ProgressReportSerializer, **ERRORS}
    )
    def partial_update(self, request, pk=None):
        report = self.get_object()
        data = s.SummarySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        report = services.progress_report_update_summary(
            report=report,
            actor=request.user,
            expected_token=values.pop("edit_token"),
            **values,
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(request=None, responses={200: s.ProgressReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[PROGRAMME_ITEM_ACCESS])
    def publish(self, request, pk=None):
        """Publish a draft (it is frozen from then on)."""
        report = services.progress_report_publish(report=self.get_object(), actor=request.user)
        return Response(self.get_serializer(report).data)


class GateDecisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Gate decisions: funders see their programmes' decisions, pilots see those about themselves.
    POST records a decision (superseding an earlier one for the same pilot and stage)."""

    serializer_class = s.GateDecisionSerializer
    permission_classes = [LEDGER_ACCESS]
    filterset_fields = {
        "membership__programme__slug": ["exact"],
        "membership__pilot__slug": ["exact"],
    }

    def get_queryset(self):
        return selectors.gate_decisions_visible(user=self.request.user)

    @extend_schema(
        request=s.GateDecisionWriteSerializer, responses={201: s.GateDecisionSerializer, **ERRORS}
    )
    def create(self, request):
        data = s.GateDecisionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = data.validated_data["membership"].programme
        if not rules.can_manage_programme(request.user, programme):
            raise PermissionDenied
        decision = services.gate_decision_record(actor=request.user, **data.validated_data)
        decision.is_current = True
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)
