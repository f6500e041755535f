"""Background jobs in tests: the real database queue, worked in-process.

- ``run_queued_jobs()``: run every queued job now with django-tasks-db's own worker code (in the
  test's thread and transaction), returning how many ran.
- ``job_worker``: django-tasks-db's worker loop in a thread for the live server (browser tests).
"""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

MAX_JOBS = 50


def _worker(batch: bool, interval: float = 0.0) -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_queued_jobs() -> int:
    """Claim and run queued tasks one by one, as the worker does (its loop would close the test's
    connection, so only its claim and run steps are used here)."""
    from django_tasks_db.models import DBTaskResult

    worker, ran = _worker(batch=True), 0
    while ran < MAX_JOBS and (queued := DBTaskResult.objects.ready().first()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)
        ran += 1
    return ran


@pytest.fixture
def job_worker(transactional_db: Any) -> Iterator[Any]:
    """The database worker polling every 0.1 s in a thread, stopped after the test."""
    from django.db import connection

    worker = _worker(batch=False, interval=0.1)

    def work() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="test-job-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=30)
