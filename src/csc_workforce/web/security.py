"""Content Security Policy with a per-request nonce (Django 5.2 has no built-in CSP).

Only our own origin may supply scripts, styles, fonts and images; the one inline script GOV.UK
Frontend needs (marking ``<body>`` as JavaScript-enabled) carries the request's nonce.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
