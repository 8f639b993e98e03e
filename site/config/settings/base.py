"""Base settings: secure defaults, everything configurable from the environment.

Every variable read here is listed in .env.example and the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

ROOT_DIR = Path(__file__).resolve().parents[3]
SITE_DIR = ROOT_DIR / "site"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Project apps first so their templates override third-party ones.
    "core",
    "cms",
    "partners",
    "pilots",
    "business_cases",
    "learning",
    "programmes",
    "monitoring",
    "benchmarking",
    "evidence",
    "search",
    "outbox",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

# Server-Timing header with server time and query count per response (bench/run.py reads it);
# off by default, and then the middleware drops out of the chain at start-up.
SERVER_TIMING = env_bool("SERVER_TIMING", False)

MIDDLEWARE = [
    "config.server_timing.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security_headers.ScopedCSPMiddleware",
    "config.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SwedishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partners.middleware.SessionTimeoutMiddleware",
    "partners.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a lockout during the view into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "partners.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite file by default; PostgreSQL (or anything dj-database-url knows) via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{ROOT_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Search analyses Swedish text itself (search/analysis.py) on every database; the compound
# splitter reads hunspell-sv's word list, found automatically (or set its sv_SE.dic path here).
SEARCH_HUNSPELL_DIC = os.environ.get("SEARCH_HUNSPELL_DIC", "")

AUTH_USER_MODEL = "partners.User"
# Axes first: it refuses locked-out logins before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes, see partners/lockout.py): per e-mail address and IP address.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Every login form posts the e-mail address as "username" (axes would default to "email").
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# Axes prints a banner at every start-up, which would pollute command output and checks.
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "partners.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "partners.lockout.lockout_username"
# Behind a reverse proxy set this to the number of proxies, so the client's IP address is used.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("LOGIN_PROXY_COUNT", "0")) or None
# Without a proxy, X-Forwarded-For is whatever the client sends: trust only the socket's address.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pilots:dashboard"
LOGOUT_REDIRECT_URL = "/"

# The Django group whose members act as the national coordinator.
COORDINATOR_GROUP = "Koordinatorer"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [ROOT_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", ROOT_DIR / "var" / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", ROOT_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Largest file any upload form accepts (core/uploads.py checks size and type by content).
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: console unless an SMTP host is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For the filebased e-mail backend only (the production tests read e-mail there).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(ROOT_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Preventionsportalen <noreply@example.se>"
)

# Celery: eager (in-process, no broker) unless CELERY_BROKER_URL is set.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that does not answer fails a publish within seconds instead of hanging a web request
# until TCP gives up; the job waits in the outbox (see outbox/) and is sent when it is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TIMEZONE = TIME_ZONE
# Run by `celery beat` (see pilots/tasks.py); each task is idempotent, so a double run is harmless.
CELERY_BEAT_SCHEDULE = {
    "pilots-report-reminders": {
        "task": "pilots.tasks.send_due_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "pilots-overdue-notices": {
        "task": "pilots.tasks.send_overdue_notices",
        "schedule": crontab(hour=7, minute=15),
    },
    "pilots-approver-digest": {
        "task": "pilots.tasks.send_approver_digest",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "learning-reassessment-notices": {
        "task": "learning.tasks.send_reassessment_notices",
        "schedule": crontab(hour=6, minute=45),
    },
    # Effect estimates follow imports and pilot changes as they happen; the nightly run also
    # catches what sends no signal (a deleted pilot, a bulk update).
    "evidence-recompute": {
        "task": "evidence.tasks.recompute_estimates",
        "schedule": crontab(hour=3, minute=30),
    },
    # Jobs the broker could not take when asked (see outbox/); a no-op when nothing waits.
    "outbox-flush": {"task": "outbox.tasks.flush_outbox", "schedule": 60.0},
}

# Cache: one per process unless CACHE_URL names a Redis. Cached figures (home, goals, search
# counts) are invalidated by version bumps, which only reach every worker through a shared cache,
# so production with several workers must set it (see README "Settings").
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        **(
            {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": CACHE_URL}
            if CACHE_URL
            else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        ),
        # Several sites (or the benchmark's two databases) may share one Redis.
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }
}

# Search: the database backend unless ELASTICSEARCH_URL is set (see search/).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "preventionsportalen")

# Wagtail
WAGTAIL_SITE_NAME = "Preventionsportalen"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
# No Gravatar avatars in the admin: they would send a hash of each user's e-mail address to a
# third party (and the admin's CSP allows images from this site only).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("sv", "Svenska")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "rtf", "txt", "xlsx", "odt", "ods"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "config.upload_forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "config.upload_forms.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
WAGTAILAPI_BASE_URL = SITE_URL

# Django REST framework
REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate header from the first class, so integrators get
    # 401 (not 403) for a missing or bad token. Browser sessions work the same either way.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    # DRF's parsers with a JSON parser that refuses absurdly nested bodies (config/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "partners.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Preventionsportalen API",
    "DESCRIPTION": (
        "Öppet API för partnerskapets organisationer, kommuner, regioner, piloter och resultat."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["config.schema.only_v1_endpoints"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies documented as JSON only (the views still take forms). Three identical
    # body types per operation made openapi-python-client 0.29 write code that cannot import.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # One name per shared choice set: without these the schema gets hashed names (Kind414Enum)
    # and `check --deploy` warns.
    "ENUM_NAME_OVERRIDES": {
        "ScoreEnum": "learning.models.Score",
        "LessonKindEnum": "pilots.models.choices.LessonKind",
        "PilotStatusEnum": "pilots.models.choices.PilotStatus",
        "PilotVisibilityEnum": "pilots.models.choices.Visibility",
        "OrganisationKindEnum": "partners.models.organisations.OrganisationKind",
        "ProgrammeKindEnum": "programmes.models.choices.ProgrammeKind",
        "ProgrammeVisibilityEnum": "programmes.models.choices.ProgrammeVisibility",
        "LedgerKindEnum": "programmes.models.choices.LedgerKind",
        "ReportStatusEnum": "pilots.models.choices.ReportStatus",
    },
}

# Security defaults that hold in every environment; production.py tightens further.
SESSION_COOKIE_HTTPONLY = True
# Signed-in sessions end after SESSION_IDLE_TIMEOUT seconds without a request and at the latest
# SESSION_ABSOLUTE_TIMEOUT seconds after login (partners.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(60 * 60 * 2)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(60 * 60 * 12)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Two-factor authentication (django-otp): the issuer authenticator apps show next to the code.
OTP_TOTP_ISSUER = "Preventionsportalen"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Content-Security-Policy (django-csp). Inline scripts need `nonce="{{ request.csp_nonce }}"`;
# the Wagtail admin and Swagger UI get narrower exceptions in config/security_headers.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # data: for the SVG icons CSS and Swagger UI embed.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
    },
}

# Django 6 makes https the default scheme for URLField forms; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True
# The plain widgets written in Python, same HTML as Django's templates (core/form_rendering.py).
FORM_RENDERER = "core.form_rendering.FastRenderer"
