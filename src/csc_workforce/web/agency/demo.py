"""Demo data for the agency pages: a synthetic engagement register for every council of the demo
region, drawn from its accepted synthetic census returns, and illustrative caps and permanent costs.

Loaded through the same import services as an upload; re-running changes nothing already loaded.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from csc_workforce.synth.engagement_register import caps_csv, permanent_costs_csv, register_csv, register_rows
from csc_workforce.web.agency import services
from csc_workforce.web.agency.models import EngagementRegister
from csc_workforce.web.demo import LOADER_USERNAME
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.returns.services import region_current_returns


def load_demo_agency_data(region: Region, seed: int, loader: Any = None) -> int:
    """Caps for ``region`` (if it has none) and a register for each council without one; returns how
    many registers were loaded now. ``loader`` defaults to the demo administrator."""
    if loader is None:
        loader = get_user_model().objects.filter(username=LOADER_USERNAME).first()
    if services.current_terms(region) is None:
        services.import_terms(
            region,
            (caps_csv(region.name).encode("utf-8"), "illustrative-caps.csv"),
            (permanent_costs_csv().encode("utf-8"), "illustrative-permanent-costs.csv"),
            None,
            loader,
        )
    returns = region_current_returns(region)
    rows = register_rows([census for council_returns in returns.values() for census in council_returns], seed)
    loaded = 0
    for council in returns:
        if council.la_code not in rows or EngagementRegister.objects.filter(council=council).exists():
            continue
        data = register_csv(rows[council.la_code]).encode("utf-8")
        services.import_register(council, data, f"{council.la_code}_engagements.csv", loader)
        loaded += 1
    return loaded
