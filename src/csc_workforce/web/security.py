"""Security at the edge: a Content Security Policy with a per-request nonce (Django 5.2 has no
built-in CSP), and the request-size limit enforced before any middleware reads the body.

Only our own origin may supply scripts, styles, fonts and images; the one inline script GOV.UK
Frontend needs (marking ``<body>`` as JavaScript-enabled) carries the request's nonce.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

NONCE_ATTRIBUTE = "csp_nonce"


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        setattr(request, NONCE_ATTRIBUTE, nonce)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages for signed-in users may hold personal data: never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


# Room for the multipart framing and the CSRF field around the file itself.
REQUEST_OVERHEAD = 64 * 1024
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_CHUNK = 64 * 1024


def request_limit() -> int:
    """The largest request body accepted: the upload limit plus the form around the file."""
    return int(settings.CSCW_MAX_UPLOAD_BYTES) + REQUEST_OVERHEAD


def too_large(request: HttpRequest) -> HttpResponse:
    """The app's own GOV.UK page for a request over the limit (413); nothing was read or stored."""
    context = {"limit": f"{int(settings.CSCW_MAX_UPLOAD_BYTES):,}"}
    response = render(request, "413.html", context, status=413)
    response["Connection"] = "close"  # the unread body must not be taken for the next request
    return response


class UploadLimitMiddleware:
    """Refuse an over-limit request body before anything reads it (placed ahead of sessions and CSRF).

    A declared ``Content-Length`` over the limit is refused at once, unread. A chunked body with no
    length is read only up to the limit: past it, refused; within it, handed on as a normal body.
    The server in front should refuse first (``docs/web.md``); this is the app's own line.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in _BODY_METHODS and self._over_limit(request):
            return too_large(request)
        return self.get_response(request)

    @staticmethod
    def _over_limit(request: HttpRequest) -> bool:
        limit = request_limit()
        declared = str(request.META.get("CONTENT_LENGTH") or "").strip()
        if declared:
            return not declared.isdigit() or int(declared) > limit
        if "chunked" not in str(request.META.get("HTTP_TRANSFER_ENCODING", "")).lower():
            return False
        stream = request.META.get("wsgi.input")
        if stream is None:
            return False
        body = bytearray()
        while len(body) <= limit:
            chunk = stream.read(min(_CHUNK, limit + 1 - len(body)))
            if not chunk:
                break
            body += chunk
        if len(body) > limit:
            return True
        # Within the limit: Django reads exactly CONTENT_LENGTH bytes of wsgi.input from here on.
        request.META["wsgi.input"] = io.BytesIO(bytes(body))
        request.META["CONTENT_LENGTH"] = str(len(body))
        request._stream = LimitedStream(request.META["wsgi.input"], len(body))
        return False
