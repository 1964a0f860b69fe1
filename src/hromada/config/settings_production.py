"""Production settings: the base settings plus HTTPS-only cookies, HSTS and mandatory secrets.

Use with DJANGO_SETTINGS_MODULE=hromada.config.settings_production behind a TLS-terminating proxy."""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import env_bool

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
SECRET_KEY = os.environ["SECRET_KEY"]
# A key of its own: SECRET_KEY may be rotated (sessions, signed links), this one never may (one person, one
# signature hangs on it), and a leaked SECRET_KEY must not also unmask identifiers.
IDENTITY_HASH_KEY = os.environ.get("HROMADA_IDENTITY_HASH_KEY", "")
if len(IDENTITY_HASH_KEY) < 32 or IDENTITY_HASH_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "HROMADA_IDENTITY_HASH_KEY must be set for production: at least 32 random characters, not SECRET_KEY.")
# The transparency log's signing keys derive from it: never the development default, nor another secret.
TRANSPARENCY_KEY = os.environ.get("HROMADA_TRANSPARENCY_KEY", "")
if len(TRANSPARENCY_KEY) < 32 or TRANSPARENCY_KEY in (SECRET_KEY, IDENTITY_HASH_KEY):
    raise ImproperlyConfigured("HROMADA_TRANSPARENCY_KEY must be set for production: at least 32 random characters, "
                               "neither SECRET_KEY nor HROMADA_IDENTITY_HASH_KEY.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# Uploads (docs/deploy.md, "Uploads"): the base settings keep public files in MEDIA_ROOT and private ones in
# HROMADA_PRIVATE_ROOT and refuse roots that overlap; Django's /media/ serves only plain paths inside
# MEDIA_ROOT, and nginx may alias /media/ to MEDIA_ROOT and nothing else. Public uploads must be readable by
# the web server's user; the private storage writes 0600 files in 0700 folders whatever is set here.
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
