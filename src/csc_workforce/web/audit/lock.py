"""The SQLite side of the append-only guarantee.

SQLite triggers cannot read session settings, so the trigger asks a SQL function registered on
every Django connection whether maintenance is unlocked. Any other client (the sqlite3 shell) has
no such function, so its UPDATE or DELETE fails too. Only the test runner's flush unlocks it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.signals import connection_created

SQL_FUNCTION = "cscw_audit_unlocked"
_state = threading.local()


def _unlocked() -> int:
    return 1 if getattr(_state, "unlocked", False) else 0


@contextmanager
def maintenance_unlocked() -> Iterator[None]:
    """Allow this thread to empty the audit table (used by the test runner's flush only)."""
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = False


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 0, _unlocked)


connection_created.connect(_register)
