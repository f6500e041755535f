"""Structured logs: one JSON object per line (``CSCW_LOG_FORMAT=json``), and one log line per
request with its id, method, path, status, duration and the user's id.

A request's line never holds its query string (search terms and names travel there), nor a
username or email (usernames are council email addresses): only the user's numeric id. Every
other line logged while a request is served carries the same ``request_id``, which is also sent
back in the ``X-Request-ID`` header so a user's report can be matched to the logs.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Final

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER: Final = "X-Request-ID"
REQUEST_LOGGER: Final = "csc_workforce.web.request"
# A proxy's own id (nginx's $request_id, a load balancer's trace id) is kept when it is this
# plain; anything else is replaced, so a client cannot write arbitrary text into the logs.
_FORWARDED_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The fields a request's line adds to the record (``extra``); the formatter writes these and no
# other attribute, so objects a library attaches (Django's ``request``) never reach the log.
REQUEST_FIELDS: Final = ("request_id", "method", "path", "status", "duration_ms", "user_id")

_current_request_id: ContextVar[str | None] = ContextVar("cscw_request_id", default=None)
logger = logging.getLogger(REQUEST_LOGGER)


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request's fields, and the
    exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):  # a request's line: every field, user_id null when signed out
                entry[field] = getattr(record, field)
        if "request_id" not in entry and (request_id := _current_request_id.get()) is not None:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


def _request_id(request: HttpRequest) -> str:
    forwarded = request.headers.get(REQUEST_ID_HEADER, "")
    return forwarded if _FORWARDED_ID.fullmatch(forwarded) else uuid.uuid4().hex


def _printable(text: str) -> str:
    """The path as one line of text (a percent-encoded newline would otherwise split a plain log)."""
    return "".join(character if character.isprintable() else "?" for character in text)


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)  # absent for static files and refused uploads
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    """First in ``MIDDLEWARE``: every request (static files, redirects to HTTPS, refused uploads
    too) is logged once, after its response, and answered with its ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id(request)
        request.request_id = request_id
        token = _current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round(1000 * (time.perf_counter() - started), 1)
            method, path = _printable(request.method or "")[:16], _printable(request.path)
            logger.info(
                "%s %s %s %.1f ms",
                method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "request_id": request_id,
                    "method": method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                },
            )
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response
