from __future__ import annotations

from django.apps import AppConfig


class UserAdminConfig(AppConfig):
    name = "csc_workforce.web.useradmin"
    label = "useradmin"
    verbose_name = "User accounts"
