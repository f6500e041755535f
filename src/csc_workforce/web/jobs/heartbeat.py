"""The worker's heartbeat: a row per worker process, touched every few seconds, read by /readyz."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Final

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from csc_workforce.web.jobs.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

BEAT_SECONDS: Final = 15.0


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": timezone.now()})


def worker_seen_recently() -> bool:
    """Whether any worker's heartbeat is younger than ``CSCW_WORKER_STALE_SECONDS``."""
    since = timezone.now() - timedelta(seconds=settings.CSCW_WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()


class HeartbeatThread(threading.Thread):
    """Beats until stopped; a database that is briefly busy is retried at the next beat."""

    def __init__(self, worker_id: str, interval: float = BEAT_SECONDS) -> None:
        super().__init__(name="jobs-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                except DatabaseError:
                    logger.warning("worker %s: heartbeat not recorded (database busy)", self.worker_id)
                self.stopped.wait(self.interval)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
