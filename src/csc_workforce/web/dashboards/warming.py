"""When a return is accepted, its council's dashboard and its region's are computed at once, in
the accepting request's process and inside its transaction, so that the moment the new return is
visible its dashboards are already cached: the first people to look are not the ones who wait.

Under load a cold dashboard's 100 ms of work shares the processor with every other request, and
the pages asked for just after an acceptance took 4-5 s (benchmarks/hostile_load.py), while the
accept itself takes seconds anyway. The work reads through the accepting transaction (it sees the
new row); the view models are keyed by the returns' identities, so an acceptance that rolls back
leaves only entries no page will ask for. Best effort: a failure is logged and rolled back to a
savepoint, and the page computes the dashboard on first view as before.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.models import AcceptedReturn

logger = logging.getLogger(__name__)


def warm_dashboards(council_id: int) -> None:
    """Compute (and so cache) the council's dashboard with its default breakdown, and its region's."""
    from csc_workforce.web.dashboards import services  # noqa: PLC0415 - models load first
    from csc_workforce.web.dashboards.views import DEFAULT_BREAKDOWN, disclosure_rule  # noqa: PLC0415

    council = Council.objects.select_related("region").filter(pk=council_id).first()
    if council is None:
        return
    services.council_page(council, DEFAULT_BREAKDOWN, None)
    services.region_view(council.region, disclosure_rule())


def return_accepted(sender: Any, instance: AcceptedReturn, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw") or not getattr(settings, "CSCW_WARM_DASHBOARDS_ON_ACCEPT", True):
        return
    try:
        with transaction.atomic():  # a savepoint: a database error here cannot spoil the acceptance
            warm_dashboards(instance.council_id)
    except Exception:  # the page computes it on first view instead
        logger.warning(
            "dashboards of council %s not computed on acceptance", instance.council_id, exc_info=True
        )
