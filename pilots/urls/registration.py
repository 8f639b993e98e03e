"""URL patterns of the pilot registration wizard; see pilots/urls/__init__.py."""

from django.urls import path

from pilots.views import registration

urlpatterns = [
    path("piloter/ny/", registration.pilot_create, name="pilot_create"),
    path("piloter/<slug:slug>/registrera/", registration.pilot_register, name="pilot_register"),
    path(
        "piloter/<slug:slug>/registrera/<slug:step>/",
        registration.pilot_register,
        name="pilot_register_step",
    ),
]
