"""Demo data for the continuity pages: synthetic SSDA903 tables for every council of the demo
region, allocated to the case holders of its accepted synthetic census returns. Loaded through
the same import service as an upload; re-running changes nothing already loaded."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model

from csc_workforce.synth.ssda903 import CHILD_HEADER, EPISODE_HEADER, SOCIAL_WORKER_HEADER, council_tables
from csc_workforce.web.continuity import services
from csc_workforce.web.continuity.models import ContinuityUpload
from csc_workforce.web.demo import LOADER_USERNAME
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.returns.services import region_current_returns


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def load_demo_continuity(region: Region, seed: int, loader: Any = None) -> int:
    """Tables for each council with two or more census returns and no upload; returns how many."""
    if loader is None:
        loader = get_user_model().objects.filter(username=LOADER_USERNAME).first()
    loaded = 0
    for council, returns in region_current_returns(region).items():
        if len(returns) < 2 or ContinuityUpload.objects.filter(council=council).exists():
            continue
        tables = council_tables(returns, seed)
        lea = council.la_code
        services.import_tables(
            council,
            (_csv(EPISODE_HEADER, tables.episodes), f"{lea}_episodes.csv"),
            (_csv(SOCIAL_WORKER_HEADER, tables.social_workers), f"{lea}_social_workers.csv"),
            (_csv(CHILD_HEADER, tables.header), f"{lea}_header.csv"),
            loader,
        )
        loaded += 1
    return loaded
