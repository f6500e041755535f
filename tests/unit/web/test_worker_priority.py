"""The job worker runs below the web server's CPU priority, so a PDF being built never slows pages."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from csc_workforce.web.jobs.management.commands import jobs_worker
from csc_workforce.web.jobs.priority import lower_priority

pytestmark = pytest.mark.skipif(not hasattr(os, "nice"), reason="Unix nice values")


def test_lowering_by_nothing_keeps_the_priority() -> None:
    assert lower_priority(0) == os.nice(0)


def test_the_worker_lowers_its_priority_by_the_setting() -> None:
    # In a child process: raising a nice value cannot be undone without privilege.
    script = (
        "import os; from csc_workforce.web.jobs.priority import lower_priority;"
        "before = os.nice(0); after = lower_priority(7); print(after - before, os.nice(0) - before)"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["7", "7"]


class _NoHeartbeat:
    def __init__(self, worker_id: str) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def test_the_command_applies_the_configured_niceness(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    asked: list[int] = []
    monkeypatch.setattr(jobs_worker, "lower_priority", asked.append)
    monkeypatch.setattr(jobs_worker, "beat", lambda worker_id: None)
    monkeypatch.setattr(jobs_worker, "HeartbeatThread", _NoHeartbeat)
    monkeypatch.setattr(jobs_worker.DatabaseWorkerCommand, "handle", lambda *args, **options: None)
    settings.CSCW_WORKER_NICENESS = 12
    jobs_worker.Command().handle(worker_id="w-nice")
    assert asked == [12]
