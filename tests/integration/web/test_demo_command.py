"""``csc-workforce demo`` end to end: a free port, a temporary data folder, a smaller year set."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration]

PASSWORD = "demo-password-for-tests"
STARTUP_SECONDS = 240


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _demo(data_dir: Path, port: int, password: str | None) -> Iterator[tuple[str, Path]]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CSCW_"))}
    if password is not None:
        env["CSCW_DEMO_PASSWORD"] = password
    log = data_dir.parent / f"demo-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "csc_workforce.cli",
                "demo",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
                "--years",
                "2024-2025",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, "the demo did not become healthy:\n" + log.read_text()
            time.sleep(0.5)
        yield base, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _sign_in(base: str, username: str, password: str) -> tuple[urllib.request.OpenerDirector, str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/accounts/login/?next=/councils/873/workers/") as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": "/councils/873/workers/",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request) as response:
        landed = response.geturl()
        body = response.read().decode()
    assert all(not cookie.secure for cookie in jar), "demo cookies must work over plain http"
    return opener, landed, body


def _ready(base: str, wait_seconds: float = 30) -> object:
    """/readyz's answer once it is 200 (the worker takes a moment to start), or its last answer."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if time.monotonic() > deadline:
                return json.loads(error.read())
        time.sleep(0.5)


def test_demo_serves_the_synthetic_region_and_reuses_its_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo-data"
    with _demo(data_dir, _free_port(), PASSWORD) as (base, log):
        _, landed, body = _sign_in(base, "analyst.873", PASSWORD)
        assert landed == f"{base}/councils/873/workers/"
        assert "Workers in the 2025 return" in body
        assert re.search(r"\d+ worker records", body)
        output = log.read_text()
        assert "Loaded 22 synthetic return(s) for East of England" in output
        assert "lead.east-of-england" in output
    assert (data_dir / "csc-workforce.sqlite3").is_file()
    # Staff records: the folder and the database are the service user's alone.
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / "csc-workforce.sqlite3").stat().st_mode & 0o777 == 0o600

    # A second run reuses the folder and, with no CSCW_DEMO_PASSWORD, prints a generated password.
    with _demo(data_dir, _free_port(), None) as (base, log):
        output = log.read_text()
        assert "Demo data already loaded" in output
        printed = re.search(r"Password \(generated for this run\): (\S+)", output)
        assert printed is not None
        _, landed, _ = _sign_in(base, "analyst.873", printed.group(1))
        assert landed.endswith("/councils/873/workers/")
        # The background job worker runs beside the server: /readyz sees its heartbeat.
        ready = _ready(base)
        assert isinstance(ready, dict)
        assert ready["status"] == "ok"
        assert ready["checks"] == {"database": "ok", "migrations": "ok", "worker": "ok"}
        assert set(ready["queue"]) == {"waiting", "running"}  # the demo's set-up jobs may still run
        started = re.search(r"Background job worker started \(process (\d+)\)", log.read_text())
        assert started is not None
        worker_pid = int(started.group(1))
    # ... and stops with it.
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)


def test_a_port_in_use_is_one_clear_line_and_exit_2_before_any_data_is_built(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo-data"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CSCW_"))}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "csc_workforce.cli",
                "demo",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
            ],
            capture_output=True,
            text=True,
            env={**env, "COLUMNS": "200"},
            timeout=120,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"Error: port {port} on 127.0.0.1 is already in use; choose another with --port"]
    assert result.stdout == ""
    assert not (data_dir / "csc-workforce.sqlite3").exists()
