"""Dashboard latency under load: concurrent signed-in users on the demo app over loopback.

Starts ``csc-workforce demo`` (East of England, 11 councils, 2021-2025) on a free loopback port
with a fixed demo password, signs in ``--users`` sessions (council analysts round-robin, plus the
regional lead), then each session fetches pages until ``--requests`` have been made in all: an
analyst every page of their council (dashboard, forecast, retention, continuity, agency, sharing,
submissions, HR build, workers), the region dashboard and the measures API; a lead every page of
the region and its API. Prints p50/p95/max latency, requests per second and failures, overall
and per page, and the slowest page views with when each was asked.

    uv run python benchmarks/web_load.py --users 20 --requests 1000
    uv run python benchmarks/web_load.py --background-pdfs --max-p95-ms 300

``--background-pdfs`` keeps a board pack PDF being built by the background worker throughout the
timed run (one more analyst asks for it, follows its job page until it is ready, and asks again);
the job page's polls are timed with the rest. ``--max-p95-ms`` exits 1 if any page's p95 is over it.

Each user's pages are first fetched once, one user at a time (the warm-up fills the per-process
caches; its latency is printed on its own); ``--cold`` skips it and times first views under load.

``--url`` targets an app that is already running (with ``--password`` for its demo users);
``--data-dir`` reuses a demo database between runs (the first run builds it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COUNCILS = ("873", "822", "823", "919", "881", "821", "926", "874", "882", "935", "883")
REGION = "east-of-england"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Session:
    """One signed-in browser: a keep-alive connection and its cookies."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None
    location: str = ""  # the last response's Location header (a redirect's target)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}{path}",
            }
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            self.location = response.getheader("Location") or ""
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        raise AssertionError("unreachable")

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        match = _CSRF_INPUT.search(page.decode("utf-8", "replace"))
        if status != 200 or match is None:
            raise RuntimeError(f"login page: HTTP {status}")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
        )
        status, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"could not sign in as {username}: HTTP {status}")


