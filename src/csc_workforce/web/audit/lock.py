"""The SQLite side of the append-only guarantee.

SQLite triggers cannot read session settings, so the DELETE trigger asks a SQL function registered
on every Django connection whether maintenance is unlocked. Here it always answers no: only the
test-only app (``web.testsupport``) replaces it with one that the test runner's flush can unlock.
Any other client (the sqlite3 shell) has no such function, so its DELETE fails too.
"""

from __future__ import annotations

from typing import Any, Final

from django.db.backends.signals import connection_created

SQL_FUNCTION: Final = "cscw_audit_unlocked"


def _locked() -> int:
    return 0


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 0, _locked)


connection_created.connect(_register)
