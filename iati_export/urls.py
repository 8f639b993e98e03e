"""/piloter/<slug>/iati.xml, /organisationer/<slug>/iati.xml, /program/<slug>/iati.xml."""

from django.urls import path

from iati_export import views

app_name = "iati_export"

urlpatterns = [
    path("piloter/<slug:slug>/iati.xml", views.pilot_iati, name="pilot"),
    path("organisationer/<slug:slug>/iati.xml", views.organisation_iati, name="organisation"),
    path("program/<slug:slug>/iati.xml", views.programme_iati, name="programme"),
]
