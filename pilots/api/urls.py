"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from pilots.api import business_case, views

routes = [
    ("pilots", views.PilotViewSet, "pilot"),
    ("indicators", views.IndicatorViewSet, "indicator"),
    ("periods", views.PeriodViewSet, "period"),
    ("reports", views.ReportViewSet, "report"),
    ("business-cases", business_case.BusinessCaseViewSet, "business-case"),
    ("business-case-lines", business_case.BusinessCaseLineViewSet, "business-case-line"),
    ("unit-costs", business_case.UnitCostViewSet, "unit-cost"),
    ("discount-schedules", business_case.DiscountScheduleViewSet, "discount-schedule"),
]
