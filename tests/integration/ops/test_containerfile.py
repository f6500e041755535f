"""The Containerfile stays true without a container runtime: what it copies exists, it installs
from the lock files, it runs as a non-root user, and its static-files step, its command (waitress
on the production settings) and its health check work here, from the same instructions."""

from __future__ import annotations

import http.client
import json
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from csc_workforce.cli.web import stop_worker
from csc_workforce.web.healthcheck import main as healthcheck_main
from csc_workforce.web.healthcheck import probe_host
from csc_workforce.web.request_log import REQUEST_LOGGER
from tests.integration.ops.environments import settings_environment

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[3]
CONTAINERFILE = REPO_ROOT / "Containerfile"
IMAGE_ROOT = "/app"  # the image's WORKDIR: the repository's root here
IMAGE_PORT = "8000"


def instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` in order, continuation lines joined, comments left out."""
    found: list[tuple[str, str]] = []
    pending = ""
    for raw in CONTAINERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).strip().partition(" ")
        found.append((keyword.upper(), arguments.strip()))
        pending = ""
    return found


def arguments_of(keyword: str) -> list[str]:
    return [arguments for name, arguments in instructions() if name == keyword]


def image_environment() -> dict[str, str]:
    """The ENV the image sets, with its paths under /app pointing into this checkout."""
    variables: dict[str, str] = {}
    for arguments in arguments_of("ENV"):
        for assignment in shlex.split(arguments):
            name, _, value = assignment.partition("=")
            variables[name] = value
    variables.pop("PATH")  # $PATH with the image's venv first: this checkout's venv is on sys.executable
    return {
        name: value.replace(IMAGE_ROOT, str(REPO_ROOT), 1) if value.startswith(IMAGE_ROOT) else value
        for name, value in variables.items()
    }


def exec_form(arguments: str) -> list[str]:
    """A CMD or HEALTHCHECK's command, which must be JSON (exec form: signals reach the process)."""
    command = json.loads(arguments[arguments.index("[") :])
    assert isinstance(command, list) and all(isinstance(part, str) for part in command)
    return command


def _environment(static_root: Path) -> dict[str, str]:
    environment = settings_environment("", **image_environment())
    environment["CSCW_STATIC_ROOT"] = str(static_root)
    environment["CSCW_ALLOWED_HOSTS"] = "cscw.example.gov.uk"
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
    return environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_every_file_it_copies_from_the_build_context_exists() -> None:
    copies = [arguments for arguments in arguments_of("COPY") if not arguments.startswith("--from=")]
    assert copies
    for arguments in copies:
        *sources, _target = shlex.split(arguments)
        for source in sources:
            assert (REPO_ROOT / source).exists(), f"COPY {source}: not in the repository"


def test_it_installs_from_the_lock_files_without_dev_tools() -> None:
    runs = arguments_of("RUN")
    installs = [run for run in runs if "uv sync" in run]
    assert installs and all("--frozen" in run or "--locked" in run for run in installs)
    assert all("--no-dev" in run for run in installs)
    assert any("npm ci" in run for run in runs)  # package-lock.json, not a fresh resolution
    assert any(
        arguments.split()[0] == "uv.lock" or " uv.lock" in arguments for arguments in arguments_of("COPY")
    )


def test_it_runs_as_a_user_that_is_not_root() -> None:
    user = arguments_of("USER")[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert any("useradd" in run and user in run.split() for run in arguments_of("RUN"))


def test_it_serves_the_production_settings_with_waitress_on_port_8000() -> None:
    command = exec_form(arguments_of("CMD")[-1])
    assert command[0] == "waitress-serve" and (Path(sys.executable).parent / "waitress-serve").exists()
    assert f"--listen=0.0.0.0:{IMAGE_PORT}" in command
    assert command[-1] == "csc_workforce.web.wsgi:application"
    assert image_environment()["DJANGO_SETTINGS_MODULE"] == "csc_workforce.web.settings.production"
    assert arguments_of("EXPOSE") == [IMAGE_PORT]
    healthcheck = exec_form(arguments_of("HEALTHCHECK")[-1])
    assert healthcheck[-1].endswith(f":{IMAGE_PORT}/healthz")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The image's collectstatic step, run as written."""
    root = tmp_path_factory.mktemp("staticfiles")
    (step,) = [run for run in arguments_of("RUN") if "collectstatic" in run]
    completed = subprocess.run(
        ["bash", "-c", step], env=_environment(root), cwd=REPO_ROOT, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    return root


def test_the_static_files_step_collects_the_apps_and_govuk_assets(static_root: Path) -> None:
    assert (static_root / "govuk" / "govuk-frontend.min.css").is_file()
    assert any((static_root / "cscw").iterdir())
    assert (static_root / "staticfiles.json").exists() or (static_root / "images").is_dir()


@pytest.fixture
def served(static_root: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """The image's command, on a free loopback port instead of 0.0.0.0:8000."""
    port = _free_port()
    command = [
        part.replace(f"0.0.0.0:{IMAGE_PORT}", f"127.0.0.1:{port}")
        for part in exec_form(arguments_of("CMD")[-1])
    ]
    command[0] = str(Path(sys.executable).parent / command[0])
    process = subprocess.Popen(
        command, env=_environment(static_root), cwd=REPO_ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.communicate()[0]
                time.sleep(0.2)
        yield process, port
    finally:
        stop_worker(process)  # type: ignore[arg-type]  # any child process: SIGTERM, then kill


def test_the_health_check_passes_on_the_served_app_and_the_request_is_logged_as_json(
    served: tuple[subprocess.Popen[str], int], static_root: Path
) -> None:
    process, port = served
    healthcheck = [
        part.replace(f":{IMAGE_PORT}/", f":{port}/") for part in exec_form(arguments_of("HEALTHCHECK")[-1])
    ]
    healthcheck[0] = sys.executable
    completed = subprocess.run(
        healthcheck, env=_environment(static_root), capture_output=True, text=True, timeout=30, check=False
    )
    assert completed.returncode == 0, completed.stderr
    # Without the proxy's X-Forwarded-Proto the request is sent to HTTPS, as production does.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/healthz", headers={"Host": "cscw.example.gov.uk"})
    assert connection.getresponse().status == 301
    connection.close()
    process.terminate()
    output = process.communicate(timeout=30)[0]
    entries = [json.loads(line) for line in output.splitlines() if line.strip()]
    requests = [entry for entry in entries if entry["logger"] == REQUEST_LOGGER]
    assert [(entry["path"], entry["status"]) for entry in requests] == [("/healthz", 200), ("/healthz", 301)]
    assert all(entry["user_id"] is None for entry in requests)


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("cscw.example.gov.uk,other", "cscw.example.gov.uk"),
        (".example.gov.uk", "example.gov.uk"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_health_check_asks_for_a_host_the_app_allows(allowed_hosts: str, host: str) -> None:
    assert probe_host(allowed_hosts) == host


def test_the_health_check_fails_in_one_line_when_nothing_answers(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}/healthz"
    assert healthcheck_main([url]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"healthcheck: {url}: ")
