"""pytest: SQLite in memory; PostgreSQL when CSCW_WEB_TEST_DATABASE is set (the PostgreSQL re-run,
tests/integration/web/test_postgres_rerun.py, sets it from CSCW_TEST_POSTGRES_URL)."""

from __future__ import annotations

import os

from csc_workforce.web.settings.base import *  # noqa: F403
from csc_workforce.web.settings.base import INSTALLED_APPS, postgres_database

SECRET_KEY = "test-only-not-secret"  # noqa: S105 - test settings
# The region's shared secret, so accepted returns get their leaver keys (tests without it override).
CSCW_REGION_SECRET = "test-only-region-secret"  # noqa: S105 - test settings
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
# The test-only app lets pytest-django empty the append-only audit table between tests.
INSTALLED_APPS = [*INSTALLED_APPS, "csc_workforce.web.testsupport"]

_postgres_url = os.environ.get("CSCW_WEB_TEST_DATABASE", "")
if _postgres_url:
    DATABASES = {"default": postgres_database(_postgres_url, TEST={"NAME": f"cscw_test_{os.getpid()}"})}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
