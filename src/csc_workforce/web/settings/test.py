"""pytest: SQLite in memory; PostgreSQL when CSCW_WEB_TEST_DATABASE is set (the PostgreSQL re-run,
tests/integration/web/test_postgres_rerun.py, sets it from CSCW_TEST_POSTGRES_URL); an SQLite file
in WAL mode, as the app runs, when it is ``sqlite:///PATH`` (tests/integration/web/test_concurrency.py
re-runs its threaded tests there: threads cannot race on the shared in-memory database)."""

from __future__ import annotations

import os

from csc_workforce.web.settings.base import *  # noqa: F403
from csc_workforce.web.settings.base import INSTALLED_APPS, postgres_database, sqlite_database

SECRET_KEY = "test-only-not-secret"  # noqa: S105 - test settings
# The region's shared secret, so accepted returns get their leaver keys (tests without it override).
CSCW_REGION_SECRET = "test-only-region-secret"  # noqa: S105 - test settings
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Tests accept hundreds of returns; warming dashboards after each is tested on its own.
CSCW_WARM_DASHBOARDS_ON_ACCEPT = False
# Tests run the worker command inside pytest's own process, which must keep its priority.
CSCW_WORKER_NICENESS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
# The test-only app lets pytest-django empty the append-only audit table between tests.
INSTALLED_APPS = [*INSTALLED_APPS, "csc_workforce.web.testsupport"]

_database_url = os.environ.get("CSCW_WEB_TEST_DATABASE", "")
if _database_url.startswith("sqlite:///"):
    _file = _database_url.removeprefix("sqlite:///")
    DATABASES = {"default": {**sqlite_database(_file), "TEST": {"NAME": _file}}}
elif _database_url:
    DATABASES = {"default": postgres_database(_database_url, TEST={"NAME": f"cscw_test_{os.getpid()}"})}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
