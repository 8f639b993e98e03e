"""GET /api/v1/iati/pilots/{slug}/, /api/v1/iati/organisations/{slug}/ and
/api/v1/iati/programmes/{slug}/: IATI 2.03 XML. Errors answer JSON like the rest of the API."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from iati_export import selectors
from iati_export.xml import activities_document

XML_RESPONSE = {
    (200, "application/xml"): OpenApiResponse(
        response=OpenApiTypes.BINARY,
        description="An `iati-activities` document (IATI 2.03), UTF-8. See docs/api.md.",
    )
}


class IatiXMLRenderer(BaseRenderer):
    media_type = "application/xml"
    format = "xml"
    charset = None  # the document is bytes that declare their own encoding

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class XMLOnly(BaseContentNegotiation):
    """The export has one representation whatever the Accept header asks for."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class _IatiViewSet(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    permission_classes = [permissions.AllowAny]
    renderer_classes = [IatiXMLRenderer]
    content_negotiation_class = XMLOnly
    filename = "iati-{slug}.xml"

    def activities(self, slug):
        raise NotImplementedError

    def retrieve(self, request, slug=None):
        activities = self.activities(slug)
        if not activities:
            raise Http404(_("Det finns inga öppna piloter att exportera."))
        response = Response(activities_document(activities), content_type="application/xml")
        response["Content-Disposition"] = f'inline; filename="{self.filename.format(slug=slug)}"'
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(response, Response):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
            response.content_type = None
        return response


class PilotIatiViewSet(_IatiViewSet):
    """One public pilot as an IATI activity with its results (approved values only)."""

    @extend_schema(responses=XML_RESPONSE, operation_id="iati_pilot")
    def retrieve(self, request, slug=None):
        return super().retrieve(request, slug)

    def activities(self, slug):
        return selectors.pilot_activities(slug=slug)


class OrganisationIatiViewSet(_IatiViewSet):
    """The public pilots an organisation leads, as IATI activities. 404 when it has none."""

    @extend_schema(responses=XML_RESPONSE, operation_id="iati_organisation")
    def retrieve(self, request, slug=None):
        return super().retrieve(request, slug)

    def activities(self, slug):
        return selectors.organisation_activities(slug=slug, user=self.request.user)[1]


class ProgrammeIatiViewSet(_IatiViewSet):
    """The public pilots a programme has accepted, as IATI activities. 404 when it has none."""

    @extend_schema(responses=XML_RESPONSE, operation_id="iati_programme")
    def retrieve(self, request, slug=None):
        return super().retrieve(request, slug)

    def activities(self, slug):
        return selectors.programme_activities(slug=slug, user=self.request.user)[1]


routes = [
    ("iati/pilots", PilotIatiViewSet, "iati-pilot"),
    ("iati/organisations", OrganisationIatiViewSet, "iati-organisation"),
    ("iati/programmes", ProgrammeIatiViewSet, "iati-programme"),
]
