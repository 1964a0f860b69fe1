"""Settings for every environment, read from environment variables.

The defaults give the embedded install (SQLite in ./data, local-memory cache, database task queue);
`settings_production` tightens security and insists on real secrets."""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("HROMADA_DATA_DIR", Path.cwd() / "data")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("HROMADA_DEBUG", False)
# The embedded default generates nothing secret at import time: a development key is used only when
# SECRET_KEY is absent, and the production settings refuse to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "hromada-embedded-development-key-not-for-production-use-0001")
# Keyed hashes of national identifiers (RNOKPP etc.) use their own key so rotating SECRET_KEY does
# not break one-person-one-signature.
IDENTITY_HASH_KEY = os.environ.get("HROMADA_IDENTITY_HASH_KEY", SECRET_KEY)
# Each community's Ed25519 key for the transparency log's tree heads is derived from this secret (HKDF with the
# community id); changing it changes every log's public key, so auditors' saved heads stop verifying.
TRANSPARENCY_KEY = os.environ.get("HROMADA_TRANSPARENCY_KEY", "hromada-embedded-development-transparency-key-0001")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Host names that belong to the platform itself rather than to one community.
HROMADA_DEFAULT_COMMUNITY = os.environ.get("HROMADA_DEFAULT_COMMUNITY", "")
# Where emails link to when a community has no host of its own; `hromada serve` sets it from --host/--port.
HROMADA_SITE_URL = (os.environ.get("HROMADA_SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}").rstrip("/")
# Where to report a vulnerability (RFC 9116 security.txt): "mailto:security@example.org" or an https URL, comma
# separated; and an optional page with the disclosure policy. Empty: no security.txt is served.
HROMADA_SECURITY_CONTACT = env_list("HROMADA_SECURITY_CONTACT")
HROMADA_SECURITY_POLICY_URL = os.environ.get("HROMADA_SECURITY_POLICY_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # Swagger UI's files from django-ninja's own static folder, not a CDN (the CSP allows no other)
    "allauth",
    "allauth.account",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command replaces the library's with one that heartbeats.
    "hromada.core.jobs",
    "django_tasks_db",
    # the kernel
    "hromada.core.tenancy",
    "hromada.core.identity",
    "hromada.core.audit",
    "hromada.core.notifications",
    "hromada.core.calendar",
    "hromada.core.api",
    "hromada.core.web",
    "hromada.core.backup",
    "hromada.core.transparency",
    # capabilities
    "hromada.petitions",
    "hromada.appeals",
    "hromada.maps",
    "hromada.opendata",
    "hromada.docflow",
    "hromada.competitions",
    "hromada.budgets",
    "hromada.council",
    "hromada.consultations",
    "hromada.enrollment",
    "hromada.commitments",
    "hromada.surveys",
    "hromada.site",
    "hromada.services",
    "hromada.housing",
    "hromada.procurement",
    "hromada.transparency_index",
    "hromada.assistant",
    "hromada.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hromada.core.web.csp.ContentSecurityPolicyMiddleware",
    "hromada.core.web.middleware.DataGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hromada.core.tenancy.middleware.CommunityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hromada.core.web.middleware.UkrainianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hromada.core.web.page_limits.PageRateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hromada.core.web.middleware.BadInputGuardMiddleware",
]

ROOT_URLCONF = "hromada.config.urls"
WSGI_APPLICATION = "hromada.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our layouts must win over allauth's, which comes earlier in INSTALLED_APPS.
        "DIRS": [PACKAGE_DIR / "core" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hromada.core.web.context_processors.hromada",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'hromada.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE transactions take the write
    # lock up front so two writers queue instead of failing with "database is locked" on upgrade.
    # Reusing a connection saves re-running the PRAGMAs on every request (2.6x on API lists).
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "identity.User"

# "default" may be per process (cached pages and communities); "shared" is what every worker must agree on:
# rate-limit counters and the community-settings version. Redis serves both when REDIS_URL is set; without
# it, "shared" is one SQLite file every process on this machine opens (hromada.core.sharedcache).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
              "shared": {"BACKEND": "hromada.core.sharedcache.RedisSharedCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hromada"},
              "shared": {"BACKEND": "hromada.core.sharedcache.SQLiteCache",
                         "LOCATION": os.environ.get("HROMADA_SHARED_CACHE", str(DATA_DIR / "shared-cache.sqlite3"))}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HROMADA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email", "opendata"],
    }
}
# A worker heartbeats every quarter of the lease; a RUNNING task whose worker has been silent for a whole
# lease is queued again, and failed once its worker has died this many times (ADR 0007).
HROMADA_TASK_LEASE_SECONDS = float(os.environ.get("HROMADA_TASK_LEASE_SECONDS", "60"))
HROMADA_TASK_MAX_ATTEMPTS = int(os.environ.get("HROMADA_TASK_MAX_ATTEMPTS", "3"))

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email is the login, and it must be verified before it counts as an identity.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up asks for the name shown publicly (an email address is never shown in its place).
ACCOUNT_SIGNUP_FORM_CLASS = "hromada.core.identity.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("HROMADA_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "hromada.core.identity.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/m/ip", "confirm_email": "1/3m/key"}
LOGIN_REDIRECT_URL = "web:profile"
LOGOUT_REDIRECT_URL = "web:home"
LOGIN_URL = "account_login"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "core" / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Leaflet's JS/CSS come from the maintained django-leaflet package; only its static files are used
# (its Django app needs GDAL, which the embedded install does not have).
STATICFILES_DIRS = [Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static"]
# Leaflet.markercluster for the city map, from its maintained XStatic package: /static/markercluster/...
STATICFILES_DIRS.append(("markercluster", importlib.import_module("xstatic.pkg.leaflet_markercluster").BASE_DIR))
# Settings only name folders; the web app creates the ones it needs at start-up (importing settings writes nothing).
STATIC_ROOT = Path(os.environ.get("HROMADA_STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
# Public uploads only (petition answers' attachments, under random names): served at /media/ by Django or nginx.
MEDIA_ROOT = Path(os.environ.get("HROMADA_MEDIA_ROOT", DATA_DIR / "media")).resolve()
# Private uploads (appeal photos and documents, every open-data file): no URL serves this folder; only
# permission-checked views read it (hromada.core.storage). It must not overlap MEDIA_ROOT or STATIC_ROOT.
HROMADA_PRIVATE_ROOT = Path(os.environ.get("HROMADA_PRIVATE_ROOT", DATA_DIR / "private")).resolve()
HROMADA_SERVE_MEDIA = env_bool("HROMADA_SERVE_MEDIA", True)


def _overlapping(a: Path, b: Path) -> bool:
    a, b = Path(a).resolve(), Path(b).resolve()
    return a == b or a in b.parents or b in a.parents


for _name, _served in (("MEDIA_ROOT", MEDIA_ROOT), ("STATIC_ROOT", STATIC_ROOT)):
    if _overlapping(HROMADA_PRIVATE_ROOT, _served):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"HROMADA_PRIVATE_ROOT ({HROMADA_PRIVATE_ROOT}) must lie outside {_name} "
                                   f"({_served}) and not contain it: private files would become downloadable.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The core upload sanitiser's limits (hromada.core.uploads); a capability may set stricter ones per community.
HROMADA_UPLOAD_IMAGE_MAX_BYTES = int(os.environ.get("HROMADA_UPLOAD_IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
HROMADA_UPLOAD_DOCUMENT_MAX_BYTES = int(os.environ.get("HROMADA_UPLOAD_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# A 40 MP phone photo is the largest expected; more pixels is a decompression bomb.
HROMADA_UPLOAD_MAX_PIXELS = int(os.environ.get("HROMADA_UPLOAD_MAX_PIXELS", "40000000"))
HROMADA_MAX_UPLOAD_BYTES = int(os.environ.get("HROMADA_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# Open-data uploads larger than this are checked in the background (frictionless reads ~1 MB/s), with the
# status shown on the dataset page; smaller ones are checked while the publisher waits.
HROMADA_OPENDATA_INLINE_CHECK_BYTES = int(os.environ.get("HROMADA_OPENDATA_INLINE_CHECK_BYTES", str(1024 * 1024)))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hromada <noreply@hromada.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Our page in the visitor's language (and the JSON envelope under /api/) instead of Django's English one.
CSRF_FAILURE_VIEW = "hromada.core.web.csrf.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# How many trusted reverse proxies stand in front (their X-Forwarded-For entries are believed).
HROMADA_NUM_PROXIES = int(os.environ.get("HROMADA_NUM_PROXIES", "0"))

# API rate limits (django-ninja throttles), counted in the "shared" cache like every limit below.
HROMADA_API_RATE_ANON = os.environ.get("HROMADA_API_RATE_ANON", "120/m")
HROMADA_API_RATE_USER = os.environ.get("HROMADA_API_RATE_USER", "600/m")
# Every other public surface, per signed-in person or else per address, in cost units (docs/api.md):
# web pages 1 each; Open311 1, a page of requests 1 + page_size/100; CKAN 1, searches 5, a dump 20;
# DCAT 1 a dataset, 10 a catalogue page.
HROMADA_RATE_PAGES = os.environ.get("HROMADA_RATE_PAGES", "300/m")
HROMADA_RATE_OPEN311 = os.environ.get("HROMADA_RATE_OPEN311", "120/m")
HROMADA_RATE_CKAN = os.environ.get("HROMADA_RATE_CKAN", "120/m")
HROMADA_RATE_DCAT = os.environ.get("HROMADA_RATE_DCAT", "60/m")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (49.0, 31.4),
    "DEFAULT_ZOOM": 6,
    "TILES": [],
    "RESET_VIEW": False,
}
# Tiles come from the operator's configured server; the default is OpenStreetMap's public tiles,
# which the browser fetches itself (no server-side call). Set HROMADA_MAP_TILES="" to disable.
HROMADA_MAP_TILES = os.environ.get("HROMADA_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
HROMADA_MAP_ATTRIBUTION = os.environ.get("HROMADA_MAP_ATTRIBUTION", "© OpenStreetMap contributors")

# Content-Security-Policy (hromada.core.web.csp): no page has an inline script, event handler or style
# attribute, so scripts and styles come from this site only. The origin of HROMADA_MAP_TILES is added to
# img-src by the middleware: map tiles are the one foreign origin.
HROMADA_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # API keys and tokens sent in query strings (Open311's api_key) never reach a log line.
    "filters": {"redact_secrets": {"()": "hromada.config.gunicorn_logging.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("HROMADA_LOG_LEVEL", "WARNING")},
    # runserver's request lines carry the whole URL; Django's own handler for them has no filter.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
