"""``manage.py jobs_worker``: django-tasks-db's ``db_worker`` (same options), with a heartbeat
that ``/readyz`` reads, so a stopped worker shows as not ready, at a lower CPU priority than the
web server (``CSCW_WORKER_NICENESS``), so a PDF being built never slows the pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from csc_workforce.web.jobs.heartbeat import HeartbeatThread, beat
from csc_workforce.web.jobs.priority import lower_priority


class Command(DatabaseWorkerCommand):
    help = "Run the background job worker (django-tasks' database worker, with a heartbeat for /readyz)"

    def handle(self, *args: Any, **options: Any) -> None:
        lower_priority(settings.CSCW_WORKER_NICENESS)
        worker_id = str(options["worker_id"])
        beat(worker_id)  # seen at once, before the first task
        heartbeat = HeartbeatThread(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
