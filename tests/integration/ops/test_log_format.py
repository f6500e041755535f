"""``CSCW_LOG_FORMAT``: JSON by default in production, plain in the demo; the job worker's lines
(each job's start and finish) are JSON objects too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.ops.environments import DEMO, PRODUCTION, run_python, settings_environment

pytestmark = pytest.mark.integration

FORMATTER = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"

WORKER = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from csc_workforce.web.jobs.services import start_job
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.staying import tasks
region = Region.objects.get(slug="east-of-england")
start_job(None, tasks.build_retention_pdf, kind=tasks.RETENTION_PDF, title="Report", region=region)
call_command("jobs_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w-json")
"""


@pytest.mark.parametrize(
    ("settings_module", "variables", "expected"),
    [
        (PRODUCTION, {}, "json"),
        (PRODUCTION, {"CSCW_LOG_FORMAT": "plain"}, "plain"),
        (DEMO, {}, "plain"),
        (DEMO, {"CSCW_LOG_FORMAT": "json"}, "json"),
    ],
)
def test_the_log_format_follows_the_setting(
    settings_module: str, variables: dict[str, str], expected: str, tmp_path: Path
) -> None:
    environment = settings_environment(settings_module, CSCW_DATA_DIR=str(tmp_path), **variables)
    completed = run_python(FORMATTER, environment, tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == expected


def test_an_unknown_log_format_is_refused_naming_the_variable(tmp_path: Path) -> None:
    environment = settings_environment(PRODUCTION, CSCW_LOG_FORMAT="xml")
    completed = run_python(FORMATTER, environment, tmp_path)
    assert completed.returncode != 0
    assert "CSCW_LOG_FORMAT must be json or plain, not 'xml'" in completed.stderr


def test_the_workers_job_start_and_finish_are_json_lines(tmp_path: Path) -> None:
    environment = settings_environment(DEMO, CSCW_DATA_DIR=str(tmp_path), CSCW_LOG_FORMAT="json")
    completed = run_python(WORKER, environment, tmp_path)
    assert completed.returncode == 0, completed.stderr
    lines = (completed.stdout + completed.stderr).splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    tasks = [entry for entry in entries if entry["logger"] == "django_tasks"]
    assert [entry["message"].rsplit("state=", 1)[1] for entry in tasks] == ["RUNNING", "FAILED"]
    assert all("build_retention_pdf" in entry["message"] for entry in tasks)
    assert "This job names no council" in tasks[1]["exception"]  # the traceback, inside the line
    assert any(entry["message"].startswith("Starting worker") for entry in entries)
