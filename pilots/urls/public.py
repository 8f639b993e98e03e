"""URL patterns; see pilots/urls/__init__.py."""

from django.urls import path

from pilots.views import public

urlpatterns = [
    path("piloter/", public.pilot_list, name="pilot_list"),
    path("piloter/<slug:slug>/", public.pilot_detail, name="pilot_detail"),
]
