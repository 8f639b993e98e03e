"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from search.api import views

routes = [("search", views.SearchViewSet, "search")]
