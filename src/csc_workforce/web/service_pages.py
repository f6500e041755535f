"""The GOV.UK service basics linked from every page's footer: accessibility statement, privacy
notice, cookies and feedback. Open to everyone, signed in or not; they hold no personal data."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "service/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "service/privacy.html", {"contact": settings.CSCW_SERVICE_CONTACT})


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "service/cookies.html",
        {
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "idle_minutes": settings.CSCW_SESSION_IDLE_SECONDS // 60,
        },
    )


@require_GET
def feedback(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "service/feedback.html",
        {"contact": settings.CSCW_SERVICE_CONTACT, "issues_url": settings.CSCW_FEEDBACK_URL},
    )
