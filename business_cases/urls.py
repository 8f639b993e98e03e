"""A pilot's business case: results, editor, XLSX export and printable page."""

from django.urls import path

from business_cases import views

app_name = "business_cases"

urlpatterns = [
    path("piloter/<slug:slug>/kalkyl/", views.business_case_view, name="business_case"),
    path(
        "piloter/<slug:slug>/kalkyl/redigera/", views.business_case_edit, name="business_case_edit"
    ),
    path(
        "piloter/<slug:slug>/kalkyl/utskrift/",
        views.business_case_print,
        name="business_case_print",
    ),
    path(
        "piloter/<slug:slug>/kalkyl/kalkyl.xlsx",
        views.business_case_xlsx,
        name="business_case_xlsx",
    ),
]
