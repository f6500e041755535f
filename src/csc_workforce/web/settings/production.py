"""Production behind HTTPS: Secure cookies, HSTS, database and secret from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from csc_workforce.web.settings.base import *  # noqa: F403
from csc_workforce.web.settings.base import (
    CSCW_OIDC_ENABLED,
    CSCW_PASSWORD_SIGN_IN,
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    logging_settings,
    postgres_database,
)
from csc_workforce.web.settings.checks import database_url_problem, secret_key_problem

SECRET_KEY = os.environ.get("CSCW_SECRET_KEY", "")
if (_problem := secret_key_problem(SECRET_KEY)) is not None:
    raise ImproperlyConfigured(f"CSCW_SECRET_KEY {_problem}")
ALLOWED_HOSTS = [host for host in os.environ.get("CSCW_ALLOWED_HOSTS", "").split(",") if host]

# No fallback: without a database URL production refuses to start (never a SQLite file in the code).
_database_url = os.environ.get("CSCW_DATABASE_URL", "")
if (_problem := database_url_problem(_database_url)) is not None:
    raise ImproperlyConfigured(f"CSCW_DATABASE_URL {_problem}")
DATABASES = {"default": postgres_database(_database_url, CONN_MAX_AGE=60)}

# One JSON object per line for the log collector, unless CSCW_LOG_FORMAT=plain.
LOGGING = logging_settings(os.environ.get("CSCW_LOG_FORMAT", "json"))

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("CSCW_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("CSCW_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
WHITENOISE_USE_FINDERS = False  # run collectstatic at install time
STATIC_ROOT = Path(os.environ.get("CSCW_STATIC_ROOT", "staticfiles")).resolve()

# Sign-in throttling counts live in the cache: with several worker processes, share it through a
# folder (CSCW_CACHE_DIR) so that every process sees every failure.
if os.environ.get("CSCW_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CSCW_CACHE_DIR"],
        }
    }

# Single sign-on: the provider only over HTTPS, and someone must be able to sign in.
if not CSCW_PASSWORD_SIGN_IN and not CSCW_OIDC_ENABLED:
    raise ImproperlyConfigured(
        "CSCW_PASSWORD_SIGN_IN=0 needs single sign-on: set CSCW_OIDC_CLIENT_ID, the CSCW_OIDC_*_ENDPOINT"
        " settings and CSCW_OIDC_ALLOWED_EMAIL_DOMAINS"
    )
for _endpoint in (
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
):
    if CSCW_OIDC_ENABLED and not _endpoint.startswith("https://"):
        raise ImproperlyConfigured(f"the OpenID Connect endpoint {_endpoint} must use https://")
