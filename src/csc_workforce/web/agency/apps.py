from __future__ import annotations

from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "csc_workforce.web.agency"
    label = "agency"
    verbose_name = "Agency engagements"
