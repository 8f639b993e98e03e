"""API views of the learning base: lessons, practices with lineage, appraisals, adoptions.

Reads call learning.selectors; writes call learning.services, whose ValidationError and
PermissionDenied the shared exception handler turns into 400/403 (stale versions here: 409).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from core import caching, locking
from core.api_cache import cached_json
from core.pagination import BoundedPageNumberPagination
from learning import rules, selectors, services
from learning.api.permissions import (
    ADOPTION_ACCESS,
    APPRAISAL_ACCESS,
    PRACTICE_ACCESS,
    CanAppraise,
)
from learning.api.serializers import (
    AdoptedPilotSerializer,
    AdoptionSerializer,
    AppraisalActionSerializer,
    AppraisalSerializer,
    AppraisalWriteSerializer,
    LessonSerializer,
    PracticeDetailSerializer,
    PracticeSerializer,
)
from learning.filters import CHOICES, lesson_filters
from partners.models import Organisation
from pilots.models import Pilot
from pilots.rules import can_view_pilot

ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Not allowed"),
    404: OpenApiResponse(description="Not found"),
    409: OpenApiResponse(description="Changed by someone else since `expected_version`"),
}
LESSON_PARAMS = [
    OpenApiParameter(name, OpenApiTypes.STR, enum=list(choices.values))
    for name, choices in CHOICES.items()
] + [
    OpenApiParameter("q", OpenApiTypes.STR, description="Text in title or lesson"),
    OpenApiParameter("kommun", OpenApiTypes.STR, description="SCB kommun code, e.g. 0180"),
    OpenApiParameter("lan", OpenApiTypes.STR, description="Län code, e.g. 01"),
    OpenApiParameter(
        "like", OpenApiTypes.STR, description="Kommun code (or `mine`): kommuner like it"
    ),
    OpenApiParameter(
        "like_by",
        OpenApiTypes.STR,
        enum=["skr", "lan"],
        description="Same SKR kommungrupp or same län",
    ),
    OpenApiParameter(
        "practice", OpenApiTypes.STR, description="Practice slug: lessons of its lineage"
    ),
]


def _conflict_or_raise(error: ValidationError):
    if locking.is_stale(error):
        return Response(
            {"non_field_errors": error.messages, "code": locking.STALE},
            status=status.HTTP_409_CONFLICT,
        )
    raise error


@extend_schema_view(list=extend_schema(parameters=LESSON_PARAMS))
class LessonViewSet(viewsets.ReadOnlyModelViewSet):
    """Lessons from approved period reports and closing reports of pilots you may see, filtered by
    facet. Unknown facet values give 400 with the field named."""

    serializer_class = LessonSerializer
    filter_backends = []

    def get_queryset(self):
        filters, errors = lesson_filters(
            self.request.query_params, user_kommun=selectors.user_kommun(self.request.user)
        )
        if errors and self.action == "list":
            raise ValidationError({k: f"Okänt värde: {v}" for k, v in errors.items()})
        return selectors.lesson_list(user=self.request.user, filters=filters)


class PracticeViewSet(viewsets.ViewSet):
    """Practices (an original pilot and every pilot adapted from it) with their replications,
    lineage tree and current appraisal. Nominating is an action for the coordinator."""

    lookup_field = "slug"
    permission_classes = [PRACTICE_ACCESS]
    pagination_class = BoundedPageNumberPagination
    _slug = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Slug")

    @extend_schema(
        responses=PracticeSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "ordering", OpenApiTypes.STR, enum=["title", "replications", "appraised"]
            )
        ],
    )
    def list(self, request):
        """For anyone not signed in the page is cached until a practice, its replications, its
        appraisals or its original pilot change (caching.PUBLIC_PAGES and caching.PRACTICES,
        bumped by learning.page_cache and learning.replications): the same for every visitor."""
        if request.user.is_authenticated:
            return self._list(request)
        key = (
            f"api-practices:{caching.version(caching.PRACTICES)}:{request.scheme}://"
            f"{request.get_host()}:{get_language()}:{request.GET.urlencode()}"
        )
        return cached_json(request, caching.PUBLIC_PAGES, key, lambda: self._list(request).data)

    def _list(self, request):
        order = request.query_params.get("ordering", "title")
        rows = selectors.practice_list(
            user=request.user,
            order=order if order in ("title", "replications", "appraised") else "title",
        )
        paginator = self.paginator
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(PracticeSerializer(page, many=True).data)

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator

    @extend_schema(parameters=[_slug], responses={200: PracticeDetailSerializer, 404: ERRORS[404]})
    def retrieve(self, request, slug=None):
        page = selectors.practice_page(slug=slug, user=request.user)
        return Response(PracticeDetailSerializer(page).data)

    @extend_schema(
        parameters=[_slug],
        request=AppraisalActionSerializer,
        responses={201: OpenApiResponse(description="Nominated"), **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def nominate(self, request, slug=None):
        page = selectors.practice_page(slug=slug, user=request.user)
        nomination = services.nomination_create(
            practice=page.practice,
            actor=request.user,
            reason=str(request.data.get("comment", ""))[:2000],
        )
        return Response(
            {"id": nomination.pk, "practice": page.practice.slug}, status=status.HTTP_201_CREATED
        )


class AppraisalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Appraisals: published ones for everyone; drafts and those in review for the appraisal group
    ("Bedömningsgrupp") and the coordinator, who also create, change, submit, return and publish."""

    serializer_class = AppraisalSerializer
    permission_classes = [APPRAISAL_ACCESS]
    filterset_fields = ["status", "recommendation", "evidence_level"]
    ordering_fields = ["published_at", "reassess_by"]
    search_fields = []

    def get_queryset(self):
        return selectors.appraisal_list(user=self.request.user)

    def _refresh(self, appraisal):
        return AppraisalSerializer(self.get_queryset().get(pk=appraisal.pk)).data

    @extend_schema(request=AppraisalWriteSerializer, responses={201: AppraisalSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        if not rules.can_appraise(request.user):
            raise PermissionDenied(CanAppraise.message)
        serializer = AppraisalWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        practice = data.pop("practice", None)
        data.pop("expected_version", None)
        if practice is None:
            return Response({"practice": ["Ange praktiken."]}, status=status.HTTP_400_BAD_REQUEST)
        appraisal = services.appraisal_create(practice=practice, actor=request.user, **data)
        return Response(self._refresh(appraisal), status=status.HTTP_201_CREATED)

    @extend_schema(request=AppraisalWriteSerializer, responses={200: AppraisalSerializer, **ERRORS})
    def update(self, request, *args, **kwargs):
        appraisal = self.get_object()
        serializer = AppraisalWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("practice", None)
        version = data.pop("expected_version", None)
        try:
            appraisal = services.appraisal_update(
                appraisal=appraisal, actor=request.user, expected_version=version, **data
            )
        except ValidationError as error:
            return _conflict_or_raise(error)
        return Response(self._refresh(appraisal))

    def _act(self, request, service, *, with_comment=False):
        appraisal = self.get_object()
        serializer = AppraisalActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        extra = {"comment": serializer.validated_data.get("comment", "")} if with_comment else {}
        try:
            appraisal = service(
                appraisal=appraisal,
                actor=request.user,
                expected_version=serializer.validated_data.get("expected_version"),
                **extra,
            )
        except ValidationError as error:
            return _conflict_or_raise(error)
        return Response(self._refresh(appraisal))

    @extend_schema(
        request=AppraisalActionSerializer, responses={200: AppraisalSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, services.appraisal_submit)

    @extend_schema(
        request=AppraisalActionSerializer, responses={200: AppraisalSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._act(request, services.appraisal_return, with_comment=True)

    @extend_schema(
        request=AppraisalActionSerializer, responses={200: AppraisalSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._act(request, services.appraisal_publish)


class AdoptionViewSet(viewsets.GenericViewSet):
    """Adopt a public pilot: start a draft pilot for one of your organisations from it, in one
    step (evaluation plan, indicators and targets copied; results not). 404 when the source does
    not exist or is not visible to you, 409 when it changed since `expected_source_version`."""

    serializer_class = AdoptionSerializer
    permission_classes = [ADOPTION_ACCESS]
    queryset = Pilot.objects.none()

    @extend_schema(request=AdoptionSerializer, responses={201: AdoptedPilotSerializer, **ERRORS})
    def create(self, request):
        serializer = AdoptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        source = (
            Pilot.objects.select_related("lead_organisation").filter(slug=data["source"]).first()
        )
        if source is None or not can_view_pilot(request.user, source):
            raise NotFound({"source": ["Piloten finns inte, eller har tagits bort."]})
        organisation = Organisation.objects.filter(slug=data["organisation"]).first()
        if organisation is None:
            return Response(
                {"organisation": ["Okänd organisation."]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            pilot = services.pilot_adopt(
                source=source,
                actor=request.user,
                organisation=organisation,
                expected_source_version=data.get("expected_source_version"),
                start_date=data.get("start_date"),
            )
        except Pilot.DoesNotExist as exc:
            raise NotFound({"source": ["Piloten har tagits bort."]}) from exc
        except ValidationError as error:
            return _conflict_or_raise(error)
        return Response(AdoptedPilotSerializer(pilot).data, status=status.HTTP_201_CREATED)
