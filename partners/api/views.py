"""API views for organisations, kommuner and regioner."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from partners import selectors
from partners.api.filters import KommunFilter, OrganisationFilter
from partners.api.permissions import CanManageOrganisation, CanViewMembers, IsCoordinator
from partners.api.serializers import (
    DecisionSerializer,
    KommunSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    RegionSerializer,
)
from partners.services import organisations as organisation_services


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Partner organisations. Anyone reads approved ones; members also see their own pending ones.

    POST registers an organisation (it waits for the coordinator); the coordinator approves or
    rejects it with the `approve` and `reject` actions.
    """

    lookup_field = "slug"
    filterset_class = OrganisationFilter
    search_fields = ["name", "org_number"]
    ordering_fields = ["name", "created_at"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanManageOrganisation]

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return OrganisationWriteSerializer
        return OrganisationSerializer

    @extend_schema(request=OrganisationWriteSerializer, responses={201: OrganisationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = OrganisationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_services.organisation_register(
            actor=request.user, **serializer.validated_data
        )
        return Response(
            OrganisationSerializer(organisation, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=OrganisationWriteSerializer, responses=OrganisationSerializer)
    def update(self, request, *args, **kwargs):
        organisation = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = OrganisationWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        organisation = organisation_services.organisation_update(
            organisation=organisation, actor=request.user, **fields
        )
        return Response(OrganisationSerializer(organisation, context={"request": request}).data)

    @extend_schema(request=DecisionSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def approve(self, request, slug=None):
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_services.organisation_approve(
            organisation=self.get_object(),
            actor=request.user,
            note=serializer.validated_data.get("reason", ""),
        )
        return Response(OrganisationSerializer(organisation, context={"request": request}).data)

    @extend_schema(request=DecisionSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def reject(self, request, slug=None):
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_services.organisation_reject(
            organisation=self.get_object(),
            actor=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(OrganisationSerializer(organisation, context={"request": request}).data)

    @extend_schema(responses=MembershipSerializer(many=True))
    @action(detail=True, methods=["get"], permission_classes=[CanViewMembers])
    def members(self, request, slug=None):
        organisation = self.get_object()
        page = self.paginate_queryset(selectors.organisation_members(organisation=organisation))
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)


class KommunViewSet(viewsets.ReadOnlyModelViewSet):
    """Sweden's 290 kommuner: SCB code, län, SKR kommungrupp 2023, population (Källa: SCB, SKR)."""

    serializer_class = KommunSerializer
    lookup_field = "code"
    filterset_class = KommunFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "population"]
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.kommun_list()


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sweden's 21 regioner with their län code and Kolada id (00 + län code)."""

    serializer_class = RegionSerializer
    lookup_field = "lan_code"
    filterset_class = None
    search_fields = ["name"]
    ordering_fields = ["lan_code", "name"]
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.region_list()
