from __future__ import annotations

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "csc_workforce.web.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from django.db.models.signals import post_save  # noqa: PLC0415

        from csc_workforce.web.dashboards.warming import return_accepted  # noqa: PLC0415
        from csc_workforce.web.returns.models import AcceptedReturn  # noqa: PLC0415

        post_save.connect(return_accepted, sender=AcceptedReturn, dispatch_uid="dashboards.return_accepted")
