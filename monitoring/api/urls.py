"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from monitoring.api import views

routes = [
    ("reporting-matrix", views.ReportingMatrixViewSet, "reporting-matrix"),
]
