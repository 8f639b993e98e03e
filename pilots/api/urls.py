"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

routes = []
