import os

from django.core.wsgi import get_wsgi_application

from config import paths  # noqa: F401  (puts the project root on sys.path)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

if os.environ.get("GC_BETWEEN_REQUESTS", "true").lower() not in {"0", "false", "no"}:
    from config.collector import collect_between_requests

    collect_between_requests()
