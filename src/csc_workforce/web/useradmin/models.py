"""Which users still have a password an administrator set for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TemporaryPassword(models.Model):
    """A one-time password set by an administrator (new account or reset): its user must choose their
    own at their next sign-in. Holds no password, only the fact and when."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="temporary_password",
    )
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} must change their password (set {self.set_at:%Y-%m-%d %H:%M})"