def wait_ready(host: str, port: int, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the demo exited with code {process.returncode} before it was ready")
        try:
            connection = http.client.HTTPConnection(host, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the app on {host}:{port} was not ready within {timeout:.0f} s")


SETTLE_SECONDS = 900.0


def wait_for_idle_queue(host: str, port: int, timeout: float = SETTLE_SECONDS) -> None:
    """Wait until the worker has no job waiting or running (``/readyz``'s queue), so the run times
    the steady state, not a new installation's one-off set-up jobs; prints how long that took."""
    started = time.monotonic()
    queue: dict[str, int] = {}
    while time.monotonic() - started < timeout:
        connection = http.client.HTTPConnection(host, port, timeout=5)
        connection.request("GET", "/readyz")
        queue = json.loads(connection.getresponse().read() or b"{}").get("queue") or {}
        if queue and not any(queue.values()):
            print(f"job queue idle after {time.monotonic() - started:.0f} s")
            return
        time.sleep(1.0)
    raise RuntimeError(f"the job queue was not idle within {timeout:.0f} s: {queue}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def print_latency_table(timings: dict[str, list[float]]) -> None:
    """p50, p95 and max per page kind, and over all pages."""
    everything = [t for values in timings.values() for t in values]
    print(f"{'page':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in [*sorted(timings.items()), ("all", everything)]:
        print(
            f"{kind:<24} {len(values):>5} {percentile(values, 0.5) * 1000:>8.0f} "
            f"{percentile(values, 0.95) * 1000:>8.0f} {max(values) * 1000:>8.0f}"
        )


COUNCIL_PAGES = (
    "",
    "forecast/",
    "retention/",
    "continuity/",
    "agency/",
    "sharing/",
    "submissions/",
    "hr/",
    "workers/",
)
REGION_PAGES = ("", "forecast/", "retention/", "continuity/", "agency/", "sharing/")


def plan(user_index: int, lead: bool) -> list[str]:
    """The pages one user cycles through: every page of their council (an analyst) or region (a
    lead), each dashboard's measures API, and for analysts the region dashboard too."""
    region = [f"/region/{REGION}/{page}" for page in REGION_PAGES]
    if lead:
        return [*region, f"/api/regions/{REGION}/measures"]
    council = COUNCILS[user_index % len(COUNCILS)]
    own = [f"/councils/{council}/{page}" for page in COUNCIL_PAGES]
    return [*own, region[0], f"/api/councils/{council}/measures"]


def page_kind(path: str) -> str:
    """What a path shows, whichever council it is for: ``/councils/822/forecast/`` is
    ``councils/*/forecast``."""
    parts = [part for part in path.split("/") if part]
    if parts[0] == "api":
        return f"api {parts[1]}"
    return "/".join(["*" if index == 1 else part for index, part in enumerate(parts)])


PDF_COUNCIL = COUNCILS[0]
JOB_POLL_SECONDS = 0.5


def build_pdfs_in_background(
    session: Session, stop: threading.Event, record: Any, built: list[float]
) -> None:
    """Ask for the board pack again and again until ``stop``, following each job's page (as its
    refresh would) until it is ready; ``record(kind, seconds, status)`` times every request."""
    while not stop.is_set():
        status, page = session.request("GET", f"/councils/{PDF_COUNCIL}/")
        token = _CSRF_INPUT.search(page.decode("utf-8", "replace"))
        if status != 200 or token is None:
            raise RuntimeError(f"dashboard for the board pack: HTTP {status}")
        asked = time.perf_counter()
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1)})
        status, _ = session.request("POST", f"/councils/{PDF_COUNCIL}/forecast/board-pack/prepare/", form)
        if status != 302 or "/jobs/" not in session.location:
            raise RuntimeError(f"prepare the board pack: HTTP {status}")
        job_page = urllib.parse.urlsplit(session.location).path
        while not stop.is_set():
            started = time.perf_counter()
            status, page = session.request("GET", job_page)
            record("jobs", time.perf_counter() - started, status)
            if b'id="job-failed"' in page:
                raise RuntimeError(f"the board pack job failed: {job_page}")
            if b'id="job-done"' in page:
                built.append(time.perf_counter() - asked)
                break
            stop.wait(JOB_POLL_SECONDS)


class Pauses:
    """A user's reading time between pages: uniform between half and one and a half times
    ``mean_seconds``, so users do not move in step; none when it is 0 (back-to-back requests)."""

    def __init__(self, mean_seconds: float, seed: int) -> None:
        self._mean = mean_seconds
        self._random = random.Random(seed)

    def __call__(self) -> None:
        if self._mean > 0:
            time.sleep(self._mean * self._random.uniform(0.5, 1.5))


def p95_within(timings: dict[str, list[float]], max_p95_ms: float) -> bool:
    """Print and return whether every page kind's p95 is at most ``max_p95_ms``."""
    p95 = {kind: percentile(values, 0.95) * 1000 for kind, values in timings.items()}
    slowest = max(p95, key=lambda kind: p95[kind])
    within = p95[slowest] <= max_p95_ms
    print(
        f"every page's p95 at most {max_p95_ms:.0f} ms: {'yes' if within else 'NO'} "
        f"(slowest: {slowest}, {p95[slowest]:.0f} ms)"
    )
    return within


def print_summary(timings: dict[str, list[float]], failures: list[str], users: int, wall: float) -> None:
    everything = [t for values in timings.values() for t in values]
    print(
        f"{len(everything)} requests by {users} concurrent users in {wall:.1f} s: "
        f"{len(everything) / wall:.1f} req/s"
    )
    print_latency_table(timings)
    print(f"failures: {len(failures)}" + (f" (first: {failures[0]})" if failures else ""))
    print(
        f"mean {statistics.fmean(everything) * 1000:.0f} ms; "
        f"p95/p50 ratio {percentile(everything, 0.95) / percentile(everything, 0.5):.1f}"
    )


class ViewLog:
    """Every timed page view: latency by page kind, failures, and when each was asked."""

    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.failures: list[str] = []
        self._views: list[tuple[float, float, str]] = []  # (seconds, asked into the run, path)
        self._began = time.perf_counter()
        self._lock = threading.Lock()

    def record(self, kind: str, elapsed: float, status: int, path: str = "") -> None:
        with self._lock:
            self.timings[kind].append(elapsed)
            self._views.append((elapsed, time.perf_counter() - elapsed - self._began, path or kind))
            if status != 200:
                self.failures.append(f"{path or kind}: HTTP {status}")

    def print_slowest(self, count: int = 8) -> None:
        """The slowest views and when each was asked: a tail in step across pages points at the
        machine or a shared lock, one page's tail at that page."""
        print("slowest page views:")
        for elapsed, asked, path in sorted(self._views, reverse=True)[:count]:
            print(f"  {elapsed * 1000:>6.0f} ms  at {asked:>6.1f} s  {path}")


def warm_up(sessions: list[tuple[Session, list[str]]]) -> None:
    """First views fill the per-process caches (published comparisons, parsed returns); they are
    timed on their own so the run measures the steady state."""
    first: list[float] = []
    for session, pages in sessions:
        for path in pages:
            started = time.perf_counter()
            status, _ = session.request("GET", path)
            first.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"warm-up {path}: HTTP {status}")
    print(
        f"warm-up (one user at a time): {len(first)} first views, "
        f"p50 {percentile(first, 0.5) * 1000:.0f} ms, max {max(first) * 1000:.0f} ms"
    )


def sign_in(host: str, port: int, password: str, users: int) -> list[tuple[Session, list[str]]]:
    """``users`` signed-in sessions, each with the pages it cycles through."""
    sessions: list[tuple[Session, list[str]]] = []
    for index in range(users):
        lead = index % 10 == 9  # two regional leads among twenty users
        username = f"lead.{REGION}" if lead else f"analyst.{COUNCILS[index % len(COUNCILS)]}"
        session = Session(host, port)
        session.login(username, password)
        sessions.append((session, plan(index, lead)))
    return sessions


