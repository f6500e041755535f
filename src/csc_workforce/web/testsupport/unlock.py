"""Test code only (``web.testsupport`` is installed by the test settings alone): lets the test
runner's flush empty the append-only audit log on SQLite.

It replaces the audit app's ``cscw_audit_unlocked()``, which always answers 0, on every new
connection, with one this thread can switch on for the length of a flush.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.signals import connection_created

from csc_workforce.web.audit.lock import SQL_FUNCTION

_state = threading.local()


def _unlocked() -> int:
    return 1 if getattr(_state, "unlocked", False) else 0


@contextmanager
def maintenance_unlocked() -> Iterator[None]:
    """Allow this thread to empty the audit table (the test runner's flush only)."""
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = False


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 0, _unlocked)


def connect() -> None:
    """Register after the audit app's receiver, so this function wins on every connection."""
    connection_created.connect(_register, dispatch_uid="cscw-testsupport-unlock")
