"""Readiness: the database answers, every migration is applied, and a worker was seen lately;
and the job queue's depth, for monitoring (it never makes the app unready)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

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


def queue_depth() -> dict[str, int]:
    """How many background jobs wait for the worker and how many it is running now."""
    from django_tasks.base import TaskResultStatus  # noqa: PLC0415 - Django apps load first
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    statuses = {"waiting": TaskResultStatus.READY, "running": TaskResultStatus.RUNNING}
    counted = dict(
        DBTaskResult.objects.filter(status__in=statuses.values())
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    return {name: int(counted.get(status, 0)) for name, status in statuses.items()}
