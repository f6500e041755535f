from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "csc_workforce.web.forecasts"
    label = "forecasts"
    verbose_name = "Forecasts"

    def ready(self) -> None:
        from csc_workforce.web.forecasts.tasks import connect_signals  # noqa: PLC0415 - app registry

        connect_signals()

    def load_demo(self, data_dir: Path, seed: int, progress: Any = None) -> None:
        """After the demo's returns are in: compute the regional forecast pages ahead (the pages
        only read them). Idempotent: each run replaces the stored pages."""
        from csc_workforce.web.forecasts.region import precompute_region  # noqa: PLC0415 - app registry
        from csc_workforce.web.orgs.models import Region  # noqa: PLC0415

        regions = list(Region.objects.filter(councils__accepted_returns__isnull=False).distinct())
        for index, region in enumerate(regions, start=1):
            precompute_region(region)
            if progress is not None:
                progress("Computing regional forecasts", index, len(regions))
