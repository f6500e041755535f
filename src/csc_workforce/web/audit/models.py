"""One row per audited event. The database refuses UPDATE and DELETE on this table (triggers in
migration 0002), so the log is append-only whatever the application does."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.db import models


class Action(StrEnum):
    """What happened (stored as the value)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    UPLOAD = "upload"
    ACCEPT = "accept"
    VIEW_WORKERS = "view_workers"
    EXPORT_WORKERS = "export_workers"
    VIEW_SUBMISSION = "view_submission"
    RETENTION_PRUNE = "retention_prune"
    USER_CREATE = "user_create"
    USER_ROLE_CHANGE = "user_role_change"
    USER_DEACTIVATE = "user_deactivate"
    USER_REACTIVATE = "user_reactivate"
    USER_PASSWORD_RESET = "user_password_reset"  # noqa: S105 - an action name
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - an action name


class AuditEvent(models.Model):
    # No foreign keys: deleting a user or council must never need to touch the log.
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, db_index=True)
    la_code = models.CharField(max_length=3, blank=True, db_index=True)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.la_code}"
