"""Settings shared by every deployment. Environment-specific modules import and override these."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from csc_workforce.core.disclosure import DEFAULT_THRESHOLD

WEB_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = WEB_DIR.parents[2]
# GOV.UK Frontend comes from npm (package.json at the repository root); no CDN at run time.
FRONTEND_DIR = Path(
    os.environ.get("CSCW_FRONTEND_DIR", REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk")
)

SECRET_KEY = os.environ.get("CSCW_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csc_workforce.web.orgs",
    "csc_workforce.web.audit",
    "csc_workforce.web.returns",
    "csc_workforce.web.dashboards",
    "csc_workforce.web.agency",
    "csc_workforce.web.forecasts",
    "csc_workforce.web.staying",
    "csc_workforce.web.continuity",
    "csc_workforce.web.sharing",
    "csc_workforce.web.useradmin",
    "csc_workforce.web.hrbuild",
    "django_tasks",
    "django_tasks_db",
    "csc_workforce.web.jobs",
]

MIDDLEWARE = [
    # First: every request is logged once with its id, whatever answers it.
    "csc_workforce.web.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csc_workforce.web.security.ContentSecurityPolicyMiddleware",
    # Before sessions and CSRF: an over-limit body is refused before anything reads it.
    "csc_workforce.web.security.UploadLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "csc_workforce.web.accounts.IdleTimeoutMiddleware",
    "csc_workforce.web.useradmin.own_password.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "csc_workforce.web.urls"
WSGI_APPLICATION = "csc_workforce.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csc_workforce.web.navigation.navigation",
            ],
        },
    },
]


def postgres_database(url: str, **options: Any) -> dict[str, Any]:
    """Django's database settings for ``postgresql://user:password@host:port/name``."""
    parsed = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": (parsed.path or "/postgres").lstrip("/"),
        "USER": parsed.username or "",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or 5432),
        **options,
    }


# SQLite: writers wait their turn (IMMEDIATE takes the write lock when a transaction begins, so two
# writers never deadlock midway), readers never block writers (WAL), and a busy database is waited
# for rather than answered with "database is locked".
SQLITE_OPTIONS: dict[str, Any] = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}


def sqlite_database(name: str | Path) -> dict[str, Any]:
    """Django's settings for an SQLite file, with :data:`SQLITE_OPTIONS`."""
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(name), "OPTIONS": dict(SQLITE_OPTIONS)}


