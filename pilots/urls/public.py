"""URL patterns; see pilots/urls/__init__.py."""

urlpatterns = []
