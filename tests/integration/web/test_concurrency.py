"""Accepting under load never answers 500, on SQLite or PostgreSQL (issue 9).

The threaded tests need a database threads can race on: the SQLite file in WAL mode the app runs on,
or PostgreSQL. The in-memory test database is shared between threads with table locks that never
wait, so there they skip and :func:`test_threaded_tests_pass_on_an_sqlite_file` runs this module
again on a file; the PostgreSQL re-run (test_postgres_rerun.py) runs it on PostgreSQL.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection

from csc_workforce.web.returns import services
from csc_workforce.web.returns.models import AcceptedReturn, SubmissionStatus
from tests.web_fixtures.rerun import database_env, rerun_pytest
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web]

BROWSERS = 6
VIEWS_EACH = 8
PAGES = ("/councils/873/submissions/", "/councils/873/")


def _racing_database() -> None:
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads cannot race on SQLite's shared in-memory test database (re-run on a file)")


@pytest.mark.django_db(transaction=True)
def test_accepting_while_others_browse_never_answers_500(accepted_return: Any, analyst: Any) -> None:
    """Six users keep viewing pages (each view writes an audit event) while a return is accepted."""
    _racing_database()
    from django.test import Client  # noqa: PLC0415 - after Django is set up

    submission = services.check_upload(
        accepted_return.council, xml_bytes(clean_return("873", 2024, workers=9)), "v2.xml", analyst
    )
    assert submission.status == SubmissionStatus.VALID
    clients = []
    for _ in range(BROWSERS + 1):  # signed in one after the other: the load under test is the pages
        client = Client(raise_request_exception=False)
        client.force_login(analyst)
        clients.append(client)
    start = threading.Barrier(BROWSERS + 1)
    lock = threading.Lock()
    pages: list[tuple[int, float]] = []
    accepts: list[int] = []

    def browse(client: Any) -> None:
        try:
            start.wait()
            for step in range(VIEWS_EACH):
                began = time.perf_counter()
                status = client.get(PAGES[step % len(PAGES)]).status_code
                with lock:
                    pages.append((status, time.perf_counter() - began))
        finally:
            close_old_connections()

    def accept(client: Any) -> None:
        try:
            start.wait()
            url = f"/councils/873/submissions/{submission.pk}/accept/"
            status = client.post(url, {"reason": "a second version under load"}).status_code
            with lock:
                accepts.append(status)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=browse, args=(client,)) for client in clients[:BROWSERS]]
    threads.append(threading.Thread(target=accept, args=(clients[BROWSERS],)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert accepts == [302]  # no race with another accept: it waits its turn and is accepted
    assert sorted({status for status, _ in pages}) == [200]
    assert len(pages) == BROWSERS * VIEWS_EACH
    versions = AcceptedReturn.objects.filter(council__la_code="873", year=2024).values_list(
        "version", flat=True
    )
    assert sorted(versions) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_an_accept_that_lands_while_another_is_checked_is_a_try_again(
    accepted_return: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version accepted between this accept's checks and its transaction: refused, nothing written."""
    first = services.check_upload(
        accepted_return.council, xml_bytes(clean_return("873", 2024, workers=9)), "first.xml", analyst
    )
    second = services.check_upload(
        accepted_return.council, xml_bytes(clean_return("873", 2024, workers=10)), "second.xml", analyst
    )
    real_prepare = services._prepare_accept

    def prepare_then_lose_the_race(submission: Any, **options: Any) -> Any:
        prepared = real_prepare(submission, **options)
        if submission.pk == second.pk:  # the other accept lands just after this one's checks
            services.accept_submission(first, analyst, reason="accepted meanwhile")
        return prepared

    monkeypatch.setattr(services, "_prepare_accept", prepare_then_lose_the_race)
    with pytest.raises(services.AcceptBusyError, match="Someone else is accepting a return"):
        services.accept_submission(second, analyst, reason="too late")
    second.refresh_from_db()
    assert second.status == SubmissionStatus.VALID
    assert sorted(AcceptedReturn.objects.values_list("version", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_file_is_read_and_checked_before_the_write_transaction(
    accepted_return: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading and validating a large return takes seconds: no other writer may wait behind it."""
    submission = services.check_upload(
        accepted_return.council, xml_bytes(clean_return("873", 2024, workers=9)), "v2.xml", analyst
    )
    in_transaction: list[bool] = []
    real_read, real_validate = services.read_upload, services.validate_for

    def read(*args: Any, **kwargs: Any) -> Any:
        in_transaction.append(connection.in_atomic_block)
        return real_read(*args, **kwargs)

    def validate(*args: Any, **kwargs: Any) -> Any:
        in_transaction.append(connection.in_atomic_block)
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(services, "read_upload", read)
    monkeypatch.setattr(services, "validate_for", validate)
    accepted = services.accept_submission(submission, analyst, reason="checked first")
    assert accepted.version == 2
    assert in_transaction == [False, False]
    assert accepted.worker_count == 9 and accepted.workers.count() == 9


def test_threaded_tests_pass_on_an_sqlite_file(tmp_path: Path) -> None:
    """This module again, on an SQLite file in WAL mode with the app's settings (busy timeout, IMMEDIATE)."""
    if os.environ.get("CSCW_WEB_TEST_DATABASE"):
        pytest.skip("already running on a file or PostgreSQL database")
    env = database_env(f"sqlite:///{tmp_path / 'race.sqlite3'}")
    code, summary, output = rerun_pytest(
        env,
        "-k",
        "not on_an_sqlite_file",
        "tests/integration/web/test_concurrency.py",
        "tests/security/web/test_edge_limits.py::test_two_accepts_racing_never_answer_500",
        timeout=600,
    )
    assert code == 0, f"on an SQLite file: {summary}\n{output}"
    assert "skipped" not in summary and " passed" in summary, summary
