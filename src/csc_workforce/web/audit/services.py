"""``record_event``: the one way to write to the audit log (never with worker identifiers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from csc_workforce.web.audit.models import AuditEvent

if TYPE_CHECKING:
    from csc_workforce.web.orgs.models import Council

_MAX_PATH = 300


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def record_event(
    request: HttpRequest | None,
    action: str,
    council: Council | None = None,
    *,
    username: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``detail`` holds counts, ids and file names, never SWE numbers or names.

    ``username`` names the actor when the request has no signed-in user (a failed sign-in, or the
    demo loader running without a request).
    """
    user: Any = getattr(request, "user", None) if request is not None else None
    signed_in = bool(user is not None and user.is_authenticated)
    return AuditEvent.objects.create(
        user_id=user.pk if signed_in else None,
        username=(user.get_username() if signed_in else username or "")[:150],
        action=action,
        la_code=council.la_code if council is not None else "",
        path=request.path[:_MAX_PATH] if request is not None else "",
        ip_address=_client_address(request) if request is not None else "",
        detail=detail,
    )
