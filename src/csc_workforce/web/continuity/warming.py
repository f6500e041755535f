"""When a return is accepted, its council's continuity report linked to the new census (and the
region's rows) is computed at once, in the accepting request's process and transaction, as the
dashboards are (ADR 0023): the council dashboard shows the report's headline, so its first view
after the acceptance would otherwise link the council's SSDA903 tables to the census while others
wait. Best effort, under the dashboards' setting ``CSCW_WARM_DASHBOARDS_ON_ACCEPT``: a failure is
logged and rolled back to a savepoint, and the page computes the report on first view instead.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from csc_workforce.web.continuity import reports, services
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.models import AcceptedReturn

logger = logging.getLogger(__name__)


def warm_continuity(council_id: int) -> None:
    """Compute (and so keep) the council's report on its current returns, and its region's rows."""
    council = Council.objects.select_related("region").filter(pk=council_id).first()
    if council is None or services.current_upload(council) is None:
        return
    services.current(council)
    reports.region_context(council.region, "")


def continuity_on_acceptance(sender: Any, instance: AcceptedReturn, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw") or not getattr(settings, "CSCW_WARM_DASHBOARDS_ON_ACCEPT", True):
        return
    try:
        with transaction.atomic():  # a savepoint: nothing here can spoil the acceptance
            warm_continuity(instance.council_id)
    except Exception:  # the page computes it on first view instead
        logger.warning("continuity of council %s not kept on acceptance", instance.council_id, exc_info=True)
