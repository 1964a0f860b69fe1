"""Settings of the OpenID provider the identity tests start in its own process (django-oauth-toolkit).

Everything comes from the environment the fixture sets: its folder (SQLite, RSA key, people, claims) and port."""

import os
from pathlib import Path

PEER_DIR = Path(os.environ["OIDC_PEER_DIR"])
PORT = int(os.environ["OIDC_PEER_PORT"])
ISSUER = f"http://127.0.0.1:{PORT}/o"

SECRET_KEY = os.environ.get("OIDC_PEER_SECRET", "test-peer-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hromada.core.identity.tests.peers.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [Path(__file__).parent / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth",
                                       "django.contrib.messages.context_processors.messages"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": PEER_DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a test peer: fast, not for real use

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": (PEER_DIR / "key.pem").read_text(),
    "PKCE_REQUIRED": True,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,  # a client may have a shorter one (validator.py)
    "SCOPES": {"openid": "OpenID Connect", "profile": "Name and birth date", "address": "Address",
               "tax": "Taxpayer number"},
    "OAUTH2_VALIDATOR_CLASS": "hromada.core.identity.tests.peers.oidc_provider.validator.ClaimsValidator",
}
