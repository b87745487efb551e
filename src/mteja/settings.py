"""Django settings for Mteja. Everything a deployment changes comes from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from mteja.clients.imports.quiet_upkeep import logging_settings

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MTEJA_VAR_DIR", BASE_DIR.parent.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("MTEJA_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("MTEJA_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("MTEJA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("MTEJA_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "mteja.core",
    "mteja.organisation",
    "mteja.users",
    "mteja.clients",
    "mteja.documents",
    "mteja.notes",
    "mteja.groups",
    "mteja.portfolio",
    "mteja.reports",
    "mteja.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mteja.core.middleware.RequestIdMiddleware",
    "mteja.core.api.guard.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's date format on their pages (core/dates.py).
    "mteja.core.dates.DateDisplayMiddleware",
    "mteja.core.cache_control.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session that never gave a now-required second factor ends (users/twofactor/).
    "mteja.users.twofactor.middleware.TwoFactorSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mteja.urls"
# The largest request body read, in bytes (2 MiB: a client with every part and custom field is
# a few kB; bulk work goes through imports). Larger API bodies get Fineract's 413
# (core/api/guard.py), larger web forms Django's 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MTEJA_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
WSGI_APPLICATION = "mteja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mteja.core.web.navigation.menu",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'mteja.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("MTEJA_TEST_SQLITE_NAME", "")}
# A worker keeps its connection between requests (dj-database-url's parse sets 0: a new
# PostgreSQL backend process per request, ~10 ms each; on SQLite, the file opened and its
# pragmas run again on every request); one cheap check per request replaces a connection the
# server dropped.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("MTEJA_DB_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.AppUser"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mteja.users.backends.UserBackend",  # Django's ModelBackend, the office read with the user
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # A strength estimate (zxcvbn), not only a length: refuses `PPPPPPPPPP`, `correct horse`.
    {
        "NAME": "mteja.users.password_strength.GuessabilityValidator",
        "OPTIONS": {"min_score": int(os.environ.get("MTEJA_PASSWORD_MIN_SCORE", "4"))},
    },
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock out by account, never by address alone: a whole branch shares one address.
AXES_FAILURE_LIMIT = int(os.environ.get("MTEJA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MTEJA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Failed logins one worker verifies per window before refusing unverified ones at once (429).
MTEJA_AUTH_FAILURES_PER_WINDOW = int(os.environ.get("MTEJA_AUTH_FAILURES_PER_WINDOW", "30"))
MTEJA_AUTH_FAILURE_WINDOW_SECONDS = int(os.environ.get("MTEJA_AUTH_FAILURE_WINDOW_SECONDS", "10"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks to lock by address too; deliberately not (DESIGN rule 10, docs/decisions.md).
# models.W040: SQLite has no INCLUDE, so the clients' covering indexes are plain ones there,
# as meant (clients/models/client.py, decision 71): not a warning for every `mteja` command.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Two-factor login (users/twofactor/): TOTP apps; the access token of Fineract's API flow.
OTP_TOTP_ISSUER = os.environ.get("MTEJA_TOTP_ISSUER", "Mteja")
MTEJA_TFA_TOKEN_SECONDS = int(os.environ.get("MTEJA_TFA_TOKEN_SECONDS", str(24 * 60 * 60)))
MTEJA_TFA_EXTENDED_TOKEN_SECONDS = int(
    os.environ.get("MTEJA_TFA_EXTENDED_TOKEN_SECONDS", str(7 * 24 * 60 * 60))
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = False

# Served over HTTPS by a proxy that terminates TLS (docs/operations.md). The proxy must set
# X-Forwarded-Proto itself, overwriting whatever a client sent.
MTEJA_BEHIND_TLS_PROXY = os.environ.get("MTEJA_BEHIND_TLS_PROXY", "") == "1"
if MTEJA_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MTEJA_HSTS_SECONDS", str(365 * 24 * 60 * 60)))

# The pages' own files only: no inline script or style, no eval, no other origin (decision 42).
# data: images are pico.css's icons (and QR codes drawn as data: URIs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": MTEJA_BEHIND_TLS_PROXY,
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Unambiguous dates in every language ("5 Sep 2025"), see mteja/formats/.
FORMAT_MODULE_PATH = ["mteja.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise serves from it once collectstatic has run
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Documents and photos: under var/, outside the web root (nothing serves it); S3-compatible
    # object storage when a bucket is named (credentials from AWS_* variables, as boto3 reads).
    "documents": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["MTEJA_S3_BUCKET"],
                "endpoint_url": os.environ.get("MTEJA_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("MTEJA_S3_REGION") or None,
                "file_overwrite": False,
                "querystring_auth": True,
                "default_acl": None,
            },
        }
        if os.environ.get("MTEJA_S3_BUCKET")
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": VAR_DIR / "documents"},
        }
    ),
}
# The largest document or photo accepted, in bytes (counted while the upload streams in).
MTEJA_UPLOAD_MAX_BYTES = int(os.environ.get("MTEJA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Client files to import (a million clients as CSV is about 150 MB): kept on disk, never read
# into memory whole.
MTEJA_IMPORT_MAX_BYTES = int(os.environ.get("MTEJA_IMPORT_MAX_BYTES", str(512 * 1024 * 1024)))
# The most data rows `POST /clients/import` imports within its request (counted before
# anything is read or written; a larger file is refused with a 400 naming the job endpoint):
# the request must end well within the server's timeout (120 s) and memory.
MTEJA_IMPORT_AT_ONCE_MOST_ROWS = int(os.environ.get("MTEJA_IMPORT_AT_ONCE_MOST_ROWS", "10000"))
# The import jobs one user may have waiting or running from the web page or the API: beyond,
# 429 (each holds its file on disk, up to MTEJA_IMPORT_MAX_BYTES, and the workers take jobs
# in turn: one user's twenty files would hold everyone else's). `mteja import` is not capped.
MTEJA_IMPORTS_WAITING_PER_USER = int(os.environ.get("MTEJA_IMPORTS_WAITING_PER_USER", "3"))
# The days a finished (completed, failed or cancelled) import job keeps its files, the upload
# and its result, after it ended: then the worker's upkeep removes them, the job and its counts
# stay (clients/imports/retention.py). 0 keeps them for ever. A job queued, running or
# interrupted keeps its files, however old.
MTEJA_IMPORT_FILES_KEPT_DAYS = int(os.environ.get("MTEJA_IMPORT_FILES_KEPT_DAYS", "30"))
# The bytes of import files one user's jobs may keep on the server from the page or the API:
# an upload that would pass it is refused before it is kept (clients/imports/quota.py).
# `mteja import` is not capped. 0: no cap.
MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER = int(
    os.environ.get("MTEJA_IMPORT_FILES_MOST_BYTES_PER_USER", str(1024 * 1024 * 1024))
)
# The bytes of import files one office's jobs (the jobs whose office it is, not its children's)
# may keep from the page or the API, however many of its users import: an upload that would
# pass it is refused as the per-user bound refuses one (clients/imports/quota.py). 0: no cap.
MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE = int(
    os.environ.get("MTEJA_IMPORT_FILES_MOST_BYTES_PER_OFFICE", str(4 * 1024 * 1024 * 1024))
)
# An import job's processes at most (one per core up to this; clients/bulk/lanes.py).
MTEJA_IMPORT_LANES = int(os.environ.get("MTEJA_IMPORT_LANES", "4"))
# On SQLite, the seconds an import (a job, `mteja import`) waits for another writer (a long
# `mteja reindex`, another import) to let go of the database before it stops, beyond each
# try's busy_timeout (core/lock_wait.py). Keep it below ten minutes: a job silent for longer
# is taken for interrupted (clients/imports/workers.STALE_AFTER).
MTEJA_IMPORT_LOCK_WAIT = float(os.environ.get("MTEJA_IMPORT_LOCK_WAIT", "300"))
# The bytes of memory each process of an import may give the table of the file's values that
# must be unique in it (16 bytes a slot, at most half full: 16 MiB holds 524,288 values, a
# file of about 400,000 rows); a larger table is kept in a file under VAR_DIR, mapped, its
# pages let go as it is read (clients/bulk/key_slots.py), so that memory stays bounded.
MTEJA_IMPORT_KEYS_MEMORY_BYTES = int(
    os.environ.get("MTEJA_IMPORT_KEYS_MEMORY_BYTES", str(16 * 1024 * 1024))
)
# Client exports served at once on this host (core/slots.py): by default one web worker fewer
# than `mteja serve` starts, so one stays free for everyone else; and per user.
MTEJA_EXPORTS_AT_ONCE = int(
    os.environ.get("MTEJA_EXPORTS_AT_ONCE", max(1, int(os.environ.get("WEB_CONCURRENCY", "2")) - 1))
)
MTEJA_EXPORTS_PER_USER = int(os.environ.get("MTEJA_EXPORTS_PER_USER", "1"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mteja.core.api.authentication.FineractBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "mteja.core.api.permissions.HasFineractPermission",
        # Fineract's second factor: the Fineract-Platform-TFA-Token header, where required.
        "mteja.users.twofactor.permissions.TwoFactorVerified",
    ],
    "DEFAULT_PARSER_CLASSES": ["mteja.core.api.parsers.FineractJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "mteja.core.api.exceptions.fineract_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "mteja.core.api.schema.FineractAutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mteja API",
    "DESCRIPTION": "Client management, compatible with Apache Fineract's API.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/fineract-provider/api/v1",
    "SERVERS": [{"url": "/"}],
    "ENUM_NAME_OVERRIDES": {},
    # /api/v1/ serves the same endpoints as /fineract-provider/api/v1/: document them once.
    "PREPROCESSING_HOOKS": ["mteja.core.api.schema.only_canonical_paths"],
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("MTEJA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

MTEJA_API_DEFAULT_PAGE_SIZE = 200
MTEJA_API_MAX_PAGE_SIZE = 1000
# Lists count exactly up to this many rows; beyond, `totalFilteredRecords` is an estimate or
# this number (docs/fineract-compat.md, "Lists at scale").
MTEJA_EXACT_COUNT_LIMIT = 10_000
# A search lists, ranks and counts at most this many of its newest matches in each part of the
# user's scope (clients/search/matching.py): a common name costs no more than a rare one.
MTEJA_SEARCH_MATCH_LIMIT = 1_000
# An export of a search holds every match; on SQLite it reads them in windows of this many
# client ids (clients/bulk/search_windows.py), so that memory holds one window's, not them all.
MTEJA_EXPORT_SEARCH_WINDOW = 20_000
# The dashboard's figures and charts (not its work queues, always current) are counted once per
# office for this many seconds, in the cache (site/web/dashboard.py): at a million clients a
# head-office count costs a second of database time.
MTEJA_DASHBOARD_FIGURES_SECONDS = 120
# The largest `offset` a list accepts; further pages are read by seek (`afterId`).
MTEJA_API_MAX_OFFSET = 10_000

_QUIET_UPKEEP = logging_settings()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # django-tasks' (and Django 6's django.tasks') start and end of each task: the idle
    # worker's upkeep's left out (two lines a minute that nothing happened), other tasks'
    # kept (imports/quiet_upkeep.py).
    "filters": _QUIET_UPKEEP["filters"],
    "root": {"handlers": ["console"], "level": os.environ.get("MTEJA_LOG_LEVEL", "INFO")},
    "loggers": {
        **_QUIET_UPKEEP["loggers"],
        # Django's request logger echoes full URLs (query strings carry names and ID numbers).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
    },
}

# The country of client mobile numbers written without one, for a new installation (an ISO
# code such as KE; "" for none). The institution changes it in the client rules
# (ClientPolicy.phone_region); this only seeds it.
MTEJA_DEFAULT_PHONE_REGION = os.environ.get("MTEJA_DEFAULT_PHONE_REGION", "")
