from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "csc_workforce.web.agency"
    label = "agency"
    verbose_name = "Agency engagements"

    def load_demo(self, data_dir: Path, seed: int, progress: Any = None) -> None:
        """The demo's agency data (called by ``csc-workforce demo`` after the census returns)."""
        from csc_workforce.web.agency.demo import load_demo_agency_data  # noqa: PLC0415 - models ready now
        from csc_workforce.web.demo import DEMO_REGION_SLUG  # noqa: PLC0415
        from csc_workforce.web.orgs.models import Region  # noqa: PLC0415

        loaded = load_demo_agency_data(Region.objects.get(slug=DEMO_REGION_SLUG), seed)
        if progress is not None:
            progress("Loading synthetic engagement registers", loaded, loaded)
