"""API views for the validation rules of period reports (docs/data-quality.md): the
coordinator's library and pilots' own rules.

Reads come from pilots.selectors.validation; writes call pilots.services.validation, whose
ValidationError/PermissionDenied the shared exception handler turns into 400/403.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response

from partners.rules import is_coordinator
from pilots import selectors
from pilots.api.permissions import VALIDATION_RULE_ACCESS
from pilots.api.serializers import ValidationRuleSerializer, ValidationRuleWriteSerializer
from pilots.api.views import ERRORS
from pilots.rules import can_edit_pilot
from pilots.selectors import validation as rule_selectors
from pilots.services import validation as rule_services


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