DATABASES = {"default": sqlite_database(REPO_ROOT / "csc-workforce.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# Static files: our own, and GOV.UK Frontend's assets at /assets/ where its CSS expects them.
STATIC_URL = "/assets/"
STATICFILES_DIRS = [
    ("", FRONTEND_DIR / "assets"),
    ("govuk", FRONTEND_DIR),
    ("cscw", WEB_DIR / "static" / "cscw"),
]
STATIC_ROOT = Path(os.environ["CSCW_STATIC_ROOT"]) if os.environ.get("CSCW_STATIC_ROOT") else None
WHITENOISE_USE_FINDERS = True  # serve straight from the finders; collectstatic is optional
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"

# Background jobs (web/jobs, docs/operations.md): a queue in the app's own database, run by
# ``manage.py jobs_worker``; no other service to install.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /readyz counts the worker as seen when its heartbeat is at most this old.
CSCW_WORKER_STALE_SECONDS = int(os.environ.get("CSCW_WORKER_STALE_SECONDS", "120"))
# The worker lowers its own CPU priority by this much (Unix ``nice``; 0 keeps it), so on a server
# whose cores are busy with jobs the pages are still served first.
CSCW_WORKER_NICENESS = int(os.environ.get("CSCW_WORKER_NICENESS", "10"))

# Single sign-on with OpenID Connect (web/oidc.py, docs/web.md): on when the client id, the
# provider's endpoints and the allowed email domains are all set. Accounts are matched by email,
# never created; roles are granted in the app. Password sign-in stays on unless switched off.
CSCW_OIDC_ISSUER = os.environ.get("CSCW_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("CSCW_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("CSCW_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("CSCW_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("CSCW_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("CSCW_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("CSCW_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("CSCW_OIDC_SIGN_ALGO", "RS256")
# Tokens name their signing key (kid); 0 only for a provider with one key whose tokens leave it out.
OIDC_VERIFY_KID = os.environ.get("CSCW_OIDC_VERIFY_KID", "1") != "0"
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = False
CSCW_OIDC_ALLOWED_EMAIL_DOMAINS = [
    domain.strip().lower()
    for domain in os.environ.get("CSCW_OIDC_ALLOWED_EMAIL_DOMAINS", "").split(",")
    if domain.strip()
]
CSCW_OIDC_ENABLED = all(
    (
        OIDC_RP_CLIENT_ID,
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
        CSCW_OIDC_ALLOWED_EMAIL_DOMAINS,
    )
)
CSCW_PASSWORD_SIGN_IN = os.environ.get("CSCW_PASSWORD_SIGN_IN", "1") != "0"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "csc_workforce.web.oidc.CouncilAccountBackend",
]
# A refused single sign-on (no account, no role, another domain) ends on the "ask your
# administrator" page.
LOGIN_REDIRECT_URL_FAILURE = "/accounts/sign-in/refused/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cscw"}}

# Sessions and cookies: HttpOnly everywhere, SameSite=Lax; Secure only where HTTPS is served.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Uploads: census files are held in memory up to the limit, refused above it.
CSCW_MAX_UPLOAD_BYTES = int(os.environ.get("CSCW_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# A census upload over this size is checked by the job worker, not in the request (web.returns.tasks).
CSCW_INLINE_CHECK_BYTES = int(os.environ.get("CSCW_INLINE_CHECK_BYTES", str(256 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = CSCW_MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_PERMISSIONS = 0o600

# Login throttling: failures per username and per client address within the window (web/accounts.py).
CSCW_LOGIN_MAX_FAILURES = 5
CSCW_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("CSCW_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
CSCW_LOGIN_WINDOW_SECONDS = 15 * 60
# Reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is believed,
# so sign-in throttling and the audit log see each client's own address (docs/web.md).
CSCW_TRUSTED_PROXIES = [entry for entry in os.environ.get("CSCW_TRUSTED_PROXIES", "").split(",") if entry]
# The footer's feedback and privacy pages: who to contact (an email address), and where the
# software's own issues are reported.
CSCW_SERVICE_CONTACT = os.environ.get("CSCW_SERVICE_CONTACT", "")
CSCW_FEEDBACK_URL = os.environ.get("CSCW_FEEDBACK_URL", "")
# Sessions end after this long without a request, besides SESSION_COOKIE_AGE's absolute limit.
CSCW_SESSION_IDLE_SECONDS = int(os.environ.get("CSCW_SESSION_IDLE_SECONDS", str(30 * 60)))
# Accepting a return computes its council's and region's dashboards at once (dashboards/warming.py).
CSCW_WARM_DASHBOARDS_ON_ACCEPT = True

# Agency cooling-off matching: the region's secret for keyed hashes of SWE numbers. Accepted
# returns' leavers are stored only as keys under it; unset, none are stored and cooling-off is
# not checked (docs/agency.md).
CSCW_REGION_SECRET = os.environ.get("CSCW_REGION_SECRET", "")

# Regional views: groups of 1 to threshold-1 people are suppressed.
CSCW_DISCLOSURE_THRESHOLD = int(os.environ.get("CSCW_DISCLOSURE_THRESHOLD", str(DEFAULT_THRESHOLD)))

# Logs go to standard error: one JSON object per line (web/request_log.py; production's default,
# for a log collector) or plain text (the demo's and development's default). CSCW_LOG_FORMAT
# chooses.
LOG_FORMATS = ("json", "plain")


def logging_settings(log_format: str) -> dict[str, Any]:
    """Django's ``LOGGING`` for ``log_format``, "json" or "plain"."""
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(f"CSCW_LOG_FORMAT must be json or plain, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "csc_workforce.web.request_log.JsonLogFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"csc_workforce": {"level": "INFO"}, "django.request": {"level": "ERROR"}},
    }


LOGGING = logging_settings(os.environ.get("CSCW_LOG_FORMAT", "plain"))
