"""Background jobs in tests: the real database queue, worked in-process.

- ``run_queued_jobs()``: run every queued job now with django-tasks-db's own worker code (in the
  test's thread and transaction), returning how many ran.

The browser tests call it too, while no page is loading: the live server's in-memory SQLite
database is shared between threads with table locks that a busy timeout does not wait for.
"""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

from typing import Any

MAX_JOBS = 50


def _worker() -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
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

    worker, ran = _worker(), 0
    while ran < MAX_JOBS and (queued := DBTaskResult.objects.ready().first()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)
        ran += 1
    return ran


def file_from_job(client: Any, prepare: str, data: dict[str, str] | None = None) -> Any:
    """Press a page's "Prepare ..." button (POST ``prepare``), run the job, and download its file:
    the download's response."""
    started = client.post(prepare, data or {})
    assert started.status_code == 302 and started["Location"].startswith("/jobs/"), started
    assert run_queued_jobs() >= 1
    page = client.get(started["Location"]).content.decode()
    assert 'id="job-done"' in page, page
    return client.get(started["Location"] + "download")