def run(
    host: str,
    port: int,
    password: str,
    users: int,
    total: int,
    *,
    warm: bool = True,
    background_pdfs: bool = False,
    max_p95_ms: float | None = None,
    think_ms: float = 0.0,
) -> int:
    wait_for_idle_queue(host, port)
    sessions = sign_in(host, port, password, users)
    if warm:
        warm_up(sessions)
    counter = iter(range(total))
    lock = threading.Lock()
    log = ViewLog()
    record, timings, failures = log.record, log.timings, log.failures

    def worker(session: Session, pages: list[str], pause: Pauses, step: int) -> None:
        while True:
            pause()  # before the first page too: users arrive at their own moments, not in step
            with lock:
                if next(counter, None) is None:
                    return
            path = pages[step % len(pages)]
            step += 1
            started = time.perf_counter()
            try:
                status, _ = session.request("GET", path)
            except OSError as error:
                status, _ = 0, str(error)
            elapsed = time.perf_counter() - started
            record(page_kind(path), elapsed, status, path)

    stop, built = threading.Event(), list[float]()
    builder = None
    if background_pdfs:
        pdf_session = Session(host, port)
        pdf_session.login(f"analyst.{PDF_COUNCIL}", password)
        builder = ThreadPoolExecutor(max_workers=1)
        building = builder.submit(build_pdfs_in_background, pdf_session, stop, record, built)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        for index, (session, pages) in enumerate(sessions):
            # Each user starts at their own place in their round of pages, as people at any moment
            # are on different pages, so no page is asked for by everyone at once.
            pool.submit(worker, session, pages, Pauses(think_ms / 1000, seed=index), index)
    wall = time.perf_counter() - started
    if builder is not None:
        stop.set()
        building.result()  # a failed build is an error of the run
        builder.shutdown()
        print(
            f"board packs built in the background during the run: {len(built)}"
            + (f", {statistics.fmean(built):.1f} s each from asking to ready" if built else "")
        )
    print_summary(timings, failures, users, wall)
    log.print_slowest()
    if max_p95_ms is not None and not p95_within(timings, max_p95_ms):
        return 1
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--url", help="an app already running, e.g. http://127.0.0.1:8000")
    parser.add_argument("--password", default=os.environ.get("CSCW_DEMO_PASSWORD"))
    parser.add_argument("--data-dir", type=Path, help="demo data folder to create or reuse")
    parser.add_argument("--ready-timeout", type=float, default=900.0)
    parser.add_argument("--cold", action="store_true", help="no warm-up: time the first views under load too")
    parser.add_argument(
        "--background-pdfs", action="store_true", help="keep a board pack PDF building in the background"
    )
    parser.add_argument("--max-p95-ms", type=float, help="exit 1 if any page's p95 is over this")
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="each user's mean pause between pages (0: back to back, the stress case)",
    )
    args = parser.parse_args()

    if args.url:
        target = urllib.parse.urlsplit(args.url)
        if not args.password:
            parser.error("--url needs --password (or CSCW_DEMO_PASSWORD)")
        wait_ready(target.hostname or "127.0.0.1", target.port or 80, None, args.ready_timeout)
        return run(
            target.hostname or "127.0.0.1",
            target.port or 80,
            args.password,
            args.users,
            args.requests,
            background_pdfs=args.background_pdfs,
            max_p95_ms=args.max_p95_ms,
            think_ms=args.think_ms,
        )

    password = args.password or secrets.token_urlsafe(18)
    with demo_server(password, args.data_dir, args.ready_timeout) as port:
        return run(
            "127.0.0.1",
            port,
            password,
            args.users,
            args.requests,
            warm=not args.cold,
            background_pdfs=args.background_pdfs,
            max_p95_ms=args.max_p95_ms,
            think_ms=args.think_ms,
        )


@contextmanager
def demo_server(password: str, data_dir: Path | None, ready_timeout: float) -> Iterator[int]:
    """``csc-workforce demo`` on a free loopback port (data in ``data_dir`` or a temporary folder)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="cscw-load-") as scratch:
        folder = data_dir or Path(scratch) / "demo"
        command = ["csc-workforce", "demo", "--port", str(port), "--data-dir", str(folder)]
        print(f"starting: {' '.join(command)}", file=sys.stderr)
        log = (Path(scratch) / "demo.log").open("wb")
        process = subprocess.Popen(
            command, env=os.environ | {"CSCW_DEMO_PASSWORD": password}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            started = time.perf_counter()
            wait_ready("127.0.0.1", port, process, ready_timeout)
            print(f"demo ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


if __name__ == "__main__":
    sys.exit(main())
