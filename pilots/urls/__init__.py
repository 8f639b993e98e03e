"""The pilots app's pages, one module per area (public pages, registration, reporting)."""

from pilots.urls import public, registration, reports, validation

app_name = "pilots"
urlpatterns = [
    *registration.urlpatterns,
    *reports.urlpatterns,
    *validation.urlpatterns,
    *public.urlpatterns,
]
