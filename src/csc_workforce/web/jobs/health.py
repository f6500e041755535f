"""Readiness: the database answers, every migration is applied, and a worker was seen lately."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from csc_workforce.web.jobs.heartbeat import worker_seen_recently


def readiness() -> tuple[bool, dict[str, Any]]:
    """``(ready, checks)``: each check ``"ok"`` or a short reason; no personal data."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, {"database": "unreachable", "migrations": "unknown", "worker": "unknown"}
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    try:
        worker = "ok" if worker_seen_recently() else "not seen recently"
    except DatabaseError:  # the heartbeat table's migration is not applied yet
        worker = "unknown"
    checks = {
        "database": "ok",
        "migrations": "ok" if not unapplied else f"{len(unapplied)} not applied",
        "worker": worker,
    }
    return all(value == "ok" for value in checks.values()), checks
