"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from business_cases.api import views

routes = [
    ("business-cases", views.BusinessCaseViewSet, "business-case"),
    ("business-case-lines", views.BusinessCaseLineViewSet, "business-case-line"),
    ("unit-costs", views.UnitCostViewSet, "unit-cost"),
    ("discount-schedules", views.DiscountScheduleViewSet, "discount-schedule"),
]
