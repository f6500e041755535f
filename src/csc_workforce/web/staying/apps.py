from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig


class StayingConfig(AppConfig):
    name = "csc_workforce.web.staying"
    label = "staying"
    verbose_name = "Retention analysis"

    def precompute_region(self, region: Any, progress: Any = None) -> None:
        """Called by the regional recompute job after a return is accepted (``web.forecasts``):
        the region's and its councils' retention figures that are not stored yet."""
        from csc_workforce.web.staying.figures import precompute_region  # noqa: PLC0415

        precompute_region(region, progress)

    def load_demo(self, data_dir: Path, seed: int, progress: Any = None) -> None:
        """Teams for the sample HR council, then every retention page's figures computed ahead
        (called by ``csc-workforce demo``; idempotent: only missing figures are computed)."""
        # Imports wait until the models are ready.
        from csc_workforce.web.demo import DEMO_REGION, DEMO_YEARS  # noqa: PLC0415
        from csc_workforce.web.hrbuild.demo import SAMPLE_COUNCIL  # noqa: PLC0415
        from csc_workforce.web.orgs.models import Region  # noqa: PLC0415
        from csc_workforce.web.staying.demo import load_demo_teams  # noqa: PLC0415
        from csc_workforce.web.staying.figures import precompute_region  # noqa: PLC0415

        recorded = load_demo_teams(data_dir, DEMO_REGION, SAMPLE_COUNCIL, DEMO_YEARS, seed)
        if progress is not None:
            progress("Recording the sample council's teams", recorded, recorded)
        regions = list(Region.objects.filter(councils__accepted_returns__isnull=False).distinct())
        for index, region in enumerate(regions, start=1):
            precompute_region(region)
            if progress is not None:
                progress("Computing retention figures", index, len(regions))
