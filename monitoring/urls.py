"""The completeness and timeliness matrix under /uppfoljning/rapportering/."""

from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("uppfoljning/rapportering/", views.matrix, name="matrix"),
    path("uppfoljning/rapportering.csv", views.matrix_csv, name="matrix_csv"),
    path("uppfoljning/rapportering/paminn/", views.remind, name="remind"),
]
