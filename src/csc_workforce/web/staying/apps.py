from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig


class StayingConfig(AppConfig):
    name = "csc_workforce.web.staying"
    label = "staying"
    verbose_name = "Retention analysis"

    def load_demo(self, data_dir: Path, seed: int, progress: Any = None) -> None:
        """Teams for the sample HR council (called by ``csc-workforce demo``)."""
        # Imports wait until the models are ready.
        from csc_workforce.web.demo import DEMO_REGION, DEMO_YEARS  # noqa: PLC0415
        from csc_workforce.web.hrbuild.demo import SAMPLE_COUNCIL  # noqa: PLC0415
        from csc_workforce.web.staying.demo import load_demo_teams  # noqa: PLC0415

        recorded = load_demo_teams(data_dir, DEMO_REGION, SAMPLE_COUNCIL, DEMO_YEARS, seed)
        if progress is not None:
            progress("Recording the sample council's teams", recorded, recorded)
