"""pytest: SQLite by default; PostgreSQL when CSCW_TEST_POSTGRES_URL is set (the postgres re-run)."""

from __future__ import annotations

import os
from urllib.parse import urlparse

from csc_workforce.web.settings.base import *  # noqa: F403
from csc_workforce.web.settings.base import INSTALLED_APPS

SECRET_KEY = "test-only-not-secret"  # noqa: S105 - test settings
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
# The test-only app lets pytest-django empty the append-only audit table between tests.
INSTALLED_APPS = [*INSTALLED_APPS, "csc_workforce.web.testsupport"]

_postgres_url = os.environ.get("CSCW_WEB_TEST_DATABASE", "")
if _postgres_url:
    _url = urlparse(_postgres_url)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": (_url.path or "/postgres").lstrip("/"),
            "USER": _url.username or "postgres",
            "PASSWORD": _url.password or "",
            "HOST": _url.hostname or "127.0.0.1",
            "PORT": str(_url.port or 5432),
            "TEST": {"NAME": f"cscw_test_{os.getpid()}"},
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
