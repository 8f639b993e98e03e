"""Routes this app adds to the one /api/v1/ router (see site/config/api.py)."""

from evidence.api import views

routes = [("effect-estimates", views.EffectEstimateViewSet, "effect-estimate")]
