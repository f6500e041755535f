"""The demo: SQLite in the data directory, plain HTTP on loopback (so cookies are not Secure)."""

from __future__ import annotations

import os
from pathlib import Path

from csc_workforce.web.settings.base import *  # noqa: F403
from csc_workforce.web.settings.base import sqlite_database

DATA_DIR = Path(os.environ.get("CSCW_DATA_DIR", "demo-data")).resolve()
DATABASES = {"default": sqlite_database(DATA_DIR / "csc-workforce.sqlite3")}
SECRET_KEY = os.environ.get("CSCW_SECRET_KEY", "")  # the demo command writes one into the data dir
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}
# The demo's users sign in with passwords, whatever the environment says; single sign-on is added
# when the CSCW_OIDC_* settings are set.
CSCW_PASSWORD_SIGN_IN = True
