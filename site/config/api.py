"""/api/v1/: one router collecting every app's routes; the Wagtail pages API at /api/cms/."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from benchmarking.api.urls import routes as benchmarking_routes
from business_cases.api.urls import routes as business_case_routes
from evidence.api.urls import routes as evidence_routes
from iati_export.api import routes as iati_routes
from learning.api.urls import routes as learning_routes
from monitoring.api.urls import routes as monitoring_routes
from partners.api.token import TokenObtainView
from partners.api.urls import routes as partner_routes
from pilots.api.urls import routes as pilot_routes
from programmes.api.urls import routes as programme_routes
from search.api.urls import routes as search_routes

# No format-suffix routes (/api/v1/practices.json/): the API answers JSON (or the browsable page
# by Accept header or ?format=), and the suffix routes pass a `format` argument that the
# viewsets' own list/create/action methods do not take, so every one of them answered 500.
# Such a path now gets the JSON 404 below like any other path no route claims.
router = DefaultRouter()
router.include_format_suffixes = False
for prefix, viewset, basename in [
    *partner_routes,
    *pilot_routes,
    *business_case_routes,
    *learning_routes,
    *benchmarking_routes,
    *evidence_routes,
    *programme_routes,
    *monitoring_routes,
    *search_routes,
    *iati_routes,
]:
    router.register(prefix, viewset, basename=basename)

pages_router = WagtailAPIRouter("wagtailapi")
pages_router.register_endpoint("pages", PagesAPIViewSet)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """JSON, not the site's HTML page, for an /api/v1/ path no route matches (for example an id
    with a character the router's lookup refuses). Only paths ending in / so that APPEND_SLASH
    still redirects /api/v1/pilots to /api/v1/pilots/. CSRF-exempt like every DRF view: it
    changes nothing, and a token client's DELETE or POST got Django's HTML CSRF page instead."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


urlpatterns = [
    path("api/v1/auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start script as a file, so the CSP needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/cms/", pages_router.urls),
    re_path(r"^api/v1/.+/$", api_not_found),
]
