"""Hostile uploads under load: nine worst-case files uploaded at once while 20 users browse (issue 9).

Starts ``csc-workforce demo`` on a free loopback port (as ``web_load.py`` does), signs in 20
browsing users and nine uploading analysts, then at the same moment:

- the nine analysts each upload one of the worst files (sparse-row, many-part and DOCTYPE-hiding
  workbooks, the processing-instruction trick, 5,000 nested elements, a 19 MB value); a file over
  ``CSCW_INLINE_CHECK_BYTES`` is checked by the job worker, and its analyst follows the submission
  page until it is no longer "Being checked";
- the 20 users fetch dashboards, each a bounded number of times (``--requests`` in all);
- ``--accepts`` analysts download their council's current return and accept it again.

The same users first browse the same number of pages with no uploads, as the baseline. Prints
p50/p95 per page for both, the p95 ratio, each upload's time and answer, and every accept's HTTP
status. The check (exit 1 otherwise): no page waits more than ``--max-page-seconds`` (2) while the
uploads run, every upload is refused with a page (its report or refusal, never a 500 or a stopped
check), no accept answers 500.
Run it on a quiet machine (``uptime`` load under the core count): the figures are wall-clock.

    uv run python benchmarks/hostile_load.py [--requests 600] [--accepts 3] [--data-dir DIR]

Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.security

from tests.security import hostile_files
from web_load import (
    COUNCILS,
    Pauses,
    Session,
    demo_server,
    percentile,
    print_latency_table,
    sign_in,
    wait_for_idle_queue,
)

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_DOWNLOAD = re.compile(r'href="(/councils/\d+/returns/\d+/census\.xml)"')
_SUBMISSION = re.compile(r"/councils/\d+/submissions/(\d+)/")
HEALTH = "healthz"
CHECKING = 'id="checking"'  # the submission page while the worker checks the upload
REFUSED = ("The file could not be read", "This return has errors and cannot be accepted")
FOLLOW_SECONDS = 600.0  # the longest a background check is followed (the worker runs them in turn)


def worst_files() -> list[tuple[str, bytes]]:
    builders = [
        ("sparse-rows.xlsx", hostile_files.sparse_row_workbook),
        ("sparse-rows-2.xlsx", hostile_files.sparse_row_workbook),
        ("many-parts.xlsx", hostile_files.many_part_bomb),
        ("doctype-part.xlsx", hostile_files.doctype_in_workbook_part),
        ("external-object.xlsx", hostile_files.external_object_workbook),
        ("pi-trick.xml", hostile_files.pi_trick_xml),
        ("nested-source.xml", hostile_files.nested_source_xml),
        ("huge-value.xml", hostile_files.huge_value_xml),
        ("wide-row.xlsx", hostile_files.wide_row_workbook),
    ]
    return [(name, build()) for name, build in builders]


def _token(session: Session, path: str) -> str:
    status, page = session.request("GET", path)
    match = _CSRF_INPUT.search(page.decode("utf-8", "replace"))
    if status != 200 or match is None:
        raise RuntimeError(f"{path}: HTTP {status}, no form")
    return match.group(1)


def upload(session: UploadSession, council: str, name: str, data: bytes) -> tuple[int, str]:
    """POST one file as the upload form does; the HTTP status and the page it redirects to."""
    path = f"/councils/{council}/submissions/new/"
    token = _token(session, path)
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'.encode(),
            b"Content-Type: application/octet-stream\r\n\r\n",
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    status, _ = session.request_raw("POST", path, body, f"multipart/form-data; boundary={boundary}")
    return status, session.last_location


def checked_page(session: Session, location: str) -> tuple[int, str, bool]:
    """The submission page once its upload is checked: followed (once a second, bounded) while
    the worker checks it in the background; and whether it was."""
    deadline, waited = time.monotonic() + FOLLOW_SECONDS, False
    while True:
        status, page = session.request("GET", location)
        text = page.decode("utf-8", "replace")
        if status != 200 or CHECKING not in text or time.monotonic() > deadline:
            return status, text, waited
        waited = True
        time.sleep(1.0)


def refusal(status: int, location: str, session: Session) -> str:
    """How one upload was answered: "refused" when its page (after any background check) is the
    report of a return with errors or the refusal of an unreadable file, else what went wrong."""
    if status != 302 or _SUBMISSION.search(location) is None:
        return f"HTTP {status}"
    page_status, text, waited = checked_page(session, location)
    if page_status != 200:
        return f"page HTTP {page_status}"
    if CHECKING in text:
        return "still being checked"
    if not any(marker in text for marker in REFUSED):
        return "not refused"
    return "refused in the background" if waited else "refused"


class UploadSession(Session):
    """A session that can send a raw body and remembers the last redirect."""

    last_location: str = ""

    def request_raw(self, method: str, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        import http.client  # noqa: PLC0415

        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Content-Type": content_type,
            "Referer": f"http://{self.host}:{self.port}{path}",
        }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            self.last_location = response.headers.get("Location", "")
            return response.status, data
        finally:
            connection.close()


def accept_again(session: UploadSession, council: str) -> str:
    """Download the council's current return, upload it changed by a comment and accept it (a real
    new version, so the accept writes its worker rows under load): how the accept was answered."""
    status, page = session.request("GET", f"/councils/{council}/submissions/")
    links = _DOWNLOAD.findall(page.decode("utf-8", "replace"))
    if status != 200 or not links:
        raise RuntimeError(f"council {council}: no accepted return to download (HTTP {status})")
    status, data = session.request("GET", links[0])
    if status != 200:
        raise RuntimeError(f"{links[0]}: HTTP {status}")
    data += f"<!-- accepted again under load {uuid.uuid4().hex} -->\n".encode()
    status, location = upload(session, council, f"again-{council}.xml", data)
    found = _SUBMISSION.search(location)
    if status != 302 or found is None:
        return f"upload HTTP {status}"
    if CHECKING in checked_page(session, location)[1]:  # a large return: wait for its check
        return "still being checked"
    submission = found.group(1)
    accept_path = f"/councils/{council}/submissions/{submission}/accept/"
    token = _token(session, accept_path)
    status, _ = session.request_raw(
        "POST", accept_path, f"csrfmiddlewaretoken={token}".encode(), "application/x-www-form-urlencoded"
    )
    if status == 302:
        return "refused" if session.last_location.endswith("/accept/") else "accepted"
    return "try again" if status == 409 else f"HTTP {status}"


def run(  # noqa: PLR0917 - the command's options, in order
    host: str, port: int, password: str, users: int, total: int, accepts: int, limit: float, think_ms: float
) -> int:
    wait_for_idle_queue(host, port)
    browsers = sign_in(host, port, password, users)
    for session, pages in browsers:  # warm-up: first views fill the per-process caches
        for path in pages:
            session.request("GET", path)
    files = worst_files()
    uploaders = []
    for index in range(len(files) + accepts):
        session = UploadSession(host, port)
        session.login(f"analyst.{COUNCILS[index % len(COUNCILS)]}", password)
        uploaders.append(session)

    baseline, failures = _browse_while(browsers, total, [], think_ms)
    uploads: list[tuple[str, int, float, str, float]] = []
    accepted: list[str] = []
    lock = threading.Lock()

    def send(session: UploadSession, council: str, name: str, data: bytes) -> None:
        started = time.perf_counter()
        status, location = upload(session, council, name, data)
        answered = time.perf_counter() - started
        outcome = refusal(status, location, session)
        with lock:
            uploads.append((name, status, answered, outcome, time.perf_counter() - started))

    def accept(session: Session, council: str) -> None:
        started = time.perf_counter()
        status = accept_again(session, council)
        with lock:
            accepted.append(f"{status} ({council}, {time.perf_counter() - started:.1f} s)")

    jobs = [
        *(
            (send, (uploaders[index], COUNCILS[index % len(COUNCILS)], name, data))
            for index, (name, data) in enumerate(files)
        ),
        *(
            (accept, (uploaders[len(files) + index], COUNCILS[(len(files) + index) % len(COUNCILS)]))
            for index in range(accepts)
        ),
    ]
    timings, hostile_failures = _browse_while(browsers, total, jobs, think_ms)
    failures += hostile_failures
    calm = [t for kind, values in baseline.items() if kind != HEALTH for t in values]
    loaded = [t for kind, values in timings.items() if kind != HEALTH for t in values]
    print(f"without uploads: {len(calm)} page views by {users} users")
    _print_phase(baseline)
    print(
        f"with {len(files)} hostile uploads and {accepts} accepts: {len(loaded)} page views by {users} users"
    )
    _print_phase(timings)
    for name, status, seconds, outcome, checked in sorted(uploads):
        print(f"upload {name:<22} HTTP {status} in {seconds:.1f} s, {outcome} after {checked:.1f} s")
    print(f"accepts under load: {', '.join(sorted(accepted))}")
    calm_p95, loaded_p95 = percentile(calm, 0.95), percentile(loaded, 0.95)
    print(
        f"page p95: {calm_p95 * 1000:.0f} ms without uploads, {loaded_p95 * 1000:.0f} ms with them "
        f"(ratio {loaded_p95 / calm_p95:.2f}); slowest {max(calm):.2f} s and {max(loaded):.2f} s"
    )
    slowest = max(loaded)
    problems = list(failures)
    if slowest > limit:
        problems.append(f"the slowest page took {slowest:.2f} s, over {limit:.1f} s")
    problems += [
        f"upload {name}: {outcome}" for name, _, _, outcome, _ in uploads if not outcome.startswith("refused")
    ]
    problems += [
        f"accept: {answer}" for answer in accepted if answer.split(" (")[0] not in {"accepted", "try again"}
    ]
    print("check: " + ("passed" if not problems else "FAILED: " + "; ".join(problems[:5])))
    return 1 if problems else 0


def _print_phase(timings: dict[str, list[float]]) -> None:
    print_latency_table({kind: values for kind, values in timings.items() if kind != HEALTH})
    probe = timings.get(HEALTH) or [0.0]
    print(
        f"/healthz probe: {len(probe)} requests, p50 {percentile(probe, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(probe, 0.95) * 1000:.0f} ms, max {max(probe) * 1000:.0f} ms"
    )


def _browse_while(
    browsers: list[tuple[Session, list[str]]],
    total: int,
    jobs: list[tuple[Any, tuple[Any, ...]]],
    think_ms: float,
) -> tuple[dict[str, list[float]], list[str]]:
    """``total`` page views shared out among the browsing users, while ``jobs`` run alongside.

    A probe also asks for ``/healthz`` (one ``SELECT 1``: it never waits for the write lock) every
    quarter second, reported as its own row: when it waits as long as the pages do, the pages are
    queueing for a server thread or the CPU, not for the database.
    """
    counter = iter(range(total))
    lock = threading.Lock()
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    done = threading.Event()
    views: list[tuple[float, float, str]] = []
    phase_start = time.perf_counter()

    def browse(session: Session, pages: list[str], pause: Pauses) -> None:
        for step in range(total):  # bounded: at most --requests per user, fewer when shared out
            if step:
                pause()
            with lock:
                if next(counter, None) is None:
                    return
            path = pages[step % len(pages)]
            started = time.perf_counter()
            status, _ = session.request("GET", path)
            elapsed = time.perf_counter() - started
            with lock:
                views.append((elapsed, started - phase_start, path))
                timings[path.split("/")[1] if not path.startswith("/api/") else "api"].append(elapsed)
                if status != 200:
                    failures.append(f"{path}: HTTP {status}")

    def probe(session: Session) -> None:
        while not done.wait(0.25):
            started = time.perf_counter()
            session.request("GET", "/healthz")
            with lock:
                timings[HEALTH].append(time.perf_counter() - started)

    with ThreadPoolExecutor(max_workers=len(browsers) + len(jobs) + 1) as pool:
        prober = pool.submit(probe, Session(browsers[0][0].host, browsers[0][0].port))
        futures = [pool.submit(job, *arguments) for job, arguments in jobs]
        futures += [
            pool.submit(browse, session, pages, Pauses(think_ms / 1000, seed=index))
            for index, (session, pages) in enumerate(browsers)
        ]
        for future in futures:
            future.result()  # a benchmark bug surfaces here, not as missing figures
        done.set()
        prober.result()
    for elapsed, offset, path in sorted(views, reverse=True)[:3]:
        print(f"slow: {path} took {elapsed:.2f} s, asked {offset:.1f} s into the phase")
    return timings, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--accepts", type=int, default=3)
    parser.add_argument("--max-page-seconds", type=float, default=2.0)
    parser.add_argument("--data-dir", type=Path, help="demo data folder to create or reuse")
    parser.add_argument("--ready-timeout", type=float, default=900.0)
    parser.add_argument(
        "--think-ms", type=float, default=0.0, help="each user's mean pause between pages (0: back to back)"
    )
    args = parser.parse_args()
    password = os.environ.get("CSCW_DEMO_PASSWORD") or secrets.token_urlsafe(18)
    with demo_server(password, args.data_dir, args.ready_timeout) as port:
        return run(
            "127.0.0.1",
            port,
            password,
            args.users,
            args.requests,
            args.accepts,
            args.max_page_seconds,
            args.think_ms,
        )


if __name__ == "__main__":
    sys.exit(main())
