"""``record_event``: the one way to write to the audit log (never with worker identifiers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.http import HttpRequest

from csc_workforce.web.audit.chain import GENESIS, event_hash
from csc_workforce.web.audit.client import client_address
from csc_workforce.web.audit.models import AuditEvent

if TYPE_CHECKING:
    from csc_workforce.web.orgs.models import Council

_MAX_PATH = 300
_CHAIN_LOCK_KEY = 0x637363775F617564  # any constant: PostgreSQL's advisory lock for appending


def _lock_chain() -> None:
    """Hold the log's write lock until the transaction ends, so two writers never link to the
    same previous event (which would break the chain)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write that changes nothing takes SQLite's write lock before the last event is read.
            cursor.execute("UPDATE audit_auditevent SET id = id WHERE 0 = 1")


_ACTION_LENGTH = AuditEvent._meta.get_field("action").max_length or 32


def record_event(
    request: HttpRequest | None,
    action: str,
    council: Council | None = None,
    *,
    username: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event, linked to the one before. ``detail`` holds counts, ids and file names,
    never SWE numbers or names.

    ``username`` names the actor when the request has no signed-in user (a failed sign-in, a
    management command, or the demo loader running without a request).
    """
    if len(action) > _ACTION_LENGTH:  # SQLite would store it; PostgreSQL refuses the whole request
        raise ValueError(f"audit action {action!r} is over {_ACTION_LENGTH} characters")
    user: Any = getattr(request, "user", None) if request is not None else None
    signed_in = bool(user is not None and user.is_authenticated)
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").first()
        return AuditEvent.objects.create(
            user_id=user.pk if signed_in else None,
            username=(user.get_username() if signed_in else username or "")[:150],
            action=action,
            la_code=council.la_code if council is not None else "",
            path=request.path[:_MAX_PATH] if request is not None else "",
            ip_address=client_address(request) if request is not None else "",
            detail=detail,
            previous_hash=event_hash(last) if last is not None else GENESIS,
        )
