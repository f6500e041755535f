"""Each request is logged once as one JSON object (id, method, path, status, duration, user id),
with no query string, username or email, and answered with its X-Request-ID."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from csc_workforce.web.request_log import REQUEST_ID_HEADER, REQUEST_LOGGER, JsonLogFormatter

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

EMAIL = "jane.smith@council.gov.uk"


@pytest.fixture
def request_lines() -> Iterator[io.StringIO]:
    """What the request logger writes, through the JSON formatter the production settings use."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLogFormatter())
    request_logger = logging.getLogger(REQUEST_LOGGER)
    request_logger.addHandler(handler)
    try:
        yield stream
    finally:
        request_logger.removeHandler(handler)


def _entries(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_signed_in_request_is_one_json_line_without_query_or_username(
    request_lines: io.StringIO, make_user: Any, council: Any
) -> None:
    user = make_user(EMAIL, "council_analyst", council=council)
    user.email = EMAIL
    user.save()
    client = Client()
    client.force_login(user)
    response = client.get("/", {"name": "Jane Smith", "email": EMAIL})
    (entry,) = _entries(request_lines)
    assert entry["logger"] == REQUEST_LOGGER and entry["level"] == "INFO"
    assert entry["method"] == "GET" and entry["path"] == "/"
    assert entry["status"] == response.status_code
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["user_id"] == user.pk
    assert entry["request_id"] == response[REQUEST_ID_HEADER] and len(entry["request_id"]) == 32
    assert entry["time"].endswith("+00:00")
    text = request_lines.getvalue()
    for private in ("Jane", "Smith", "jane.smith", "council.gov.uk", "?", "name="):
        assert private not in text


def test_anonymous_requests_have_no_user_and_each_its_own_id(request_lines: io.StringIO) -> None:
    first = Client().get("/healthz")
    second = Client().get("/no-such-page/", {"q": "x"})
    entries = _entries(request_lines)
    assert [(e["path"], e["status"], e["user_id"]) for e in entries] == [
        ("/healthz", 200, None),
        ("/no-such-page/", 404, None),
    ]
    assert first[REQUEST_ID_HEADER] != second[REQUEST_ID_HEADER]


def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(request_lines: io.StringIO) -> None:
    kept = Client().get("/healthz", headers={REQUEST_ID_HEADER: "a1b2c3d4e5f60718"})
    replaced = Client().get("/healthz", headers={REQUEST_ID_HEADER: 'x" injected\n{"level": "ERROR"}'})
    assert kept[REQUEST_ID_HEADER] == "a1b2c3d4e5f60718"
    assert "injected" not in replaced[REQUEST_ID_HEADER]
    assert [e["request_id"] for e in _entries(request_lines)] == [
        "a1b2c3d4e5f60718",
        replaced[REQUEST_ID_HEADER],
    ]


def test_a_control_character_in_the_path_stays_on_one_line(request_lines: io.StringIO) -> None:
    Client().get("/no-such-page/%0Afake%20line")
    (entry,) = _entries(request_lines)
    assert "\n" not in entry["message"] and "\n" not in entry["path"]


def test_other_lines_logged_during_a_request_carry_its_id(monkeypatch: pytest.MonkeyPatch) -> None:
    from csc_workforce.web import views

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLogFormatter())
    inner = logging.getLogger("csc_workforce.web.views")
    inner.addHandler(handler)
    original = views.readiness

    def logged_readiness() -> Any:
        inner.warning("checking readiness")
        return original()

    monkeypatch.setattr(views, "readiness", logged_readiness)
    try:
        response = Client().get("/readyz")
    finally:
        inner.removeHandler(handler)
    (entry,) = _entries(stream)
    assert entry["message"] == "checking readiness"
    assert entry["request_id"] == response[REQUEST_ID_HEADER]


def test_an_exception_is_kept_in_the_same_json_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("job",), sys.exc_info())
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed job" and "ValueError: boom" in entry["exception"]
