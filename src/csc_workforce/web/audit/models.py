"""One row per audited event, hash-chained: each stores the hash of the one before (``chain``).

The database refuses UPDATE and DELETE on this table and sets each event's time itself (triggers
in migrations 0002 and 0003), so the log is append-only whatever the application does, and an
event inserted behind the application's back breaks the chain or its order in time
(``csc-workforce audit verify``)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.db import models
from django.db.models.functions import Now


class Action(StrEnum):
    """What happened (stored as the value)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    SESSION_IDLE_TIMEOUT = "session_idle_timeout"
    UPLOAD = "upload"
    UPLOAD_CHECKED = "upload_checked"  # a large upload's check ended in the worker (returns.tasks)
    ACCEPT = "accept"
    VIEW_WORKERS = "view_workers"
    EXPORT_WORKERS = "export_workers"
    VIEW_SUBMISSION = "view_submission"
    ACCESS_REFUSED = "access_refused"
    RETENTION_PRUNE = "retention_prune"
    LEAVER_KEYS_STORE = "leaver_keys_store"
    USER_CREATE = "user_create"
    USER_ROLE_CHANGE = "user_role_change"
    USER_DEACTIVATE = "user_deactivate"
    USER_REACTIVATE = "user_reactivate"
    USER_PASSWORD_RESET = "user_password_reset"  # noqa: S105 - an action name
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - an action name
    VIEW_AUDIT_LOG = "view_audit_log"
    EXPORT_AUDIT_LOG = "export_audit_log"
    BACKUP = "backup"
    RESTORE = "restore"


class AuditEvent(models.Model):
    # No foreign keys: deleting a user or council must never need to touch the log.
    # The time comes from the database (a default here, enforced by a trigger), never from the caller.
    at = models.DateTimeField(db_default=Now(), db_index=True)
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, db_index=True)
    la_code = models.CharField(max_length=3, blank=True, db_index=True)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # SHA-256 of the event before this one (``chain.GENESIS`` for the first; empty for events
    # written before the chain began).
    previous_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.la_code}"
