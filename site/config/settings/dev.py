"""Local development: DEBUG on, console e-mail, eager Celery, SQLite unless DATABASE_URL is set."""

import os

os.environ.setdefault("DEBUG", "true")
from .base import *  # noqa: F403

SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
