from __future__ import annotations

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "csc_workforce.web.sharing"
    label = "sharing"
    verbose_name = "Staff sharing across a region"
