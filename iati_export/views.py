"""Portal downloads of the IATI export: the same documents as the API, as file attachments."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from iati_export import selectors
from iati_export.xml import activities_document


def _download(activities, name: str) -> HttpResponse:
    if not activities:
        raise Http404
    response = HttpResponse(activities_document(activities), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="iati-{name}.xml"'
    return response


@require_safe
def pilot_iati(request, slug):
    return _download(selectors.pilot_activities(slug=slug), slug)


@require_safe
def organisation_iati(request, slug):
    _, activities = selectors.organisation_activities(slug=slug, user=request.user)
    return _download(activities, slug)


@require_safe
def programme_iati(request, slug):
    _, activities = selectors.programme_activities(slug=slug, user=request.user)
    return _download(activities, slug)
