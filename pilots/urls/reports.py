"""Period reports, history, the dashboard and imports; see pilots/urls/__init__.py."""

from django.urls import path

from pilots.views import imports, quality
from pilots.views import reports as views

urlpatterns = [
    path("mina-sidor/", views.dashboard, name="dashboard"),
    path("piloter/<slug:slug>/rapporter/<int:period_id>/", views.report_edit, name="report_edit"),
    path(
        "piloter/<slug:slug>/rapporter/<int:period_id>/granska/",
        views.report_review,
        name="report_review",
    ),
    path(
        "piloter/<slug:slug>/rapporter/<int:period_id>/varden/<int:link_id>/<str:gender>/",
        quality.value_history,
        name="value_history",
    ),
    path(
        "piloter/<slug:slug>/rapporter/<int:period_id>/kommentarer/<int:comment_id>/besvarad/",
        quality.comment_resolve,
        name="cell_comment_resolve",
    ),
    path("piloter/<slug:slug>/historik/", views.pilot_history, name="pilot_history"),
    path("piloter/<slug:slug>/import/", imports.import_values, name="import_values"),
    path(
        "piloter/<slug:slug>/import/mall.csv",
        imports.import_template,
        {"fmt": "csv"},
        name="import_template_csv",
    ),
    path(
        "piloter/<slug:slug>/import/mall.xlsx",
        imports.import_template,
        {"fmt": "xlsx"},
        name="import_template_xlsx",
    ),
]
