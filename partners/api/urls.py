"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from partners.api import views

routes = [
    ("organisations", views.OrganisationViewSet, "organisation"),
    ("kommuner", views.KommunViewSet, "kommun"),
    ("regioner", views.RegionViewSet, "region"),
]
