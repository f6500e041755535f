from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "csc_workforce.web.continuity"
    label = "continuity"
    verbose_name = "Continuity for children"

    def ready(self) -> None:
        from django.db.models.signals import post_save  # noqa: PLC0415

        from csc_workforce.web.continuity.warming import continuity_on_acceptance  # noqa: PLC0415
        from csc_workforce.web.returns.models import AcceptedReturn  # noqa: PLC0415

        post_save.connect(
            continuity_on_acceptance, sender=AcceptedReturn, dispatch_uid="continuity.return_accepted"
        )

    def load_demo(self, data_dir: Path, seed: int, progress: Any = None) -> None:
        """Synthetic SSDA903 tables for every demo council with accepted census returns."""
        from csc_workforce.web.continuity.demo import load_demo_continuity  # noqa: PLC0415 - models ready now
        from csc_workforce.web.continuity.reports import compute_ahead  # noqa: PLC0415
        from csc_workforce.web.demo import DEMO_REGION_SLUG  # noqa: PLC0415
        from csc_workforce.web.orgs.models import Region  # noqa: PLC0415

        region = Region.objects.get(slug=DEMO_REGION_SLUG)
        loaded = load_demo_continuity(region, seed)
        if progress is not None:
            progress("Loading synthetic SSDA903 tables", loaded, loaded)
        # The demo serves from this process: its continuity pages' first views are then quick.
        compute_ahead(region, None if progress is None else partial(progress, "Computing continuity figures"))
