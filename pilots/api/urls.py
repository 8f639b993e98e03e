"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from pilots.api import views

routes = [
    ("pilots", views.PilotViewSet, "pilot"),
    ("indicators", views.IndicatorViewSet, "indicator"),
    ("periods", views.PeriodViewSet, "period"),
    ("reports", views.ReportViewSet, "report"),
    ("validation-rules", views.ValidationRuleViewSet, "validation-rule"),
]
