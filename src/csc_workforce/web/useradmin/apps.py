from __future__ import annotations

from django.apps import AppConfig


class UserAdminConfig(AppConfig):
    name = "csc_workforce.web.useradmin"
    label = "useradmin"
    verbose_name = "User accounts"

    def ready(self) -> None:
        from csc_workforce.web.useradmin import own_password  # noqa: F401, PLC0415 - connects the sign-in signal
