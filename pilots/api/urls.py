"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from pilots.api.views import pilots, reports, validation

routes = [
    ("pilots", pilots.PilotViewSet, "pilot"),
    ("indicators", pilots.IndicatorViewSet, "indicator"),
    ("periods", reports.PeriodViewSet, "period"),
    ("reports", reports.ReportViewSet, "report"),
    ("validation-rules", validation.ValidationRuleViewSet, "validation-rule"),
]
