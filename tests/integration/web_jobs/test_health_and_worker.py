"""``/healthz`` (the process answers) and ``/readyz`` (database, migrations, a recent worker),
without signing in and with no personal data; the ``jobs_worker`` command runs queued jobs and
beats its heartbeat."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import signal
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

pytestmark = [pytest.mark.integration, pytest.mark.web]


@pytest.mark.django_db
def test_healthz_answers_without_a_sign_in() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_needs_a_worker_seen_recently() -> None:
    from csc_workforce.web.jobs.heartbeat import beat
    from csc_workforce.web.jobs.models import WorkerHeartbeat

    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "ok", "worker": "not seen recently"},
        "queue": {"waiting": 0, "running": 0},
    }
    beat("worker-1")
    ready = Client().get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    assert ready["Cache-Control"].startswith("max-age=0")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=10))
    assert Client().get("/readyz").json()["checks"]["worker"] == "not seen recently"


@pytest.mark.django_db
def test_readyz_names_unapplied_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db.migrations.executor import MigrationExecutor

    from csc_workforce.web.jobs.heartbeat import beat

    beat("worker-1")
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("jobs", "0002")])
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["migrations"] == "1 not applied"


def test_the_worker_command_runs_queued_jobs_and_beats(transactional_db: Any, admin_user: Any) -> None:
    from django.db import connection

    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        # The worker claims tasks in BEGIN EXCLUSIVE, which SQLite's shared in-memory test database
        # refuses at once while another thread's connection (the live server's) holds a lock. It runs
        # in the PostgreSQL re-run, and the demo test runs the real worker on an SQLite file.
        pytest.skip("the worker's exclusive transactions need a file or PostgreSQL database")
    from csc_workforce.web.jobs.models import Job, WorkerHeartbeat
    from csc_workforce.web.jobs.services import JobState, job_state, start_job
    from csc_workforce.web.orgs.models import Region
    from csc_workforce.web.staying import tasks

    region = Region.objects.get(slug="east-of-england")
    job = start_job(
        None, tasks.build_retention_pdf, kind=tasks.RETENTION_PDF, title="No council", region=region
    )
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("jobs_worker", "--batch", "--no-startup-delay", "--worker-id", "w-test", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    job = Job.objects.get(pk=job.pk)
    assert job_state(job) is JobState.FAILED and job.error == "This job names no council"
    assert WorkerHeartbeat.objects.filter(worker_id="w-test").exists()


@pytest.mark.django_db
def test_readyz_counts_the_jobs_waiting_for_the_worker() -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from csc_workforce.web.jobs.services import start_job
    from csc_workforce.web.orgs.directory import ensure_councils
    from csc_workforce.web.orgs.models import Region
    from csc_workforce.web.staying import tasks

    ensure_councils()
    region = Region.objects.get(slug="east-of-england")
    for title in ("first", "second"):
        start_job(None, tasks.build_retention_pdf, kind=tasks.RETENTION_PDF, title=title, region=region)
    assert Client().get("/readyz").json()["queue"] == {"waiting": 2, "running": 0}
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("pk").values("pk")[:1]).update(
        status=TaskResultStatus.RUNNING
    )
    assert Client().get("/readyz").json()["queue"] == {"waiting": 1, "running": 1}
