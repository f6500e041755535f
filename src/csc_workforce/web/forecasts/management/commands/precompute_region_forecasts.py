"""``precompute_region_forecasts``: compute and store every region's forecast page ahead of time."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.forecasts.region import REGION_SIMS, precompute_region
from csc_workforce.web.orgs.models import Region


class Command(BaseCommand):
    help = "Compute and store the regional forecast pages (run when returns or settings change)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="One region's slug (default: every region)")
        parser.add_argument("--sims", type=int, default=REGION_SIMS, help="Simulated futures per council")

    def handle(self, *args: Any, **options: Any) -> None:
        sims = int(options["sims"])
        if not 100 <= sims <= 100_000:
            raise CommandError(f"--sims must be 100 to 100,000, got {sims}")
        regions = Region.objects.all()
        if options["region"]:
            regions = regions.filter(slug=options["region"])
            if not regions.exists():
                raise CommandError(f"no region with slug {options['region']!r}")
        for region in regions:
            started = time.perf_counter()
            precompute_region(region, sims)
            self.stdout.write(f"{region.name}: computed in {time.perf_counter() - started:.1f} s")
